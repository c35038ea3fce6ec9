"""Article tells: "a" before a vowel or "an" before a consonant ("a affliction", "An harmful").

A spinner swaps the noun or adjective and keeps the article that fitted the original word.
Only lower-case words are judged (acronyms such as "an SSRI" follow their letters' sounds), and
words read with another sound ("a university", "an hour", "a one-off") are left alone.
"""

from __future__ import annotations

import re

from healthlint.document import Block

_PAIR = re.compile(r"\b([Aa]n?) ([a-z][a-z-]*)")
#: Beginnings read with a consonant sound although they start with a vowel letter.
_VOWEL_LETTER_CONSONANT_SOUND = ("one", "once", "eu", "ewe", "uni", "use", "usu", "ur", "ut", "uk")
#: Beginnings read with a vowel sound although they start with a consonant letter.
_CONSONANT_LETTER_VOWEL_SOUND = ("hour", "honest", "honou", "honor", "heir", "herb", "x-", "mri")


def find(block: Block):
    """(start, end) of the mismatched article in one block."""
    for match in _PAIR.finditer(block.text):
        article, word = match.group(1).lower(), match.group(2)
        if len(word) < 2:
            continue
        vowel = word[0] in "aeiou"
        if (
            article == "a"
            and vowel
            and not word.startswith(_VOWEL_LETTER_CONSONANT_SOUND)
            or article == "an"
            and not vowel
            and not word.startswith(_CONSONANT_LETTER_VOWEL_SOUND)
        ):
            yield match.span(1)
