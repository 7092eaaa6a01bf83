"""A statement body (HTML) as sections, text with TeX kept, samples, and the flags that decide its fate.

Works on the statement body alone, whatever the site: AtCoder's `div#task-statement` (with `span.lang-en`
and `span.lang-ja` halves that repeat the samples; the English half wins) and AOJ's `<H1>`/`<H2>` bodies.
Sample headings come in many spellings ("Sample Input 2", "入力例 2", "Output for the Sample Input 2",
"Input #2" under "Sample Input and Output"); inputs and outputs are paired by number, else by order.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from sftmine.sites import flags as flagging
from sftmine.sites.htmltext import Block, blocks, inline_text, parse_fragment

_KINDS: list[tuple[str, str]] = [  # first match wins; headings are NFKC-folded and lowercased
    # the I/O format, not samples: "Input and Output", "入出力", JOI's "入力・出力"
    ("input", r"^inputs?\s*(and|&|/)\s*outputs?(\s*format)?$|^入(力\s*(・|/|と|および|及び)?\s*)?出力(形式)?$"),
    ("notes", r"sample\s*(program|code|solution)"),
    ("samples", r"inputs?\s*(and|&|/|・)\s*outputs?|入出力|入力・出力"),
    ("sample_out", r"(sa\w{0,2}le|ex\w{0,2}mple)s?\s*(test\s*)?(case\s*)?outputs?|outputs?\s*(for|of|to)\s*(the\s*)?(sample|example)"
                   r"|outputs?\s*(example|sample)|出力例|サンプル出力|^outputs?\s*#?\s*\d+$|^出力\s*\d+$|に対する出力"),
    ("sample_in", r"(sa\w{0,2}le|ex\w{0,2}mple)s?\s*(test\s*)?(case\s*)?inputs?|inputs?\s*(example|sample)|入力例|サンプル入力"
                  r"|^inputs?\s*#?\s*\d+$|^入力\s*\d+$"),
    ("samples", r"sample|ex\w{0,2}mple|サンプル"),
    ("input", r"^(the\s*)?inputs?(\s*(format|specification))?$|^入力(形式)?$"),
    ("output", r"^(the\s*)?outputs?(\s*(format|specification))?$|^出力(形式)?$"),
    ("constraints", r"constraint|制約|制限"),
    ("other", r"^notes?$|^注意$|^注記$|^definitions?$"),  # part of the problem, shown under its heading
    ("notes", r"note|hint|注意|ヒント|partial|subtask|部分点|採点|scoring|reference|template|解説|points"),
    ("statement", r"^$|problem|statement|story|background|description|task|問題|物語|課題|背景"),
]


_COMBINED_IO = re.compile(_KINDS[0][1])  # a heading over both the input and the output format
_SCORE = re.compile(r"^\s*((max\s+)?score|配点)\s*[:：]", re.IGNORECASE)


@dataclass
class Section:
    heading: str
    kind: str  # one of the _KINDS names, or "other"
    number: int | None
    text: str
    pres: list[str]
    images: int


@dataclass
class Statement:
    title: str
    sections: list[Section]
    samples: list[dict[str, str]]
    flags: dict[str, Any] = field(default_factory=dict)

    def text_of(self, *kinds: str) -> str:
        return "\n\n".join(s.text for s in self.sections if s.kind in kinds and s.text)

    @property
    def statement(self) -> str:
        parts = [f"{s.heading}\n{s.text}" if s.kind == "other" and s.heading else s.text
                 for s in self.sections if s.kind in ("statement", "other") and s.text]
        return "\n\n".join(parts)

    @property
    def input_spec(self) -> str:
        return self.text_of("input")

    @property
    def output_spec(self) -> str:
        return self.text_of("output")

    @property
    def constraints(self) -> str:
        return self.text_of("constraints")


def raw_fields(st: Statement) -> dict[str, Any]:
    """The RawProblem fields a statement fills, for a site parser to spread into its record."""
    return {"statement": st.statement, "input_spec": st.input_spec, "output_spec": st.output_spec,
            "constraints": st.constraints, "samples": st.samples, "flags": st.flags}


def extract(html: str, prefer: str = "en") -> Statement:
    """Sections, samples and flags of one statement body."""
    root = _language_half(parse_fragment(html), prefer)
    title = _title(root)
    sections = [part for b in blocks(root) if b.heading or b.chunks or b.pres
                for part in _split_io(_section(b, title))]
    samples, sample_problem = pair_samples(sections)
    flags = flagging.flags(sections, root, samples)
    if sample_problem:
        flags["sample_problem"] = sample_problem
    return Statement(title=title, sections=sections, samples=samples, flags=flags)


def classify(heading: str) -> tuple[str, int | None]:
    folded = _fold(heading)
    for kind, pattern in _KINDS:
        if re.search(pattern, folded):
            return kind, _number(folded)
    return "other", _number(folded)


def _fold(heading: str) -> str:
    return unicodedata.normalize("NFKC", heading).lower().strip(" :：.")


def _number(folded: str) -> int | None:
    found = re.findall(r"\d+", folded)
    return int(found[-1]) if found else None


def _section(block: Block, title: str) -> Section:
    if block.level == 1 and block.heading == title:  # the <h1> title opens the statement; it names no section
        return Section("", "statement", None, block.text, block.pres, block.images)
    if not block.heading and _SCORE.match(block.text):  # AtCoder's "Score : 100 points" preamble
        return Section("", "score", None, block.text, block.pres, block.images)
    kind, number = classify(block.heading)
    return Section(block.heading, kind, number, block.text, block.pres, block.images)


def _split_io(section: Section) -> list[Section]:
    """A combined input-and-output section cut at its own "出力"/"Output" line into the two formats.

    JOI statements put both under `<h2>入力・出力</h2>`, each after a bold `<b>入力</b>` / `<b>出力</b>` line.
    """
    if section.kind != "input" or not _COMBINED_IO.search(_fold(section.heading)):
        return [section]
    lines = section.text.split("\n")
    cut = next((i for i, line in enumerate(lines)  # a heading-like line of prose, not one inside a <pre>
                if line.strip() and not line.startswith(" ") and classify(line)[0] == "output"), None)
    if cut is None:
        return [section]
    given = lines[1:cut] if classify(lines[0])[0] == "input" else lines[:cut]
    section.text = "\n".join(given).strip()
    return [section, Section(lines[cut].strip(), "output", None, "\n".join(lines[cut + 1:]).strip(), [], 0)]


def _language_half(root, prefer: str):
    halves = {lang: root.find_class(f"lang-{lang}") for lang in ("en", "ja")}
    for lang in (prefer, "en", "ja"):
        if halves.get(lang):
            return halves[lang][0]
    return root


def _title(root) -> str:
    h1 = next(root.iter("h1"), None)
    return inline_text(h1) if h1 is not None else ""


def pair_samples(sections: list[Section]) -> tuple[list[dict[str, str]], str]:
    """Inputs and outputs as pairs; and what was odd about them ("" when nothing was)."""
    inputs: list[tuple[int | None, str]] = []
    outputs: list[tuple[int | None, str]] = []
    for s in sections:
        if s.kind == "sample_in" and s.pres:
            inputs.append((s.number, s.pres[0]))
        elif s.kind == "sample_out" and s.pres:
            outputs.append((s.number, s.pres[0]))
        elif s.kind == "samples" and s.pres:  # "Sample Input and Output": pres alternate input, output
            number = s.number if len(s.pres) == 1 else None
            inputs += [(number, p) for p in s.pres[0::2]]
            outputs += [(number, p) for p in s.pres[1::2]]
    if not inputs and outputs:  # a problem without input shows only its output
        inputs = [(n, "") for n, _ in outputs]
    pairs = _by_number(inputs, outputs) or [
        {"input": i, "output": o} for (_, i), (_, o) in zip(inputs, outputs)]
    problem = "" if len(inputs) == len(outputs) else f"{len(inputs)} sample inputs but {len(outputs)} outputs"
    return _dedupe(pairs), problem


def _by_number(inputs: list[tuple[int | None, str]], outputs: list[tuple[int | None, str]]) -> list[dict[str, str]]:
    numbers_in, numbers_out = [n for n, _ in inputs], [n for n, _ in outputs]
    if None in numbers_in or None in numbers_out or len(set(numbers_in)) != len(numbers_in):
        return []
    out = dict(outputs)
    return [{"input": text, "output": out[n]} for n, text in inputs if n in out]


def _dedupe(pairs: list[dict[str, str]]) -> list[dict[str, str]]:
    seen, out = set(), []
    for pair in pairs:
        key = (pair["input"], pair["output"])
        if key not in seen:
            seen.add(key)
            out.append(pair)
    return out
