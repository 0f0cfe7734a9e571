"""The pattern layer: spans every recogniser trusts over its own guesses.

Gazetteer variants ("DPRK", "Comrade Kim Jong-un"), treaty, law, bill and article
names ("Article 4 of the ... Treaty", "the Freedom of Information Act", "the Police and Crime Bill") and dates ("June 19, 2024", "last
August", "earlier this month", "the fourth quarter of 2004"), found by regular expressions over the raw text.
"""

from __future__ import annotations

import re

from ...lexicon import COUNT_WORDS, LAW_WORDS, MONTH, WEEKDAY
from .gazetteer import Gazetteer, variant_pattern

# A capitalised word, and a name of up to seven of them ("Ministry of the Interior").
CAP = r"[A-Z][\w’'.-]*"
_NAME = rf"{CAP}(?:\s+(?:of\s+(?:the\s+)?)?{CAP}){{0,6}}"
_LAW_WORD = "(?:" + "|".join(word.capitalize() for word in LAW_WORDS) + ")"
_LAW_NAME = (
    rf"(?:(?:{CAP}(?<!\.)\s+(?:(?:of|and)\s+(?=[A-Z]))?){{0,4}}{_LAW_WORD}\b"
    rf"(?:\s+(?:on|of)\s+(?:the\s+)?(?!{MONTH}\b|\d){CAP}(?:\s+{CAP}){{0,5}})?"
    rf"|Treaty\s+(?:on|of)\s+(?:the\s+)?{CAP}(?:\s+{CAP}){{0,5}})"
    # a full title names the parties: "... between North Korea and Russia"
    rf"(?:\s+between\s+(?:the\s+)?{_NAME}\s+and\s+(?:the\s+)?{_NAME})?"
)
# A bill before parliament, by its title: "the Serious Crime and Police Bill" (after "the":
# "Bill" alone also names a person, as in "Uncle Bill").
_BILL_NAME = rf"(?<=\b[Tt]he\s)(?:{CAP}(?<!\.)\s+(?:and\s+(?=[A-Z]))?){{1,6}}Bill\b(?!\s+[A-Z])"
LAW_PATTERN = re.compile(
    rf"\bArticle\s+\d+[a-z]?(?:\s+of\s+(?:the\s+)?(?:{_LAW_NAME}|(?:partnership|bilateral)\s+treaty))?"
    rf"|\b{_LAW_NAME}"
    rf"|{_BILL_NAME}"
)
_YEAR = r"(?:1[6-9]|20)\d{2}(?![ \t]*(?:GMT|BST|UTC|hrs|hours|local|ET|EST|PST))"
_COUNT = r"(?:\d[\d,]*|a|an|" + "|".join(COUNT_WORDS) + r"|a[ \t]+few|few|several|many|a[ \t]+couple[ \t]+of|couple[ \t]+of)"
_UNIT = r"(?:days?|weeks?|weekends?|fortnights?|months?|years?|decades?|centuries|century|quarters?|seasons?|springs?|summers?|autumns?|winters?)"
_DEICTIC = r"(?:[Ll]ast|[Tt]his|[Nn]ext|[Pp]ast|[Cc]oming|[Pp]revious|[Ff]ollowing|[Pp]rior|[Rr]ecent|[Cc]urrent)"
_DAY_MONTH = rf"\d{{1,2}}(?:st|nd|rd|th)?[ \t]+{MONTH}(?:(?:,[ \t]?|[ \t]){_YEAR})?"
_MONTH_DAY = rf"{MONTH}[ \t]+\d{{1,2}}(?:st|nd|rd|th)?(?:(?:,[ \t]?|[ \t]){_YEAR})?"
_POINT = rf"(?:{_DAY_MONTH}|{_MONTH_DAY}|{MONTH}(?:[ \t]+{_YEAR})?|{_YEAR}s?|(?:the[ \t]+)?(?:year|month|week|decade|century))"
# Periods anchored to the calendar without a deictic word: "in seven years' time" (from
# now), "the holiday season", "the festive period" (of this year).
_ANCHORED = rf"\b{_COUNT}[ \t]+{_UNIT}['’]s?[ \t]+time\b|\b(?:[Hh]oliday|[Ff]estive)[ \t]+(?:season|period|weekend)\b"
ANCHORED_PERIOD = re.compile(_ANCHORED)
DATE_PATTERN = re.compile(
    # "Monday, April 28", "15 December, 1953", "June 19, 2024"
    rf"\b(?:{WEEKDAY},?[ \t]+)?(?:{_DAY_MONTH}|{_MONTH_DAY})\b"
    # "June 2024", "December last year", "June"
    rf"|\b{MONTH}(?:[ \t]+{_YEAR}|[ \t]+(?:last|this|next)[ \t]+year)?\b"
    # "between 1997 and 2002"
    rf"|\bbetween[ \t]+{_YEAR}[ \t]+and[ \t]+{_YEAR}\b"
    # "earlier this month", "last August", "the past six years", "recent months", "last three months of 2004"
    rf"|\b(?:(?:[Ee]arlier|[Ll]ater)[ \t]+)?{_DEICTIC}[ \t]+(?:(?:{_COUNT})[ \t]+)?(?:{_UNIT}(?:[ \t]+period)?|{WEEKDAY}|{MONTH})\b(?:[ \t]+of[ \t]+{_YEAR}\b)?"
    # "earlier in the week", "later this year" (above), "early February", "late 2004"
    rf"|\b(?:[Ee]arlier|[Ll]ater)[ \t]+in[ \t]+the[ \t]+(?:day|week|month|year|season)\b"
    rf"|\b(?:[Ee]arly|[Ll]ate|[Mm]id)[ \t-](?:{MONTH}|{_YEAR}s?)\b"
    # "two years ago", "a year earlier", "more than five years ago"
    rf"|\b(?:(?:more[ \t]+than|less[ \t]+than|about|some|nearly|almost|over)[ \t]+)?{_COUNT}[ \t]+{_UNIT}[ \t]+(?:ago|earlier|before)\b"
    # "end of the year", "beginning of 2004", "middle of 2005", "end of the financial year in June"
    rf"|\b(?:[Ee]nd|[Bb]eginning|[Ss]tart|[Mm]iddle|[Tt]urn)[ \t]+of[ \t]+(?:the[ \t]+)?(?:(?:financial|fiscal|tax|academic|calendar)[ \t]+year(?:[ \t]+in[ \t]+{MONTH})?|{_POINT})\b"
    # "the fourth quarter (of 2004)", "fourth-quarter 2004", "first half of 2005" (not a match's "first half")
    rf"|\b(?:[Ff]irst|[Ss]econd|[Tt]hird|[Ff]ourth|[Ff]inal)[ \t-](?:quarter(?:[ \t]+(?:of[ \t]+)?{_YEAR})?|half[ \t]+(?:of[ \t]+)?{_YEAR})\b"
    # "the weekend before last", "the season before last"
    rf"|\b(?:day|week|weekend|fortnight|month|year|season)[ \t]+before[ \t]+last\b"
    # "in seven years' time", "the holiday season"
    rf"|{_ANCHORED}"
    # "the 2000/2001 season", "2004/05", "the 2004-05 season"
    rf"|\b{_YEAR}/(?:{_YEAR}|\d{{2}})\b(?:[ \t]+season\b)?|\b{_YEAR}[-–](?:{_YEAR}|\d{{2}})[ \t]+season\b"
    # "summer 2006", "spring"
    rf"|\b(?:[Ss]pring|[Ss]ummer|[Aa]utumn|[Ww]inter)[ \t]+{_YEAR}\b"
    rf"|\b(?:[Yy]esterday|[Tt]omorrow|[Tt]oday|Christmas|Easter)\b"
    rf"|\b{WEEKDAY}\b"
    rf"|\b{_YEAR}s?\b"
)

# The label of a gazetteer span: a placeholder, spans.finish() takes the entry's own type.
GAZETTEER = "GAZETTEER"


class PatternLayer:
    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self._variants = variant_pattern(gazetteer)

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, label) of gazetteer variants, laws and dates, overlaps and all."""
        raw: list[tuple[int, int, str]] = []
        if self._variants:
            raw += [(m.start(), m.end(), GAZETTEER) for m in self._variants.finditer(text)]
        for match in LAW_PATTERN.finditer(text):
            raw += self._law_parts(text, match.start(), match.end())
        raw += [(m.start(), m.end(), "DATE") for m in DATE_PATTERN.finditer(text)]
        raw += [(m.start(), m.end(), "GPE") for m in _THE_WEST.finditer(text)]
        return raw

    def _law_parts(self, text: str, start: int, end: int) -> list[tuple[int, int, str]]:
        """The spans of one treaty mention, as the conventions split it:
        "Article 4" and the treaty's name are separate; the parties of a full
        title ("... between X and Y") are not part of the name; countries
        before it ("Russia-North Korea Treaty on ...") are places of their own."""
        parts: list[tuple[int, int, str]] = []
        article = _ARTICLE.match(text, start, end)
        if article:
            parts.append((start, start + len(article.group(1)), "LAW"))
            start = article.end()
            if start >= end or not text[start].isupper():
                return parts  # "Article 4" alone, or "of the partnership treaty"
        between = _BETWEEN.search(text, start, end)
        if between:
            end = between.start()
        if not self.gazetteer.lookup(text[start:end]):
            while True:
                modifier = self._leading_country(text, start, end)
                if modifier is None:
                    break
                parts.append((start, modifier[0], "GPE"))
                start = modifier[1]
        parts.append((start, end, "LAW"))
        return parts

    def _leading_country(self, text: str, start: int, end: int) -> tuple[int, int] | None:
        """(end of the country, start of what follows) when the name opens with a
        country joined by a hyphen or space to more of the name ("Russia-")."""
        for sep in re.finditer(r"\s*[-‐–—]\s*|\s+", text[start:end]):
            entry = self.gazetteer.lookup(text[start:start + sep.start()])
            if entry and entry.type == "GPE":
                rest = text[start + sep.end():end]
                if re.fullmatch(_LAW_WORD, rest):
                    return None  # "Lisbon Treaty": the place names the treaty
                return start + sep.start(), start + sep.end()
        return None


_ARTICLE = re.compile(r"(Article\s+\d+[a-z]?)(?:\s+of\s+(?:the\s+)?)?")
_BETWEEN = re.compile(r"\s+between\s")
# "the West" as a political bloc (not "the West Bank", "the West End").
_THE_WEST = re.compile(r"(?<=\bthe )West(?![\w-]| [A-Z])")
