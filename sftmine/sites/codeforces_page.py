"""A Codeforces problem page as a RawProblem: pure, no network.

The statement lives in `div.problem-statement`: a header (title, time and memory limits, input and
output files), the legend, `div.input-specification`, `div.output-specification`, an untitled
"Interaction" section on interactive problems, `div.sample-tests` with one `div.sample-test` per example
(`div.input pre` / `div.output pre`, multi-test inputs split into `div.test-example-line` lines, older
pages separating lines with `<br>`), and `div.note`. TeX is written `$$$...$$$` (inline) and
`$$$$$$...$$$$$$` (display); it is kept as `$...$` and `$$...$$`. `<pre class="verbatim">` blocks in the
text (ASCII art, formats) are `<br>`-separated lines too. A complete page without `div.sample-tests` is a
problem without examples: it parses with no samples, and screening drops it as `no_samples`.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from sftmine.errors import ParseError
from sftmine.records import RawProblem
from sftmine.sites import flags as flagging
from sftmine.sites.htmltext import blocks, inline_text, pre_text
from sftmine.sites.statement import Section

SITE = "codeforces"
# How the header names the console: "standard input" today, "stdin" on old rounds, Russian on ru pages
_STANDARD_STREAMS = {"standard input", "standard output", "stdin", "stdout", "стандартный ввод",
                     "стандартный вывод"}
_KINDS = {"input-specification": "input", "output-specification": "output", "note": "notes",
          "sample-tests": "samples"}


def parse_page(url: str, html: str, problem_id: str, contest_id: str) -> RawProblem:
    root = _statement_root(url, html)
    header = _one(root, "header", url)  # read in page order, so a cut page names its first missing part
    title = _title(header, url)
    time_s = _number(_one(header, "time-limit", url), url, "time-limit")
    memory_mb = int(_number(_one(header, "memory-limit", url), url, "memory-limit"))
    sections = [_section(div) for div in root if isinstance(div.tag, str) and div is not header]
    samples = _samples(root, url, html)
    flags = flagging.flags([s for s in sections if s.kind != "samples"], root, samples)
    if any(s.heading.lower() == "interaction" for s in sections):
        flags["interactive"] = True
    if any(_names_a_file(d) for d in root.find_class("input-file") + root.find_class("output-file")):
        flags["file_io"] = True
    text = {kind: "\n\n".join(s.text for s in sections if s.kind == kind and s.text)
            for kind in ("statement", "input", "output", "notes", "other")}
    return RawProblem(
        site=SITE, problem_id=problem_id, url=url, title=title, statement=text["statement"],
        input_spec=text["input"], output_spec=text["output"], samples=samples, time_limit_s=time_s,
        memory_mb=memory_mb, contest_id=contest_id, flags=flags,
        extra={k: v for k, v in (("note", text["notes"]), ("interaction", text["other"])) if v})


def page_tags(html: str) -> tuple[list[str], int | None]:
    """Tags and rating from the sidebar of a problemset page (`span.tag-box`, rating written `*800`)."""
    tags, rating = [], None
    for box in lxml.html.fromstring(html).find_class("tag-box"):
        if box.tag == "span":
            label = box.text_content().strip()
            if re.fullmatch(r"\*\d+", label):
                rating = int(label[1:])
            elif label:
                tags.append(label)
    return tags, rating


def tex(text: str) -> str:
    return text.replace("$$$$$$", "$$").replace("$$$", "$")


def _statement_root(url: str, html: str) -> etree._Element:
    try:
        page = lxml.html.fromstring(html or "<html></html>")
    except etree.ParserError:
        raise ParseError(SITE, url, "an HTML document") from None
    found = page.find_class("problem-statement")
    if not found:
        raise ParseError(SITE, url, "div.problem-statement")
    return found[0]


def _complete(html: str) -> bool:
    """The whole page arrived (it ends its document), so a missing part is really absent, not cut off."""
    return bool(re.search(r"</html>\s*$", html[-200:], re.IGNORECASE))


def _one(root: etree._Element, cls: str, url: str) -> etree._Element:
    found = root.find_class(cls)
    if not found:
        raise ParseError(SITE, url, f"div.{cls}")
    return found[0]


def _title(header: etree._Element, url: str) -> str:
    title = inline_text(_one(header, "title", url))
    return re.sub(r"^[A-Z]\d*\.\s*", "", title)  # "B1. Name" -> "Name"


def _value(div: etree._Element) -> str:
    """The text of a header field without its `div.property-title` label."""
    label = "".join(t.text_content() for t in div.find_class("property-title"))
    return div.text_content().replace(label, "", 1).strip()


def _names_a_file(div: etree._Element) -> bool:
    """The header's input or output field names a file ("input.txt"), not the console."""
    return _value(div).lower() not in _STANDARD_STREAMS


def _number(div: etree._Element, url: str, what: str) -> float:
    match = re.search(r"\d+(?:\.\d+)?", _value(div))
    if match is None:
        raise ParseError(SITE, url, f"a number in div.{what}")
    return float(match.group(0))


def _section(div: etree._Element) -> Section:
    titles = div.find_class("section-title")
    heading = inline_text(titles[0]) if titles else ""
    for title in titles[:1]:
        _drop_keeping_tail(title)
    kind = next((k for c, k in _KINDS.items() if c in (div.get("class") or "").split()), None)
    kind = kind or ("statement" if not heading else "other")
    parts = blocks(div)
    text = tex("\n\n".join(b.text for b in parts if b.text))
    return Section(heading, kind, None, text, [], sum(b.images for b in parts))


def _drop_keeping_tail(el: etree._Element) -> None:
    """Remove `el` but not the text after it (lxml's remove() takes the tail along): older statements put
    their first sentence right after the section title, outside any `<p>`."""
    parent, previous = el.getparent(), el.getprevious()
    if el.tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _samples(root: etree._Element, url: str, html: str) -> list[dict[str, str]]:
    tests = root.find_class("sample-test")
    if not tests and _complete(html):
        return []  # a problem without examples (screening drops it, with its reason)
    if not tests:
        raise ParseError(SITE, url, "div.sample-test")
    samples = []
    for test in tests:
        inputs, outputs = _pres(test, "input"), _pres(test, "output")
        if not inputs:
            raise ParseError(SITE, url, f"div.input pre in sample {len(samples) + 1}")
        if len(inputs) != len(outputs):
            raise ParseError(SITE, url, f"div.output pre for sample {len(samples) + len(outputs) + 1}")
        samples += [{"input": i, "output": o} for i, o in zip(inputs, outputs)]
    return samples


def _pres(test: etree._Element, cls: str) -> list[str]:
    return [_pre(pre) for box in test.find_class(cls) for pre in box.iter("pre")]


def _pre(pre: etree._Element) -> str:
    lines = pre.find_class("test-example-line")
    if lines:
        return "\n".join(line.text_content() for line in lines) + "\n"
    return pre_text(pre)  # older pages separate the lines with <br>
