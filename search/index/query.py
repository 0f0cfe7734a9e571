"""Turn a user's query into ranked hits, snippets, hit positions and suggestions."""

from __future__ import annotations

import itertools
import re
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from whoosh import collectors, highlight, qparser, query as wq, scoring
from whoosh.searching import Searcher
from whoosh.support.levenshtein import distance as edit_distance

from ..article import Article, Span
from ..results import QueryError, SearchHit, SearchResult, Snippet
from ..syntax import FIELDS
from .schema import DEFAULT_FIELDS, ENTITY_FIELDS, word_spans

if TYPE_CHECKING:  # the analysis package is heavy: only entity queries need the gazetteer
    from ..analysis.ner import Gazetteer

QUERY_FIELDS = FIELDS  # the search syntax table names every field a query may use
_FIELD_REF = re.compile(r"(?<![\w\"])([A-Za-z_]+):")
_QUOTED = re.compile(r'"[^"]*"')
# Private-use marks around matched words in a snippet. Article text never
# contains them: the corpus loader strips control characters, and these are
# control characters.
_MARK_ON, _MARK_OFF = "\x02", "\x03"

# Limits that keep every query answering (or refused) within about two seconds
# on large corpora: a word longer than any real word, hundreds of clauses, a
# wildcard that would expand to the whole vocabulary.
MAX_WORD = 64
MAX_TERMS = 100
MAX_QUERY = 4_000  # characters
MAX_EXPANSION = 2_000  # words that prefixes, wildcards, ranges and fuzzy terms may stand for, in all
MIN_WILDCARD_STEM = 2  # literal characters before the first * or ?
TIME_LIMIT = 2.0  # seconds of collecting before the best results so far are returned

_CANCELLED = object()  # what a "did you mean" stopped by its cancel event returns


def _letters(word: str) -> int:
    """The set of characters in ``word`` as bits (one per character, modulo 63): an edit
    changes at most two of them, so words whose sets differ in more than four bits are
    more than two edits apart."""
    bits = 0
    for char in word:
        bits |= 1 << (ord(char) % 63)
    return bits


class _Guarded(collectors.TimeLimitCollector):
    """Stops collecting at the time limit, or as soon as ``cancel`` is set
    (a newer keystroke made this search pointless)."""

    def __init__(self, child, timelimit: float, cancel: threading.Event | None) -> None:
        self._cancel = cancel
        self._timed = False
        super().__init__(child, timelimit, use_alarm=False)

    @property
    def timedout(self) -> bool:
        return self._timed or (self._cancel is not None and self._cancel.is_set())

    @timedout.setter
    def timedout(self, value: bool) -> None:
        self._timed = value

    def collect(self, sub_docnum):
        # Reached when a FilterCollector wraps this one (``only``): the filter loops over
        # the matches itself, so the time limit is checked here, per collected document.
        if self.timedout:
            raise collectors.TimeLimit
        return self.child.collect(sub_docnum)




@dataclass(frozen=True)
class HitTerms:
    """A query's positive terms, ready to be found in articles (``QueryEngine.hit_terms``)."""

    engine: "QueryEngine"
    positive: wq.Query
    stems: frozenset[str]  # title and body words, stemmed
    lowered: frozenset[str]  # the spell field's words (prefix expansions), lowercased

    def spans(self, article: Article, entities: Sequence = ()) -> list[Span]:
        """Where the terms occur in ``article``'s text (``entities``: the article's, each
        with ``start``, ``end``, ``type`` and ``canonical``, for entity-field terms)."""
        found: set[Span] = set(self.engine._mentions(self.positive, entities))  # noqa: SLF001 - the engine's own helper
        found.update(word_spans(article.text, self.stems, self.lowered))
        return sorted(found)


@dataclass
class QueryEngine:
    """Parses and runs queries against one open Whoosh searcher."""

    schema: object
    # Spellings of entity names: `org:kcna` also finds "Korean Central News Agency".
    # None: the bundled gazetteer plus the user's entities.yaml, read when first needed.
    gazetteer: Gazetteer | None = None
    parser: qparser.QueryParser = field(init=False)
    _words: tuple | None = field(init=False, default=None, repr=False)  # (segments, the spell field's words by length)

    def __post_init__(self) -> None:
        self.parser = qparser.MultifieldParser(list(DEFAULT_FIELDS), self.schema)
        self.parser.add_plugin(qparser.GtLtPlugin())

    def parse(self, text: str) -> wq.Query:
        if len(text) > MAX_QUERY:
            raise QueryError(f"the query is {len(text):,} characters long; at most {MAX_QUERY:,} can be searched")
        longest = max((len(w) for w in text.split()), default=0)
        if longest > 4 * MAX_WORD:
            raise QueryError(f"a word of {longest:,} characters is too long to search (at most {MAX_WORD})")
        unquoted = _QUOTED.sub(" ", text)
        for name in _FIELD_REF.findall(unquoted):
            if name.lower() not in QUERY_FIELDS:
                raise QueryError(f"unknown field {name!r}: use {', '.join(f + ':' for f in QUERY_FIELDS)}")
        if unquoted.count("(") != unquoted.count(")"):
            raise QueryError("unbalanced parentheses")
        if text.count('"') % 2:
            raise QueryError("unclosed quotation mark")
        _check_plain(_QUOTED.sub(lambda m: " q " if m.group()[1:-1].strip() else " ", text))
        try:
            parsed = self.parser.parse(text)
        except Exception:  # Whoosh's parser raises a variety of types; its messages are internals
            raise QueryError(_plain_error(text)) from None
        if _first_error(parsed):
            raise QueryError(_plain_error(text))
        if isinstance(parsed, type(wq.NullQuery)) or parsed is wq.NullQuery:
            raise QueryError("there is nothing to search for: type some words, e.g. kursk treaty")
        if _only_negative(parsed):
            raise QueryError("NOT only leaves words out: add a word to look for, e.g. treaty NOT kursk")
        rewritten = parsed.accept(_prefix_on_words)
        if rewritten != parsed:
            # "econom*" was a prefix of title and of body: now twice the same
            # prefix of the spell field, searched once.
            rewritten = rewritten.normalize()
        parsed = rewritten
        _check_size(parsed)
        return parsed.accept(self._with_aliases)

    # -- entity names in any spelling ------------------------------------------------------
    def _aliases(self) -> Gazetteer:
        if self.gazetteer is None:
            from ..analysis.ner import Gazetteer, GazetteerError, load_gazetteer

            try:
                self.gazetteer = load_gazetteer()
            except GazetteerError:  # the user's file is malformed: the bundled names still help
                self.gazetteer = Gazetteer()
                try:
                    from ..analysis.ner.gazetteer import BUNDLED, _read

                    for entry in _read(BUNDLED):
                        self.gazetteer.add(entry)
                except GazetteerError:
                    pass
        return self.gazetteer

    def _with_aliases(self, node: wq.Query) -> wq.Query:
        """``entity:``/``org:``/... terms also find the canonical name a spelling stands for."""
        fieldname = getattr(node, "fieldname", None)
        if fieldname not in _ENTITY_QUERY_FIELDS or not isinstance(node, (wq.Term, wq.Phrase)):
            return node
        typed = node.words if isinstance(node, wq.Phrase) else [node.text]
        entry = self._aliases().lookup(" ".join(str(w) for w in typed))
        if entry is None or (fieldname != "entity" and ENTITY_FIELDS.get(entry.type) != fieldname):
            return node
        # Every spelling of the entry: the canonical name and its aliases (an
        # article may have been indexed under an alias it alone knew, "KCNA").
        spellings = []
        for name in (entry.canonical, *entry.aliases):
            words = [token.text for token in self.schema[fieldname].analyzer(name)]
            if words and words != list(typed) and words not in spellings:
                spellings.append(words)
        if not spellings:
            return node
        return wq.Or([node, *(wq.Term(fieldname, w[0]) if len(w) == 1 else wq.Phrase(fieldname, w) for w in spellings)])

    def search(
        self, searcher: Searcher, text: str, articles: dict[str, Article], limit: int | None, snippets: bool | int,
        only: set[str] | None = None, cancel: threading.Event | None = None, suggest: bool = True,
    ) -> SearchResult:
        """``only``, if given, restricts results to those article ids (inside Whoosh,
        so limits, totals and snippets apply to the restricted set). ``snippets``: True
        for every hit, or the number of best hits to highlight (the rest get none).
        ``suggest`` False leaves out the spelling suggestion for a query that finds
        nothing (it reads the whole word list: a live search asks for it separately)."""
        highlighted = (limit or len(articles) or 1) if snippets is True else int(snippets or 0)
        if not text.strip():
            return SearchResult(query=text)
        try:
            parsed = self.parse(text)
        except QueryError as exc:
            return SearchResult(query=text, error=str(exc))
        if only is not None and not only:
            return SearchResult(query=text, total=0)
        allowed = wq.Or([wq.Term("id", article_id) for article_id in sorted(only)]) if only is not None else None
        try:
            _check_expansion(parsed, searcher.reader())
        except QueryError as exc:
            return SearchResult(query=text, error=str(exc))
        guarded = _Guarded(searcher.collector(limit=limit, terms=highlighted > 0), TIME_LIMIT, cancel)
        # The filter goes outside the time limit: Whoosh's TimeLimitCollector loops over
        # its child's matches itself, so a filter inside it was never applied.
        outer = guarded if allowed is None else collectors.FilterCollector(guarded, allow=allowed)
        notice = None
        try:
            searcher.search_with_collector(parsed, outer)
        except collectors.TimeLimit:
            if cancel is not None and cancel.is_set():
                return SearchResult(query=text, error="cancelled")
            notice = f"search stopped after {TIME_LIMIT:g} s; results may be incomplete"
        results = outer.results()
        results.highlighter = _HIGHLIGHTER
        hits = []
        # Highlighting is the slow part of a long result list: past the time
        # budget, the remaining hits show their opening lines instead.
        deadline = time.monotonic() + TIME_LIMIT
        for rank, hit in enumerate(results):
            if rank < highlighted and cancel is not None and cancel.is_set():
                # A newer keystroke is waiting for the index (the caller's lock): the
                # snippets of 200 results took up to half a second to finish.
                return SearchResult(query=text, error="cancelled")
            article = articles.get(hit["id"])
            if article is None:  # index is ahead of or behind the corpus
                continue
            snippet = None
            if rank < highlighted:
                snippet = _snippet(hit, article) if time.monotonic() < deadline else _opening(article)
            hits.append(SearchHit(article_id=article.id, rank=rank, score=float(hit.score or 0.0), snippet=snippet))
        if limit is None or results.scored_length() < limit or notice:
            total = results.scored_length()
        else:
            # Counted, not estimated: an estimate sums term frequencies and can
            # exceed the number of articles ("title:[a TO z]" once said 10,052 of 2,225).
            total = sum(1 for _ in searcher.docs_for_query(parsed if allowed is None else wq.And([parsed, allowed])))
        suggestion = self.suggest(searcher, parsed, text) if total == 0 and suggest else None
        return SearchResult(query=text, hits=tuple(hits), total=total, suggestion=suggestion, notice=notice)

    def suggest(self, searcher: Searcher, parsed: wq.Query, text: str, cancel: threading.Event | None = None) -> str | None:
        """A corrected query string when some words are not in the corpus at all
        (None once ``cancel`` is set: it is checked every few hundred words compared)."""
        replacements: dict[tuple[int, int], str] = {}
        for term in parsed.all_tokens():
            if cancel is not None and cancel.is_set():
                return None
            if term.fieldname not in DEFAULT_FIELDS or term.startchar is None:
                continue
            original = text[term.startchar:term.endchar]
            if not original.isalpha() or searcher.doc_frequency(term.fieldname, term.text):
                continue
            found = self._closest(searcher, original.lower(), cancel)
            if found is _CANCELLED:
                return None
            if found:
                replacements[(term.startchar, term.endchar)] = _match_case(found, original)
        if not replacements:
            return None
        corrected = text
        for (start, end), word in sorted(replacements.items(), reverse=True):
            corrected = corrected[:start] + word + corrected[end:]
        return corrected if corrected != text else None

    def _closest(self, searcher: Searcher, word: str, cancel: threading.Event | None):
        """The index's word closest to ``word`` (Damerau-Levenshtein distance 1, else 2;
        the most frequent at that distance), None, or ``_CANCELLED``.

        Whoosh's corrector did this in two passes over the whole word list, each word
        compared in Python (0.25-1.4 s on BBC, whose index has two segments), and could
        not be stopped, so a "did you mean" still running held the next keystroke's
        search up. Here the word list is read once per index version, kept by length,
        and only words within two letters of the length are compared, once each."""
        by_length = self._vocabulary(searcher)
        letters = _letters(word)
        best: tuple | None = None
        compared = 0
        for length in range(len(word) - 2, len(word) + 3):
            for candidate, its_letters in by_length.get(length, ()):
                compared += 1
                if compared % 256 == 0 and cancel is not None and cancel.is_set():
                    return _CANCELLED
                # Two edits change at most four of the letters a word is made of.
                if (letters ^ its_letters).bit_count() > 4 or candidate == word:
                    continue
                distance = edit_distance(candidate, word, limit=2)
                if distance > 2 or (best is not None and distance > -best[0]):
                    continue
                key = (-distance, searcher.frequency("spell", candidate), candidate)
                if best is None or key > best:
                    best = key
        return best[2] if best else None

    def _vocabulary(self, searcher: Searcher) -> dict[int, list[tuple[str, int]]]:
        """Every word of the ``spell`` field with its letters (``_letters``), by length,
        read once per set of segments."""
        leaves = [reader for reader, _ in searcher.reader().leaf_readers()]
        key = tuple((reader.segment().segment_id(), reader.doc_count_all()) if hasattr(reader, "segment") else id(reader)
                    for reader in leaves)
        cached = self._words
        if cached is not None and cached[0] == key:
            return cached[1]
        words: set[str] = set()
        for reader in leaves:
            words.update(raw.decode("utf-8") for raw in reader.lexicon("spell"))
        by_length: dict[int, list[tuple[str, int]]] = {}
        for word in words:
            by_length.setdefault(len(word), []).append((word, _letters(word)))
        self._words = (key, by_length)
        return by_length

    def hit_terms(self, searcher: Searcher, text: str) -> "HitTerms | None":
        """The query's (positive) terms, worked out once (None if it does not parse), for
        ``HitTerms.spans`` to find in one article after another: words of the body and
        the title, and, for entity fields, the mentions of the entities they name."""
        try:
            parsed = self.parse(text)
            _check_expansion(parsed, searcher.reader())
        except QueryError:
            return None
        wanted: dict[str, set[str]] = {"body": set(), "spell": set(), "title": set()}
        positive = _without_negations(parsed)
        # Plain terms come from the query itself; prefixes are expanded to the
        # words the index holds.
        found = set(positive.iter_all_terms(phrases=True)) | positive.existing_terms(searcher.reader(), expand=True)
        for fieldname, term in found:
            if fieldname in wanted:
                wanted[fieldname].add(term.decode("utf-8") if isinstance(term, bytes) else term)
        return HitTerms(self, positive, frozenset(wanted["body"] | wanted["title"]), frozenset(wanted["spell"]))

    def _mentions(self, positive: wq.Query, entities: Sequence) -> Iterator[Span]:
        """Mentions of the entities that the query's entity-field terms name."""
        if not entities:
            return
        leaves = [positive] if positive.is_leaf() else list(positive.leaves())
        asked = [leaf for leaf in leaves if getattr(leaf, "fieldname", None) in _ENTITY_QUERY_FIELDS]
        if not asked:
            return
        tokens: dict[tuple[str, str], list[str]] = {}
        for entity in entities:
            for leaf in asked:
                if leaf.fieldname != "entity" and ENTITY_FIELDS.get(entity.type) != leaf.fieldname:
                    continue
                key = (leaf.fieldname, entity.canonical)
                if key not in tokens:
                    tokens[key] = [t.text for t in self.schema[leaf.fieldname].analyzer(entity.canonical)]
                if _names(leaf, tokens[key]):
                    yield (entity.start, entity.end)
                    break


def _names(leaf: wq.Query, words: list[str]) -> bool:
    """Whether a term or phrase of an entity field matches a name's words."""
    if isinstance(leaf, wq.Phrase):
        wanted = [str(w) for w in leaf.words]
        return any(words[i:i + len(wanted)] == wanted for i in range(len(words) - len(wanted) + 1))
    if isinstance(leaf, (wq.Prefix, wq.Wildcard)):
        return any(_wildcard_match(leaf, w) for w in words)
    text = getattr(leaf, "text", None)
    return text is not None and str(text) in words


def _wildcard_match(leaf: wq.Query, word: str) -> bool:
    if isinstance(leaf, wq.Prefix):
        return word.startswith(leaf.text)
    import fnmatch

    return fnmatch.fnmatchcase(word, leaf.text)


_ENTITY_QUERY_FIELDS = frozenset({"entity", *ENTITY_FIELDS.values()})


def make_searcher(ix) -> Searcher:
    return ix.searcher(weighting=scoring.BM25F())


def _check_size(q: wq.Query) -> None:
    """Refuse queries too large to answer quickly, before anything is searched."""
    leaves = list(q.leaves()) if not q.is_leaf() else [q]
    # One word typed becomes one leaf per default field: count what was typed.
    typed = {(getattr(leaf, "startchar", None), getattr(leaf, "text", None)) for leaf in leaves}
    if len(typed) > MAX_TERMS:
        raise QueryError(f"the query has {len(typed)} terms; at most {MAX_TERMS} can be searched at once")
    for leaf in leaves:
        word = getattr(leaf, "text", None)
        if isinstance(word, str) and len(word) > MAX_WORD:
            raise QueryError(f"a word of {len(word):,} characters is too long to search (at most {MAX_WORD})")
        if isinstance(leaf, wq.Wildcard) and not isinstance(leaf, wq.Prefix):
            stem = re.split(r"[*?]", leaf.text, maxsplit=1)[0]
            if len(stem) < MIN_WILDCARD_STEM:
                raise QueryError(
                    f"{leaf.text!r} is too broad: a wildcard needs at least {MIN_WILDCARD_STEM} letters before * or ?"
                )
        if isinstance(leaf, wq.Prefix) and len(leaf.text) < MIN_WILDCARD_STEM:
            raise QueryError(f"{leaf.text + '*'!r} is too broad: a prefix needs at least {MIN_WILDCARD_STEM} letters")


def _check_expansion(q: wq.Query, reader) -> None:
    """Refuse prefixes, wildcards, word ranges and fuzzy terms that stand for too many words."""
    budget = MAX_EXPANSION
    leaves = list(q.leaves()) if not q.is_leaf() else [q]
    for leaf in leaves:
        if not isinstance(leaf, wq.MultiTerm) or isinstance(leaf, wq.NumericRange):
            continue
        words = sum(1 for _ in itertools.islice(leaf._btexts(reader), budget + 1))  # noqa: SLF001 - Whoosh's expansion
        budget -= words
        if budget < 0:
            # As typed: prefixes and wildcards run on the internal "spell" field.
            shown = str(leaf).removeprefix("spell:")
            raise QueryError(f"{shown!r} matches too many words to search (more than {MAX_EXPANSION:,} in all); make it narrower")


_DATES = "dates are written YYYY-MM-DD, e.g. date:2025-04-28 or date:[2025-04-27 TO 2025-04-28]"
_EMPTY_FIELD = re.compile(r"(?<![\w\"])([A-Za-z_]+):(?=\s|$|\))")
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}
_FIELD_EXAMPLES = {
    "source": "source:reuters", "title": "title:putin", "body": "body:treaty", "date": "date:2025-04-28",
    "entity": 'entity:"Kim Jong Un"', "person": "person:putin", "org": "org:kcna", "gpe": "gpe:kyiv",
    "loc": "loc:kursk", "norp": "norp:russian", "law": "law:charter", "event": 'event:"world war"',
    "verdict": "verdict:disputed", "tag": "tag:casualties",
}


def _check_plain(unquoted: str) -> None:
    """Refuse, in one plain sentence, queries that Whoosh would quietly answer wrongly or not at all."""
    empty = _EMPTY_FIELD.search(unquoted.replace(": q ", ":q "))
    if empty:
        name = empty.group(1).lower()
        example = _FIELD_EXAMPLES.get(name, f"{name}:word")
        raise QueryError(f"{name}: needs something to look for right after the colon, e.g. {example}")
    words = unquoted.replace("(", " ").replace(")", " ").split()
    if words and all(word in _OPERATORS for word in words):
        raise QueryError("AND, OR and NOT go between words, e.g. kursk OR belgorod, kursk NOT putin")


def _plain_error(text: str) -> str:
    if "date:" in text.lower():
        return _DATES
    return "cannot understand this query: check its quotation marks, brackets and field names (? shows the syntax)"


def _only_negative(q: wq.Query) -> bool:
    if isinstance(q, wq.Not):
        return True
    if isinstance(q, (wq.And, wq.Or)):
        return all(_only_negative(child) for child in q.children())
    return False


def _first_error(q: wq.Query) -> str | None:
    for node in [q, *q.leaves()] if not q.is_leaf() else [q]:
        error = getattr(node, "error", None)
        if error:
            return f"cannot understand query: {error}"
    return None


def _prefix_on_words(node: wq.Query) -> wq.Query:
    """Stemmed fields hold "liber" for "liberation", so "liberat*" would find
    nothing there: prefixes and wildcards look at the unstemmed words instead."""
    if isinstance(node, (wq.Prefix, wq.Wildcard)) and node.fieldname in DEFAULT_FIELDS:
        return type(node)("spell", node.text.lower(), boost=node.boost)
    return node


def _without_negations(q: wq.Query) -> wq.Query:
    def drop_not(node: wq.Query) -> wq.Query:
        return wq.NullQuery if isinstance(node, wq.Not) else node

    return q.accept(drop_not).normalize()


class _MarkFormatter(highlight.Formatter):
    between = " … "

    def format_token(self, text, token, replace=False):
        return _MARK_ON + highlight.get_text(text, token, replace) + _MARK_OFF


_HIGHLIGHTER = highlight.Highlighter(
    fragmenter=highlight.ContextFragmenter(maxchars=160, surround=50),
    formatter=_MarkFormatter(),
)


def _opening(article: Article) -> Snippet:
    opening = " ".join(article.text[:200].split())
    return Snippet(((opening[:160] + ("…" if len(opening) > 160 else ""), False),))


def _snippet(hit, article: Article) -> Snippet:
    marked = hit.highlights("body", text=article.text, top=2) or hit.highlights("spell", text=article.text, top=2)
    if not marked:
        # The match was in the title or metadata: show the opening instead.
        return _opening(article)
    marked = " ".join(marked.split())
    pieces = []
    for part in re.split(f"({_MARK_ON}[^{_MARK_OFF}]*{_MARK_OFF})", marked):
        if part.startswith(_MARK_ON):
            pieces.append((part[1:-1], True))
        elif part:
            pieces.append((part, False))
    return Snippet(tuple(pieces))


def _match_case(word: str, like: str) -> str:
    if like.isupper() and len(like) > 1:
        return word.upper()
    if like[:1].isupper():
        return word[:1].upper() + word[1:]
    return word
