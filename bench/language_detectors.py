"""Which detector tells the language of a short invitation note best?

Compares the product's choice (`text.language.note_language`: langdetect with
the seven reply languages' profiles only) with langdetect with all its
profiles and lingua-language-detector (restricted to the seven) on the invented notes of
tests/language_notes.py: accuracy, abstentions ("cannot tell") and time per
note. Run from the repository root: `python3 bench/language_detectors.py`.
A 60-line stop-word scorer over the same seven languages was measured too
and dropped: 63/70 right, 1 wrong, 6 "cannot tell" (0.02 ms a note).
lingua is no dependency; install it to include it.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from inviteassist.text.language import LANGUAGES, note_language
from tests.language_notes import NOTES

Detector = Callable[[str], str | None]


def langdetect_detector() -> Detector:
    from langdetect import DetectorFactory, LangDetectException, detect
    DetectorFactory.seed = 0  # it is random otherwise

    def run(text: str) -> str | None:
        try:
            found = detect(text)
        except LangDetectException:
            return None
        return found if found in LANGUAGES else None
    return run


def lingua_detector() -> Detector:
    from lingua import Language, LanguageDetectorBuilder
    languages = [Language.ENGLISH, Language.GERMAN, Language.FRENCH, Language.SPANISH,
                 Language.PORTUGUESE, Language.ITALIAN, Language.DUTCH]
    detector = LanguageDetectorBuilder.from_languages(*languages).build()

    def run(text: str) -> str | None:
        found = detector.detect_language_of(text)
        return found.iso_code_639_1.name.lower() if found else None
    return run


def measure(name: str, detector: Detector) -> None:
    right = wrong = none = 0
    mistakes = []
    started = time.perf_counter()
    for language, notes in NOTES.items():
        for note in notes:
            found = detector(note)
            if found == language:
                right += 1
            elif found is None:
                none += 1
            else:
                wrong += 1
                mistakes.append(f"{language}->{found}: {note[:50]}")
    total = right + wrong + none
    per_note = (time.perf_counter() - started) / total * 1000
    print(f"{name:12} right {right}/{total}  wrong {wrong}  cannot tell {none}  "
          f"{per_note:.2f} ms/note")
    for mistake in mistakes:
        print(f"    {mistake}")


def main() -> None:
    measure("product", note_language)
    for name, factory in (("langdetect-all", langdetect_detector), ("lingua", lingua_detector)):
        try:
            started = time.perf_counter()
            detector = factory()
            detector("warm up")
            print(f"{name}: loaded in {(time.perf_counter() - started) * 1000:.0f} ms")
        except ImportError:
            print(f"{name}: not installed")
            continue
        measure(name, detector)


if __name__ == "__main__":
    main()
