"""The Info tab of the detail pane (seen in the screenshots): the register by its name, not
its code ("243/2026 (den)"), and each document shown from the top of the tab."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel

pytestmark = pytest.mark.gui


def info_rows(detail) -> dict[str, str]:
    form = detail.info_form
    rows = {}
    for row in range(form.rowCount()):
        label = form.itemAt(row, form.ItemRole.LabelRole)
        field = form.itemAt(row, form.ItemRole.FieldRole)
        if label is not None and field is not None and isinstance(field.widget(), QLabel):
            rows[label.widget().text().rstrip(":")] = field.widget().text()
    return rows


def test_the_register_is_named_and_each_document_starts_at_the_top(window, qtbot):
    detail = window.detail
    incoming = window.view_widgets["incoming"]
    first, second = incoming.model.rows[0], incoming.model.rows[1]
    qtbot.waitUntil(lambda: detail.detail is not None and detail.document_id == first.id)
    names = {r.code: r.name for r in window.session.desk.ws.registers()}
    number = info_rows(detail)["Số đến"]
    assert number == f"{first.number}/{first.year} — {names[detail.detail.document.register_code]}"
    assert "(den)" not in number

    window.resize(1000, 420)  # a short pane: the Info tab scrolls
    bar = detail.info_scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=5_000)
    bar.setValue(bar.maximum())
    incoming.select_document(second.id)
    qtbot.waitUntil(lambda: detail.detail.document.id == second.id, timeout=10_000)
    assert bar.value() == 0
