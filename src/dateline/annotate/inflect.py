"""English inflection by rule: a lemma and the forms it takes in running text.

General morphology, no knowledge of events: lexicons use it to match "seize" in "seized".
"""

from __future__ import annotations

import re

# {"past": {lemma: forms}, "plural": {lemma: forms}}: the forms the rules get wrong.
Irregular = dict[str, dict[str, list[str]]]


def inflect(lemma: str, irregular: Irregular, noun: bool = False) -> set[str]:
    """The lemma and its inflected forms: plural for nouns; -s, -ed and -ing forms for verbs.

    `irregular` holds {"past": {lemma: forms}, "plural": {lemma: forms}}; an entry replaces the
    regular -ed form (verb) or -s form (noun).
    """
    lemma = lemma.lower()
    forms = {lemma}
    if noun:
        forms.update(irregular["plural"].get(lemma) or [_s_form(lemma)])
        return forms
    forms.add(_s_form(lemma))
    forms |= _suffixed(lemma, "ing")
    forms.update(irregular["past"].get(lemma) or _suffixed(lemma, "ed"))
    return forms


def _is_vowel(c: str) -> bool:
    return c in "aeiou"


def _syllables(word: str) -> int:
    return len(re.findall(r"[aeiouy]+", word))


def _cvc(word: str) -> bool:
    """Ends consonant-vowel-consonant, so a suffix may double the last letter (stop, stopped)."""
    return (
        len(word) >= 3
        and not _is_vowel(word[-1])
        and word[-1] not in "wxy"
        and _is_vowel(word[-2])
        and not _is_vowel(word[-3])
    )


def _s_form(word: str) -> str:
    if word.endswith(("s", "x", "z", "ch", "sh", "o")):
        return word + "es"
    if word.endswith("y") and len(word) > 1 and not _is_vowel(word[-2]):
        return word[:-1] + "ies"
    return word + "s"


def _suffixed(word: str, suffix: str) -> set[str]:
    """`word` + "ed" or "ing", with English spelling rules; both spellings where they are unsure."""
    if suffix == "ing" and word.endswith("ie"):
        return {word[:-2] + "ying"}
    if word.endswith("e"):
        if suffix == "ed":
            return {word + "d"}
        return {word + "ing"} if word.endswith(("ee", "ye", "oe")) else {word[:-1] + "ing"}
    if suffix == "ed" and word.endswith("y") and len(word) > 1 and not _is_vowel(word[-2]):
        return {word[:-1] + "ied"}
    if _cvc(word):
        doubled = word + word[-1] + suffix
        # Stress decides for longer words (admitted, visited); a spare form costs nothing.
        return {doubled} if _syllables(word) == 1 else {doubled, word + suffix}
    return {word + suffix}
