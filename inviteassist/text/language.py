"""Which of the seven reply languages a short text (a personal note) is in.

Owns `note_language`: langdetect (Google's language-detection, ported) with
only the profiles of the languages the reply templates exist in (en, de, fr,
es, pt, it, nl), seeded so the answer never varies from run to run. Chosen by
measurement (bench/language_detectors.py, on 70 invented notes of one to
three sentences): 70/70 right, 0.3 ms a note, 3 MB; lingua-language-detector
was as accurate but took 200 MB; a stop-word scorer got 63/70 and one wrong.
A text too short, or whose best language is below `MIN_PROBABILITY`, is
None: precise before clever, the caller then asks the notification.

Pure apart from reading langdetect's packaged profiles once, like zoneinfo
reads its database.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path

from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.lang_detect_exception import LangDetectException

LANGUAGES = ("en", "de", "fr", "es", "pt", "it", "nl")
MIN_PROBABILITY = 0.90
MIN_LETTERS = 12  # "Hi!" or a bare address tells nothing
_NOISE = re.compile(r"\S+@\S+|https?://\S+|www\.\S+")


@cache
def _factory() -> DetectorFactory:
    factory = DetectorFactory()
    factory.seed = 0  # langdetect samples at random; a fixed seed makes it repeatable
    profiles = [(Path(PROFILES_DIRECTORY) / code).read_text(encoding="utf-8")
                for code in LANGUAGES]
    factory.load_json_profile(profiles)
    return factory


def note_language(text: str | None) -> str | None:
    """The language of `text` among `LANGUAGES`, or None when it cannot tell."""
    cleaned = _NOISE.sub(" ", (text or "")[:2_000])
    if sum(ch.isalpha() for ch in cleaned) < MIN_LETTERS:
        return None
    return _detected(cleaned)


@lru_cache(maxsize=4096)
def _detected(cleaned: str) -> str | None:
    """Remembered: the seeded detector gives one text one answer, and notes
    repeat (each network's standard note in each language, again and again),
    while a detection costs about a millisecond."""
    detector = _factory().create()
    detector.append(cleaned)
    try:
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return None
    return str(best.lang) if best.prob >= MIN_PROBABILITY else None
