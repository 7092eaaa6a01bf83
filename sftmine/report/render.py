"""The report as Markdown (PNG files beside it) and as one self-contained HTML page (PNGs inlined)."""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass
from typing import Any

from sftmine.report.data import ORIGINS, ReportData
from sftmine.report.figure import Plot

CSS = """body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:60em;margin:2em auto;
padding:0 1em;color:#222;line-height:1.45}h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.25em;
margin-top:1.8em;border-bottom:1px solid #ddd;padding-bottom:.2em}table{border-collapse:collapse;margin:.6em 0}
th,td{border:1px solid #ccc;padding:.25em .7em;text-align:right}th{background:#f3f3f3}td:first-child,
th:first-child{text-align:left}img{max-width:100%;height:auto;border:1px solid #eee}.muted{color:#666}
figure{margin:1em 0}figcaption{color:#555;font-size:.92em}code{background:#f5f5f5;padding:0 .2em}"""


def _fmt(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def summary(data: ReportData) -> list[tuple[str, str]]:
    m = data.manifest
    tasks, model = m.get("tasks", {}), m.get("model", {})
    rows = [("kept tasks", _fmt(tasks.get("kept"))), ("dropped by the filter", _fmt(tasks.get("dropped"))),
            ("removed by dedup", _fmt(tasks.get("removed"))),
            ("training targets", _fmt(m.get("counts", {}).get("targets")))]
    rows += [(f"mean {k}", _fmt(v) if v is not None else f"– (no task has {k[5:]} samples)")
             for k, v in m.get("pass_at", {}).items()]
    rows += [("model", _fmt(model.get("model"))), ("samples per task", _fmt(model.get("n"))),
             ("sftmine", _fmt(m.get("sftmine_version"))), ("content hash", _fmt(m.get("content_hash", "")[:16]))]
    return rows


@dataclass(frozen=True)
class Section:
    title: str
    table: tuple[list[str], list[list[str]]] | None = None  # header, rows
    plot: Plot | None = None


def sections(data: ReportData, plots: dict[str, Plot]) -> list[Section]:
    funnel = [[r["source"], _fmt(r["in"]), _fmt(r["after_dedup"]), _fmt(r["judged"]), _fmt(r["kept"])]
              for r in data.funnel_table()]
    reasons = [[reason, str(n)] for reason, n in data.drop_reasons().items()]
    return [Section("Summary", ([], [list(r) for r in summary(data)])),
            Section("Funnel per source", (["source", "tasks in", "after dedup", "judged", "kept"], funnel),
                    plots["funnel"]),
            Section("Tests per task by origin", (["source", "tasks", *ORIGINS, "weak tasks", "false positives caught",
                                                  "mutation score"],
                                                 data.tests_table() or [["no judged tasks"] + [""] * 8])),
            Section("Pass rates", None, plots["pass_rate"]),
            Section("pass@k", None, plots["pass_at_k"]),
            Section("Difficulty vs pass rate", None, plots["difficulty"]),
            Section("Drop reasons", (["stage: reason", "tasks"], reasons or [["nothing dropped", "0"]]),
                    plots["drop_reasons"])]


def markdown(data: ReportData, plots: dict[str, Plot]) -> str:
    out = [f"# sftmine report: snapshot `{data.name}`", ""]
    for section in sections(data, plots):
        out += [f"## {section.title}", ""]
        if section.table:
            header, rows = section.table
            header = header or [""] * len(rows[0])  # Markdown tables need a header row
            out += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
            out += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows] + [""]
        if section.plot:
            out += [f"![{section.plot.title}]({section.plot.name}.png)", ""] if section.plot.png else []
            out += [f"*{section.plot.caption}*", ""]
    return "\n".join(out)


def _table(header: list[str], rows: list[list[str]]) -> str:
    head = "<thead><tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in header) + "</tr></thead>" if header else ""
    body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table>{head}<tbody>{body}</tbody></table>"


def _figure(plot: Plot) -> str:
    if plot.png is None:
        return f"<p class=muted>{html.escape(plot.caption)}</p>"
    src = "data:image/png;base64," + base64.b64encode(plot.png).decode()
    return (f"<figure><img src=\"{src}\" alt=\"{html.escape(plot.title)}\">"
            f"<figcaption>{html.escape(plot.caption)}</figcaption></figure>")


def page(data: ReportData, plots: dict[str, Plot]) -> str:
    title = f"sftmine report: snapshot {data.name}"
    parts = [f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{html.escape(title)}</title>",
             f"<style>{CSS}</style></head><body><h1>{html.escape(title)}</h1>"]
    for section in sections(data, plots):
        parts.append(f"<section><h2>{html.escape(section.title)}</h2>")
        parts.append(_table(*section.table) if section.table else "")
        parts.append((_figure(section.plot) if section.plot else "") + "</section>")
    return "".join(parts) + "</body></html>\n"
