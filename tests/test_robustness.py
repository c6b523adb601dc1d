"""The whole chain never crashes on odd text: one bad article must not stop a batch."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitreps.pipeline import code_text

WORDS = ["killed", "attack", "militants", "Syrian", "army", "near", "Palmyra", "(", ")", "-", "at least", "5",
         "dozens", "on", "Sunday", "protesters", "police", "tear gas", "Aleppo", "said", "no", "will", "'s",
         "“", "”", ",", ".", "\n\n", "ISIS", "SAA", "al-", "Deir ez-Zor", "18/05", "2019", "ﬁ", "𝔘", "\u200b"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=12)), min_size=1, max_size=60))
def test_random_news_like_text_codes_without_crashing(parts: list[str]) -> None:
    text = " ".join(parts)
    try:
        article, events = code_text(text, published=date(2024, 1, 31))
    except ValueError:  # empty or unusable text is refused by extraction with a clear error
        return
    for e in events:
        assert 0 <= e.evidence.start <= e.evidence.end <= len(article.body)
        assert e.fatalities is None or e.fatalities >= 0
