"""Who says what, from spaCy's dependency parse.

``parse_texts`` runs the pinned small English model's tagger and parser (no
entity recogniser: entities come from ``ner``) over whole articles.
``Attribution`` then reads, for a quote or a sentence, the reporting act and
its source:

- the subject of a reporting verb ("Sir Andrew Green, chairman of the group,
  says ..." -> the subject's head, Andrew Green; an apposition naming the
  subject counts too), the object of "according to", the agent of a passive
  ("it was announced by the ministry"), the object of "quoted X as saying";
- a description resolved to the nearest fitting named entity: a spokesperson
  to whom they speak for ("a Toshiba spokesman" -> Toshiba), a document to
  its issuer ("the statement", "Mr Brown's letter"), "the firm" to the
  nearest organisation, "the 47-year-old director" to the person last
  named as a subject;
- he/she to the person last named as a subject; quotes without attribution
  of their own to the speaker of the quote or sentence before them.

The parse is an option: without the model, ``quotes`` and ``claims`` use
their patterns alone.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import Sequence

from ..lexicon import (
    CLAUSE_ONLY_FORMS,
    CONTENT_PREPOSITIONS,
    DOCUMENT_WORDS,
    GROUP_PRONOUNS,
    HEARSAY_FORMS,
    SPEAKER_TITLES,
    LAW_DESCRIPTIONS,
    LISTENER_FORMS,
    ORG_DESCRIPTORS,
    PERSON_DESCRIPTORS,
    PERSON_PRONOUNS,
    ORG_REFERENCE_WORDS,
    QUOTING_FORMS,
    REPORTING_FORMS,
    SAYING_NOUNS,
    SPOKESPERSON_WORDS,
    TELLING_FORMS,
)
from .ner import Entity

_SPEAKER_TYPES = ("PERSON", "ORG", "GPE", "NORP")
_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
# Organisation nouns that name a kind of body of their own: "the government" is no firm or
# party named before it, only a body whose name holds the word.
_OWN_KIND_WORDS = frozenset({"government", "administration"})
_ALL_SUBJECTS = ("nsubj", "nsubjpass", "csubj", "csubjpass", "expl")
# Complements that carry what is reported.
# (Not advcl: "Raising a point of order, he said: ..." says when, not what.)
_CONTENT_DEPS = {"ccomp", "xcomp", "dobj", "prep", "attr", "oprd", "dative", "acomp"}
MAX_PARSED = 100_000
# Words that pick members out of a group: "one of the agencies", "some of the banks".
_PARTITIVES = frozenset("one two three some several many few each either neither".split())


def parse_texts(texts: Sequence[str]) -> list:
    """A spaCy ``Doc`` per text (tagger and parser only; a line break ends a
    sentence), or raises ``ModelUnavailable``."""
    from .ner.spacy_model import PARSE_BY_LINES, ModelView, _model

    nlp = ModelView(_model(), PARSE_BY_LINES)
    return [doc if len(text) <= MAX_PARSED else None for text, doc in zip(texts, nlp.pipe(t[:MAX_PARSED] for t in texts))]


_MAKE_FORMS = frozenset({"make", "makes", "made", "making"})


def _makes_clear(verb) -> bool:
    """"made it clear that ...", "has made plain that ...": a communicative act of two words."""
    return verb.lower_ in _MAKE_FORMS and any(
        c.lower_ in ("clear", "plain", "known") and c.dep_ in ("ccomp", "acomp", "oprd", "advmod", "dobj") for c in verb.children
    ) and any(t.dep_ == "mark" and t.lower_ == "that" for t in verb.subtree)


def _finite(verb) -> bool:
    """``verb`` heads a finite clause: a tensed verb, or one with a tensed auxiliary."""
    finite = ("VBD", "VBZ", "VBP", "MD")
    return verb.tag_ in finite or any(c.dep_ in ("aux", "auxpass") and c.tag_ in finite for c in verb.children)


def _relative_subject(token) -> bool:
    """``token`` is the subject of a relative clause on it: "Ann Lee, who has sued ..."."""
    return any(c.dep_ == "relcl" and any(g.dep_ in ("nsubj", "nsubjpass") and g.lower_ in ("who", "that") for g in c.children)
               for c in token.children)


def _untitled(name: str) -> str:
    """A name without the titles before it ("Sir Andrew Green" -> "Andrew Green")."""
    words = name.split()
    while len(words) > 1 and words[0].lower() in SPEAKER_TITLES:
        words = words[1:]
    return " ".join(words)


def _merged(spans) -> list[tuple[int, int]]:
    """Quote spans with nested ones (a fragment inside a quote) folded into their outer span."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


class Attribution:
    """Reporting acts and their sources in one parsed article."""

    def __init__(self, text: str, doc, entities: Sequence[Entity], quote_spans: Sequence[tuple[int, int]] = (),
                 is_media=lambda e: False, issuer=None) -> None:
        self.text = text
        self.issuer = issuer
        self.doc = doc
        self.entities = sorted((e for e in entities if e.type in _SPEAKER_TYPES), key=lambda e: e.start)
        self.all_entities = entities
        self._starts = [e.start for e in self.entities]
        self.quotes = _merged(quote_spans)
        self._quote_starts = [s for s, _ in self.quotes]
        self.is_media = is_media
        self._token_starts = [t.idx for t in doc]
        self._described: dict[str, tuple[str, int, int]] = {}  # a title -> whom it stood for
        # A surname (or first name) alone stands for the full name used elsewhere in the article.
        self._full: dict[str, str] = {}
        for e in self.entities:
            words = _untitled(e.canonical).split()
            if e.type == "PERSON" and len(words) > 1:
                for word in (words[-1], words[0]):
                    self._full.setdefault(word, " ".join(words))

    # -- positions ------------------------------------------------------------------------
    def in_quote(self, offset: int) -> bool:
        n = bisect_right(self._quote_starts, offset) - 1
        return n >= 0 and self.quotes[n][0] <= offset < self.quotes[n][1]

    def tokens(self, start: int, end: int):
        return self.doc[bisect_left(self._token_starts, start):bisect_left(self._token_starts, end)]

    def entity_of(self, token) -> Entity | None:
        n = bisect_right(self._starts, token.idx) - 1
        for e in self.entities[max(0, n - 3):n + 1][::-1]:
            if e.start <= token.idx < e.end:
                return e
        return None

    def name(self, entity: Entity) -> str:
        if entity.type != "PERSON":
            return entity.canonical
        name = _untitled(entity.canonical)
        if " " not in name and name == entity.text:
            # The parse may see more of the name than the recogniser did: "Sylvia" + "Heal".
            tokens = self.tokens(entity.start, entity.end)
            following = tokens[-1].nbor(1) if len(tokens) and tokens[-1].i + 1 < len(self.doc) else None
            if following is not None and following.pos_ == "PROPN" and tokens[-1].head.i == following.i and tokens[-1].dep_ in ("compound", "flat"):
                name = f"{name} {following.text}"
        return self._full.get(name, name)

    # -- reporting acts -------------------------------------------------------------------
    def reporting_verbs(self, start: int, end: int, main_only: bool = False) -> list:
        """Reporting verbs of text[start:end] outside quotes (main predications only if asked)."""
        found = []
        for token in self.tokens(start, end):
            if (token.lower_ not in REPORTING_FORMS and not _makes_clear(token)) or token.pos_ not in ("VERB", "AUX") or self.in_quote(token.idx):
                continue
            if token.tag_ == "VBG" and token.dep_ in ("amod", "acl", "pcomp"):
                continue
            if (token.dep_ == "ROOT" and token.tag_ in ("VBD", "VBN") and token.i > 0 and token.nbor(-1).text == ","
                    and not any(c.dep_ in _ALL_SUBJECTS for c in token.children)
                    and not (token.i + 1 < len(self.doc) and token.nbor(1).pos_ in ("PROPN", "PRON", "DET"))):
                # "..., determined to win": a participle set off by a comma, not a finite report
                # (not "Instead, said Mr Lee, ...": its subject after it, however attached)
                continue
            if main_only and not self._is_main(token, start, end):
                continue
            found.append(token)
        return found

    def _is_main(self, token, start: int, end: int) -> bool:
        if self._trailing(token, start, end) is not None:
            return True
        for _ in range(4):
            if token.dep_ == "ROOT" or not (start <= token.head.idx < end):
                return True
            if token.dep_ == "conj":
                token = token.head
                continue
            if token.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in token.children):
                return not any(c.dep_ in ("auxpass", "nsubjpass") for c in token.children)  # "as X reported"
            if token.dep_ == "advcl" and token.tag_ == "VBG" and not any(c.dep_ == "mark" for c in token.children):
                token = token.head  # "..., saying that ...", "..., citing evidence that ..."
                continue
            if token.dep_ == "ccomp" and self.in_quote(token.head.idx):
                return True
            if token.dep_ == "parataxis":
                return True  # "..., she added, ..."
            if any(c.dep_ == "nsubjpass" and c.lower_ == "it" for c in token.children):
                return True  # "..., while it is noted that ..."

            return False
        return False

    def _trailing(self, verb, start: int, end: int):
        """For a reporting verb that closes its sentence after a comma, with its own
        subject and nothing it reports ("..., a market research firm has
        reported."), the first word of that subject: the verb reports the words
        before the comma, however the parse attached it. Else None."""
        if verb.dep_ == "ROOT" or any(c.dep_ in _CONTENT_DEPS or c.dep_ == "ccomp" for c in verb.children):
            return None
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
        if not subjects or subjects[0].i > verb.i:
            return None
        first = subjects[0].left_edge
        if first.i == 0 or self.doc[first.i - 1].text != "," or not start <= self.doc[first.i - 1].idx:
            return None
        after = [t for t in self.doc[verb.i + 1:] if t.idx < end and not t.is_space]
        return first if all(t.is_punct for t in after) and first.idx - start > 0 else None

    def according_to(self, start: int, end: int):
        """The object of "according to" in text[start:end], outside quotes."""
        for token in self.tokens(start, end):
            if token.lower_ == "according" and not self.in_quote(token.idx):
                for to in token.children:
                    if to.lower_ == "to":
                        objects = [c for c in to.children if c.dep_ == "pobj"]
                        if objects:
                            return objects[0]
                nxt = token.nbor(1) if token.i + 1 < len(self.doc) else None
                if nxt is not None and nxt.lower_ == "to" and nxt.i + 1 < len(self.doc):
                    heads = [t for t in self.doc[nxt.i + 1:min(len(self.doc), nxt.i + 8)] if t.head.i <= nxt.i or t.dep_ == "pobj"]
                    if heads:
                        return heads[0]
        return None

    def source_token(self, verb):
        """The token naming who performs the reporting act ``verb`` (in its sentence)."""
        token = self._source_token(verb)
        if token is not None and token.sent.start != verb.sent.start:
            return None
        return token

    def _source_token(self, verb):
        if verb.lower_ in QUOTING_FORMS:
            objects = [c for c in verb.children if c.dep_ == "dobj"]
            if objects and any(c.lower_ == "as" for c in verb.children):
                return objects[0]
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)
        if passive:
            for child in verb.children:
                if child.dep_ == "agent":
                    objects = [c for c in child.children if c.dep_ == "pobj"]
                    return objects[0] if objects else None
            return None  # "it is understood that ..."
        token = verb
        for _ in range(3):
            subjects = [c for c in token.children if c.dep_ in ("nsubj", "csubj")]
            if subjects:
                return min(subjects, key=lambda c: abs(c.i - token.i))  # the nearest, if the parse gives two
            if token.dep_ in ("conj", "xcomp", "advcl") and token.head is not token:
                token = token.head
                continue
            break
        return None

    def content_words(self, verb, source, window: tuple[int, int] | None = None) -> int:
        """Words of what ``verb`` reports that are not inside quotation marks
        (and inside ``window``, the sentence, when given: the parse may run sentences together)."""
        start, end = window or (0, len(self.text))
        skip = set()
        if source is not None:
            skip.update(t.i for t in source.subtree)
        words = 0
        first = self._trailing(verb, start, end)
        if first is not None:
            return sum(1 for t in self.doc[:first.i] if start <= t.idx and t.is_alpha and not self.in_quote(t.idx))
        if verb.dep_ == "parataxis":
            inside = {t.i for t in verb.subtree}
            return sum(1 for t in verb.head.subtree
                       if t.i not in inside and start <= t.idx < end and t.is_alpha and not self.in_quote(t.idx))
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)
        agent = passive and any(c.dep_ == "agent" for c in verb.children)
        for child in verb.children:
            if (child.dep_ == "advcl" and child.i > verb.i and not passive and verb.lower_ not in CLAUSE_ONLY_FORMS
                    and any(c.dep_ == "nsubj" for c in child.children) and not any(c.dep_ == "mark" for c in child.children)):
                # "said after seven years Labour had changed": a clause with its own subject and no
                # conjunction, parsed as a circumstance, is what was said
                words += sum(1 for t in child.subtree if t.i not in skip and start <= t.idx < end and t.is_alpha and not self.in_quote(t.idx))
                continue
            if (agent and child.dep_ == "nsubjpass" and child.lower_ != "it" and verb.lower_ not in LISTENER_FORMS
                    and verb.lower_ not in CLAUSE_ONLY_FORMS and not any(c.tag_ == "MD" for c in verb.children)):
                # "The plan was announced by the minister": what was announced is its subject
                # (not "will be welcomed by": an act still to come)
                words += sum(1 for t in child.subtree if start <= t.idx < end and t.is_alpha and not self.in_quote(t.idx))
                continue
            if child.dep_ not in _CONTENT_DEPS:
                continue
            if passive and child.dep_ == "xcomp" and verb.lower_ not in HEARSAY_FORMS:
                continue  # "was urged to resign"
            if passive and child.dep_ not in ("ccomp", "xcomp") and not (child.dep_ == "prep" and child.lower_ in ("of", "for")):
                continue  # "it is understood that ...", "was accused of ...", not "was found in its accounts"
            if verb.lower_ in CLAUSE_ONLY_FORMS and (child.dep_ != "ccomp" or child.pos_ not in ("VERB", "AUX")):
                continue  # "found that it was hard", not "found it hard"
            if verb.lower_ in QUOTING_FORMS and child.dep_ == "dobj" and (verb.lower_.startswith("quot") or any(c.lower_ == "as" for c in verb.children)):
                continue  # "quoted the ministry (as saying)": who, not what ("citing evidence that ..." is what)
            if child.dep_ in ("dobj", "dative") and verb.lower_ in TELLING_FORMS:
                continue  # the listener: "told reporters"
            gerund = child.lower_ == "to" and any(c.dep_ == "pcomp" for c in child.children)  # "admitted to paying"
            if child.dep_ == "prep" and child.lower_ not in CONTENT_PREPOSITIONS and not gerund:
                continue  # "said in a statement", "responded to the figures"
            if child.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in child.children):
                continue
            for token in child.subtree:
                if token.i not in skip and start <= token.idx < end and token.is_alpha and not self.in_quote(token.idx):
                    words += not (verb.lower_ in QUOTING_FORMS and token.lower_ in ("as", "saying"))
        return words

    # -- sources --------------------------------------------------------------------------
    def resolve(self, token, at: int | None = None) -> tuple[str, int, int] | None:
        """(canonical, start, end) of who a mention stands for."""
        at = token.idx if at is None else at
        entity = self.entity_of(token)
        if entity is not None and not self.is_media(entity):
            return self.name(entity), entity.start, entity.end
        lower = token.lower_
        pos, tag = token.pos_, token.tag_
        if pos == "PROPN" and token.text.islower():
            # "the lord chancellor" tagged as a name: a description all the same
            pos, tag = "NOUN", "NNS" if lower.endswith("s") and not lower.endswith("ss") else "NN"
        if token.pos_ in ("NUM", "PRON", "DET") and lower in _PARTITIVES:
            # "one of the agencies says": the agencies' one
            members = [o for p in token.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children if o.dep_ == "pobj"]
            if members:
                return self.resolve(members[0], at)
        if token.pos_ == "PRON" or lower in PERSON_PRONOUNS:
            if lower in PERSON_PRONOUNS:
                person = self.last_person(at)
                spoke = self._last_spokesperson(token.idx, after=person[1] if person else -1)
                # nobody named yet ("A listener is suing the firm. He says ... Ann Lee filed the suit"):
                # the person the article names next
                return spoke or person or self.next_person(token.idx + len(token.text), within=600)
            if lower == "they":
                group = self._plural_reporter(token.idx)
                if group is not None:
                    return group
            if lower in GROUP_PRONOUNS:
                return self.last_organisation(at, within=800)
            return None
        for child in token.children:
            if child.dep_ == "appos":
                named = self._named_in(child)
                if named:
                    return named
        if pos == "NOUN":
            # "The head of the school, Ann Lee, said": the person set beside the description.
            for inner in token.subtree:
                if inner.dep_ == "appos" and inner.i > token.i and inner.head.i > token.i:
                    entity = self.entity_of(inner)
                    if entity is not None and entity.type == "PERSON" and self.text[entity.end:entity.end + 1] == ",":
                        return self.name(entity), entity.start, entity.end
        if pos == "PROPN":
            head = self._named_in(token)
            if head:
                return head
            words = [t for t in token.subtree if t.pos_ == "PROPN" and t.i <= token.i and t.dep_ in ("compound", "flat") or t is token]
            inside = {t.i for t in words}
            if all(i in inside or self.doc[i].tag_ == "HYPH" for i in range(words[0].i, token.i + 1)):
                name = _untitled(" ".join(self.text[words[0].idx:token.idx + len(token.text)].split()))  # "Jean-Paul Roux"
            else:
                name = _untitled(" ".join(t.text for t in words))
            return (self._full.get(name, name), words[0].idx, token.idx + len(token.text)) if name else None
        modifiers = [c for c in token.children if c.dep_ in ("poss", "compound", "nmod", "amod")]
        modifiers += [o for p in token.children if p.dep_ == "prep" and p.lower_ in ("for", "of", "at", "from")
                      for o in p.children if o.dep_ == "pobj"]
        law = self._law_in(token)
        if law is not None:
            return law  # "Article 4 of the treaty says"
        if lower in LAW_DESCRIPTIONS:
            laws = [e for e in self.all_entities if e.type == "LAW" and e.end <= at and not e.canonical.lower().startswith("article")]
            if laws:
                return laws[-1].canonical, laws[-1].start, laws[-1].end
        indefinite = self._indefinite(token)
        if lower in SPOKESPERSON_WORDS or lower in DOCUMENT_WORDS:
            for modifier in modifiers:
                found = self.resolve(modifier, at)
                if found and (lower in DOCUMENT_WORDS or self._is_organisation(modifier) or modifier.lower_ in PERSON_DESCRIPTORS):
                    return found  # "a spokesman for the author": the author
            if lower in DOCUMENT_WORDS:
                if indefinite:
                    # "a report shows ...": a new document, its issuer named next, if at all
                    return self.next_organisation(token.idx + len(token.text))
                earlier = self._earlier_mention(token)
                if earlier is not None:
                    return earlier  # "the report" after "a Home Office report"
                return self.last_issuer(at) or self.next_organisation(token.idx + len(token.text))
            if tag == "NNS":
                return self._phrase(token)  # "North Korean officials", "lawyers"
            return self.last_organisation(at) if tag == "NN" or lower.startswith("spokes") else None
        singular = (lower[:-3] + "y" if lower.endswith("ies") else lower[:-2] if lower.endswith("sses")
                    else lower if lower.endswith("ss") else lower[:-1] if lower.endswith("s") else lower)  # "businesses" -> "business"
        modified_body = lower in ORG_DESCRIPTORS and any(self._is_organisation(m) for m in modifiers if m.dep_ in ("compound", "poss"))
        if lower in ORG_REFERENCE_WORDS or (indefinite and singular in ORG_REFERENCE_WORDS) or modified_body:
            # ("the Acme subsidiary": a body the organisation named in it stands for)
            for modifier in modifiers:
                if self._is_organisation(modifier):
                    return self.resolve(modifier, at)
            if any(self.entity_of(m) is not None for m in modifiers):
                return self._phrase(token)  # "Ukraine's military"
            if indefinite:
                # "one of the big agencies says", "a telecoms firm said": the one named next
                return self.next_organisation(token.idx + len(token.text)) or self.last_organisation(at, word=singular)
            if lower in _OWN_KIND_WORDS and not self.last_organisation(at, word=lower, named_only=True):
                return self._phrase(token)  # "the government", none named: not whichever firm came last
            return self.last_organisation(at, word=lower)
        if pos == "NOUN" and tag == "NN":
            if any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in token.children):
                # "a leading expert": someone new, named next if at all; else the description.
                return self.next_person(token.idx + len(token.text)) or self._phrase(token)
            # "the 47-year-old director": a person named before; "the insurer": else an organisation.
            # (At an article's start: the person named next, "Russia's president ... Mr Putin said".)
            # A title stands for whom the article gives that title, and keeps standing for
            # whom it stood for before ("The prime minister ... the prime minister said").
            title = self._title(token)
            if title in self._described:
                return self._described[title]
            found = self.titled_person(title, at) or self.last_person(at) or self.next_person(token.idx + len(token.text))
            if found is None:
                # "the manager" with nobody named: that person, unnamed; "the insurer": an organisation.
                found = (title, token.idx, token.idx + len(token.text)) if lower in PERSON_DESCRIPTORS else self.last_organisation(at)
            if found is not None and self.entity_at(found[1]) is not None and self.entity_at(found[1]).type == "PERSON":
                self._described[title] = found
            return found
        if pos == "NOUN" and tag == "NNS":
            # "analysts", "government lawyers": a group the article does not name.
            words = [c for c in token.children if c.dep_ == "compound" and c.i < token.i] + [token]
            return " ".join(t.text for t in words), words[0].idx, token.idx + len(token.text)
        return None

    def _indefinite(self, token) -> bool:
        """"a report", "one of the agencies", "an insurer": a referent new to the text."""
        if any(c.dep_ == "det" and c.lower_ in ("a", "an", "another") for c in token.children):
            return True
        head = token.head
        return token.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in _PARTITIVES and head.head.i < token.i

    def _title(self, token) -> str:
        """The words of a title: "prime minister" of "the new prime minister",
        "Ruritanian leader" of "the Ruritanian leader"."""
        words = [c for c in token.children if c.i < token.i and (c.dep_ == "compound" or c.dep_ == "amod" and c.text[:1].isupper())]
        words.append(token)
        return " ".join(t.lower_ for t in words)

    def titled_person(self, title: str, at: int) -> tuple[str, int, int] | None:
        """The person last given ``title`` before ``at``: "Prime Minister Ann Lee",
        "Ann Lee, the prime minister", "Ms Lee, the firm's director"."""
        before = re.compile(rf"\b{re.escape(title)}\s+(?:[A-Z][\w.]*\s+)?$", re.IGNORECASE)
        after = re.compile(rf",\s+(?:the|a|its|their|[\w.]+['’]s)\s+(?:[\w-]+\s+){{0,2}}{re.escape(title)}\s*[,.;:)]", re.IGNORECASE)
        for entity in reversed(self.entities[:bisect_left(self._starts, at)]):
            if entity.type != "PERSON" or self.in_quote(entity.start):
                continue
            if before.search(self.text[max(0, entity.start - 40):entity.start]) or after.match(self.text, entity.end, entity.end + 60):
                return self.name(entity), entity.start, entity.end
        return None

    def entity_at(self, start: int) -> Entity | None:
        n = bisect_left(self._starts, start)
        return self.entities[n] if n < len(self.entities) and self.entities[n].start == start else None

    def _earlier_mention(self, token) -> tuple[str, int, int] | None:
        """Whose "the report" is: the same noun met before, with its owner named
        ("a Home Office report", "a report by the Home Office")."""
        for earlier in reversed(self.doc[:token.i]):
            if earlier.lower_ != token.lower_ or self.in_quote(earlier.idx):
                continue
            owners = [c for c in earlier.children if c.dep_ in ("poss", "compound", "nmod")]
            owners += [o for p in earlier.children if p.dep_ in ("prep", "agent") and p.lower_ in ("by", "from", "of")
                       for o in p.children if o.dep_ == "pobj"]
            for owner in owners:
                named = self._named_in(owner)
                if named is not None:
                    return named
            if earlier.dep_ == "dobj" or any(o.lower_ in GROUP_PRONOUNS for o in owners):
                # "The ministry has produced its own report": whoever produced it
                subjects = [c for c in earlier.head.children if c.dep_ == "nsubj"]
                named = self._named_in(subjects[0]) if subjects else None
                if named is not None:
                    return named
        return None

    def _last_spokesperson(self, at: int, after: int) -> tuple[str, int, int] | None:
        """Who the spokesperson that last reported something (between ``after``
        and ``at``, in the sentences just before) speaks for: "A spokeswoman
        for the commission said ... She said ..." -> the commission."""
        sentence = self.doc[bisect_left(self._token_starts, at) - 1].sent if at > 0 else None
        if sentence is None:
            return None
        window = max(after, self.doc[max(0, sentence.start - 1)].sent.start_char if sentence.start else 0, at - 600)
        for verb in reversed(self.reporting_verbs(window, at)):
            source = self.source_token(verb)
            if source is not None and source.lower_ in SPOKESPERSON_WORDS and source.tag_ == "NN" and source.idx > after:
                return self.resolve(source, source.idx)
        return None

    def _is_organisation(self, token) -> bool:
        entity = self.entity_of(token)
        return entity is not None and entity.type in ("ORG", "PERSON") and not self.is_media(entity)

    def _phrase(self, token) -> tuple[str, int, int]:
        """The words of a noun phrase up to its head, without its determiner."""
        words = [t for t in token.subtree if t.i <= token.i and t.dep_ not in ("det", "punct")]
        first = words[0]
        return self.text[first.idx:token.idx + len(token.text)], first.idx, token.idx + len(token.text)

    def _law_in(self, token) -> tuple[str, int, int] | None:
        laws = [e for e in self.all_entities if e.type == "LAW" and token.left_edge.idx <= e.start < token.right_edge.idx + len(token.right_edge.text)]
        if not laws:
            return None
        law = max(laws, key=lambda e: ("article" not in e.canonical.lower(), e.end - e.start))
        return law.canonical, law.start, law.end

    def _named_in(self, token) -> tuple[str, int, int] | None:
        for t in token.subtree:
            entity = self.entity_of(t)
            if entity is not None and entity.type in ("PERSON", "ORG") and not self.is_media(entity):
                return self.name(entity), entity.start, entity.end
        return None

    def last_person(self, at: int) -> tuple[str, int, int] | None:
        """The person last named as the subject of a main clause before ``at``
        (outside quotes); else as any subject; else last named."""
        mention = subject = None
        subject_sentence = None
        for entity in reversed(self.entities[:bisect_left(self._starts, at)]):
            if entity.type != "PERSON" or self.in_quote(entity.start):
                continue
            if mention is None:
                mention = entity
            head = self._head_token(entity)
            if subject is not None and head is not None and head.sent.start != subject_sentence.start:
                # A main clause's subject wins within a sentence, not over a later sentence's
                # subject, unless that sentence's main subject is itself someone ("the minister").
                if not self._person_described(subject_sentence):
                    break
            while head is not None and head.dep_ in ("compound", "flat") and head.head is not head:
                head = head.head  # "Andrew Tyrie MP demanded"
            if subject is None and head is not None and _relative_subject(head):
                subject, subject_sentence = entity, head.sent  # "an administrator, Ann Lee, who has sued ..."
            if head is not None and head.dep_ == "appos":
                head = head.head
            if head is not None and head.dep_ in _SUBJECTS and head.head.pos_ in ("VERB", "AUX"):
                clause = head.head
                while clause.dep_ == "conj" and clause.head is not clause:
                    clause = clause.head
                if clause.dep_ == "ROOT" or clause.sent.start != head.sent.start:
                    return self.name(entity), entity.start, entity.end
                if subject is None and _finite(head.head):
                    # "... said Mr Bush had learned": not the main clause's ("despite having Ann Lee
                    # out injured" is no clause of its own)
                    subject, subject_sentence = entity, head.sent
        best = subject or mention
        return (self.name(best), best.start, best.end) if best else None

    def _plural_reporter(self, at: int) -> tuple[str, int, int] | None:
        """Who "they" are as a source: the group, named by a plural noun, that
        reported something in the sentence before ("Union officials denied it.
        They said ...")."""
        n = bisect_left(self._token_starts, at)
        if n >= len(self.doc) or self.doc[n].sent.start == 0:
            return None
        previous = self.doc[self.doc[n].sent.start - 1].sent
        for verb in reversed(self.reporting_verbs(previous.start_char, previous.end_char)):
            source = self.source_token(verb)
            if source is not None and source.tag_ in ("NNS", "NNPS") and source.pos_ == "NOUN" and self.entity_of(source) is None:
                return self.resolve(source, source.idx)
        return None

    def _person_described(self, sentence) -> bool:
        """The main clause of ``sentence`` has a person for subject by description or pronoun ("The minister said ...")."""
        subjects = [c for c in sentence.root.children if c.dep_ in ("nsubj", "nsubjpass")]
        return any(c.lower_ in PERSON_DESCRIPTORS or c.lower_ in PERSON_PRONOUNS for c in subjects)

    def next_person(self, after: int, within: int = 300) -> tuple[str, int, int] | None:
        """The first person named after ``after`` (within ``within`` characters, outside quotes)."""
        for entity in self.entities[bisect_left(self._starts, after):]:
            if entity.start - after > within:
                break
            if entity.type == "PERSON" and not self.in_quote(entity.start):
                return self.name(entity), entity.start, entity.end
        return None

    def next_organisation(self, after: int, within: int = 400) -> tuple[str, int, int] | None:
        """The first organisation named after ``after`` (within ``within`` characters, outside quotes)."""
        for entity in self.entities[bisect_left(self._starts, after):]:
            if entity.start - after > within:
                break
            if entity.type == "ORG" and not self.in_quote(entity.start) and not self.is_media(entity):
                return self.name(entity), entity.start, entity.end
        return None

    def last_organisation(self, at: int, word: str | None = None, within: int | None = None,
                          named_only: bool = False) -> tuple[str, int, int] | None:
        candidates = [e for e in self.entities[:bisect_left(self._starts, at)] if e.type == "ORG" and not self.is_media(e)]
        if within is not None:
            candidates = [e for e in candidates if at - e.end <= within]
        if word:
            named = [e for e in candidates if word in e.canonical.lower() or word in e.text.lower()]
            candidates = named if named or named_only else candidates
        if not candidates:
            return None
        # The organisation the article is about: named most often, then most recently.
        mentions: dict[str, int] = {}
        for e in candidates:
            mentions[e.canonical] = mentions.get(e.canonical, 0) + 1
        e = max(reversed(candidates), key=lambda e: mentions[e.canonical])
        return e.canonical, e.start, e.end

    def last_issuer(self, at: int) -> tuple[str, int, int] | None:
        """Who issued "the statement": the last organisation that reported something,
        else the last person that did."""
        if self.issuer is not None:
            found = self.issuer(at)
            return found if found is not None and found[1] < at else None  # never someone named only later
        for verb in reversed(self.reporting_verbs(0, at)):
            source = self.source_token(verb)
            if source is not None:
                entity = self.entity_of(source) or next((self.entity_of(t) for t in source.subtree if self.entity_of(t)), None)
                if entity is not None and entity.type in ("ORG", "PERSON") and not self.is_media(entity):
                    return self.name(entity), entity.start, entity.end
        return self.last_organisation(at) or self.last_person(at)

    def _head_token(self, entity: Entity):
        tokens = self.tokens(entity.start, entity.end)
        if not len(tokens):
            return None
        return max(tokens, key=lambda t: -sum(1 for a in t.ancestors if entity.start <= a.idx < entity.end))

    def subject_of_sentence(self, start: int, end: int) -> tuple[str, int, int] | None:
        """The named person or organisation that is the subject of text[start:end]'s main verb."""
        for token in self.tokens(start, end):
            if token.dep_ in ("nsubj",) and (token.head.dep_ == "ROOT" or not start <= token.head.idx < end) and not self.in_quote(token.idx):
                entity = self.entity_of(token) or next((self.entity_of(t) for t in token.subtree if self.entity_of(t)), None)
                if entity is not None and entity.type in ("PERSON", "ORG") and not self.is_media(entity):
                    return self.name(entity), entity.start, entity.end
                return None
        return None

    def reporter_of_sentence(self, start: int, end: int) -> tuple[str, int, int] | None:
        """The named person or organisation that last reports something in
        text[start:end] ("The prices were high but Ann Lee said it did not
        matter." -> Ann Lee), outside quotes."""
        for verb in reversed(self.reporting_verbs(start, end)):
            source = self.source_token(verb)
            if source is None or self.in_quote(source.idx):
                continue
            entity = self.entity_of(source) or next((self.entity_of(t) for t in source.subtree if self.entity_of(t)), None)
            if entity is not None and entity.type in ("PERSON", "ORG") and not self.is_media(entity):
                return self.name(entity), entity.start, entity.end
        return None

    def embedded_speaker(self, start: int, end: int, window: tuple[int, int]) -> tuple[str, int, int] | None:
        """Whose term a fragment quoted in narration is: the named subject of the
        sentence, when the fragment belongs to the main clause ('X has classed
        the bonds as "junk"'), not to a clause of its own or of a noun ('rejected
        calls to "pause"', 'a suggestion that they should "pay"')."""
        tokens = self.tokens(start, end)
        if not len(tokens):
            return None
        token = min(tokens, key=lambda t: sum(1 for _ in t.ancestors))
        while token.head.i != token.i:
            head = token.head
            if token.dep_ in ("acl", "relcl", "ccomp", "xcomp", "advcl", "csubj", "parataxis", "conj") and (
                head.pos_ in ("NOUN", "PROPN") or token.dep_ != "conj" and any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)
                or token.dep_ in ("acl", "relcl")
            ):
                return None
            if head.pos_ == "NOUN" and (head.lower_ in SAYING_NOUNS or head.lower_[:-1] in SAYING_NOUNS):
                return None  # "rejected calls to 'pause'": the callers' word
            token = head
        return self.subject_of_sentence(*window)

    # -- a quote's speaker ----------------------------------------------------------------
    def inner_speaker(self, start: int, end: int, outer: tuple[int, int]) -> tuple[str, int, int] | None:
        """Who a fragment quoted inside a quote belongs to: the named subject of a
        reporting verb in the outer quote that governs it ('X said we should 'be bold'')."""
        inside = {t.i for t in self.tokens(start, end)}
        for verb in self.tokens(*outer):
            if verb.lower_ not in REPORTING_FORMS or verb.pos_ != "VERB" or not any(t.i in inside for t in verb.subtree):
                continue
            source = self.source_token(verb)
            named = self._named_in(source) if source is not None else None
            if named is not None and not (start <= named[1] < end):
                return named
        return None

    def _saying_noun(self, start: int, end: int) -> tuple[str, int, int] | None:
        """The owner of the words a quote is part of: 'Russia's announcement of the "liberation"'."""
        tokens = self.tokens(start, end)
        if not len(tokens):
            return None
        top = min(tokens, key=lambda t: sum(1 for _ in t.ancestors))
        token = top.head
        for _ in range(3):
            if token.pos_ in ("VERB", "AUX") or token is token.head:
                return None
            if token.lower_ in SAYING_NOUNS and not self.in_quote(token.idx):
                owners = [c for c in token.children if c.dep_ == "poss"]
                return self.resolve(owners[0], start) if owners else None
            token = token.head
        return None

    def quote_speaker(self, start: int, end: int, window: tuple[int, int]) -> tuple[tuple[str, int, int] | None, str | None]:
        """The speaker of the quote text[start:end] from reporting verbs in ``window`` (its sentence)."""
        quote_tokens = {t.i for t in self.tokens(start, end)}
        verbs = self.reporting_verbs(*window)
        source = None

        def governs(verb) -> bool:
            return any(t.i in quote_tokens for t in verb.subtree) or any(
                a.i == verb.i for t in self.tokens(start, end) for a in t.ancestors)

        said = self._saying_noun(start, end)
        if said is not None:
            return said, "words of"
        # The verb whose clause holds the quote, the outermost first; then the nearest.
        ranked = sorted(verbs, key=lambda v: (not governs(v), sum(1 for _ in v.ancestors) if governs(v) else 0,
                                              min(abs(v.idx - start), abs(v.idx - end))))
        for verb in ranked:
            token = self.source_token(verb)
            if token is None:
                continue
            source = self.resolve(token, start)
            if source:
                return source, verb.lower_
        according = self.according_to(*window)
        if according is not None:
            source = self.resolve(according, start)
            if source:
                return source, "according to"
        return None, None
