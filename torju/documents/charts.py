"""Charts for every output: SVG for web pages and PDF, PNG for DOCX.

One module so that a chart looks the same wherever it appears. matplotlib
runs headless (Agg) through its object API, never pyplot, so charts drawn in
concurrent requests share no global figure state. Output is deterministic:
the same data gives the same bytes (fixed SVG id salt, no dates in the
metadata), which keeps documents reproducible and testable.
"""

import hashlib
import io
import textwrap
from collections.abc import Callable, Sequence
from functools import _lru_cache_wrapper, lru_cache, wraps
from pathlib import Path
from typing import Any, Literal

import matplotlib

matplotlib.use("Agg")

from django.core.cache import cache
from matplotlib import rc_context
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator
from matplotlib.typing import RcKeyType

ChartFormat = Literal["svg", "png"]

# Okabe & Ito's palette, distinguishable with the common colour-vision deficiencies.
OKABE_ITO = {
    "grey": "#BBBBBB",
    "sky_blue": "#56B4E9",
    "orange": "#E69F00",
    "vermillion": "#D55E00",
    "bluish_green": "#009E73",
    "reddish_purple": "#CC79A7",
    "blue": "#0072B2",
    "yellow": "#F0E442",
    "black": "#000000",
}

FONT = "DejaVu Sans"
WIDTH_INCHES = 6.7  # the text width of an A4 page with 2 cm margins
PNG_DPI = 200
LABEL_WRAP = 34  # characters per line of a category label
LABEL_ROOM = 1.12  # of the largest value: the x axis leaves room for its bar's label
CHARTS_KEPT = 128  # drawn charts kept per process (bar_chart, grouped_bar_chart): a few MB
CHARTS_SHARED_SECONDS = 24 * 60 * 60  # and in the shared cache, for every process and server
# What a drawn chart depends on besides its input: this module's code and matplotlib's version. A deployment that
# changes either draws anew instead of serving the old look from the shared cache.
_DRAWING = hashlib.sha256(Path(__file__).read_bytes() + matplotlib.__version__.encode()).hexdigest()[:16]

_STYLE: dict[RcKeyType, Any] = {
    "font.family": FONT,
    "font.size": 8.5,
    "svg.hashsalt": "torju",
    "svg.fonttype": "path",  # glyphs as outlines: the same look in every browser and PDF reader
    "axes.edgecolor": "#4a4a55",
    "axes.labelcolor": "#1b1b1f",
    "xtick.color": "#1b1b1f",
    "ytick.color": "#1b1b1f",
}


def text_colour_on(background: str) -> str:
    """Black or white, whichever contrasts more with the background (WCAG relative luminance)."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(value) for value in to_rgb(background))
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    contrast_with_black = (luminance + 0.05) / 0.05
    contrast_with_white = 1.05 / (luminance + 0.05)
    return "#000000" if contrast_with_black >= contrast_with_white else "#FFFFFF"


def _row_major(count: int, columns: int) -> list[int]:
    """The order to hand matplotlib's column-filling legend so that entries read row by row."""
    rows = -(-count // columns)
    return [index for column in range(columns) for row in range(rows) if (index := row * columns + column) < count]


def _finish_axes(axes: Any, wrapped: list[str], *, x_max: float, axis_label: str) -> None:
    """One category per row, the first on top as in a table (in a group, its first series), counts on x."""
    axes.set_yticks(list(range(len(wrapped))), wrapped)
    axes.invert_yaxis()
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_xlim(0, x_max)
    axes.spines[["top", "right"]].set_visible(False)
    if axis_label:
        axes.set_xlabel(axis_label)


def _legend(figure: Figure, series: Sequence[tuple[str, str, Any]], columns: int) -> None:
    """The series (label, colour, …) under the chart, read row by row."""
    order = _row_major(len(series), columns)
    figure.legend(
        [Patch(facecolor=series[index][1]) for index in order],
        [series[index][0] for index in order],
        loc="outside lower center",
        ncols=columns,
        frameon=False,
    )


def _kept(draw: Callable[..., bytes]) -> "_lru_cache_wrapper[bytes]":
    """A drawing kept per process (CHARTS_KEPT) and in the shared cache (Django's default cache).

    Drawing a chart takes about 0.2 s of CPU. Kept per process only, every
    gunicorn worker of every server drew the same figures' charts again on
    its first view of a page (the statistics review's five charts: about a
    second). In the shared cache, the first process to draw a chart keeps it
    for all. The key is a hash of the input (tuples of text and numbers, so
    `repr` is exact) and of the drawing code (`_DRAWING`).
    """

    @lru_cache(maxsize=CHARTS_KEPT)
    @wraps(draw)
    def kept(*arguments: Any) -> bytes:
        key = "chart:" + hashlib.sha256(repr((draw.__name__, _DRAWING, arguments)).encode()).hexdigest()
        image = cache.get(key)
        if not isinstance(image, bytes):
            image = draw(*arguments)
            cache.set(key, image, CHARTS_SHARED_SECONDS)
        return image

    return kept


def _saved(figure: Figure, fmt: ChartFormat) -> bytes:
    """The figure's bytes, without dates or versions in the metadata (the same data, the same bytes)."""
    output = io.BytesIO()
    if fmt == "svg":
        figure.savefig(output, format="svg", metadata={"Date": None, "Creator": None})
    else:
        figure.savefig(output, format="png", dpi=PNG_DPI, metadata={"Software": None})
    return output.getvalue()


def stacked_bar_chart(
    categories: list[str],
    series: list[tuple[str, str, list[int]]],
    *,
    title: str,
    fmt: ChartFormat,
    axis_label: str = "",
) -> bytes:
    """Horizontal stacked bars, one bar per category, one segment per series (label, colour, values).

    Each segment carries its count, so the chart reads without telling
    colours apart; the legend lists the series in stacking order. An empty
    `title` leaves the title to the page that shows the chart.
    """
    if any(len(values) != len(categories) for _label, _colour, values in series):
        raise ValueError("every series needs one value per category")
    wrapped = [textwrap.fill(category, LABEL_WRAP) for category in categories]
    label_lines = sum(label.count("\n") + 1 for label in wrapped)
    legend_rows = (len(series) + 2) // 3
    height = 1.0 + 0.22 * max(label_lines, 2 * len(categories)) + 0.25 * legend_rows
    with rc_context(_STYLE):
        figure = Figure(figsize=(WIDTH_INCHES, height), layout="constrained")
        axes = figure.add_subplot()
        positions = list(range(len(categories)))
        left = [0] * len(categories)
        for _label, colour, values in series:
            shown = [index for index, value in enumerate(values) if value]  # an empty segment would leave a hairline
            bars = axes.barh(
                [positions[index] for index in shown],
                [values[index] for index in shown],
                left=[left[index] for index in shown],
                color=colour,
                edgecolor="white",
                linewidth=0.8,
            )
            axes.bar_label(
                bars,
                labels=[str(values[index]) for index in shown],
                label_type="center",
                color=text_colour_on(colour),
                fontsize=8,
                fontweight="bold",
            )
            left = [start + value for start, value in zip(left, values, strict=True)]
        _finish_axes(axes, wrapped, x_max=max([*left, 1]), axis_label=axis_label)
        if title:
            axes.set_title(title, loc="left", fontweight="bold", fontsize=10)
        columns = min(3, max(len(series), 1))
        _legend(figure, series, columns)
        return _saved(figure, fmt)


def bar_chart(
    categories: list[str],
    values: list[int | None],
    *,
    fmt: ChartFormat,
    axis_label: str = "",
    colour: str = OKABE_ITO["blue"],
    hidden_label: str = "..",
) -> bytes:
    """Horizontal bars, one per category in the order given (the first on top), each with its count.

    A value of None (a figure withheld by disclosure control) gets no bar
    and the label `hidden_label`, so the chart never shows what the tables hide.
    The image is kept for the same input, per process and in the shared
    cache (`_kept`): the same figures' chart is drawn once, not on every view
    or in every process (about 0.2 s a chart).
    """
    return _bar_chart(tuple(categories), tuple(values), fmt, axis_label, colour, hidden_label)


@_kept
def _bar_chart(
    categories: tuple[str, ...],
    values: tuple[int | None, ...],
    fmt: ChartFormat,
    axis_label: str,
    colour: str,
    hidden_label: str,
) -> bytes:
    if len(values) != len(categories):
        raise ValueError("one value per category")
    wrapped = [textwrap.fill(category, LABEL_WRAP) for category in categories]
    label_lines = sum(label.count("\n") + 1 for label in wrapped)
    height = 0.7 + 0.2 * max(label_lines, 1.4 * len(categories))
    shown = [value or 0 for value in values]
    largest = max([*shown, 1])
    with rc_context(_STYLE):
        figure = Figure(figsize=(WIDTH_INCHES, height), layout="constrained")
        axes = figure.add_subplot()
        positions = list(range(len(categories)))
        bars = axes.barh(positions, shown, color=colour, height=0.7)
        axes.bar_label(
            bars,
            labels=[hidden_label if value is None else str(value) for value in values],
            padding=3,
            color="#1b1b1f",
            fontsize=8,
            fontweight="bold",
        )
        _finish_axes(axes, wrapped, x_max=largest * LABEL_ROOM, axis_label=axis_label)
        return _saved(figure, fmt)


def grouped_bar_chart(
    categories: list[str],
    series: list[tuple[str, str, list[int | None]]],
    *,
    fmt: ChartFormat,
    axis_label: str = "",
    hidden_label: str = "..",
) -> bytes:
    """Horizontal bars in groups: one group per category (the first on top), one bar per series in each.

    A series is (label, colour, values). Every bar carries its count, so
    the chart reads without telling colours apart; a value of None (a
    figure withheld by disclosure control) gets no bar and the label
    `hidden_label`, as in `bar_chart`. The legend lists the series in the
    order of the bars within a group. Kept as `bar_chart` is.
    """
    return _grouped_bar_chart(
        tuple(categories),
        tuple((label, colour, tuple(values)) for label, colour, values in series),
        fmt,
        axis_label,
        hidden_label,
    )


@_kept
def _grouped_bar_chart(
    categories: tuple[str, ...],
    series: tuple[tuple[str, str, tuple[int | None, ...]], ...],
    fmt: ChartFormat,
    axis_label: str,
    hidden_label: str,
) -> bytes:
    if any(len(values) != len(categories) for _label, _colour, values in series):
        raise ValueError("every series needs one value per category")
    wrapped = [textwrap.fill(category, LABEL_WRAP) for category in categories]
    label_lines = sum(label.count("\n") + 1 for label in wrapped)
    bars_per_group = max(len(series), 1)
    group_height = 0.8  # of the 1.0 between categories; the rest separates the groups
    bar_height = group_height / bars_per_group
    legend_rows = -(-len(series) // 3)
    height = 0.9 + max(0.2 * label_lines, len(categories) * (0.13 * bars_per_group + 0.1)) + 0.25 * legend_rows
    largest = max([value or 0 for _label, _colour, values in series for value in values] + [1])
    with rc_context(_STYLE):
        figure = Figure(figsize=(WIDTH_INCHES, height), layout="constrained")
        axes = figure.add_subplot()
        for index, (_label, colour, values) in enumerate(series):
            offset = -group_height / 2 + bar_height * (index + 0.5)
            bars = axes.barh(
                [position + offset for position in range(len(categories))],
                [value or 0 for value in values],
                height=bar_height * 0.92,
                color=colour,
            )
            axes.bar_label(
                bars,
                labels=[hidden_label if value is None else str(value) for value in values],
                padding=3,
                color="#1b1b1f",
                fontsize=7.5,
                fontweight="bold",
            )
        _finish_axes(axes, wrapped, x_max=largest * LABEL_ROOM, axis_label=axis_label)
        columns = min(3, bars_per_group)
        _legend(figure, series, columns)
        return _saved(figure, fmt)
