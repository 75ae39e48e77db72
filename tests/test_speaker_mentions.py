"""Speaker mentions are the local words attributing each statement (a pronoun, `who`, a noun
phrase), with the words they stand for as antecedent; sentences written for these tests."""

from __future__ import annotations

from dateline.annotate import annotate
from dateline.model import Document


def quotes_of(text: str):
    return annotate(Document(id="t", text=text)).quotes


def by_text(quotes, fragment: str):
    matches = [q for q in quotes if fragment in q.span.text]
    assert matches, f"no quote containing {fragment!r}: {[q.span.text for q in quotes]}"
    return matches[0]


def exact(text: str, span) -> None:
    assert span is None or text[span.start : span.end] == span.text


def test_relative_pronoun_is_the_mention_and_its_antecedent_the_name():
    text = (
        '"The orchard needs rain," said Odile Marchetti, who predicted that half the crop '
        "would be lost by August."
    )
    q = by_text(quotes_of(text), "half the crop")
    assert q.speaker.mention.text == "who"
    assert q.speaker.antecedent.text == "Odile Marchetti"
    assert q.speaker.name == "Odile Marchetti" and q.speaker.kind == "person"
    exact(text, q.speaker.mention)
    exact(text, q.speaker.antecedent)


def test_which_of_a_body_keeps_its_antecedent():
    text = "The Harbor Gazette, which argued that the ferry fares were unlawful, lost the case."
    q = by_text(quotes_of(text), "ferry fares")
    assert q.speaker.mention.text == "which" and q.speaker.antecedent.text == "The Harbor Gazette"


def test_pronoun_mention_stays_a_pronoun_with_the_naming_as_antecedent():
    text = (
        "Councillor Ines Varga said the depot would close in June. "
        "She said the workers would be moved to the new site."
    )
    q = by_text(quotes_of(text), "workers")
    assert q.speaker.mention.text == "She" and q.speaker.name == "Ines Varga"
    assert q.speaker.antecedent is not None and "Ines Varga" in q.speaker.antecedent.text
    exact(text, q.speaker.antecedent)
    d = q.speaker.to_dict()
    assert d["antecedent"]["text"] == q.speaker.antecedent.text


def test_a_name_has_no_antecedent():
    q = by_text(quotes_of("Ines Varga said the depot would close in June."), "depot")
    assert q.speaker.mention.text == "Ines Varga" and q.speaker.antecedent is None
    assert q.speaker.to_dict()["antecedent"] is None


def test_a_verb_phrase_is_no_mention_the_clause_subject_is():
    text = "The harbor master has begun urging the council to drop the fee."
    q = by_text(quotes_of(text), "drop the fee")
    assert q.speaker.mention is not None and q.speaker.mention.text == "The harbor master"


def test_a_sentence_adverb_is_no_mention():
    text = 'Then he turned on Okafor, calling him a "coward" and a "fraud."'
    q = by_text(quotes_of(text), "coward")
    assert q.speaker.mention is None or q.speaker.mention.text != "Then"


def test_the_words_before_a_negation_name_the_speaker():
    q = by_text(quotes_of("Brandt isn't saying which route she would close."), "route")
    assert q.speaker.mention.text == "Brandt"


def test_a_colon_after_a_reporting_verb_takes_its_subject():
    text = 'Lena Ortiz said in a statement: "We will rebuild the pier."'
    q = by_text(quotes_of(text), "rebuild")
    assert q.speaker.mention.text == "Lena Ortiz"


def test_a_colon_after_an_object_takes_the_clause_subject():
    text = 'She repeats the line at every stop: "Nobody gets left behind."'
    q = by_text(quotes_of(text), "left behind")
    assert q.speaker.mention.text == "She"


def test_a_report_is_a_document_speaker():
    text = "The audit said the pumps had failed. It also said the gates were rusted."
    quotes = quotes_of(text)
    q = by_text(quotes, "pumps")
    assert q.speaker.kind == "document" and q.speaker.mention.text == "The audit"
    later = by_text(quotes, "gates")
    assert later.speaker.mention.text == "It" and later.speaker.kind == "document"


def test_a_verb_phrase_after_an_auxiliary_gives_way_to_the_auxiliarys_subject():
    text = "The ferry owner was heard on a phone call telling the crew to turn back."
    q = by_text(quotes_of(text), "turn back")
    assert q.speaker.mention.text == "The ferry owner"
    text = "Mayor Ilse Brandt has lately started asking donors to fund the pier."
    q = by_text(quotes_of(text), "fund the pier")
    assert q.speaker.mention.text == "Mayor Ilse Brandt"


def test_a_floating_quantifier_is_no_mention_the_subject_before_it_is():
    text = "Ilse Brandt and Tomas Berger have both argued that the toll is unfair."
    q = by_text(quotes_of(text), "toll")
    assert q.speaker.mention.text == "Ilse Brandt and Tomas Berger"
    text = "Brandt, who has both praised the pier and doubted its cost, left early."
    q = by_text(quotes_of(text), "pier")
    assert q.speaker.mention.text == "who" and q.speaker.antecedent.text == "Brandt"


def test_a_verb_of_a_relative_clause_is_attributed_by_its_who():
    text = "Mayor Ilse Brandt, who has long argued that the pier is unsafe, left early."
    q = by_text(quotes_of(text), "pier is unsafe")
    assert q.speaker.mention.text == "who" and q.speaker.antecedent.text == "Mayor Ilse Brandt"
    text = "Ines Varga, who was busy while saying goodbye to a guest, did not look up."
    q = by_text(quotes_of(text), "goodbye")
    assert q.speaker.mention.text == "who" and q.speaker.antecedent.text == "Ines Varga"


def test_the_main_verb_after_a_relative_clause_keeps_the_subject():
    text = "Officials who met the mayor said the audit was wrong."
    q = by_text(quotes_of(text), "audit was wrong")
    assert q.speaker.mention.text.startswith("Officials")
    text = "The pier, which the harbor board said was unsafe, closed in May."
    q = by_text(quotes_of(text), "unsafe")
    assert q.speaker.mention.text == "the harbor board"


def test_a_naming_verb_after_a_subject_and_its_aside_is_active():
    text = 'Mayor Ilse Brandt, speaking on the radio, called the toll "a tax on the poor."'
    q = by_text(quotes_of(text), "tax on the poor")
    assert q.speaker.mention.text == "Mayor Ilse Brandt"
    text = 'Her deputy, Tomas Berger, calls the pier "a ruin" in every interview.'
    q = by_text(quotes_of(text), "ruin")
    assert q.speaker.mention.text == "Tomas Berger"


def test_an_aside_closed_by_a_comma_inside_quotation_marks_leaves_the_subject():
    text = 'Ilse Brandt, who puts the cost "in the millions," described the pier as "a ruin."'
    q = by_text(quotes_of(text), "a ruin")
    assert q.speaker.mention.text == "Ilse Brandt"


def test_a_plural_of_a_person_noun_can_speak():
    text = 'The debate ended late, when many pollsters called the mayor "the adult in the room."'
    q = by_text(quotes_of(text), "adult in the room")
    assert q.speaker.mention.text == "many pollsters" and q.speaker.kind == "group"


def test_the_owner_of_a_noun_cue_speaks():
    text = (
        "Councillor Ines Varga spoke at the hearing. "
        'Critics seized on her remark that "the depot is a relic."'
    )
    q = by_text(quotes_of(text), "relic")
    assert q.speaker.mention.text == "her" and q.speaker.name == "Ines Varga"
    exact(text, q.speaker.mention)
    text = "Other mayors joined Tomas Berger’s call for a new audit of the port."
    q = by_text(quotes_of(text), "new audit")
    assert q.speaker.mention.text == "Tomas Berger’s" and q.speaker.name == "Tomas Berger"


def test_a_possessive_after_the_verb_of_its_own_subject_gives_way_to_the_subject():
    text = "On Monday, Tomas Berger expanded upon his calls for a new audit of the port."
    q = by_text(quotes_of(text), "new audit")
    assert q.speaker.mention.text == "Tomas Berger"


def test_a_participle_opening_the_sentence_hangs_on_the_main_clause():
    text = "Having announced that the pier would close, Mayor Ilse Brandt left the room."
    q = by_text(quotes_of(text), "pier would close")
    assert q.speaker.mention.text == "Mayor Ilse Brandt"
    assert q.span.text == "the pier would close"
    text = "One week after announcing his bid for the seat, Tomas Berger still thinks he can win."
    q = by_text(quotes_of(text), "bid for the seat")
    assert q.speaker.mention.text == "Tomas Berger" and q.span.text == "his bid for the seat"
    text = 'In her statement condemning the toll, Ilse Brandt said: "We will fight it."'
    assert by_text(quotes_of(text), "We will fight").speaker.mention.text == "Ilse Brandt"


def test_a_participle_after_an_inverted_attribution_takes_its_speaker():
    text = (
        '"The pier is a ruin," said Ilse Brandt, a harbor engineer who surveyed it in May, '
        'citing the "rotten" pilings.'
    )
    q = by_text(quotes_of(text), "pilings")
    assert q.cue.text == "citing" and q.speaker.mention.text == "Ilse Brandt"


def test_a_naming_participle_of_two_words_is_active():
    text = '"We will rebuild," Mayor Brandt continued, referring to the pier as "our spine."'
    q = by_text(quotes_of(text), "our spine")
    assert q.speaker.mention.text == "Mayor Brandt"


def test_a_named_subject_speaks_past_a_name_inside_its_aside():
    text = "Ilse Brandt, whose home town, Ostend, lies below the sea, argues that dikes will fail."
    q = by_text(quotes_of(text), "dikes will fail")
    assert q.speaker.mention.text == "Ilse Brandt"
    text = "Tomas Berger, 58, who lives outside Ghent, says the pier must close."
    q = by_text(quotes_of(text), "pier must close")
    assert q.speaker.mention.text == "Tomas Berger"
    text = "Her chief aide, Jake Sullivan, says the plan will work."
    assert by_text(quotes_of(text), "plan will work").speaker.mention.text == "Jake Sullivan"


def test_a_name_may_end_in_a_word_that_is_also_a_modal():
    text = "Yin Myint May, 60, a doctor, said she was elated."
    q = by_text(quotes_of(text), "elated")
    assert q.speaker.mention.text == "Yin Myint May"


def test_the_issuer_of_a_document_speaks_through_its_relative_clause():
    text = "Tomas Berger has released a web video that accuses Ilse Brandt of lying."
    q = by_text(quotes_of(text), "of lying")
    assert q.speaker.mention.text == "Tomas Berger"
    text = 'Dock workers passed out water bottles that said "Welcome to Ghent."'
    q = by_text(quotes_of(text), "Welcome")
    assert q.speaker.mention.text == "that"  # no document: the bottles speak


def test_a_past_form_without_its_ending_opens_no_speaker_phrase():
    text = '"Is the pier safe?" a reporter can be heard asking Mayor Brandt after the meeting.'
    q = by_text(quotes_of(text), "pier safe")
    assert q.speaker.mention.text == "a reporter"
    text = "Councillor Tomas Berger kept asking why the pier was closed."
    q = by_text(quotes_of(text), "pier was closed")
    assert q.speaker.mention.text == "Councillor Tomas Berger"


def test_a_participle_after_an_object_noun_is_the_main_subjects():
    # the possessive owns the object (`Lee's comments`), not the participle's statement
    text = (
        "The spokeswoman tried to play down Lee's comments, saying the moorings were "
        "allocated fairly."
    )
    q = by_text(quotes_of(text), "moorings")
    assert q.speaker.mention.text == "The spokeswoman"


def test_a_subject_opening_with_a_numeral_is_a_noun_phrase():
    text = (
        "One aide at the stadium tried to play down the chairman's remarks, saying they "
        "were a joke among friends."
    )
    q = by_text(quotes_of(text), "a joke among friends")
    assert q.speaker.mention.text == "One aide"
    exact(text, q.speaker.mention)


def test_a_clause_opening_with_although_after_that_is_part_of_what_is_reported():
    text = "Officials argued that although Ames apologized, he showed no regret and would reoffend."
    [q] = quotes_of(text)
    assert q.cue.text == "argued" and q.speaker.mention.text == "Officials"
    assert q.span.text == "although Ames apologized, he showed no regret and would reoffend"


def test_a_turn_of_a_transcript_is_its_speakers_whatever_cues_it_holds():
    # names in capitals opening two paragraphs or more: a transcript, whether or not the text
    # also names the speakers in ordinary letters
    text = (
        "A partial transcript follows.\n\n"
        "MARTA OSEI: Thank you for joining us tonight, it has been a long campaign.\n\n"
        "LUNDGREN: I think the vote will be close in the northern districts."
    )
    q = by_text(quotes_of(text), "the vote will be close")
    assert q.speaker.mention.text == "LUNDGREN" and q.cue.text == ":"
    exact(text, q.speaker.mention)


def test_a_cue_word_after_a_preposition_is_a_noun_and_lends_no_speaker():
    # `claims of broken promises`: `promises` is no verb whose subject says what follows
    text = 'Ms Varga on Friday rejected claims of broken promises, saying: "We kept every one."'
    q = by_text(quotes_of(text), "We kept every one")
    assert q.speaker.mention.text == "Ms Varga" and q.speaker.name == "Varga"


def test_a_name_is_not_opened_by_the_preposition_before_it():
    text = (
        "For Odile Marchetti, head of research at the institute, the result is a relief. "
        '"We had waited ten years," Ms Marchetti said.'
    )
    assert by_text(quotes_of(text), "ten years").speaker.name == "Odile Marchetti"


def test_a_verb_after_a_phrase_with_of_is_still_the_verb_its_participle_hangs_on():
    text = '"We will not go," one of them said, adding that the plan was dead.'
    q = by_text(quotes_of(text), "the plan was dead")
    assert q.speaker.mention.text == "one of them"


def test_a_dateline_in_capitals_is_no_transcript_speaker_for_a_place_named_after_in():
    text = (
        "China talks\n\nBEIJING: Chinese and US officials will meet on Monday to talk.\n\n"
        "In Beijing, officials expect a deal."
    )
    assert not [q for q in quotes_of(text) if q.speaker.mention.text == "BEIJING"]
