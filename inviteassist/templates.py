"""The Jinja2 environment for owner-editable templates, and their check.

The owner's template folder (config `[templates] folder`) is searched first,
then the shipped `templates/`; so an owner overrides one file without copying
the rest. Undefined names are errors (StrictUndefined), and HTML templates are
autoescaped. Every problem becomes a one-line `UserError` naming the file and
line, so `inviteassist check` can stop a broken template before the daemon
renders it for a real person.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import jinja2

from inviteassist.errors import UserError
from inviteassist.resources import shipped_path

REPLY_TEXT = "reply.txt.j2"


def build_environment(override: Path | None) -> jinja2.Environment:
    folders = [str(override)] if override else []
    folders.append(str(shipped_path("templates")))
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(folders),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2", "html")),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(env: jinja2.Environment, name: str, context: Mapping[str, Any]) -> str:
    """Render template `name`; any failure is a UserError naming file and line."""
    return _guarded(env, name, lambda: env.get_template(name).render(context))


def _guarded(env: jinja2.Environment, name: str, action: Callable[[], str]) -> str:
    try:
        return action()
    except jinja2.TemplateSyntaxError as exc:
        raise UserError(exc.message or "syntax error", file=_where(env, exc.name or name),
                        where=f"line {exc.lineno}",
                        fix="check the {{ }} and {% %} tags on that line") from None
    except jinja2.TemplateNotFound:
        raise UserError("template not found", file=name,
                        fix="restore it or remove the override folder") from None
    except jinja2.UndefinedError as exc:
        fix = "use only the names listed at the top of the shipped template"
        raise UserError(str(exc), file=_where(env, name), where=_line_of_failure(exc, name),
                        fix=fix) from None
    except jinja2.TemplateError as exc:
        raise UserError(str(exc), file=_where(env, name)) from None


def _where(env: jinja2.Environment, name: str) -> str:
    """The file a template name resolves to, for messages the owner can act on."""
    loader = env.loader
    if isinstance(loader, jinja2.FileSystemLoader):
        for folder in loader.searchpath:
            candidate = Path(folder) / name
            if candidate.exists():
                return str(candidate)
    return name


def _line_of_failure(exc: BaseException, name: str) -> str | None:
    """The template line where a render error happened, from the traceback."""
    line = None
    trace = exc.__traceback__
    while trace is not None:
        if trace.tb_frame.f_code.co_filename.endswith(name):
            line = trace.tb_lineno
        trace = trace.tb_next
    return f"line {line}" if line else None
