"""Charts for documents, drawn with matplotlib (Agg, no display) in the DejaVu Sans face that ships with it and
holds every Vietnamese letter. Numbers on the axes use the Vietnamese grouping (1.234,5)."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

import matplotlib

matplotlib.use("Agg")

from matplotlib import pyplot
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

PALETTE = ["#1f4e79", "#c55a11", "#548235", "#7f6000", "#7030a0", "#2e75b6"]


def vi_number_text(value: float) -> str:
    text = f"{value:,.1f}".rstrip("0").rstrip(".")
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def _wrap(label: str, width: int = 16) -> str:
    words, lines, line = label.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "\n".join(lines[:3])


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    # The constrained layout fits the labels in one drawing (bbox_inches="tight" would draw the chart twice).
    figure.savefig(buffer, format="png", dpi=150)
    pyplot.close(figure)
    return buffer.getvalue()


def bar_chart_png(
    title: str,
    categories: Sequence[str],
    series: Mapping[str, Sequence[float | None]],
    *,
    unit: str = "",
) -> bytes:
    """Grouped bars: one group per category, one bar per series (e.g. this period, last period, last year)."""
    figure, axes = pyplot.subplots(figsize=(7.5, 3.6), layout="constrained")
    count = max(1, len(series))
    width = 0.8 / count
    positions = list(range(len(categories)))
    for index, (name, values) in enumerate(series.items()):
        offsets = [position - 0.4 + width * (index + 0.5) for position in positions]
        heights = [value or 0 for value in values]
        bars = axes.bar(offsets, heights, width=width, label=name, color=PALETTE[index % len(PALETTE)])
        for bar, value in zip(bars, values, strict=False):
            if value is not None:
                axes.annotate(
                    vi_number_text(value),
                    (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                    ha="center",
                    va="bottom",
                    fontsize=7,
                )
    axes.set_xticks(positions)
    axes.set_xticklabels([_wrap(category) for category in categories], fontsize=8)
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _position: vi_number_text(value)))
    axes.set_title(title, fontsize=11, fontweight="bold")
    if unit:
        axes.set_ylabel(unit, fontsize=9)
    axes.spines[["top", "right"]].set_visible(False)
    if len(series) > 1:
        axes.legend(fontsize=8, frameon=False)
    return _png(figure)


def line_chart_png(title: str, labels: Sequence[str], series: Mapping[str, Sequence[float]]) -> bytes:
    """Lines over time (e.g. the weekly count of hot issues by severity)."""
    figure, axes = pyplot.subplots(figsize=(7.5, 3.2), layout="constrained")
    for index, (name, values) in enumerate(series.items()):
        axes.plot(list(labels), list(values), marker="o", label=name, color=PALETTE[index % len(PALETTE)])
    axes.set_title(title, fontsize=11, fontweight="bold")
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _position: vi_number_text(value)))
    axes.tick_params(axis="x", labelsize=8, rotation=0)
    axes.spines[["top", "right"]].set_visible(False)
    if len(series) > 1:
        axes.legend(fontsize=8, frameon=False)
    return _png(figure)
