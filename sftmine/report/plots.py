"""The report's plots: funnel per source, pass-rate histogram, pass@k curves, difficulty vs pass rate
(difficulty.py), drop reasons. Each returns a Plot; one with nothing to show says so in its caption."""

from __future__ import annotations

from matplotlib.ticker import MaxNLocator

from sftmine.passk import pass_at_k
from sftmine.report.data import ReportData, TaskRow
from sftmine.report.difficulty import difficulty
from sftmine.report.figure import Plot, colors, new_figure, png

BINS = 10
STAGE_COLORS = {"in": "#9aa5b1", "after_dedup": "#5b8db8", "judged": "#e0a030", "kept": "#3a9a5b"}
REASON_COLORS = {"dedup": "#8064a2", "filter": "#c0504d"}


def _counts() -> MaxNLocator:
    """Ticks for counts of tasks: whole numbers at 1-2-5 steps."""
    return MaxNLocator(integer=True, steps=[1, 2, 5, 10])


def funnel(data: ReportData) -> Plot:
    table = data.funnel_table()
    if not table:
        return Plot("funnel", "Funnel per source", "The snapshot holds no tasks.", None)
    stages = [("in", "tasks in"), ("after_dedup", "after dedup"), ("judged", "judged"), ("kept", "kept")]
    stages = [(k, label) for k, label in stages if any(row[k] is not None for row in table)]
    fig, ax = new_figure(max(6.0, 1.6 + 1.1 * len(table)), 4.0)
    width = 0.8 / len(stages)
    for i, (key, label) in enumerate(stages):  # left to right in pipeline order
        xs = [j - 0.4 + width * (i + 0.5) for j in range(len(table))]
        bars = ax.bar(xs, [row[key] or 0 for row in table], width=width, label=label, color=STAGE_COLORS[key])
        ax.bar_label(bars, padding=1, fontsize=7)
    ax.set_xticks(range(len(table)), [row["source"] for row in table], rotation=30 if len(table) > 6 else 0,
                  ha="right" if len(table) > 6 else "center")
    ax.set_ylabel("tasks")
    ax.yaxis.set_major_locator(_counts())
    ax.margins(y=0.12)
    ax.legend(fontsize=8, ncols=len(stages), loc="upper center", bbox_to_anchor=(0.5, -0.12 if len(table) <= 6 else -0.25))
    return Plot("funnel", "Funnel per source",
                "Tasks per source at each stage, left to right: read, left after dedup and decontamination, "
                "judged by the sampling filter, kept.", png(fig))


def pass_rates(data: ReportData) -> Plot:
    judged = [r for r in data.rows if r.n]
    if not judged:
        return Plot("pass_rate", "Pass rate", "No task in the snapshot has judged samples.", None)
    fig, ax = new_figure()
    sources = sorted({r.source for r in judged})
    palette = colors(data.sources)
    ax.hist([[r.pass_rate for r in judged if r.source == s] for s in sources], bins=BINS, range=(0, 1),
            stacked=True, label=sources, color=[palette[s] for s in sources], edgecolor="white")
    ax.set_xlabel("pass rate c/n (share of a task's samples that pass)")
    ax.set_ylabel("tasks")
    ax.yaxis.set_major_locator(_counts())
    ax.legend(fontsize=8, title="source", title_fontsize=8)
    unsolved = sum(r.c == 0 for r in judged)
    return Plot("pass_rate", "Pass-rate histogram",
                f"Per judged task, the share of its samples that pass: {len(judged)} tasks, of which {unsolved} "
                "unsolved (c = 0, in the leftmost bar).", png(fig))


def _curve(rows: list[TaskRow], ks: list[int]) -> list[float | None]:
    out = []
    for k in ks:
        values = [pass_at_k(r.n, r.c, k) for r in rows if r.n >= k]
        out.append(sum(values) / len(values) if values else None)
    return out


def pass_at_k_curves(data: ReportData) -> Plot:
    judged = [r for r in data.rows if r.n]
    if not judged:
        return Plot("pass_at_k", "pass@k", "No task in the snapshot has judged samples.", None)
    ks = list(range(1, max(r.n for r in judged) + 1))
    fig, ax = new_figure()
    palette = colors(data.sources)
    for source in sorted({r.source for r in judged}):
        ax.plot(ks, _curve([r for r in judged if r.source == source], ks), label=source, color=palette[source],
                marker="o" if len(ks) <= 12 else None, markersize=3)
    ax.plot(ks, _curve(judged, ks), label="all", color="black", linewidth=2.2)
    if len(ks) > 20:
        ax.set_xscale("log")
    else:
        ax.xaxis.set_major_locator(_counts())
    ax.set_xlabel("k (samples allowed)")
    ax.set_ylabel("mean pass@k")
    ax.set_ylim(-0.02, 1.02)
    ax.legend(fontsize=8, loc="lower right")
    return Plot("pass_at_k", "pass@k curves",
                f"Unbiased pass@k (Codex paper) for k = 1..{ks[-1]}, averaged over tasks with at least k "
                "samples, per source and over all.", png(fig))


def drop_reasons(data: ReportData) -> Plot:
    reasons = data.drop_reasons()
    if not reasons:
        return Plot("drop_reasons", "Drop reasons", "Nothing was dropped.", None)
    fig, ax = new_figure(8, 1.0 + 0.35 * len(reasons))
    bars = ax.barh(list(reasons), list(reasons.values()),
                   color=[REASON_COLORS.get(r.split(":")[0], "#777777") for r in reasons])
    ax.bar_label(bars, padding=2, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("tasks")
    ax.xaxis.set_major_locator(_counts())
    ax.margins(x=0.12)
    return Plot("drop_reasons", "Drop reasons",
                "Tasks removed by dedup/decontamination and dropped by the sampling filter, by reason.", png(fig))


ALL = (funnel, pass_rates, pass_at_k_curves, difficulty, drop_reasons)
