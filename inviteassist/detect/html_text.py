"""HTML mail bodies rendered as readable plain text, with their links.

Owns the one HTML walker of the detector: block elements become line breaks,
`<style>`, `<script>`, `<head>` and visually hidden elements (the "preheader"
that mail clients show as a preview) are dropped, whitespace is collapsed as a
browser would, and every `<a href>` is kept as a `Link` with its visible label.
Pure and tolerant: malformed markup never raises.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser

_SKIPPED = frozenset({"script", "style", "head", "title", "template", "noscript", "xml"})
_VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
    "param", "source", "track", "wbr",
})
_PARAGRAPHS = frozenset({
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "blockquote", "pre", "ul", "ol",
    "dl", "hr", "center",
})
_LINES = frozenset({
    "br", "div", "tr", "td", "th", "li", "dt", "dd", "section", "article", "header",
    "footer", "address", "aside", "nav", "main", "figure", "figcaption", "form",
    "fieldset", "caption", "tbody", "thead", "tfoot",
})
_HIDDEN_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|mso-hide\s*:\s*all"
    r"|max-height\s*:\s*0(?:px)?\s*(?:;|!|$)|font-size\s*:\s*0(?:px|pt|em)?\s*(?:;|!|$)"
    r"|opacity\s*:\s*0(?:\.0+)?\s*(?:;|!|$)",
    re.IGNORECASE,
)
_INVISIBLE = dict.fromkeys(map(ord, "\x00\u200b\u200c\u200d\u2060\ufeff\u034f\u00ad"))
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0]+")
_RUNS = re.compile(r"[ \t]{2,}")
_PARAGRAPH_BREAK = "\x00P"
_LINE_BREAK = "\x00L"


@dataclass(frozen=True)
class Link:
    """One hyperlink of a body: the text a reader sees and where it points."""

    label: str
    url: str


@dataclass(frozen=True)
class RenderedHtml:
    text: str
    links: tuple[Link, ...]


def _is_hidden(attrs: dict[str, str]) -> bool:
    if "hidden" in attrs or "preheader" in attrs.get("class", "").lower():
        return True
    return bool(_HIDDEN_STYLE.search(attrs.get("style", "")))


class _Renderer(HTMLParser):
    """Collects visible text pieces, break markers and links in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self.links: list[Link] = []
        self._stack: list[tuple[str, bool]] = []
        self._open: Counter[str] = Counter()
        self._hidden = 0
        self._pre = 0
        self._href: str | None = None
        self._label: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): value or "" for name, value in attrs}
        if tag == "a":
            self._close_link()
        if tag in _VOID:
            if not self._hidden:
                self._break(tag)
            return
        hidden = tag in _SKIPPED or _is_hidden(values)
        self._stack.append((tag, hidden))
        self._open[tag] += 1
        self._hidden += hidden
        self._pre += tag == "pre"
        if self._hidden:
            return
        self._break(tag)
        if tag == "a" and values.get("href"):
            self._href = values["href"].strip()
            self._label = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self._hidden:
            self._break(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self._open[tag]:
            return
        while self._stack:
            name, hidden = self._stack.pop()
            self._open[name] -= 1
            self._hidden -= hidden
            self._pre -= name == "pre"
            if name == "a":
                self._close_link()
            if name == tag:
                break
        if not self._hidden:
            self._break(tag)

    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        text = data.translate(_INVISIBLE)
        if self._pre:
            for index, line in enumerate(text.replace("\r\n", "\n").split("\n")):
                if index:
                    self.pieces.append(_LINE_BREAK)
                self.pieces.append(line)
        else:
            self.pieces.append(_SPACES.sub(" ", text))
        if self._href is not None:
            self._label.append(text)

    def _break(self, tag: str) -> None:
        if tag in _PARAGRAPHS:
            self.pieces.append(_PARAGRAPH_BREAK)
        elif tag in _LINES:
            self.pieces.append(_LINE_BREAK)

    def _close_link(self) -> None:
        if self._href is not None:
            label = _SPACES.sub(" ", "".join(self._label)).strip()
            self.links.append(Link(label=label, url=self._href))
        self._href = None
        self._label = []

    def result(self) -> RenderedHtml:
        self._close_link()
        return RenderedHtml(text=_assemble(self.pieces), links=tuple(self.links))


def _assemble(pieces: list[str]) -> str:
    """Join pieces into lines: a line break per block, one blank line per paragraph."""
    lines = [""]
    pending = 0
    for piece in pieces:
        if piece in (_PARAGRAPH_BREAK, _LINE_BREAK):
            pending = max(pending, 2 if piece == _PARAGRAPH_BREAK else 1)
            continue
        if not piece.strip():
            if not pending:
                lines[-1] += piece
            continue
        if pending and lines[-1].strip():
            lines.extend([""] * pending)
        elif pending:
            lines[-1] = ""
        pending = 0
        lines[-1] += piece
    kept: list[str] = []
    for line in lines:
        stripped = _RUNS.sub(" ", line.replace("\u00a0", " ")).strip()
        if stripped or (kept and kept[-1]):
            kept.append(stripped)
    return "\n".join(kept).strip("\n")


def render_html(html: str) -> RenderedHtml:
    """Render `html` as readable text and list its links; never raises."""
    renderer = _Renderer()
    try:
        renderer.feed(html)
        renderer.close()
    except (AssertionError, ValueError):  # html.parser gives up on some garbage
        pass
    return renderer.result()


def html_to_text(html: str) -> str:
    """The readable text of `html`, one block element per line."""
    return render_html(html).text
