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

# -- words that never open a noun phrase -------------------------------------------------------
# Conjunctions, auxiliaries, reporting verbs, relatives and prepositions: a possessive
# needs a noun after it, so before one of these a name's "'s" is part of the name.
NOT_POSSESSED_WORDS = (
    "and or but has have had is are was were will would could should may might can said says say also did does do "
    "which who whose that in on at for to from with by after before since"
).split()

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
# Of those, heads of the name of a place of learning or care, often named for a saint or a
# person ("St Mary's High School", "Ann Lee College"), and shortened to that part ("St Mary's").
INSTITUTION_HEADS = frozenset("School College Academy University Institute Seminary Polytechnic".split())
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


# -- attribution (who says what) -------------------------------------------------------------
# Base forms of communicative and cognitive verbs that attribute content to a source
# ("X said that ...", "X believes ...", "X accused Y of ..."). Inflected by ``reporting_forms``.
REPORTING_LEMMAS = frozenset(
    "say state tell add write claim confirm deny announce report note stress emphasise emphasize assert insist "
    "accuse call describe praise hail condemn criticise criticize thank urge warn vow threaten believe think "
    "predict forecast cite declare explain argue promise pledge reply respond acknowledge admit reveal suggest "
    "maintain allege estimate expect fear hope reckon doubt disclose concede complain recommend propose "
    "quote tweet testify contend indicate show point caution apologise apologize blame brand highlight defend "
    "express question welcome conclude recall observe remark understand find "
    "stipulate decide determine order read label demand accept agree hint comment flag".split()
)
_IRREGULAR_FORMS = {
    "say": ("said",), "tell": ("told",), "think": ("thought",), "write": ("wrote", "written"),
    "forecast": ("forecast",), "quote": ("quoting",), "admit": ("admitted", "admitting"),
    "find": ("found",), "understand": ("understood",), "read": ("read",), "label": ("labelled", "labeled"),
    "flag": ("flagged", "flagging"),
}


def reporting_forms(lemmas=REPORTING_LEMMAS) -> frozenset:
    """Every inflection of the given verbs: "deny" -> deny, denies, denied, denying."""
    forms = set()
    for lemma in lemmas:
        forms.add(lemma)
        forms.update(_IRREGULAR_FORMS.get(lemma, ()))
        if lemma.endswith("y") and lemma[-2] not in "aeiou":
            forms.update((lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"))
        elif lemma.endswith("e"):
            forms.update((lemma + "s", lemma + "d", lemma[:-1] + "ing"))
        elif lemma.endswith(("s", "sh", "ch", "x")):
            forms.update((lemma + "es", lemma + "ed", lemma + "ing"))
        else:
            forms.update((lemma + "s", lemma + "ed", lemma + "ing"))
    return frozenset(forms)


REPORTING_FORMS = reporting_forms()
# Of these, verbs that report only through a that-clause ("decided that ...", "found that ..."):
# "decided to leave", "found the keys" report nothing.
CLAUSE_ONLY_FORMS = reporting_forms(frozenset("decide determine order find show read write accept agree hope".split()))
# Passive reports of hearsay with an infinitive ("is said to have", "is believed to be");
# "was urged to resign" is not hearsay.
HEARSAY_FORMS = reporting_forms(frozenset("say report believe think understand claim allege know reckon consider expect".split()))
# Prepositions that bring what is reported ("accused of", "praised for", "warned about");
# others say where, when or to whom ("said in a statement", "responded to the figures").
CONTENT_PREPOSITIONS = frozenset("of for about against over as".split())
# Verbs whose object is the listener, not the content ("told reporters that ...").
TELLING_LEMMAS = frozenset("tell thank urge warn".split())
TELLING_FORMS = reporting_forms(TELLING_LEMMAS) - reporting_forms(frozenset({"thank", "urge", "warn"}))
# Verbs whose passive subject is the listener or the source quoted, not what was said ("was
# told by", "were urged by", "was quoted by"); "was called by" is seldom a report ("a strike").
LISTENER_FORMS = reporting_forms(TELLING_LEMMAS | frozenset({"quote", "cite", "call"}))
# Verbs whose object names the source quoted ("KCNA quoted the ministry as saying").
QUOTING_FORMS = reporting_forms(frozenset({"quote", "cite"}))
# Someone speaking for an organisation or a person: the source is who they speak for.
SPOKESPERSON_WORDS = frozenset(
    "spokesman spokeswoman spokesperson spokespeople spokesmen spokeswomen representative representatives "
    "official officials source sources insider insiders aide aides lawyer lawyers".split()
)
# Documents and announcements: the source is who issued them.
DOCUMENT_WORDS = frozenset(
    "statement report announcement bulletin document declaration communique release letter note memo website "
    "survey study poll research figures data filing message post tweet pitch advert advertisement".split()
)
# Nouns that stand for an organisation named nearby ("the firm", "the bank").
ORG_REFERENCE_WORDS = ORG_DESCRIPTIONS | frozenset(
    "firm company bank group airline club federation association union council authority authorities "
    "regulator watchdog business corporation carrier broadcaster network studio label retailer maker "
    "manufacturer producer operator team newspaper paper agency organisation organization charity campaign "
    "ministry department commission board giant conglomerate chain outfit".split()
)
# Institutions named by a capitalised common noun ("in Parliament", "in Congress"): bodies, not places.
INSTITUTION_NAMES = frozenset("congress senate parliament assembly cabinet treasury commons lords government".split())
# Nouns for what someone said: a quote inside "Russia's announcement of the '...'" is Russia's.
SAYING_NOUNS = DOCUMENT_WORDS | frozenset(
    "claim claims words description call warning promise pledge remarks comments accusation denial assertion "
    "admission speech words verdict".split()
)
# Pronouns that stand for a person, and for an organisation or a group.
PERSON_PRONOUNS = frozenset("he she him her his".split())
GROUP_PRONOUNS = frozenset("it they its their".split())
# Titles dropped from the front of a speaker's name ("Sir Andrew Green" -> Andrew Green), lower
# case; narrower than HONORIFICS below, which trims entity spans ("Labour Party" keeps "Labour").
SPEAKER_TITLES = frozenset(
    "mr mr. mrs mrs. ms ms. miss dr dr. prof prof. professor sir dame lord lady baroness baron rev rev. "
    "reverend father sister brother president chairman chairwoman comrade general gen. captain capt. "
    "colonel col. major sergeant sgt. judge justice senator sen. rep. governor gov. mayor minister "
    "chancellor king queen prince princess sheikh".split()
)
# Phrases that introduce a name or a term in quotation marks ('so-called "beer-like" drinks'):
# what follows is not someone's words. "called"/"named" count only after "a/an/the <noun>".
NAMING_PHRASES = ("so-called", "known as", "dubbed", "nicknamed", "termed", "the term", "the word", "the phrase", "the name")
NAMING_VERBS = ("called", "named")

# -- entity spans (general English; see ner/spans.py) -------------------------------------
# Titles and honorifics left out of a person's span ("President Putin" -> "Putin"):
# capitalised words before a name that are not part of it.
HONORIFICS = frozenset(
    "Mr Mrs Ms Miss Mx Dr Prof Professor Sir Dame Lord Lady Baroness Baron Earl Duke Duchess Count Countess "
    "King Queen Prince Princess Crown Emperor Empress Sheikh Pope Cardinal Archbishop Bishop Rev Reverend Father "
    "Brother Sister Saint St Rabbi Imam Ayatollah Comrade Chairman Chairwoman Chair President Vice Premier Prime "
    "Minister Chancellor Secretary Speaker Deputy Governor Mayor Senator Sen Rep Representative Congressman "
    "Congresswoman Judge Justice Attorney General Gen Lt Colonel Col Major Maj Captain Capt Commander Admiral "
    "Marshal Sergeant Sgt Corporal Private Officer Inspector Detective Chief Executive Director Leader Ambassador "
    "Commissioner Chief Coach Manager Boss Skipper Producer Director Songwriter Singer Actor Actress Author Writer "
    "Analyst Economist Spokesman Spokeswoman Spokesperson Founder Chairman Editor Dame MP MEP Former Then Late "
    "Acting Interim Foreign Defence Defense Home Health Finance Trade Culture Sports Education Shadow Labour "
    "Transport Transportation Energy Environment Interior Agriculture Commerce Housing "
    "Conservative Democratic Republican Army Navy Air Police State Rt Hon".split()
)
# Of those, words that also name a party or a service on their own ("Labour won", "the Army
# said", "Conservative cuts"): kept as entities when the recogniser finds them alone.
GROUP_HONORIFICS = frozenset("Labour Conservative Democratic Republican Army Navy Police".split())
# Honorifics that mark what follows as a person's name, whatever a model thought it was ("Mr Brown").
PERSON_MARKERS = frozenset("Mr Mrs Ms Miss Dr Sir Dame Lord Lady Prof Professor Rev Revd".split())
# The last word of a name that makes it an event ("SAP Open", "London Marathon", "Grand Prix").
EVENT_NAME_HEADS = frozenset(
    "Open Championship Championships Cup Games Olympics Olympiad Marathon Tournament Trophy Prix Classic Masters "
    "Rally Festival Awards Expo Summit Derby Invitational Regatta War League "
    "Revolution Uprising".split()
)
# The last word of the name of an award, a thing given (not one of the entity types): "Grammy
# Award", "Turner Prize", "Gold Medal". Plural, "Awards" names the ceremony, an event (above).
AWARD_NAME_HEADS = frozenset("Award Prize Medal".split())
# Words that anchor a time expression to the calendar ("last year", "two years ago", "the following month").
DATE_DEICTIC = frozenset(
    "last next this past previous coming recent following prior ago earlier later current same end beginning start "
    "middle early late mid".split()
)
# Units and periods a calendar reference is built from.
DATE_UNITS = frozenset(
    "day days week weeks weekend weekends fortnight month months year years decade decades century centuries "
    "quarter quarters half season seasons spring summer autumn fall winter period".split()
)
# Words that are a calendar reference on their own.
DATE_WORDS = frozenset("yesterday today tomorrow Christmas Easter".split())
# Ordinals that name a quarter or half ("the fourth quarter", "first-half").
ORDINALS = ("first", "second", "third", "fourth", "final")
# Lower-case nouns that introduce an organisation's name right after them
# ("copy protection firm Acme", "oil giant Yukos", "polling company Mori").
ORG_DESCRIPTORS = frozenset(
    "firm company companies giant group agency bank banks carrier airline airlines maker makers manufacturer retailer "
    "chain insurer lender broker brokerage publisher broadcaster channel network newspaper paper magazine tabloid "
    "website site studio label club side team operator provider developer distributor supplier conglomerate "
    "consultancy consultants pollster watchdog regulator charity organisation organization union party "
    "subsidiary rival rivals partner owner startup start-up".split()
)
# Lower-case nouns for a person's role or trade that introduce a person's name right after
# them ("credit analyst Ann Lee", "captain Jo Bloggs", "the administrator, Ed Vane,").
PERSON_DESCRIPTORS = frozenset(
    "analyst analysts economist economists strategist strategists spokesman spokeswoman spokesperson chairman "
    "chairwoman chair director directors manager managers executive executives boss founder president minister "
    "secretary administrator lawyer attorney judge professor scientist "
    "expert official officer commissioner governor mayor senator candidate campaigner activist author writer "
    "novelist journalist reporter editor columnist critic presenter actor actress singer "
    "songwriter musician guitarist drummer rapper composer supermodel artist photographer "
    "dancer comedian captain coach striker midfielder defender goalkeeper winger batsman bowler "
    "athlete runner sprinter skipper fly-half scrum-half hooker full-back referee "
    "colleague team-mate teammate wife husband son daughter mother father brother sister".split()
)
# Lower-case nouns for products and works: a name owned by someone and followed by one
# ("its new Zapper technology", "the BBC's Nightline programme"), or introduced by one
# ("the browser Zapper", "games such as Zapper"), is a product or a work, not an entity.
PRODUCT_NOUNS = frozenset(
    "technology technologies software browser browsers program programs programme programmes app apps application "
    "applications game games console consoles device devices gadget gadgets handset handsets phone phones "
    "format formats platform platforms film films movie movies series show sitcom album albums single "
    "song songs book books novel novels musical drug drugs vaccine vaccines engine chip chips processor processors "
    "operating".split()
)
# Of those, nouns for a work whose title may follow them after a determiner or an owner
# ("her book Zapper", "the film Zapper"): the title is no entity (a person's name is left alone:
# "the film Ann Lee directed").
WORK_NOUNS = frozenset("book novel film movie song album sitcom documentary musical opera".split())
# Of those, the ones that are never verbs, so may introduce a name ("the browser Zapper",
# "games such as Zapper"): "show Labour ahead" and "book Ryanair flights" introduce nothing.
PRODUCT_DESCRIPTORS = frozenset(
    "technology software browser browsers programs programme programmes app apps console consoles device devices "
    "gadget gadgets handset handsets games sitcom album albums novel novels movie movies drugs vaccine system "
    "systems".split()
)
# The last word of the name of a facility or a street, not an entity ("the Grange Stadium",
# "Elm Park", "Kings Road"; the conventions annotate no facilities).
FACILITY_HEADS = frozenset(
    "Stadium Arena Park Airport Airfield Station Street Road Avenue Lane Square Bridge Tunnel Racecourse".split()
)
# Time zones: part of a time of day ("0300 GMT"), never an organisation or place.
TIME_ZONES = frozenset("GMT BST UTC CET CEST EST EDT CST CDT MST MDT PST PDT JST IST AEST AEDT".split())
# Words after a place's name that say it is an administrative area: lower-case they stay
# out of the span ("Kursk region" -> "Kursk"), capitalised they are part of it ("Kursk Oblast").
PLACE_DESIGNATORS = frozenset(
    "region province oblast krai district county prefecture governorate municipality territory".split()
)
# -- figures ---------------------------------------------------------------------------------
# Numbers written as words that count things in a time expression ("three months to September").
COUNT_WORDS = tuple("one two three four five six seven eight nine ten eleven twelve fifteen twenty fifty".split())
# Words and abbreviations that scale a figure ("$1.1bn", "2 million people"), and the ways a
# figure is written as a share ("12%", "12 per cent"): comparing two figures needs both.
NUMBER_SCALES = {
    "k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9, "tn": 1e12, "trillion": 1e12,
}
PERCENT_SIGNS = ("%", "per cent", "percent")
