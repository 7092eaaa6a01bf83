"""Difficulty vs pass rate: a scatter over numeric ratings (Codeforces, AtCoder) with the mean per band,
and boxes per named level (APPS, TACO, LeetCode), side by side when a snapshot has both."""

from __future__ import annotations

from typing import Any

from sftmine.report.data import ReportData, TaskRow
from sftmine.report.figure import Plot, colors, new_panels, png

BANDS = 8


def difficulty(data: ReportData) -> Plot:
    rated = [r for r in data.rows if r.n and r.rating is not None]
    graded = [r for r in data.rows if r.n and r.rating is None and r.difficulty is not None]
    if not rated and not graded:
        return Plot("difficulty", "Difficulty vs pass rate",
                    "No judged task in this snapshot carries a rating or a difficulty.", None)
    fig, axes = new_panels(bool(rated) + bool(graded), 11 if rated and graded else 8, 4.2)
    if rated:
        _by_rating(axes[0], rated, colors(data.sources))
    if graded:
        _by_level(axes[-1], graded)
    axes[0].set_ylabel("pass rate c/n")
    axes[0].set_ylim(-0.05, 1.05)
    parts = (["by rating (dots: tasks; line: the mean of each eighth of the rating range)"] if rated else []) + \
        (["by difficulty level (boxes: quartiles of the tasks' pass rates)"] if graded else [])
    return Plot("difficulty", "Difficulty vs pass rate", "Pass rate " + "; ".join(parts) + ".", png(fig))


def _by_rating(ax: Any, rated: list[TaskRow], palette: dict[str, Any]) -> None:
    for source in sorted({r.source for r in rated}):
        mine = [r for r in rated if r.source == source]
        ax.scatter([r.rating for r in mine], [r.pass_rate for r in mine], label=source, color=palette[source],
                   alpha=0.6, s=22, linewidths=0)
    lo, hi = min(r.rating for r in rated), max(r.rating for r in rated)
    step = max((hi - lo) / BANDS, 1.0)
    bands: dict[int, list[TaskRow]] = {}
    for r in rated:
        bands.setdefault(min(int((r.rating - lo) // step), BANDS - 1), []).append(r)
    means = [(_mean([r.rating for r in rows]), _mean([r.pass_rate for r in rows])) for _, rows in sorted(bands.items())]
    ax.plot([m[0] for m in means], [m[1] for m in means], color="black", linewidth=2, label="mean per band")
    ax.set_xlabel("rating")
    ax.legend(fontsize=8, loc="upper right")


def _by_level(ax: Any, graded: list[TaskRow]) -> None:
    levels = sorted({r.difficulty for r in graded if r.difficulty is not None}, key=_level_order)
    groups = [[r.pass_rate for r in graded if r.difficulty == lv] for lv in levels]
    ax.boxplot(groups)  # labels set apart: boxplot's own keyword changed name in matplotlib 3.9
    ax.set_xticks(range(1, len(levels) + 1), [f"{lv}\n({_tasks(len(g))})" for lv, g in zip(levels, groups)])
    ax.set_xlabel("difficulty")


def _level_order(level: str) -> tuple[int, str]:
    """Easiest first for the levels sources use (APPS, TACO, LeetCode, CodeChef); others after, by name."""
    known = ("easy", "introductory", "simple", "medium", "interview", "medium_hard", "hard", "competition",
             "very_hard")
    key = level.lower().replace(" ", "_")
    return (known.index(key), "") if key in known else (len(known), key)


def _tasks(count: int) -> str:
    return f"{count} task" + ("" if count == 1 else "s")


def _mean(values: list[Any]) -> float:
    return sum(values) / len(values)
