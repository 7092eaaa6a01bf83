"""Report of a snapshot: report.html (self-contained) and report.md with its PNG plots."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sftmine.report import plots as plot_fns
from sftmine.report.data import ReportData, load
from sftmine.report.figure import Plot
from sftmine.report.render import markdown, page
from sftmine.snapshot.guard import refuse_inside_snapshot
from sftmine.snapshot.layout import Snapshot
from sftmine.store import atomic_path

HTML, MARKDOWN = "report.html", "report.md"


@dataclass
class ReportFiles:
    html: Path
    markdown: Path
    pngs: list[Path]


def write_report(snapshot: Snapshot, out: Path, progress: bool = False) -> ReportFiles:
    """The report of `snapshot` in OUT, through the report stage (sftmine.report.stage)."""
    from sftmine.report.stage import ReportSettings, ReportStage
    from sftmine.stages import run_stage, scratch

    refuse_inside_snapshot(out)
    with scratch("report") as files:
        result = run_stage(ReportStage, ReportSettings(), [*snapshot.kept(), *snapshot.dropped()], files,
                           {"name": snapshot.name, "manifest": snapshot.manifest, "out": Path(out)}, progress=progress)
    return result.written


def render_files(data: ReportData, out: Path) -> ReportFiles:
    """Plots, report.md and report.html of `data` in OUT."""
    plots = {plot.name: plot for plot in (fn(data) for fn in plot_fns.ALL)}
    pngs = []
    for plot in plots.values():
        if plot.png is not None:
            pngs.append(_write(out / f"{plot.name}.png", plot.png))
    md = _write(out / MARKDOWN, markdown(data, plots).encode())
    return ReportFiles(_write(out / HTML, page(data, plots).encode()), md, pngs)


def _write(path: Path, content: bytes) -> Path:
    with atomic_path(path) as tmp:
        tmp.write_bytes(content)
        tmp.chmod(0o644)  # a report is for reading, by anyone the folder is shared with
    return path


__all__ = ["HTML", "MARKDOWN", "Plot", "ReportData", "ReportFiles", "load", "render_files", "write_report"]
