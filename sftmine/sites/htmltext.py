"""A statement's HTML as headed blocks of plain text, TeX kept, in document order.

Judges write statements as headings followed by paragraphs, lists and `<pre>` blocks, nested however the
site's template nests them (AtCoder: `div.part > section > h3`; AOJ: flat `<H2>` siblings). Walking the
tree and cutting at every heading gives the same sections for both. `<var>` becomes `$...$`,
`<sup>`/`<sub>` become `^{...}`/`_{...}`, and images are counted where they sit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import lxml.html
from lxml import etree

HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BLOCK = {"p", "div", "section", "ul", "ol", "table", "tr", "blockquote", "center", "dl", "dd", "dt", "hr"}
_SKIP = {"script", "style", "head", "title", "button", "noscript"}
_INLINE_WRAP = {"var": ("$", "$"), "sup": ("^{", "}"), "sub": ("_{", "}")}
_BREAK, _PARA = "\x00", "\x01"


@dataclass
class Block:
    """One heading and what follows it up to the next heading."""

    heading: str = ""
    level: int = 0
    chunks: list[str] = field(default_factory=list)  # inline text, _BREAK/_PARA markers, rendered <pre>
    pres: list[str] = field(default_factory=list)  # raw text of each <pre>, for samples
    images: int = 0

    @property
    def text(self) -> str:
        return _finish("".join(self.chunks))


def parse_fragment(html: str) -> etree._Element:
    """The fragment wrapped in one root element (lxml lowercases the tags)."""
    return lxml.html.fragment_fromstring(html or "<p></p>", create_parent="div")


def blocks(root: etree._Element) -> list[Block]:
    out = [Block()]
    for kind, value in _events(root):
        if kind == "heading":
            level, text = value
            out.append(Block(heading=text, level=level))
        elif kind == "pre":
            out[-1].pres.append(value)
            out[-1].chunks.append(_PARA + _indent_block(value) + _PARA)
        elif kind == "image":
            out[-1].images += 1
        else:
            out[-1].chunks.append(value)
    return out


def inline_text(el: etree._Element) -> str:
    """Text of one element (a heading, a title) with whitespace collapsed; its tail is not its text."""
    parts = [el.text or ""] + [v for child in el for k, v in _events(child, top=False) if k == "text"]
    return " ".join("".join(parts).replace(_BREAK, " ").replace(_PARA, " ").split())


def pre_text(el: etree._Element) -> str:
    """A sample block exactly as a program would read it: CRLF folded, one trailing newline.

    A `<br>` inside is a line break (Codeforces writes `<pre class="verbatim">` blocks as `<br>`-separated
    lines), which `text_content()` alone would drop, joining the lines.
    """
    text = _raw_text(el).replace("\r\n", "\n").replace("\r", "\n").lstrip("\n")
    return text.rstrip() + "\n" if text.strip() else ""


def _raw_text(el: etree._Element) -> str:
    parts = [el.text or ""]
    for child in el:
        if child.tag == "br":
            parts.append("\n")
        elif isinstance(child.tag, str):
            parts.append(_raw_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _events(el: etree._Element, top: bool = True) -> Iterator[tuple[str, object]]:
    tag = el.tag if isinstance(el.tag, str) else None  # comments and processing instructions
    if tag is not None and tag not in _SKIP:
        if tag in HEADINGS and top and _holds_blocks(el):
            # an unclosed <h3> swallows what follows it: the heading is its own text, the rest flows on
            own = " ".join((el.text or "").split())
            if own:
                yield "heading", (HEADINGS[tag], own)
            for child in el:
                yield from _events(child, top)
        elif tag in HEADINGS and top:
            yield "heading", (HEADINGS[tag], inline_text(el))
        elif tag == "pre" and top:
            yield "pre", pre_text(el)
        elif tag == "img":
            yield "image", el.get("src", "")
        else:
            yield from _inner(el, tag, top)
    if el.tail and el.getparent() is not None:
        yield "text", el.tail


def _holds_blocks(el: etree._Element) -> bool:
    return any(isinstance(d.tag, str) and (d.tag in HEADINGS or d.tag in _BLOCK or d.tag == "pre")
               for d in el.iterdescendants())


def _inner(el: etree._Element, tag: str, top: bool) -> Iterator[tuple[str, object]]:
    before, after = _INLINE_WRAP.get(tag, ("", ""))
    if tag == "br":
        before = _BREAK
    elif tag == "li":
        before, after = _BREAK + "- ", _BREAK
    elif tag in _BLOCK:
        before = after = _PARA
    elif tag in ("td", "th"):
        after = " "
    if before:
        yield "text", before
    if el.text:
        yield "text", el.text
    for child in el:
        yield from _events(child, top)
    if after:
        yield "text", after


def _indent_block(text: str) -> str:
    """A <pre> inside prose keeps its lines; a marker protects them from whitespace folding."""
    return _BREAK.join("\x02" + line for line in text.rstrip("\n").split("\n"))


def _finish(raw: str) -> str:
    paragraphs = []
    for para in raw.split(_PARA):
        lines = [_fold(line) for line in para.split(_BREAK)]
        text = "\n".join(line for line in lines if line)
        if text:
            paragraphs.append(text)
    return "\n\n".join(paragraphs).replace("\x02", "    ")


def _fold(line: str) -> str:
    if line.startswith("\x02"):
        return line.rstrip() if line.strip("\x02 \t") else ""
    return re.sub(r"\s+", " ", line).strip()
