"""Vietnamese text helpers: accent-folding for search and a collation key for sorting.

Both produce plain ASCII stored in ordinary columns, so that search and sort behave the
same on SQLite and PostgreSQL whatever collation the database was created with.
"""

import re
import unicodedata

# Letters of the Vietnamese alphabet in dictionary order; f, j, w and z only appear in
# foreign words and names, and sort where the Latin alphabet puts them.
ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"

# Combining marks that change the letter (ă, â, ê, ô, ơ, ư) rather than the tone.
_LETTER_MARKS = {"\u0306": "breve", "\u0302": "circumflex", "\u031b": "horn"}
_COMPOSED = {
    ("a", "breve"): "ă",
    ("a", "circumflex"): "â",
    ("e", "circumflex"): "ê",
    ("o", "circumflex"): "ô",
    ("o", "horn"): "ơ",
    ("u", "horn"): "ư",
}
# Tones in dictionary order: level (no mark), grave, hook, tilde, acute, dot below.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}

_SPACES = re.compile(r"\s+")
_DIGITS = re.compile(r"\d+")


def fold(text: str) -> str:
    """Lower-case `text` and strip every diacritic, so 'Vọng Thê' becomes 'vong the'."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.lower()).strip()


def search_terms(query: str) -> list[str]:
    """Split a user's search into folded words; every word must match."""
    return [term for term in fold(query).split(" ") if term]


def _letters(text: str):
    """Yield (letter, tone) pairs of `text`, with letter marks merged into the letter."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    base, modifier, tone = None, None, 0
    for ch in decomposed:
        if unicodedata.combining(ch):
            if ch in _LETTER_MARKS:
                modifier = _LETTER_MARKS[ch]
            elif ch in _TONES:
                tone = _TONES[ch]
            continue
        if base is not None:
            yield _COMPOSED.get((base, modifier), base), tone
        base, modifier, tone = ch, None, 0
    if base is not None:
        yield _COMPOSED.get((base, modifier), base), tone


# Two-digit codes keep the key digits-only, which every collation orders bytewise.
# "00" ends the letters, "01" separates words, "02".."11" are digits, letters follow.
_END, _GAP = "00", "01"
_LETTER_CODE = {letter: f"{12 + index:02d}" for index, letter in enumerate(ALPHABET)}
_DIGIT_CODE = {str(digit): f"{2 + digit:02d}" for digit in range(10)}


def sort_key(text: str, max_length: int = 255) -> str:
    """Return a key that orders Vietnamese text as a dictionary does.

    Letters decide first (a < ă < â < b … < đ …, word by word, so 'An Bình' comes
    before 'Anh'); tones (level, grave, hook, tilde, acute, dot) break ties. Numbers
    compare by value, so 'Ấp 2' comes before 'Ấp 10'.
    """
    text = _DIGITS.sub(lambda match: match.group().zfill(8), str(text or "").strip())
    letters, tones = [], []
    previous_was_gap = True
    for letter, tone in _letters(text):
        if letter in _LETTER_CODE:
            letters.append(_LETTER_CODE[letter])
            tones.append(str(tone))
            previous_was_gap = False
        elif letter in _DIGIT_CODE:
            letters.append(_DIGIT_CODE[letter])
            previous_was_gap = False
        elif not previous_was_gap:
            # Spaces and punctuation separate words; runs of them count once.
            letters.append(_GAP)
            previous_was_gap = True
    while letters and letters[-1] == _GAP:
        letters.pop()
    key = "".join(letters) + _END + "".join(tones)
    return key[:max_length]


def person_sort_key(given_name: str, family_name: str) -> str:
    """Key for Vietnamese name lists: by given name, then family and middle name."""
    return (sort_key(given_name, 80) + "99" + sort_key(family_name, 160))[:255]
