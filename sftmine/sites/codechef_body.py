"""A CodeChef statement in Markdown (`body`, or the `problemComponents` parts) as text, sections and samples.

Older problems carry everything in `body`: `### Input`, `### Output`, `### Constraints`, then
`### Example Input` / `### Example Output` with fenced blocks; newer bodies show samples as a table of
`<pre>` cells under `### Sample 1:`. Markdown stays as it is (it reads as text and keeps `$...$` TeX);
HTML tags around it (`<aside>`, tables) are dropped, translation links removed. The oldest bodies are
HTML (`<h3>Input</h3>`, `<p>`, one `<pre>` under `<h3>Example</h3>` labelling its cases `<b>Input:</b>` and
`<b>Output:</b>`); they are rendered like any HTML statement (see `htmltext`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sftmine.sites.htmltext import blocks, parse_fragment
from sftmine.sites.statement import classify

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*(.*?)\s*#*\s*$")
_BLOCK = re.compile(r"```[^\n]*\n(.*?)```|<pre>(.*?)</pre>", re.DOTALL)
_TRANSLATIONS = re.compile(r"^\s*#*\s*read\s+problems?\s+statements?\s+in\b.*$", re.IGNORECASE | re.MULTILINE)
_TAG = re.compile(r"<[^>]+>")
_ASIDE = re.compile(r"<aside\b.*?</aside>", re.DOTALL | re.IGNORECASE)  # site notices, not statement
_NOTES = re.compile(r"explanation|subtask", re.IGNORECASE)
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)|<img\b", re.IGNORECASE)
_HTML_HEADING = re.compile(r"<h[1-6]\b", re.IGNORECASE)
# an HTML translation note (`<h3>Read problems statements in <a ...>Mandarin Chinese</a> ...</h3>`)
_HTML_TRANSLATIONS = re.compile(r"<h[1-6]\b[^>]*>\s*read\s+problems?\s+statements?\s+in\b.*?</h[1-6]>",
                                re.IGNORECASE | re.DOTALL)
_NOTICE = re.compile(r"<span\s+class=[\"']solution-visible-txt[\"'][^>]*>.*?</span>", re.IGNORECASE | re.DOTALL)
# "Input:" / "Output:" lines that split one example block into its cases (old bodies: `<b>Input:</b>`)
_MARKER = re.compile(r"^[ \t]*(input|output)[ \t]*:[ \t]*", re.IGNORECASE | re.MULTILINE)
_FORMAT_TAG = re.compile(r"</?(?:b|strong|tt|i|em|code)>", re.IGNORECASE)


@dataclass
class Part:
    heading: str
    kind: str
    text: str
    blocks: list[str] = field(default_factory=list)


def clean(markdown: str | None) -> str:
    """Markdown as statement text: CRLF folded, HTML tags and translation links dropped, blank runs squeezed."""
    text = (markdown or "").replace("\r\n", "\n").replace("\r", "\n")
    text = _TAG.sub("", _TRANSLATIONS.sub("", _notices(text)))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def parts(body: str) -> list[Part]:
    """The body cut at its headings; each part with its kind (see `statement.classify`) and code blocks."""
    if _HTML_HEADING.search(_notices(body or "")) and not any(
            _HEADING.match(line) for line in (body or "").split("\n")):
        return _html_parts(body)
    out = [Part("", "statement", "")]
    lines: list[list[str]] = [[]]
    for line in (body or "").replace("\r\n", "\n").split("\n"):
        match = _HEADING.match(line)
        if match and not _TRANSLATIONS.match(line):
            heading = match.group(1).strip(" *:")
            out.append(Part(heading, _kind(heading), ""))
            lines.append([])
        else:
            lines[-1].append(line)
    for part, raw in zip(out, lines):
        text = "\n".join(raw)
        part.blocks = [_sample_text(a or b) for a, b in _BLOCK.findall(text)]
        part.text = clean(text)
    return [p for p in out if p.text or p.heading]


def _html_parts(body: str) -> list[Part]:
    """An old body written in HTML (`<h3>Input</h3>`, paragraphs, `<pre>` examples), rendered as statements are."""
    out = []
    for block in blocks(parse_fragment(_notices(body))):
        heading = block.heading.strip(" *:")
        out.append(Part(heading, _kind(heading), block.text, block.pres))
    return [p for p in out if p.text or p.heading]


def _kind(heading: str) -> str:
    return "notes" if _NOTES.search(heading) else classify(heading)[0]


def _notices(text: str) -> str:
    """The body without site notices and translation links, which are not part of the statement."""
    return _HTML_TRANSLATIONS.sub("", _NOTICE.sub("", _ASIDE.sub("", text)))


def marked_samples(block: str) -> list[dict[str, str]]:
    """The cases of one example block that labels them ("Input:" lines, then "Output:" lines), in order."""
    text = _FORMAT_TAG.sub("", block)
    marks = list(_MARKER.finditer(text))
    pairs, given = [], None
    for mark, after in zip(marks, marks[1:] + [None]):
        chunk = _sample_text(text[mark.end():after.start() if after else len(text)])
        if mark.group(1).lower() == "input":
            given = chunk
        elif given is not None:
            pairs.append({"input": given, "output": chunk})
            given = None
    return pairs


def body_samples(body_parts: list[Part]) -> list[dict[str, str]]:
    marked = [pair for p in body_parts if p.kind in ("samples", "sample_in")
              for b in p.blocks for pair in marked_samples(b)]
    if marked:
        return marked
    inputs = [b for p in body_parts if p.kind == "sample_in" for b in p.blocks[:1]]
    outputs = [b for p in body_parts if p.kind == "sample_out" for b in p.blocks[:1]]
    for p in body_parts:
        if p.kind == "samples" and len(p.blocks) >= 2:
            inputs.append(p.blocks[0])
            outputs.append(p.blocks[1])
    return [{"input": i, "output": o} for i, o in zip(inputs, outputs)]


def sample_text(value: object) -> str:
    """A sample as a program reads it; the API sometimes gives a bare number."""
    return _sample_text(str(value))


def has_image(text: str) -> bool:
    return bool(_IMAGE.search(text))


def _sample_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    return text.rstrip() + "\n" if text.strip() else ""
