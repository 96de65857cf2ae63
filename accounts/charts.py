"""Server-rendered SVG bar charts: pure functions from numbers to markup (no ORM, no JavaScript).

Verified and self-reported hours are stacked in each bar and told apart by texture (solid vs
diagonal hatching), outlined, and named in a legend, so the chart does not rely on colour. Each
chart is an <svg role="img"> named by its <title> and <desc>; the page puts a visually-hidden data
table with the same numbers next to it (see `format_hours`, used by both).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from html import escape

from django.utils.safestring import SafeString, mark_safe

INK = "#1b1b1b"
BRAND = "#0b5d4b"
LIGHT = "#ffffff"


def format_hours(minutes: int) -> str:
    """Hours with at most one decimal ("12.5", "12", "0.2"): the one format charts, tables and
    progress labels share, so the numbers a screen reader hears match the ones drawn."""
    value = (Decimal(minutes) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{value:f}".removesuffix(".0")


@dataclass(frozen=True)
class Bar:
    label: str  # short, under the bar ("Mar")
    verified_minutes: int
    self_reported_minutes: int
    long_label: str = ""  # for titles and tables ("March 2026"); defaults to label

    @property
    def name(self) -> str:
        return self.long_label or self.label

    @property
    def total_minutes(self) -> int:
        return self.verified_minutes + self.self_reported_minutes

    @property
    def verified_hours(self) -> str:
        return format_hours(self.verified_minutes)

    @property
    def self_reported_hours(self) -> str:
        return format_hours(self.self_reported_minutes)

    @property
    def total_hours(self) -> str:
        return format_hours(self.total_minutes)


def _a(value: object) -> str:
    return escape(str(value), quote=True)


def _defs(chart_id: str) -> str:
    # Self-reported hours are hatched: white with diagonal brand-coloured strokes.
    return (
        f'<defs><pattern id="{chart_id}-hatch" patternUnits="userSpaceOnUse" width="6" height="6" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="{LIGHT}"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{BRAND}" stroke-width="2.5"/></pattern></defs>'
    )


def _legend(chart_id: str, y: int) -> str:
    """Two rows, so the legend still fits when a phone shrinks the chart."""
    return (
        f'<g class="legend" font-size="13" fill="{INK}">'
        f'<rect x="0" y="{y}" width="14" height="14" fill="{BRAND}" stroke="{INK}"/>'
        f'<text x="20" y="{y + 12}">Verified or approved (solid)</text>'
        f'<rect x="0" y="{y + 20}" width="14" height="14" fill="url(#{chart_id}-hatch)" stroke="{INK}"/>'
        f'<text x="20" y="{y + 32}">Self-reported (hatched)</text></g>'
    )


def _segment_title(bar: Bar) -> str:
    return (
        f"{bar.name}: {format_hours(bar.total_minutes)} h in all, "
        f"{format_hours(bar.verified_minutes)} h verified, "
        f"{format_hours(bar.self_reported_minutes)} h self-reported"
    )


def _open(chart_id: str, width: int, height: int, title: str, description: str) -> str:
    # width="100%" with the viewBox scales the chart to its column; site.css caps how wide it gets.
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-family="system-ui, sans-serif">'
        f'<title id="{chart_id}-title">{_a(title)}</title>'
        f'<desc id="{chart_id}-desc">{_a(description)}</desc>{_defs(chart_id)}'
    )


def _scale(bars: list[Bar]) -> int:
    return max([bar.total_minutes for bar in bars] + [60])


def column_chart(*, chart_id: str, title: str, description: str, bars: list[Bar]) -> SafeString:
    """Vertical stacked bars (verified at the bottom), one per bar, with the hours above each."""
    plot_top, plot_height, slot = 20, 160, 36
    width, height = max(len(bars) * slot, 320), plot_top + plot_height + 80
    top = _scale(bars)
    parts = [_open(chart_id, width, height, title, description)]
    baseline = plot_top + plot_height
    parts.append(f'<line x1="0" y1="{baseline}" x2="{width}" y2="{baseline}" stroke="{INK}"/>')
    for index, bar in enumerate(bars):
        x = index * slot + 5
        verified_h = round(plot_height * bar.verified_minutes / top, 1)
        self_h = round(plot_height * bar.self_reported_minutes / top, 1)
        parts.append(f"<g><title>{_a(_segment_title(bar))}</title>")
        if verified_h:
            parts.append(
                f'<rect x="{x}" y="{baseline - verified_h}" width="26" height="{verified_h}" '
                f'fill="{BRAND}" stroke="{INK}"/>'
            )
        if self_h:
            parts.append(
                f'<rect x="{x}" y="{baseline - verified_h - self_h}" width="26" height="{self_h}" '
                f'fill="url(#{chart_id}-hatch)" stroke="{INK}"/>'
            )
        label_y = baseline - verified_h - self_h - 4
        parts.append(
            f'<text x="{x + 13}" y="{label_y}" text-anchor="middle" font-size="12" fill="{INK}">'
            f"{_a(format_hours(bar.total_minutes))}</text>"
            f'<text x="{x + 13}" y="{baseline + 16}" text-anchor="middle" font-size="13" '
            f'fill="{INK}">{_a(bar.label)}</text></g>'
        )
    parts.append(_legend(chart_id, baseline + 32))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 every interpolated text went through _a()


def row_chart(*, chart_id: str, title: str, description: str, bars: list[Bar]) -> SafeString:
    """Horizontal stacked bars, for long labels (causes): the label above each bar."""
    plot_width, row = 320, 40
    width, height = 400, max(len(bars), 1) * row + 52
    top = _scale(bars)
    parts = [_open(chart_id, width, height, title, description)]
    for index, bar in enumerate(bars):
        y = index * row
        verified_w = round(plot_width * bar.verified_minutes / top, 1)
        self_w = round(plot_width * bar.self_reported_minutes / top, 1)
        parts.append(
            f"<g><title>{_a(_segment_title(bar))}</title>"
            f'<text x="0" y="{y + 12}" font-size="13" fill="{INK}">{_a(bar.name)}</text>'
        )
        if verified_w:
            parts.append(
                f'<rect x="0" y="{y + 16}" width="{verified_w}" height="16" fill="{BRAND}" stroke="{INK}"/>'
            )
        if self_w:
            parts.append(
                f'<rect x="{verified_w}" y="{y + 16}" width="{self_w}" height="16" '
                f'fill="url(#{chart_id}-hatch)" stroke="{INK}"/>'
            )
        parts.append(
            f'<text x="{verified_w + self_w + 6}" y="{y + 29}" font-size="12" '
            f'fill="{INK}">{_a(format_hours(bar.total_minutes))} h</text></g>'
        )
    parts.append(_legend(chart_id, max(len(bars), 1) * row + 12))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 every interpolated text went through _a()
