"""Turn a user's query into ranked hits, snippets, hit positions and suggestions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from whoosh import highlight, qparser, query as wq, scoring
from whoosh.searching import Searcher

from ..article import Article, Span
from ..results import QueryError, SearchHit, SearchResult, Snippet
from ..syntax import FIELDS
from .schema import DEFAULT_FIELDS

QUERY_FIELDS = FIELDS  # the search syntax table names every field a query may use
_FIELD_REF = re.compile(r"(?<![\w\"])([A-Za-z_]+):")
_QUOTED = re.compile(r'"[^"]*"')
# Private-use marks around matched words in a snippet. Article text never
# contains them: the corpus loader strips control characters, and these are
# control characters.
_MARK_ON, _MARK_OFF = "\x02", "\x03"




@dataclass
class QueryEngine:
    """Parses and runs queries against one open Whoosh searcher."""

    schema: object
    parser: qparser.QueryParser = field(init=False)

    def __post_init__(self) -> None:
        self.parser = qparser.MultifieldParser(list(DEFAULT_FIELDS), self.schema)
        self.parser.add_plugin(qparser.GtLtPlugin())

    def parse(self, text: str) -> wq.Query:
        unquoted = _QUOTED.sub(" ", text)
        for name in _FIELD_REF.findall(unquoted):
            if name.lower() not in QUERY_FIELDS:
                raise QueryError(f"unknown field {name!r}: use {', '.join(f + ':' for f in QUERY_FIELDS)}")
        if unquoted.count("(") != unquoted.count(")"):
            raise QueryError("unbalanced parentheses")
        if text.count('"') % 2:
            raise QueryError("unclosed quotation mark")
        try:
            parsed = self.parser.parse(text)
        except Exception as exc:  # Whoosh's parser raises a variety of types
            if "date:" in text.lower():
                raise QueryError("dates are written YYYY-MM-DD, e.g. date:2025-04-28 or date:[2025-04-27 TO 2025-04-28]") from None
            raise QueryError(f"cannot parse query: {exc}") from None
        error = _first_error(parsed)
        if error:
            raise QueryError(error)
        return parsed.accept(_prefix_on_words)

    def search(
        self, searcher: Searcher, text: str, articles: dict[str, Article], limit: int | None, snippets: bool,
        only: set[str] | None = None,
    ) -> SearchResult:
        """``only``, if given, restricts results to those article ids (inside Whoosh,
        so limits, totals and snippets apply to the restricted set)."""
        if not text.strip():
            return SearchResult(query=text)
        try:
            parsed = self.parse(text)
        except QueryError as exc:
            return SearchResult(query=text, error=str(exc))
        allowed = wq.Or([wq.Term("id", article_id) for article_id in sorted(only)]) if only is not None else None
        if only is not None and not only:
            allowed = wq.NullQuery
        results = searcher.search(parsed, limit=limit, terms=snippets, filter=allowed)
        results.highlighter = _HIGHLIGHTER
        hits = []
        for rank, hit in enumerate(results):
            article = articles.get(hit["id"])
            if article is None:  # index is ahead of or behind the corpus
                continue
            snippet = _snippet(hit, article) if snippets else None
            hits.append(SearchHit(article_id=article.id, rank=rank, score=float(hit.score or 0.0), snippet=snippet))
        total = len(results) if limit is None or results.scored_length() < limit else results.estimated_length()
        suggestion = self.suggest(searcher, parsed, text) if total == 0 else None
        return SearchResult(query=text, hits=tuple(hits), total=total, suggestion=suggestion)

    def suggest(self, searcher: Searcher, parsed: wq.Query, text: str) -> str | None:
        """A corrected query string when some words are not in the corpus at all."""
        corrector = searcher.corrector("spell")
        replacements: dict[tuple[int, int], str] = {}
        for term in parsed.all_tokens():
            if term.fieldname not in DEFAULT_FIELDS or term.startchar is None:
                continue
            original = text[term.startchar:term.endchar]
            if not original.isalpha() or searcher.doc_frequency(term.fieldname, term.text):
                continue
            # Closest spelling first, then the most frequent at that distance.
            for distance in (1, 2):
                found = corrector.suggest(original.lower(), limit=1, maxdist=distance)
                if found:
                    replacements[(term.startchar, term.endchar)] = _match_case(found[0], original)
                    break
        if not replacements:
            return None
        corrected = text
        for (start, end), word in sorted(replacements.items(), reverse=True):
            corrected = corrected[:start] + word + corrected[end:]
        return corrected if corrected != text else None

    def hit_spans(self, searcher: Searcher, text: str, article: Article) -> list[Span]:
        """Where the query's (positive) body terms occur in the article text."""
        try:
            parsed = self.parse(text)
        except QueryError:
            return []
        wanted: dict[str, set[str]] = {"body": set(), "spell": set()}
        positive = _without_negations(parsed)
        # Plain terms come from the query itself; prefixes are expanded to the
        # words the index holds.
        found = set(positive.iter_all_terms(phrases=True)) | positive.existing_terms(searcher.reader(), expand=True)
        for fieldname, term in found:
            if fieldname in wanted:
                wanted[fieldname].add(term.decode("utf-8") if isinstance(term, bytes) else term)
        spans: set[Span] = set()
        for fieldname, terms in wanted.items():
            if terms:
                analyzer = self.schema[fieldname].analyzer
                spans.update(
                    (token.startchar, token.endchar)
                    for token in analyzer(article.text, chars=True, mode="query")
                    if token.text in terms
                )
        return sorted(spans)


def make_searcher(ix) -> Searcher:
    return ix.searcher(weighting=scoring.BM25F())


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


def _snippet(hit, article: Article) -> Snippet:
    marked = hit.highlights("body", text=article.text, top=2) or hit.highlights("spell", text=article.text, top=2)
    if not marked:
        # The match was in the title or metadata: show the opening instead.
        opening = " ".join(article.text[:200].split())
        text = opening[:160] + ("…" if len(opening) > 160 else "")
        return Snippet(((text, False),))
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
