"""Which language a message to a requester is written in, and so which template.

A template's translations sit beside it with the language code before the
extension: `reply.txt.j2` (English), `reply.de.txt.j2`, `reply.fr.txt.j2` ...
The owner's template folder is searched before the shipped one for each of
them, so an owner overrides one language without copying the rest. The
language wanted is the requester's (their note's, else the notification's,
see `detect.classify`); when no template exists in it, the configured default
is used and the owner is told in a note on the draft. Pure given the Jinja
environment.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable
from dataclasses import dataclass

import jinja2
from babel import Locale, UnknownLocaleError

BASE_LANGUAGE = "en"  # a template name without a language code is English
_CODE = r"\.([a-z]{2,3}(?:[-_][A-Za-z]{2})?)"  # ".de", ".pt_BR" in a file name
_FOUND: weakref.WeakKeyDictionary[jinja2.Environment,
                                  dict[str, Callable[[], bool] | None]] = (
    weakref.WeakKeyDictionary())  # per environment: template name -> its file's test


@dataclass(frozen=True)
class LanguageChoice:
    """The language of a draft, the template file to render, and what the
    owner should know when it is not the requester's language."""

    language: str
    template: str
    owner_note: str | None = None


def localised_name(template: str, language: str) -> str:
    """`reply.txt.j2` in `de` -> `reply.de.txt.j2` (the code after the stem)."""
    folder, slash, file = template.rpartition("/")
    stem, dot, rest = file.partition(".")
    return f"{folder}{slash}{stem}.{language}{dot}{rest}" if dot else f"{template}.{language}"


def template_in(env: jinja2.Environment, template: str, language: str) -> str | None:
    """The file of `template` written in `language`, if one exists anywhere."""
    candidates = [localised_name(template, language)]
    if language == BASE_LANGUAGE:
        candidates.append(template)
    return next((name for name in candidates if _exists(env, name)), None)


def languages_of(env: jinja2.Environment, template: str) -> tuple[str, ...]:
    """Every language `template` exists in, in the owner's folder or shipped."""
    before, _, after = localised_name(template, "@").partition(".@")
    pattern = re.compile(re.escape(before) + _CODE + re.escape(after))
    found = {match.group(1) for name in env.list_templates()
             if (match := pattern.fullmatch(name))}
    if _exists(env, template):
        found.add(BASE_LANGUAGE)
    return tuple(sorted(found))


def choose_language(env: jinja2.Environment, template: str, wanted: str | None,
                    default: str) -> LanguageChoice:
    """The requester's language when `template` exists in it, else `default`'s,
    else English; a note for the owner when the requester's language was known
    but could not be used."""
    for language in dict.fromkeys(filter(None, (wanted, default, BASE_LANGUAGE))):
        found = template_in(env, template, language)
        if found is None:
            continue
        note = None
        if wanted and language != wanted:
            note = (f"the requester seems to write {language_name(wanted)}, but there is no "
                    f"{localised_name(template, wanted)}; this draft is in "
                    f"{language_name(language)}: translate it before sending, or add that "
                    "template")
        return LanguageChoice(language, found, note)
    return LanguageChoice(BASE_LANGUAGE, template)  # rendering names the missing file


def language_name(code: str) -> str:
    """`de` -> `German`, for notes to the owner; an unknown code stays as it is."""
    try:
        return str(Locale.parse(code).get_display_name(BASE_LANGUAGE))
    except (UnknownLocaleError, ValueError, TypeError):
        return code


def _exists(env: jinja2.Environment, name: str) -> bool:
    """Read from the folders once per environment (each draft asks, and
    reading the file each time cost a scan of 200 drafts some 20 ms); after
    that a found file costs one look at its modification time, so a
    translation deleted meanwhile is no longer chosen. The daemon makes a new
    environment when it reloads, and checks its templates then: a
    translation added meanwhile is used from that reload on."""
    known = _FOUND.setdefault(env, {})
    unchanged = known.get(name)
    if name not in known or (unchanged is not None and not unchanged()):
        unchanged = known[name] = _look_up(env, name)
    return unchanged is not None


def _look_up(env: jinja2.Environment, name: str) -> Callable[[], bool] | None:
    """The loader's "is it unchanged" test for the file of `name`, or None
    when there is no such file."""
    if env.loader is None:
        return None
    try:
        _, _, uptodate = env.loader.get_source(env, name)
    except jinja2.TemplateNotFound:
        return None
    return uptodate or (lambda: True)
