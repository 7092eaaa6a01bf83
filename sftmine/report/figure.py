"""Matplotlib figures drawn straight onto an Agg canvas: no pyplot, no global backend switch, so a
report can be made inside any program (and on a machine without a display)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

DPI = 110


@dataclass(frozen=True)
class Plot:
    name: str  # file stem of its PNG
    title: str
    caption: str
    png: bytes | None  # None: nothing to draw, the caption says why


def new_figure(width: float = 8.0, height: float = 4.2) -> tuple[Figure, Any]:
    fig, (ax,) = new_panels(1, width, height)
    return fig, ax


def new_panels(count: int, width: float, height: float) -> tuple[Figure, list[Any]]:
    """A figure of `count` side-by-side plots sharing their y axis."""
    fig = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    axes = list(fig.subplots(1, count, sharey=True, squeeze=False)[0])
    for ax in axes:
        ax.grid(True, axis="both", alpha=0.3)
        ax.set_axisbelow(True)
    return fig, axes


def png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI)
    return buf.getvalue()


def colors(sources: list[str]) -> dict[str, Any]:
    """One colour per source, the same in every plot of a report."""
    from matplotlib import colormaps

    cmap = colormaps["tab10" if len(sources) <= 10 else "tab20"]
    return {s: cmap(i % cmap.N) for i, s in enumerate(sources)}
