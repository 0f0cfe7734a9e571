"""Speakers and sources from the dependency parse, one test per pattern, each
on sentences written for this test (not from the seeds or the dev set)."""

from __future__ import annotations

import pytest

from search.analysis.ner import load_gazetteer
from search.analysis.ner.spacy_model import model_problem
from search.analysis.quotes import find_quotes, quote_spans

pytestmark = pytest.mark.skipif(model_problem() is not None, reason=f"the spaCy model is needed: {model_problem()}")


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


def analyse(text: str, gazetteer):
    """(quotes, claims) of ``text`` with the model's entities and the parse."""
    from search.analysis.attribution import parse_texts
    from search.analysis.claims import find_claims
    from search.analysis.ner.spacy_model import SpacyRecognizer
    from search.analysis.quotes import SpeakerResolver

    (entities,) = SpacyRecognizer(gazetteer).recognise([text])
    (doc,) = parse_texts([text])
    quotes = find_quotes(text, entities, gazetteer, (), None, doc)
    resolver = SpeakerResolver(text, entities, gazetteer, ())
    claims = find_claims(text, entities, quotes, resolver, None, (), doc)
    return quotes, claims


def speakers(text, gazetteer):
    return [q.speaker for q in analyse(text, gazetteer)[0]]


def reported(text, gazetteer):
    return {c.text: c.attributed_to for c in analyse(text, gazetteer)[1] if c.kind == "reported"}


def test_subject_of_a_reporting_verb(gazetteer):
    text = 'Harriet Quimby told the inquiry that the ferry had left late. "We waited for an hour," Quimby said.'
    assert reported(text, gazetteer) == {"Harriet Quimby told the inquiry that the ferry had left late.": "Harriet Quimby"}
    (speaker,) = speakers(text, gazetteer)
    assert speaker.endswith("Quimby")  # the surname, or the full name it stands for


def test_object_of_according_to(gazetteer):
    text = "According to the Port Authority of Valencia, the cranes were idle for nine days in March."
    assert reported(text, gazetteer) == {text: "Port Authority of Valencia"}


def test_agent_of_a_passive(gazetteer):
    text = "It was announced by Siemens on Tuesday that the rail plant in Leeds would close."
    assert reported(text, gazetteer) == {text: "Siemens"}


def test_impersonal_passive_has_no_source(gazetteer):
    text = "It is understood that the two clubs have agreed a fee for the striker."
    assert reported(text, gazetteer) == {text: None}


def test_apposition_after_the_subject(gazetteer):
    text = 'Dame Olive Pemberton, chair of the school governors, says "the roof must be fixed before winter".'
    assert speakers(text, gazetteer) == ["Olive Pemberton"]


def test_a_description_resolves_to_the_person_named_before(gazetteer):
    text = ('Gustavo Ferreira has directed four films in Lisbon. '
            'The 52-year-old director said the next one "will be about my grandmother".')
    assert speakers(text, gazetteer) == ["Gustavo Ferreira"]


def test_a_spokesman_resolves_to_his_organisation(gazetteer):
    text = 'Shares in Nintendo fell on Monday. A Nintendo spokesman said: "We do not comment on rumours."'
    assert speakers(text, gazetteer) == ["Nintendo"]


def test_a_spokeswoman_for_an_organisation(gazetteer):
    text = 'A spokeswoman for Network Rail said: "Engineers are on site."'
    assert speakers(text, gazetteer) == ["Network Rail"]


def test_a_statement_resolves_to_its_issuer(gazetteer):
    text = ('The Norwegian Refugee Council said on Friday that the camps were full. '
            'The statement added that "another 4,000 families are on the road".')
    assert speakers(text, gazetteer)[-1] == "Norwegian Refugee Council"


def test_a_pronoun_is_the_person_last_named_as_a_subject(gazetteer):
    text = ('Marta Lindqvist thanked the volunteers after the race in Uppsala. '
            'She said: "Nobody expected this many runners."')
    assert speakers(text, gazetteer) == ["Marta Lindqvist"]


def test_continuation_quotes_keep_the_last_speaker(gazetteer):
    text = ('The coach Piotr Zielinski said: "We started slowly. "The second half was much better. '
            '"I am proud of them."')
    assert speakers(text, gazetteer) == ["Piotr Zielinski"] * 3


def test_a_quote_after_narration_is_the_subject_of_that_narration(gazetteer):
    text = ('Ingrid Solberg urged the council to act before the floods return. '
            '"The river has risen twice this year, and the pumps are old."')
    assert speakers(text, gazetteer) == ["Ingrid Solberg"]


def test_bbc_style_unclosed_quotes_are_paired_forward():
    text = ('He said: "The first sentence ends here. "The second starts a new quote.\n\n'
            '"A new paragraph, a new quote," he added.')
    spans = [(text[s:e], unclosed) for s, e, unclosed in quote_spans(text)]
    assert spans == [
        ("The first sentence ends here.", True),
        ("The second starts a new quote.", True),
        ("A new paragraph, a new quote,", False),
    ]


def test_single_quoted_fragment_inside_a_quote_is_a_quote():
    text = """She said: "They called it 'a bargain' at the time." """
    assert [text[s:e] for s, e, _ in quote_spans(text)] == ["They called it 'a bargain' at the time.", "a bargain"]


def test_a_sentence_that_only_carries_a_quote_is_not_a_reported_claim(gazetteer):
    text = '"The harvest was the worst in memory," said Farid Haddad, a grower near Aleppo.'
    assert reported(text, gazetteer) == {}
    text = 'Farid Haddad said the harvest was "the worst in memory" after the dry spring.'
    assert reported(text, gazetteer) == {text: "Farid Haddad"}


def test_factual_claims_carry_a_figure_or_date_and_a_score(gazetteer):
    text = ("The bakery chain Greggs opened 145 new shops in 2023, its biggest expansion yet. "
            "The weather was pleasant.")
    (claim,) = analyse(text, gazetteer)[1]
    assert claim.kind == "factual" and claim.attributed_to is None and 0.0 < claim.score <= 1.0


def test_a_telling_verb_names_its_listener_not_its_content(gazetteer):
    text = '"We are not for sale," Aiko Tanaka told the Financial Times.'
    assert reported(text, gazetteer) == {}


def test_a_headline_that_reports_is_a_claim_of_its_subject(gazetteer):
    text = "Heathrow Denies Plans to Close Third Runway\n\nThe airport opened in 1946 near the village of Harmondsworth."
    assert reported(text, gazetteer) == {"Heathrow Denies Plans to Close Third Runway": "Heathrow"}


def test_a_passive_accusation_is_reported_without_a_named_source(gazetteer):
    text = "The referee was accused of ignoring two clear penalties in the second half."
    assert reported(text, gazetteer) == {text: None}


def test_quoting_a_source_as_saying_names_the_quoted_source(gazetteer):
    text = 'The agency quoted the Danish Energy Agency as saying that the pipeline would reopen in May.'
    assert reported(text, gazetteer) == {text: "Danish Energy Agency"}


def test_a_fragment_inside_a_quote_belongs_to_whoever_it_is_quoted_from(gazetteer):
    text = ('"My grandfather Tomas Berglund always said we must \'row with the tide\', and he was right," '
            'said Anna Berglund.')
    quotes = analyse(text, gazetteer)[0]
    assert [q.speaker for q in quotes] == ["Anna Berglund", "Tomas Berglund"]


def test_a_name_followed_by_a_post_nominal_title_is_still_the_subject(gazetteer):
    text = ('In the chamber, Labour backbencher Peter Osgood MP demanded an inquiry into the contract. '
            'He said: "Somebody has to answer for this."')
    assert speakers(text, gazetteer) == ["Peter Osgood"]


def test_a_pronoun_prefers_the_subject_of_the_main_clause(gazetteer):
    text = ('Kaja Lund, the finance minister, said Tomasz Ostrowski had misjudged the vote. '
            'She added: "Nobody in this building was surprised."')
    assert speakers(text, gazetteer) == ["Kaja Lund"]


def test_a_name_in_quotation_marks_is_not_a_quote(gazetteer):
    text = 'The charity runs a scheme called "Safe Routes To School" in Bristol. She called it "a lifeline".'
    assert [q.text for q in analyse(text, gazetteer)[0]] == ["a lifeline"]


def test_circumstance_before_a_quote_does_not_make_a_claim(gazetteer):
    text = 'Turning to the budget, Helga Brandt said: "We will not raise taxes this year."'
    assert reported(text, gazetteer) == {}


def test_admitting_to_an_act_is_reported(gazetteer):
    text = "The contractor Balfour Beatty has admitted to overcharging the council for repairs."
    assert reported(text, gazetteer) == {text: "Balfour Beatty"}


def test_an_indefinite_description_is_someone_new(gazetteer):
    text = ("Prime Minister Olaf Brenner opened the port on Monday. "
            "A leading economist, Mirela Vasic of Zagreb University, says the port will struggle to find ships.")
    assert reported(text, gazetteer) == {
        "A leading economist, Mirela Vasic of Zagreb University, says the port will struggle to find ships.": "Mirela Vasic"}


def test_figures_are_not_issued_by_someone_named_only_later(gazetteer):
    text = ("Exports from Chile fell in the last three months, official figures show. "
            "Economy minister Rosa Araya said the drop was temporary.")
    found = reported(text, gazetteer)
    assert found["Exports from Chile fell in the last three months, official figures show."] is None
    assert found["Economy minister Rosa Araya said the drop was temporary."] == "Rosa Araya"


def test_plural_sources_without_a_name_are_named_by_their_noun(gazetteer):
    text = "Lawyers for the airline claimed the strike was illegal under the 1992 act."
    assert reported(text, gazetteer) == {text: "Lawyers"}


def test_a_definite_description_at_the_start_is_the_person_named_next(gazetteer):
    text = ("Peru's president has defended the new mining law. "
            "Maria Fernandez said the law would bring jobs to the south.")
    assert reported(text, gazetteer)["Peru's president has defended the new mining law."] == "Maria Fernandez"


def test_a_term_being_introduced_is_not_a_quote(gazetteer):
    text = ('The brewer sells a so-called "low-malt" lager and a cider called "Orchard Gold". '
            'Its chief, Ines Ruiz, said what she called "copycat" brands would fail.')
    assert [q.text for q in analyse(text, gazetteer)[0]] == ["copycat"]


def test_an_indefinite_report_is_issued_by_the_organisation_named_next(gazetteer):
    text = ("Rents in the capital rose sharply last year, a report shows. "
            "The figures from the Halvard Housing Trust covered 3,000 homes.")
    assert reported(text, gazetteer)["Rents in the capital rose sharply last year, a report shows."] == "Halvard Housing Trust"


def test_a_pronoun_after_an_unnamed_spokeswoman_is_her_organisation(gazetteer):
    text = ("Oskar Brandt, the mayor, opened the bridge on Monday. "
            "A spokeswoman for the Coastal Ferry Company told reporters that sailings would resume. "
            "She said the company had hired extra crew for the summer.")
    assert reported(text, gazetteer)["She said the company had hired extra crew for the summer."] == "Coastal Ferry Company"


def test_a_title_keeps_standing_for_whom_it_stood_for(gazetteer):
    text = ("The prime minister, Helga Sorensen, has promised lower taxes. "
            "The prime minister said the budget would balance. "
            "Opposition leader Bjorn Vik argued that the sums did not add up. "
            "Speaking in Oslo, the prime minister said growth would return next year.")
    claims = reported(text, gazetteer)
    assert claims["Speaking in Oslo, the prime minister said growth would return next year."] == "Helga Sorensen"


def test_one_of_a_group_is_the_member_named_next(gazetteer):
    text = ("Bond yields will fall sharply next year, one of the largest credit rating agencies says. "
            "Moravia Ratings expects the central bank to cut rates.")
    assert reported(text, gazetteer)[text.split(". ")[0] + "."] == "Moravia Ratings"


def test_an_unnamed_person_is_the_description_not_an_organisation(gazetteer):
    text = ("Engineers at Trelawny Motors found the fault in March. "
            "The manager told the board that the recall would cost millions.")
    assert reported(text, gazetteer)["The manager told the board that the recall would cost millions."] == "manager"


def test_an_indefinite_body_nobody_names_is_the_description(gazetteer):
    text = "A five-member tribunal agreed with the tenants, finding that the rent rise was unlawful."
    assert reported(text, gazetteer) == {text: "five-member tribunal"}


def test_an_apposition_deep_in_the_subject_names_the_source():
    """The parser sometimes hangs "Ann Lee" on the nearest noun ("school")
    instead of the subject's head: the person beside the description still counts."""
    import spacy
    from spacy.tokens import Doc

    from search.analysis.attribution import Attribution
    from search.analysis.ner import Entity

    words = ["The", "head", "of", "Aldric", "school", ",", "Rhoda", "Pemberton", ",", "said", "it", "rained", "."]
    heads = [1, 9, 1, 4, 2, 4, 7, 4, 4, 9, 11, 9, 9]
    deps = ["det", "nsubj", "prep", "compound", "pobj", "punct", "compound", "appos", "punct", "ROOT", "nsubj", "ccomp", "punct"]
    pos = ["DET", "NOUN", "ADP", "PROPN", "NOUN", "PUNCT", "PROPN", "PROPN", "PUNCT", "VERB", "PRON", "VERB", "PUNCT"]
    doc = Doc(spacy.blank("en").vocab, words=words, spaces=[True, True, True, True, False, True, True, False, True, True, True, False, False],
              heads=heads, deps=deps, pos=pos)
    start = doc.text.index("Rhoda")
    person = Entity(start, start + len("Rhoda Pemberton"), "Rhoda Pemberton", "PERSON", "Rhoda Pemberton")
    attribution = Attribution(doc.text, doc, [person])
    assert attribution.resolve(doc[1])[0] == "Rhoda Pemberton"


def test_the_report_is_whoever_produced_it(gazetteer):
    text = ("The Forestry Commission has published its own report on the beetles. "
            "The Woodland Trust said that ash trees were dying fast. "
            "But the report also showed that young trees were recovering.")
    claims = reported(text, gazetteer)
    assert claims["But the report also showed that young trees were recovering."] == "Forestry Commission"


def test_figures_come_from_the_organisation_that_reported_them(gazetteer):
    text = ("Rail monitor, Track Analytics Ltd, has reported that punctuality on Northway Trains fell in March. "
            "Only 61% of trains now arrive on time, the figures suggest.")
    assert reported(text, gazetteer)["Only 61% of trains now arrive on time, the figures suggest."] == "Track Analytics Ltd"


def test_a_spokesman_for_a_person_speaks_for_that_person(gazetteer):
    text = ("The novelist Greta Vollmer studied at Halden University. "
            'A spokesman for the author said: "She is writing every day."')
    assert speakers(text, gazetteer) == ["Greta Vollmer"]


def test_what_a_passive_with_an_agent_announces_is_its_subject(gazetteer):
    text = "The new timetable was announced by transport secretary Olwen Brice after a meeting with drivers."
    assert reported(text, gazetteer) == {text: "Olwen Brice"}


def test_an_act_still_to_come_or_a_verb_of_finding_without_a_clause_reports_nothing(gazetteer):
    text = ("The scheme will be welcomed by growers in the valley. "
            "Local bakers have found it hard to compete with the supermarkets. "
            "Dunmore is hoping to host the regional games in 2031.")
    assert reported(text, gazetteer) == {}


def test_a_participle_set_off_by_a_comma_is_not_a_report(gazetteer):
    text = "- HALDEN travel north on Saturday, determined to end their losing run in the cup."
    assert reported(text, gazetteer) == {}


def test_hinting_and_commenting_are_reporting_acts(gazetteer):
    text = ('Transport minister Ruth Aldane visited the depot. The minister hinted that rail fares could rise in the spring. '
            '"The whole plan is a mess," commented Dara Flynn, a transport consultant.')
    assert reported(text, gazetteer) == {"The minister hinted that rail fares could rise in the spring.": "Ruth Aldane"}
    assert speakers(text, gazetteer) == ["Dara Flynn"]


def test_a_quote_after_narration_is_whoever_that_narration_says_reported(gazetteer):
    text = ('The queues were long, but Tomasz Wrobel said it was worth the wait. '
            '"I have come every year since I was a boy."')
    assert speakers(text, gazetteer) == ["Tomasz Wrobel"]


def _doc(words, spaces, heads, deps, pos, tags=None):
    import spacy
    from spacy.tokens import Doc

    return Doc(spacy.blank("en").vocab, words=words, spaces=spaces, heads=heads, deps=deps, pos=pos, tags=tags)


def test_a_hyphenated_name_nobody_recognised_keeps_its_hyphen():
    words = ["Jean", "-", "Luc", "Marot", "said", "it", "rained", "."]
    doc = _doc(words, [False, False, True, True, True, True, False, False], [2, 2, 3, 4, 4, 6, 4, 4],
               ["compound", "punct", "compound", "nsubj", "ROOT", "nsubj", "ccomp", "punct"],
               ["PROPN", "PUNCT", "PROPN", "PROPN", "VERB", "PRON", "VERB", "PUNCT"],
               ["NNP", "HYPH", "NNP", "NNP", "VBD", "PRP", "VBD", "."])
    from search.analysis.attribution import Attribution

    assert Attribution(doc.text, doc, []).resolve(doc[3])[0] == "Jean-Luc Marot"


def test_a_lower_case_title_the_parser_took_for_a_name_is_a_description():
    words = ["Lord", "Chancellor", "Ann", "Vey", "spoke", ".", "The", "lord", "chancellor", "said", "it", "rained", "."]
    doc = _doc(words, [True, True, True, True, False, True, True, True, True, True, True, False, False],
               [3, 3, 3, 4, 4, 4, 8, 8, 9, 9, 11, 9, 9],
               ["compound", "compound", "compound", "nsubj", "ROOT", "punct", "det", "compound", "nsubj", "ROOT", "nsubj", "ccomp", "punct"],
               ["PROPN", "PROPN", "PROPN", "PROPN", "VERB", "PUNCT", "DET", "PROPN", "PROPN", "VERB", "PRON", "VERB", "PUNCT"],
               ["NNP", "NNP", "NNP", "NNP", "VBD", ".", "DT", "NNP", "NNP", "VBD", "PRP", "VBD", "."])
    from search.analysis.attribution import Attribution
    from search.analysis.ner import Entity

    start = doc.text.index("Ann")
    person = Entity(start, start + len("Ann Vey"), "Ann Vey", "PERSON", "Ann Vey")
    assert Attribution(doc.text, doc, [person]).resolve(doc[8])[0] == "Ann Vey"


def test_a_report_closing_the_sentence_after_a_comma_reports_what_came_before(gazetteer):
    text = ("Kestrel has sold more than two million scooters since the model was launched and has a 40% share "
            "of the market for electric scooters, consumer research firm Halden Data has reported.")
    assert reported(text, gazetteer) == {text: "Halden Data"}


def test_the_government_is_no_firm_named_before_it(gazetteer):
    text = ("Farmers in the Halden valley sell most of their apples to Orchard Foods Ltd every autumn. "
            "But the government said that the new subsidy would help growers.")
    assert reported(text, gazetteer) == {"But the government said that the new subsidy would help growers.": "government"}


def test_a_pronoun_prefers_the_subject_just_before_to_a_main_subject_further_back(gazetteer):
    text = ("Coach Ivo Brandt has named an unchanged side for the trip. "
            "Halden have been criticised for their defending as they have lost four games in a row "
            "but captain Rasmus Lind sees reasons for hope. "
            '"We are close to our best," he said.')
    assert speakers(text, gazetteer) == ["Rasmus Lind"]


def test_a_fragment_inside_a_quote_is_not_the_quote_a_continuation_follows(gazetteer):
    text = ('"Olga Berg told us once that we should \'keep going\', and she was right," said Piet Maas. '
            '"That is how we work now."')
    found = speakers(text, gazetteer)
    assert found[0] == found[-1] == "Piet Maas"


def test_they_after_a_group_that_reported_is_that_group(gazetteer):
    text = ("Harbour Freight Ltd has cut its ferry crossings to Dunmore. "
            "However, dock workers denied there had been a strike. "
            "They said that the ferries had been laid up for repairs.")
    assert reported(text, gazetteer)["They said that the ferries had been laid up for repairs."] == "dock workers"


def test_he_after_a_person_introduced_in_a_relative_clause_is_that_person(gazetteer):
    text = ("Mr Halvorsen spent a year abroad after the bank failed. "
            "The bank is now run by an administrator, Petra Lindqvist, who has sued twelve lenders. "
            "She has alleged that the lenders knew of the losses.")
    assert reported(text, gazetteer)["She has alleged that the lenders knew of the losses."] == "Petra Lindqvist"


def test_he_before_anyone_is_named_is_the_person_named_next(gazetteer):
    text = ("A listener of the Halden radio service is suing the station over its fees. "
            "He says the fees break consumer law. "
            "Piet Maas filed the claim in the county court on Monday.")
    assert reported(text, gazetteer)["He says the fees break consumer law."] == "Piet Maas"


def test_flagging_and_citing_evidence_report(gazetteer):
    text = ("The Halden Water Authority raised its charges again, citing evidence that demand was rising fast. "
            "In its weekly note, it flagged up three faults that could harm customers.")
    claims = reported(text, gazetteer)
    assert "The Halden Water Authority raised its charges again, citing evidence that demand was rising fast." in claims
    assert "In its weekly note, it flagged up three faults that could harm customers." in claims


def test_a_clause_with_its_own_subject_parsed_as_a_circumstance_is_what_was_said():
    from search.analysis.attribution import Attribution

    words = ["She", "said", "after", "two", "years", "the", "club", "had", "grown", "."]
    doc = _doc(words, [True] * 8 + [False, False], [1, 1, 8, 4, 2, 6, 8, 8, 1, 1],
               ["nsubj", "ROOT", "prep", "nummod", "pobj", "det", "nsubj", "aux", "advcl", "punct"],
               ["PRON", "VERB", "ADP", "NUM", "NOUN", "DET", "NOUN", "AUX", "VERB", "PUNCT"],
               ["PRP", "VBD", "IN", "CD", "NNS", "DT", "NN", "VBD", "VBN", "."])
    assert Attribution(doc.text, doc, []).content_words(doc[1], doc[0]) >= 5


def test_only_a_finite_clause_makes_its_subject_a_pronouns_candidate():
    from search.analysis.attribution import _finite

    words = ["despite", "having", "Piet", "Maas", "injured", ",", "Halden", "have", "won", "."]
    doc = _doc(words, [True, True, True, True, False, True, True, True, False, False], [8, 0, 3, 4, 1, 8, 8, 8, 8, 8],
               ["prep", "pcomp", "compound", "nsubj", "ccomp", "punct", "nsubj", "aux", "ROOT", "punct"],
               ["ADP", "VERB", "PROPN", "PROPN", "VERB", "PUNCT", "PROPN", "AUX", "VERB", "PUNCT"],
               ["IN", "VBG", "NNP", "NNP", "VBN", ",", "NNP", "VBP", "VBN", "."])
    assert not _finite(doc[4])  # "having Piet Maas injured": no clause of his own
    assert _finite(doc[8])  # "have won"


def test_an_inverted_attribution_between_commas_still_reports(gazetteer):
    text = ("Tomas Ruiz runs the Halden ferry company. "
            "Instead, said Mr Ruiz, the ferries were meant to carry freight across the bay.")
    assert "Instead, said Mr Ruiz, the ferries were meant to carry freight across the bay." in reported(text, gazetteer)


def test_quoting_someone_after_a_quote_reports_nothing_more(gazetteer):
    text = '"The town has lost a good friend," she said, quoting the man she knew as Uncle Piet.'
    assert reported(text, gazetteer) == {}


def test_a_term_quoted_in_narration_is_the_named_subjects(gazetteer):
    text = 'Halden Ratings Ltd has classed the city\'s bonds as "investment grade" after years of losses.'
    assert speakers(text, gazetteer) == ["Halden Ratings Ltd"]
    text = 'Ann Vey, who chairs the council, has rejected calls to "pause" the sale of the old harbour.'
    assert speakers(text, gazetteer) == [None]  # the callers' word, not hers


def test_a_body_described_by_an_organisation_it_belongs_to_speaks_for_it(gazetteer):
    text = ('Analysts at Kestrel Partners said the storm would cost Northway Airlines dearly, said Ann Vey. '
            'Skyhop "regrets the delays to all of our passengers," the Northway Airlines subsidiary said in a statement.')
    assert speakers(text, gazetteer)[-1] == "Northway Airlines"


def test_making_it_clear_that_is_a_reporting_act(gazetteer):
    text = ("Halden Water Ltd raised its charges. The company made it clear that the charges would rise again next year. "
            "It made the pipes from copper.")
    assert reported(text, gazetteer) == {
        "The company made it clear that the charges would rise again next year.": "Halden Water Ltd"}
