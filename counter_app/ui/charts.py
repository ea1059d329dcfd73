"""Two small charts drawn with QPainter: bars (the arrears by 账龄 bucket) and a line (the
monthly recovery rate). QtCharts is not in our wheel set and pyqtgraph would bring numpy:
about 83 MB installed against a bundle already at its 200 MB budget (docs/PERFORMANCE.md,
`python -m bench --only charts`), for two charts of a dozen points each.

Values are plain numbers (fen for bars, 0..1 for the line); the labels under the axis and the
value tags are strings the caller formats (money, percent), so nothing here knows the domain.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

BAR = QColor("#2f6fad")
BAR_LAST = QColor("#b23b3b")  # the oldest bucket stands out
LINE = QColor("#2e7d32")
GRID = QColor("#d0d4da")
TEXT = QColor("#303438")


class _Chart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = ""
        self.labels: list[str] = []
        self.values: list[float] = []
        self.tags: list[str] = []
        self.empty_text = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 220)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(560, 300)

    def set_data(self, labels: Sequence[str], values: Sequence[float], *,
                 tags: Sequence[str] | None = None, title: str = "") -> None:
        if len(labels) != len(values):
            raise ValueError("one label per value")
        self.labels, self.values = list(labels), [float(v) for v in values]
        self.tags = list(tags) if tags is not None else ["" for _ in values]
        self.title = title
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt override)
        p = QPainter(self)
        try:
            self.draw(p, QRectF(self.rect()))
        finally:
            p.end()

    def render_image(self, width: int, height: int) -> QImage:
        """The chart drawn off screen (tests and the benchmark)."""
        image = QImage(width, height, QImage.Format.Format_ARGB32)
        image.fill(QColor("white"))
        p = QPainter(image)
        try:
            self.draw(p, QRectF(0, 0, width, height))
        finally:
            p.end()
        return image

    def _frame(self, p: QPainter, area: QRectF) -> QRectF:
        """Title on top; the plot rectangle left after the axis labels' room."""
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(self.font())
        p.setFont(font)
        fm = QFontMetrics(font)
        top = area.top() + 6
        if self.title:
            bold = QFont(font)
            bold.setBold(True)
            p.setFont(bold)
            p.setPen(TEXT)
            p.drawText(QRectF(area.left(), top, area.width(), fm.height() + 4),
                       Qt.AlignmentFlag.AlignHCenter, self.title)
            p.setFont(font)
            top += fm.height() + 8
        left = area.left() + 12 + fm.horizontalAdvance("100%")
        return QRectF(left, top + fm.height(), area.right() - left - 12,
                      area.bottom() - top - 2.5 * fm.height() - 12)

    def _empty(self, p: QPainter, plot: QRectF) -> bool:
        if self.values:
            return False
        p.setPen(TEXT)
        p.drawText(plot, Qt.AlignmentFlag.AlignCenter, self.empty_text)
        return True

    def _labels(self, p: QPainter, plot: QRectF, centres: Sequence[float]) -> None:
        fm = QFontMetrics(p.font())
        p.setPen(TEXT)
        slot = plot.width() / max(1, len(centres))
        every = 1
        widest = max((fm.horizontalAdvance(t) for t in self.labels), default=0) + 6
        while widest * 1.0 > slot * every and every < len(centres):
            every += 1  # thin the labels out rather than overlap them
        for i, (x, text) in enumerate(zip(centres, self.labels, strict=True)):
            if i % every and i != len(centres) - 1:
                continue
            p.drawText(QRectF(x - slot * every / 2, plot.bottom() + 4, slot * every,
                              fm.height() + 2), Qt.AlignmentFlag.AlignHCenter, text)

    def draw(self, p: QPainter, area: QRectF) -> None:  # pragma: no cover - subclasses
        raise NotImplementedError


class BarChart(_Chart):
    """Bars from 0 to the largest value; each bar's tag above it."""

    def draw(self, p: QPainter, area: QRectF) -> None:
        plot = self._frame(p, area)
        if self._empty(p, plot):
            return
        top = max(self.values) or 1.0
        p.setPen(QPen(GRID, 1))
        p.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()))
        slot = plot.width() / len(self.values)
        fm = QFontMetrics(p.font())
        centres = []
        for i, (value, tag) in enumerate(zip(self.values, self.tags, strict=True)):
            h = plot.height() * max(0.0, value) / top
            x = plot.left() + slot * i + slot * 0.15
            rect = QRectF(x, plot.bottom() - h, slot * 0.7, h)
            p.fillRect(rect, BAR_LAST if i == len(self.values) - 1 and len(self.values) > 1
                       else BAR)
            centres.append(rect.center().x())
            if tag:
                p.setPen(TEXT)
                p.drawText(QRectF(rect.left() - slot * 0.15, rect.top() - fm.height() - 2, slot,
                                  fm.height()), Qt.AlignmentFlag.AlignHCenter, tag)
        self._labels(p, plot, centres)


class LineChart(_Chart):
    """A line over 0..`maximum` (default 1: a rate) with grid lines at quarters."""

    def __init__(self, parent: QWidget | None = None, *, maximum: float = 1.0,
                 axis_text: Callable[[float], str] | None = None) -> None:
        super().__init__(parent)
        self.maximum = maximum
        self.axis_text = axis_text or (lambda v: f"{v:.0%}")

    def draw(self, p: QPainter, area: QRectF) -> None:
        plot = self._frame(p, area)
        if self._empty(p, plot):
            return
        fm = QFontMetrics(p.font())
        for q in range(5):
            y = plot.bottom() - plot.height() * q / 4
            p.setPen(QPen(GRID, 1, Qt.PenStyle.DashLine if q else Qt.PenStyle.SolidLine))
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            p.setPen(TEXT)
            text = self.axis_text(self.maximum * q / 4)
            p.drawText(QRectF(area.left(), y - fm.height() / 2, plot.left() - area.left() - 4,
                              fm.height()), Qt.AlignmentFlag.AlignRight, text)
        n = len(self.values)
        slot = plot.width() / n
        points = [QPointF(plot.left() + slot * (i + 0.5),
                          plot.bottom() - plot.height() * min(max(v, 0.0), self.maximum)
                          / self.maximum) for i, v in enumerate(self.values)]
        path = QPainterPath(points[0])
        for pt in points[1:]:
            path.lineTo(pt)
        p.setPen(QPen(LINE, 2.5))
        p.drawPath(path)
        p.setBrush(LINE)
        for pt, tag in zip(points, self.tags, strict=True):
            p.drawEllipse(pt, 3.5, 3.5)
            if tag:
                p.setPen(TEXT)
                p.drawText(QRectF(pt.x() - slot / 2, pt.y() - fm.height() - 6, slot,
                                  fm.height()), Qt.AlignmentFlag.AlignHCenter, tag)
                p.setPen(QPen(LINE, 2.5))
        p.setBrush(Qt.BrushStyle.NoBrush)
        self._labels(p, plot, [pt.x() for pt in points])
