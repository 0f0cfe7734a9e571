"""The words newsdesk knows, in one place: entity types, months and weekdays,
reporting verbs, organisation and law words, stop words and the stemmers.

Plain data and two small functions, no I/O: any stage (sources, analysis,
index) and the front ends may read it. A list that serves two purposes
differently is kept as one shared core plus what each purpose adds, named
for that purpose, so changing the core changes both on purpose.
"""

from __future__ import annotations

# -- entity types ---------------------------------------------------------------------
ENTITY_TYPES = ("PERSON", "ORG", "GPE", "LOC", "DATE", "NORP", "LAW", "EVENT")
# How the types are shown, in the order they are listed (dates last: the least telling).
ENTITY_ORDER = ("PERSON", "ORG", "GPE", "LOC", "NORP", "LAW", "EVENT", "DATE")
ENTITY_LABELS = {
    "PERSON": "People",
    "ORG": "Organisations",
    "GPE": "Countries, cities, regions",
    "LOC": "Other places",
    "NORP": "Nationalities and groups",
    "LAW": "Treaties and laws",
    "EVENT": "Events",
    "DATE": "Dates",
}

# -- months and weekdays (English names; no locale is consulted) ----------------------------
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NUMBERS = {name.lower(): number for number, name in enumerate(MONTH_NAMES, start=1)}  # "june" -> 6
WEEKDAY_NUMBERS = {name.lower(): number for number, name in enumerate(WEEKDAY_NAMES)}  # "monday" -> 0, as date.weekday()
# Regular expressions for a capitalised month or weekday name, as written in text.
MONTH = "(?:" + "|".join(MONTH_NAMES) + ")"
WEEKDAY = "(?:" + "|".join(WEEKDAY_NAMES) + ")"

# -- reporting verbs ------------------------------------------------------------------------
# Verbs that attribute words to someone: "X said", "X claimed that", "the statement reads".
REPORTING_VERBS = (
    "said says say added adds stated states state told tells wrote writes declared declares noted notes "
    "explained stressed stresses emphasized emphasised announced announces warned warns reads read "
    "claimed claims asserted asserts insisted insists reported reports praised praises described describes "
    "called calls labeled labelled vowed vows accused accuses believes believed determined decided "
    "ordered confirmed confirms stipulates stipulated condemned condemns thanked thanks hailed hails denied "
    "denies argued argues promised pledged urged replied responded acknowledged admitted quoted quotes"
).split()
# The same as a regular-expression alternation (no word is a prefix-clash: order kept as listed).
REPORTING_VERB = "|".join(REPORTING_VERBS)

# -- organisations and laws -------------------------------------------------------------------
# Words that both end an organisation's name ("Defence Ministry") and stand for one ("the ministry").
_ORG_CORE = frozenset(
    "agency army commission committee council court department forces ministry office parliament party staff".split()
)
# The last word of a capitalised name that makes it an organisation (rule-based recognition).
ORG_NAME_HEADS = frozenset(
    word.capitalize()
    for word in _ORG_CORE
    | set(
        "association bank company corp force foundation group inc institute ltd news organisation organization "
        "service union university".split()
    )
)
# The head of a description that stands for an organisation named nearby ("the commission", "the kremlin").
ORG_DESCRIPTIONS = _ORG_CORE | frozenset("body command government kremlin military".split())

# Words that make a name a treaty or law ("... Partnership Treaty", "UN Charter").
LAW_WORDS = ("treaty", "charter", "convention", "accord", "agreement", "protocol", "act", "pact")
# As a speaker description ("the treaty stipulates") "act" and "protocol" are too often something else.
LAW_DESCRIPTIONS = frozenset(LAW_WORDS) - {"act", "protocol"}

# -- stop words ------------------------------------------------------------------------------
# Function words both lists below leave out.
FUNCTION_WORDS = frozenset("the and that this with have has had was were are been for its their his her".split())
# Words passed over when looking for the noun a fact is about ("signed the treaty" -> "treaty").
FACT_STOP_WORDS = FUNCTION_WORDS | frozenset("a an of in on by or to these those is be it".split())
# Words too common in any report to say what a claim is about: they would link unrelated claims.
# (Clustering only looks at words of three letters or more.)
CLUSTER_STOP_WORDS = FUNCTION_WORDS | frozenset(
    "not but they them which who whom said says also into than then there about after before over under "
    "between while would could should will can may such other more most some any all both each one two our "
    "out per via upon being what when where how from".split()
)


# -- stemmers ----------------------------------------------------------------------------------
# Two on purpose: fact keys are shown to the user ("sign treaty") and must stay
# words, while cluster features are only compared and may be cut harder. Using
# either for both changes which claims cluster together.
def readable_stem(word: str) -> str:
    """Just enough stemming to match "signed"/"sign", "treaties"/"treaty",
    "prices"/"price", leaving a readable word: for fact keys the user sees."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes", "zes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    if word.endswith("ed") and len(word) > 4:
        return word[:-2]
    if word.endswith("ing") and len(word) > 5:
        return word[:-3]
    return word


def matching_stem(word: str) -> str:
    """A cruder cut ("negotiations" -> "negoti") that keeps at least four letters:
    for comparing the words of claims, never shown."""
    for suffix in ("ations", "ation", "ing", "ies", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


# -- the shape of a headline ------------------------------------------------------
HEADLINE_MAX = 160


def looks_like_headline(line: str) -> bool:
    """A short line in Title Case with no closing punctuation."""
    if len(line) > HEADLINE_MAX or line[-1] in ".!?\"”’:;,":
        return False
    words = [w for w in line.split() if w[:1].isalpha()]
    capitalised = sum(1 for w in words if w[0].isupper())
    return bool(words) and capitalised / len(words) >= 0.5


# -- figures ---------------------------------------------------------------------------------
# Words and abbreviations that scale a figure ("$1.1bn", "2 million people"), and the ways a
# figure is written as a share ("12%", "12 per cent"): comparing two figures needs both.
NUMBER_SCALES = {
    "k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9, "tn": 1e12, "trillion": 1e12,
}
PERCENT_SIGNS = ("%", "per cent", "percent")
