"""Look-alike letters from other scripts and the Latin letters they imitate.

Spam pages swap these into copied text to dodge duplicate detection ("mеdicine" with a Cyrillic
"е"). Matching folds them to Latin so rules still fire; the spun-phrasing checks look at the
original characters to report the swap itself. A hand-picked subset of Unicode's confusables.txt
(letters that render identically in common fonts).
"""

from __future__ import annotations

_PAIRS = {
    # Cyrillic
    "а": "a",
    "в": "b",
    "е": "e",
    "ё": "e",
    "һ": "h",
    "і": "i",
    "ї": "i",
    "ј": "j",
    "к": "k",
    "м": "m",
    "н": "h",
    "о": "o",
    "р": "p",
    "с": "c",
    "т": "t",
    "у": "y",
    "х": "x",
    "ѕ": "s",
    "ԁ": "d",
    "ԛ": "q",
    "ԝ": "w",
    "ɡ": "g",
    "А": "A",
    "В": "B",
    "Е": "E",
    "Ё": "E",
    "І": "I",
    "Ї": "I",
    "Ј": "J",
    "К": "K",
    "М": "M",
    "Н": "H",
    "О": "O",
    "Р": "P",
    "С": "C",
    "Т": "T",
    "У": "Y",
    "Х": "X",
    "Ѕ": "S",
    "Ԛ": "Q",
    "Ԝ": "W",
    # Greek
    "α": "a",
    "ε": "e",
    "ι": "i",
    "κ": "k",
    "ν": "v",
    "ο": "o",
    "ρ": "p",
    "τ": "t",
    "υ": "u",
    "χ": "x",
    "Α": "A",
    "Β": "B",
    "Ε": "E",
    "Ζ": "Z",
    "Η": "H",
    "Ι": "I",
    "Κ": "K",
    "Μ": "M",
    "Ν": "N",
    "Ο": "O",
    "Ρ": "P",
    "Τ": "T",
    "Υ": "Y",
    "Χ": "X",
    # Armenian and others that pass for Latin
    "օ": "o",
    "ս": "u",
    "ց": "g",
    "հ": "h",
    "ո": "n",
    "ı": "i",
}

#: Map of look-alike character -> Latin letter.
CONFUSABLES: dict[str, str] = dict(_PAIRS)
