"""The Jinja2 environment for owner-editable templates, and their check.

The owner's template folder (config `[templates] folder`) is searched first,
then the shipped `templates/`; so an owner overrides one file without copying
the rest. Undefined names are errors (StrictUndefined), HTML templates are
autoescaped, and the environment is sandboxed. Every problem becomes a
one-line `UserError` naming the file and line, so `inviteassist check` can
stop a broken template before the daemon renders it for a real person.

A message template may begin with a line `Subject: ...`: that line becomes
the message's subject (one line by construction, and made header-safe by the
caller) and is not part of the body.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import jinja2
from jinja2 import meta
from jinja2.sandbox import SandboxedEnvironment

from inviteassist.errors import UserError
from inviteassist.resources import shipped_path

REPLY_TEXT = "reply.txt.j2"
DECLINE_TEXT = "decline.txt.j2"
FULL_TEXT = "full.txt.j2"  # the reply when no time is free
MAX_SUBJECT_CHARS = 200
T = TypeVar("T")
_SUBJECT = re.compile(r"\A\s*subject:[ \t]*(?P<subject>[^\n]*)\n?", re.IGNORECASE)


def build_environment(override: Path | None, compiled: Path | None = None) -> jinja2.Environment:
    """Templates from `override` first, then the shipped ones. With
    `compiled` (a private folder), compiled templates are kept there between
    processes; jinja2 compiles again any whose source changed."""
    folders = [str(override)] if override else []
    folders.append(str(shipped_path("templates")))
    # Sandboxed: an owner's template may be copied from anywhere, and it is
    # rendered with data from strangers' mail.
    return SandboxedEnvironment(
        loader=jinja2.FileSystemLoader(folders),
        bytecode_cache=jinja2.FileSystemBytecodeCache(str(compiled)) if compiled else None,
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2", "html")),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(env: jinja2.Environment, name: str, context: Mapping[str, Any]) -> str:
    """Render template `name`; any failure is a UserError naming file and line."""
    return _guarded(env, name, lambda: env.get_template(name).render(context))


def render_message(env: jinja2.Environment, name: str,
                   context: Mapping[str, Any]) -> tuple[str | None, str]:
    """Render template `name` into (subject, body): the subject is its first
    line when that reads `Subject: ...` (else None), the body the rest."""
    return split_subject(render(env, name, context))


def split_subject(text: str) -> tuple[str | None, str]:
    """(`Subject:` line's text or None, the rest without leading blank lines)."""
    match = _SUBJECT.match(text)
    if match is None:
        return None, text
    subject = " ".join(match.group("subject").split())[:MAX_SUBJECT_CHARS]
    return subject or None, text[match.end():].lstrip("\n")


def choose_template(replies: Mapping[str, str], network: str, category: str | None) -> str:
    """The reply template for a request: config `[templates] replies` looked up by
    'network/category', then 'network/*', then '*/category', then '*/*'; else
    the shipped reply.txt.j2."""
    wanted = category or "other"
    for key in (f"{network}/{wanted}", f"{network}/*", f"*/{wanted}", "*/*"):
        if key in replies:
            return replies[key]
    return REPLY_TEXT


def offers_times(env: jinja2.Environment, name: str) -> bool:
    """True when template `name` uses `options`. A template that never does (such
    as decline.txt.j2) proposes no times: nothing is held, no .ics is attached."""
    def uses_options() -> bool:
        source = env.loader.get_source(env, name)[0] if env.loader else ""
        return "options" in meta.find_undeclared_variables(env.parse(source))
    return _guarded(env, name, uses_options)


class TemplateFailure(UserError):
    """A template that cannot be rendered: which file, which line, why."""

    def __init__(self, problem: str, *, file: str, line: int | None,
                 fix: str | None = None) -> None:
        self.line = line
        super().__init__(problem, file=file, where=f"line {line}" if line else None, fix=fix)

    def brief(self) -> str:
        """`file:line: reason`, for a request's history."""
        return f"{self.file}:{self.line or '?'}: {self.problem}"


def _guarded(env: jinja2.Environment, name: str, action: Callable[[], T]) -> T:
    try:
        return action()
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateFailure(exc.message or "syntax error",
                              file=_where(env, exc.name or name), line=exc.lineno,
                              fix="check the {{ }} and {% %} tags on that line") from None
    except jinja2.TemplateNotFound:
        raise TemplateFailure("template not found", file=name, line=None,
                              fix="restore it or remove the override folder") from None
    except jinja2.UndefinedError as exc:
        fix = "use only the names listed at the top of the shipped template"
        raise TemplateFailure(str(exc), file=_where(env, name),
                              line=_line_of_failure(exc, name), fix=fix) from None
    except jinja2.TemplateError as exc:
        raise TemplateFailure(str(exc), file=_where(env, name),
                              line=_line_of_failure(exc, name)) from None


def _where(env: jinja2.Environment, name: str) -> str:
    """The file a template name resolves to, for messages the owner can act on."""
    loader = env.loader
    if isinstance(loader, jinja2.FileSystemLoader):
        for folder in loader.searchpath:
            candidate = Path(folder) / name
            if candidate.exists():
                return str(candidate)
    return name


def _line_of_failure(exc: BaseException, name: str) -> int | None:
    """The template line where a render error happened, from the traceback."""
    line = None
    trace = exc.__traceback__
    while trace is not None:
        if trace.tb_frame.f_code.co_filename.endswith(name):
            line = trace.tb_lineno
        trace = trace.tb_next
    return line
