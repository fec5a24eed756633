"""The clerk's selected document stays selected when the list is read again (documents
arrived, a status changed, a filter was applied): seen on a real display, a letter arriving
moved the selection to the new row while the clerk was about to accept another one."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.gui


def test_reloading_keeps_the_selected_document(window, qtbot):
    incoming = window.view_widgets["incoming"]
    model = incoming.model
    third = model.rows[2].id
    assert incoming.select_document(third)
    qtbot.waitUntil(lambda: window.detail.document_id == third, timeout=10_000)
    with qtbot.waitSignal(model.first_page_loaded, timeout=10_000):
        incoming.reload()
    assert incoming.selected_id() == third
    assert window.detail.document_id == third


def test_a_document_filtered_away_gives_way_to_the_first_row(window, qtbot):
    incoming = window.view_widgets["incoming"]
    model = incoming.model
    first, third = model.rows[0], model.rows[2]
    incoming.select_document(third.id)
    with qtbot.waitSignal(model.first_page_loaded, timeout=10_000):
        incoming.filters.issuer.setText("không có cơ quan nào như vậy")
    assert model.rows == [] and incoming.selected_id() is None
    with qtbot.waitSignal(model.first_page_loaded, timeout=10_000):
        incoming.filters.issuer.setText("")
    assert incoming.selected_id() == first.id  # the chase for the third one ended
