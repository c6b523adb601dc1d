"""A cheap English check: the share of common English function words among the tokens.

English running text has 35-50% of its tokens in the list below; headlines and lists of names
less, other languages almost none. When a text fails, the best-scoring other language (by its own
function words) or the dominant script names what it looks like.
"""

from __future__ import annotations

import re
import unicodedata

_EN = set(
    "the of and to a in is was that for on with as by at from it its he she they his her their "
    "has have had be been were are not this which who will would said an or but after also than "
    "more about into over there when what can all we our you one two up out no new other some "
    "had i if them us so while against during between under since before".split()
)
_OTHER = {
    "French": set(
        "le la les de des du et est un une dans pour que qui sur pas par au aux avec ce il elle sont été".split()
    ),
    "Spanish": set("el la los las de del y en que un una por con para es se al lo su como más fue".split()),
    "Portuguese": set("o a os as de do da dos das e em que um uma para com não por se na no foi".split()),
    "German": set(
        "der die das und ist nicht ein eine zu den von mit sich des auf für im dem auch es".split()
    ),
    "Italian": set("il la le di e che un una per con non del della sono è nel alla gli da".split()),
    "Dutch": set("de het een en van in is dat op te zijn met voor niet die aan er".split()),
    "Indonesian/Malay": set("yang dan di ini itu dengan untuk tidak dari dalam akan pada ke juga".split()),
    "Turkish": set("ve bir bu da de için ile olarak olan çok daha gibi ama".split()),
    "Swahili": set("na ya wa kwa za katika ni la kuwa hiyo huo".split()),
}
_SCRIPTS = [
    ("ARABIC", "Arabic script"),
    ("CYRILLIC", "Cyrillic script"),
    ("HEBREW", "Hebrew"),
    ("GREEK", "Greek"),
    ("HANGUL", "Korean"),
    ("HIRAGANA", "Japanese"),
    ("KATAKANA", "Japanese"),
    ("CJK", "Chinese/Japanese"),
    ("DEVANAGARI", "Devanagari script"),
    ("THAI", "Thai"),
    ("ETHIOPIC", "Amharic/Tigrinya"),
    ("BENGALI", "Bengali"),
    ("GEORGIAN", "Georgian"),
    ("ARMENIAN", "Armenian"),
]
_TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)

MIN_TOKENS = 25  # shorter texts are not judged
MIN_EN_SHARE = 0.12
MIN_EN_SHARE_WEAK = 0.04  # enough when nothing points to another language


def english_share(text: str) -> tuple[float, int]:
    toks = [t.lower() for t in _TOKEN.findall(text[:20000])]
    if not toks:
        return 0.0, 0
    return sum(t in _EN for t in toks) / len(toks), len(toks)


def guess_other(text: str) -> str:
    """What a non-English text looks like: a script or language name, or 'unknown'."""
    sample = text[:5000]
    counts: dict[str, int] = {}
    letters = 0
    for ch in sample:
        if not ch.isalpha():
            continue
        letters += 1
        try:
            name = unicodedata.name(ch)
        except ValueError:
            continue
        if name.startswith("LATIN"):
            continue
        for key, label in _SCRIPTS:
            if key in name:
                counts[label] = counts.get(label, 0) + 1
                break
    if counts and letters:
        label, n = max(counts.items(), key=lambda kv: kv[1])
        if n > 0.3 * letters:
            return label
    toks = [t.lower() for t in _TOKEN.findall(sample)]
    if toks:
        scores = {lang: sum(t in words for t in toks) / len(toks) for lang, words in _OTHER.items()}
        lang, score = max(scores.items(), key=lambda kv: kv[1])
        if score >= 0.08:
            return lang
    return "unknown"


def check_english(text: str, hint: str | None = None) -> str | None:
    """None if ``text`` reads as English (or is too short to tell), else what it looks like.

    ``hint`` is a declared language code (HTML ``lang``), used only to name a failure.
    """
    share, n = english_share(text)
    if n < MIN_TOKENS or share >= MIN_EN_SHARE:
        return None
    other = guess_other(text)
    if other == "unknown" and hint and not hint.lower().startswith("en"):
        other = f"language '{hint}'"
    # List-heavy English (recipes, results tables) has few function words; without a sign of
    # another language or script, a little English is enough.
    if share >= MIN_EN_SHARE_WEAK and (other == "unknown" or (hint or "").lower().startswith("en")):
        return None
    return other
