"""What a statement says about how it is judged: interactive, special judge, float tolerance, images, PDF.

Each flag is read from the text the way a contestant reads it: "This is an interactive task",
"If there are multiple solutions, print any of them", "absolute or relative error at most $10^{-6}$".
Images count only where they sit in the text a prompt shows (statement, input, output, constraints);
a figure that only illustrates a sample explanation does not make a problem depend on it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

PROMPT_KINDS = ("statement", "other", "input", "output", "constraints")

# Each pattern is a list of phrases per language the judges publish in: English, Japanese (AtCoder, AOJ),
# Russian (Codeforces), Chinese, Spanish, Vietnamese and Bengali (CodeChef's translations, AOJ's Chinese).
_INTERACTIVE = re.compile("|".join((
    r"\binter-?active\b|\breactive\b|\bfflush\b|flush\s+the\s+(standard\s+)?output",
    r"インタラクティブ|リアクティブ",
    r"интерактивн\w*|сбрасывать\s+буфер|сбросить\s+буфер",
    r"交互题|交互式|互动题",
    r"\binteractiv[oa]s?\b",
    r"bài\s+(toán\s+)?tương\s+tác",
    r"ইন্টারঅ্যাক্টিভ",
)), re.IGNORECASE)
_ANY_ANSWER = re.compile("|".join((
    r"\bany\s+(one\s+)?of\s+(them|those|these|the\s+\w+)\b|\b(print|output|display|report)\s+any\b(?!\s+number\s+of)"
    r"|\bany\s+(such\s+)?\w+\s+(is|are|will\s+be)\s+(accepted|acceptable|considered\s+correct)"
    r"|\bany\s+such\s+\w+\s+will\s+be\s+accepted|special\s+judge",
    r"スペシャルジャッジ|(どれ|いずれ)を出力して(も|もよい)|(どれ|いずれ)を(答えて|出力しても)",
    # the forms of "любой" (any) only: "любит" (loves) opens half of the Russian legends
    r"(выв\w*|печат\w*|напечат\w*)\s+(\w+\s+){0,2}люб(ой|ое|ая|ую|ые|ого)\b"
    r"|\bлюб(ой|ое|ая|ую)\s+из\s+(них|ответов|решений)|\bлюб(ой|ое|ая)\s+(\w+\s+){0,2}(будет\s+)?"
    r"(засчитан|принят|считаться\s+правильн)",
    r"(输出|打印|给出)(其中)?任(意|何|一)|任意一?[个组种](即可|均可|都可以)|特殊评测|特判",
    r"(imprim|muestr|mostr|escrib|devuelv|devolv)\w*\s+(\w+\s+){0,2}cualquiera?\b|\bcualquiera\s+de\s+(ellas|ellos|las|los)\b",
    r"\bbất\s+k[ỳì]\b",
    r"যে\s?কোনো|যেকোন",
)), re.IGNORECASE)
_MANY = re.compile("|".join((
    r"multiple|more\s+than\s+one|several|not\s+unique|many\s+possible|accepted|acceptable|special",
    r"複数|どれ|いずれ|スペシャル",
    r"несколько|не\s+единственн|более\s+одного",
    r"多[个组种]|多解|不唯一|特殊|特判",
    r"\bvari[ao]s\b|múltiples|más\s+de\s+un|no\s+es\s+únic",
    r"\bnhiều\b|không\s+duy\s+nhất",
    r"একাধিক",
)), re.IGNORECASE)
_ERROR_WORD = re.compile(r"\berrors?\b|誤差|误差|precision|tolerance|погрешност|sai\s+số", re.IGNORECASE)
_ABSOLUTE = re.compile(r"absolut|絶対|绝对|абсолютн|tuyệt\s+đối", re.IGNORECASE)
_RELATIVE = re.compile(r"relativ|相対|相对|относительн|tương\s+đối", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|[。．！？।\n]")
_TOLERANCE = [  # (pattern, how to read the exponent/mantissa)
    re.compile(r"(?:(\d+(?:\.\d+)?)\s*(?:\\times|×|\*|x)\s*)?10\s*\^\s*\{?\s*\(?\s*[-−–]\s*(\d+)\s*\)?\s*\}?"),
    # lookarounds, not \b: CJK letters count as \w, so "誤差1e-9" has no word boundary before the 1
    re.compile(r"(?<![A-Za-z\d.])(\d+(?:\.\d+)?)\s*[eE]\s*[-−]\s*(\d+)(?!\d)"),
    re.compile(r"(?<![\d.])(0\.0*[1-9]\d*)(?!\.?\d)()"),
]


def flags(sections: Iterable[Any], root: Any, samples: list[dict[str, str]]) -> dict[str, Any]:
    sections = list(sections)
    prompt_text = "\n".join(s.text for s in sections if s.kind in PROMPT_KINDS)
    all_text = "\n".join(f"{s.heading}\n{s.text}" for s in sections)
    out: dict[str, Any] = {}
    images = sum(s.images for s in sections if s.kind in PROMPT_KINDS)
    if images:
        out["images"] = images
    elsewhere = sum(s.images for s in sections) - images
    if elsewhere:
        out["images_elsewhere"] = elsewhere
    out.update(text_flags(prompt_text, all_text))
    if _has_class(root, "reactive"):
        out["interactive"] = True
    if _pdf_only(root, prompt_text, samples):
        out["pdf_only"] = True
    return out


def text_flags(prompt_text: str, all_text: str | None = None) -> dict[str, Any]:
    """The flags plain text can show (a dataset's statement has no HTML to look at)."""
    out: dict[str, Any] = {}
    if _INTERACTIVE.search(prompt_text if all_text is None else all_text):
        out["interactive"] = True
    if special_judge(prompt_text):
        out["special_judge"] = True
    tolerance = float_tolerance(prompt_text)
    if tolerance:
        out["float_tolerance"] = tolerance
    return out


def special_judge(text: str) -> bool:
    """Several answers are accepted: the judge runs its own checker, which a task cannot reproduce."""
    return any(_ANY_ANSWER.search(s) and _MANY.search(s) for s in _sentences(text))


def float_tolerance(text: str) -> dict[str, float] | None:
    """{"abs": x, "rel": y} from the first sentence that names an error bound, else None."""
    for sentence in _sentences(text):
        if not _ERROR_WORD.search(sentence):
            continue
        bound = _bound(sentence)
        if bound is None:
            continue
        absolute, relative = _ABSOLUTE.search(sentence), _RELATIVE.search(sentence)
        if relative and not absolute:
            return {"rel": bound}
        if relative:
            return {"abs": bound, "rel": bound}
        return {"abs": bound}
    return None


def _bound(sentence: str) -> float | None:
    for pattern in _TOLERANCE:
        match = pattern.search(sentence)
        if match is None:
            continue
        mantissa, exponent = match.group(1), match.group(2)
        if exponent:
            return float(mantissa or 1) * 10.0 ** -int(exponent)
        return float(mantissa)
    return None


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE.split(text) if s and s.strip()]


def _has_class(root: Any, word: str) -> bool:
    return any(word in (el.get("class") or "") for el in root.iter() if isinstance(el.tag, str))


def _pdf_only(root: Any, prompt_text: str, samples: list[dict[str, str]]) -> bool:
    links = [el.get("href", "") for el in root.iter("a", "iframe", "embed", "object")] + [
        el.get("src", "") + el.get("data", "") for el in root.iter("iframe", "embed", "object")]
    return any(".pdf" in link.lower() for link in links) and not samples and len(prompt_text) < 400
