"""The «So sánh các năm» tab: a bar chart per group, a bar per school year (QtCharts,
decision 038), with each year's total, level and state under it in words."""

from __future__ import annotations

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter, QResizeEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QLayout, QScrollArea, QVBoxLayout, QWidget

from app.cds.sets import points_text
from app.cds.view import YearScore, year_comparison
from ui.pages import PageContext

COLOURS = ("#9db7d9", "#5b8cc9", "#2f5f9e", "#e0a040", "#5aa36b", "#b05a7a")


def _clear(layout: QLayout) -> None:
    """Take every widget out of ``layout``, hidden at once (deleted when Qt gets round to it)."""
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.hide()
            widget.deleteLater()


def group_chart(code: str, name: str, years: list[YearScore]) -> QChartView:
    """The chart of group ``code``: one bar set (its own colour and legend entry) per year."""
    chart = QChart()
    chart.setTitle(name)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    series = QBarSeries()
    top = 0.0
    for i, y in enumerate(years):
        g = next((g for g in y.groups if g[0] == code), None)
        if g is None:
            continue
        level = g[4].split(" (")[0]  # "Mức 2": the level's name is in the words under the charts
        bar = QBarSet(f"{y.year}: {points_text(g[2])} điểm, {level}")
        bar.append(float(g[2]))
        bar.setColor(QColor(COLOURS[i % len(COLOURS)]))
        series.append(bar)
        top = max(top, float(g[3]))
    series.setLabelsVisible(True)
    series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsInsideEnd)
    chart.addSeries(series)
    axis_x = QBarCategoryAxis()
    axis_x.append([name])
    axis_x.setLabelsVisible(False)
    axis_y = QValueAxis()
    axis_y.setRange(0, top or 100)
    axis_y.setLabelFormat("%d")
    axis_y.setTitleText("Điểm")
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(axis_x)
    series.attachAxis(axis_y)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.setMargins(chart.margins())
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(260)
    view.setObjectName(f"chart-{code}")
    return view


class ComparisonTab(QScrollArea):
    """Every year's group totals, as charts and in words."""

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWidgetResizable(True)
        body = QWidget()
        self.layout_ = QVBoxLayout(body)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.setObjectName("muted")
        self.charts = QGridLayout()
        self.words = QLabel()
        self.words.setWordWrap(True)
        self.words.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.layout_.addWidget(self.intro)
        self.layout_.addLayout(self.charts)
        self.layout_.addWidget(self.words)
        self.layout_.addStretch(1)
        self.setWidget(body)
        self.views: list[QChartView] = []

    def _place(self) -> None:
        """Two charts a line when they are readable side by side (1366), else one (1024)."""
        columns = 2 if self.viewport().width() >= 960 else 1
        while self.charts.count():  # taken out, not deleted: placed again below
            self.charts.takeAt(0)
        for i, chart in enumerate(self.views):
            self.charts.addWidget(chart, i // columns, i % columns)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._place()

    def load(self) -> None:
        """Read every year's totals and draw them."""
        with self.ctx.db.read(self.ctx.actor) as s:
            years = year_comparison(s, self.ctx.actor)
        _clear(self.charts)
        self.views = []
        if not years:
            self.intro.setText(self.tr("Chưa có phiếu tự đánh giá nào để so sánh."))
            self.words.setText("")
            return
        self.intro.setText(self.tr(
            "Tổng điểm từng nhóm qua các năm học, mỗi năm một cột. Mỗi nhóm có mức riêng; phần "
            "mềm không gộp thành một mức chung khi bộ tiêu chí không quy định."))  # fmt: skip
        groups: dict[str, str] = {}
        for y in years:
            for g in y.groups:
                groups.setdefault(g[0], g[1])
        for code, name in groups.items():
            self.views.append(group_chart(code, name, years))
        self._place()
        lines = []
        for y in years:
            parts = "; ".join(f"{g[1]}: {points_text(g[2])}/{points_text(g[3])} điểm, {g[4]}"
                              for g in y.groups)  # fmt: skip
            lines.append(f"<b>{y.year}</b> ({y.state_label}, {y.set_label}): {parts}")
        self.words.setText("<br>".join(lines))
