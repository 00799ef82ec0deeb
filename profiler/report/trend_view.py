"""The presentation model of a trend (``profiler store trend``), shared by its HTML and Markdown.

Values come out formatted with their units; nothing here escapes (each reporter escapes for its
own medium). The verdict words are ``profiler compare``'s.
"""

from __future__ import annotations

from dataclasses import dataclass

from profiler.analysis.compare import Basis, Better, Verdict
from profiler.analysis.compare.figures import FIGURES
from profiler.analysis.store.trend import TrendDocument, TrendFigure, TrendPoint, TrendSeries
from profiler.report import compare_view, fmt


@dataclass(frozen=True)
class ChangeRow:
    when: str
    label: str  # the series
    run: str
    commit: str
    value: str
    delta: str
    verdict: str
    kind: str  # regression | improvement (the CSS class)


@dataclass(frozen=True)
class LatestRow:
    label: str  # the series
    runs: int
    value: str
    band: str
    verdict: str
    kind: str


def when(point: TrendPoint) -> str:
    return point.recorded_at.strftime("%Y-%m-%d %H:%M UTC")


def arrow(better: Better) -> str:
    return compare_view.arrow(better)


def verdict_text(point: TrendPoint) -> str:
    if point.verdict is Verdict.UNAVAILABLE:
        return "no history yet" if point.window == 0 else "unavailable"
    text = str(point.verdict)
    if point.basis is Basis.INDICATIVE:
        return f"{text} (indicative)"
    if point.basis is Basis.TESTED and point.p_adjusted is not None:
        return f"{text} ({compare_view.p_text(point.p_adjusted)})"
    return text


def band_text(fig: TrendFigure, point: TrendPoint) -> str:
    if point.band_low is None or point.band_high is None:
        return fmt.MISSING
    return (f"{compare_view.value(fig.unit, point.band_low)} – "
            f"{compare_view.value(fig.unit, point.band_high)}")


def delta_text(point: TrendPoint) -> str:
    if point.relative_delta is None:
        return fmt.MISSING
    return f"{point.relative_delta * 100:+.1f} %"


def changes(fig: TrendFigure) -> list[ChangeRow]:
    """Every regression or improvement (tested or indicative), oldest first."""
    rows = []
    for series in fig.series:
        for p in series.points:
            if p.verdict in (Verdict.REGRESSION, Verdict.IMPROVEMENT):
                rows.append((p.recorded_at, ChangeRow(
                    when(p), series.label, p.run_name or p.run_id, p.commit or fmt.MISSING,
                    compare_view.value(fig.unit, p.value), delta_text(p), verdict_text(p),
                    str(p.verdict))))
    return [row for _, row in sorted(rows, key=lambda r: r[0])]


def latest(fig: TrendFigure) -> list[LatestRow]:
    """Per series: its newest point, with the band it was judged against."""
    out = []
    for series in fig.series:
        if not series.points:
            continue
        p = series.points[-1]
        out.append(LatestRow(series.label, len(series.points),
                             compare_view.value(fig.unit, p.value), band_text(fig, p),
                             verdict_text(p), str(p.verdict)))
    return out


def significant(series: TrendSeries) -> int:
    return sum(1 for p in series.points if p.significant)


def title(doc: TrendDocument) -> str:
    if len(doc.figures) == len(FIGURES):
        return "Trend of every headline figure"
    return "Trend: " + ", ".join(f.title for f in doc.figures)


def subtitle(doc: TrendDocument) -> str:
    parts = [f"{doc.runs} run{'s' * (doc.runs != 1)}", f"series by {', '.join(doc.by)}",
             f"window {doc.window} runs", f"threshold {doc.threshold * 100:g} %"]
    if doc.where:
        parts.append(f"where {doc.where}")
    return " · ".join(parts)


def notes(doc: TrendDocument) -> list[str]:
    out = []
    if doc.undated:
        out.append(f"{doc.undated} run{'s' * (doc.undated != 1)} without a recording time "
                   "(no run.json date and no TOC start) are not drawn.")
    if not doc.runs:
        out.append("No run in the store matches.")
    return out


def rules(doc: TrendDocument) -> list[str]:
    return [
        f"Each point is one run's value of the figure (its headline value). Its window is the "
        f"up to {doc.window} runs before it in the same series.",
        "The band is the window's median ± 3 robust standard deviations (1.4826 × the median "
        "absolute deviation), drawn once the window holds 3 runs.",
        "The verdict is profiler compare's, with the window taken together as the baseline: a "
        f"change beyond {doc.threshold * 100:g} % is tested (Mann–Whitney U on per-step "
        "latencies, Welch's t on per-launch values, Holm-adjusted over the figures) when both "
        "sides have at least 3 launches; otherwise it is indicative. Filled markers are tested "
        "regressions (red) and improvements (green); hollow ones are indicative.",
    ]
