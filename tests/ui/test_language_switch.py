"""The language chosen in the Settings applies at once (issue 11 §5), offscreen over a real
workspace whose sync worker talks to the local axis process on 127.0.0.1: the window is made
again in English (the tool bar, the view titles, the status bar), then in Vietnamese, over
the same session (the same sync worker and task bridge, one sync thread, no connection of
the session left to a deleted window), showing the same view, filters, selected document
and geometry. While a signing runs, the switch waits and says so; it happens when the
signing has finished.

Screenshots: /tmp/lang-live-*.png."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import SIGNAL, QMetaMethod
from PySide6.QtWidgets import QApplication, QToolBar

from app.workspace import Workspace
from tests.sync.axis_server import SYSTEM_A, SYSTEM_B, running_axis
from tests.ui.axis_desks import drained, make_desk, send_documents, wait_for
from ui.application import install_translation
from ui.main_window import VIEW_KEYS, MainWindow

pytestmark = pytest.mark.gui
WAIT = 30_000
SHOTS = Path("/tmp")

VIETNAMESE = {
    "views": ["Văn bản đến", "Dự thảo và chờ ký", "Văn bản đi", "Gửi nhận", "Sổ đăng ký",
              "Danh bạ cơ quan"],
    "actions": ["Vào sổ văn bản đến…", "Xuất sổ…", "Làm mới", "Cài đặt…"],
    "title": "<b>Sổ văn bản đến</b>",
}  # fmt: skip
ENGLISH = {
    "views": ["Incoming documents", "Drafts and to sign", "Outgoing documents",
              "Sending (outbox)", "Registers", "Agency directory"],
    "actions": ["Register incoming…", "Export register…", "Refresh", "Settings…"],
    "title": "<b>Incoming register</b>",
}  # fmt: skip


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, qapp: QApplication, softhsm) -> Any:
    """The secret in a file, the test's own (absent) policy, no bundled trust; Vietnamese
    again afterwards (the translator belongs to the one application of the test run).
    ``softhsm``: the Settings dialog lists tokens, and SoftHSM must read the tests'
    configuration before it is first loaded in this process."""
    monkeypatch.setenv("VANTHU_SECRET_STORE", "file")
    monkeypatch.setenv("VANTHU_POLICY", str(tmp_path / "policy.toml"))
    monkeypatch.setenv("VANTHU_TRUST_BUNDLED", "0")
    yield
    install_translation(qapp, "vi")


@pytest.fixture
def desk(qtbot, tmp_path: Path) -> Any:
    """The window of system B with two documents that came over the axis, its sync worker
    running against the local axis."""
    from ui.session import DeskSession

    with running_axis(tmp_path) as axis:
        home = make_desk(tmp_path / "b", SYSTEM_B, axis.url)
        a = Workspace(make_desk(tmp_path / "a", SYSTEM_A, axis.url))
        send_documents(a, tmp_path, SYSTEM_B[2], ["V/v phòng chống lụt bão", "V/v hội nghị"])
        a.close()
        session = DeskSession(home)
        session.errors.dialogs = False
        window = MainWindow(session)
        window.resize(1300, 820)
        window.show()
        with qtbot.waitSignal(window.ready, timeout=WAIT):
            session.open()
        wait_for(qtbot, lambda: session.sync.worker is not None and session.sync.rounds > 0)
        wait_for(qtbot, lambda: len(window.view_widgets["incoming"].model.rows) == 2)
        # the acknowledgements sent and the worker asleep (interval 3600 s): no round reloads
        # the Incoming view (and moves its selection to the first row) in the middle
        wait_for(qtbot, lambda: drained(window) and not window.session.tasks.running())
        shown = {"window": window}
        yield shown
        shown["window"].close()
        session.close()
        shiboken6.delete(shown["window"])  # its preview closes its PDF (as qtbot would)


def connections(session: Any) -> dict[str, int]:
    """How many receivers each signal of the session's long-lived objects has."""
    counts = {}
    for name, obj in (("session", session), ("tasks", session.tasks),
                      ("errors", session.errors), ("sync", session.sync)):  # fmt: skip
        meta = obj.metaObject()
        for i in range(meta.methodOffset(), meta.methodCount()):
            method = meta.method(i)
            if method.methodType() == QMetaMethod.MethodType.Signal:
                signature = method.methodSignature().data().decode()
                counts[f"{name}.{signature}"] = obj.receivers(SIGNAL(signature))
    return counts


def sync_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "vanthu-sync"]


def words(window: MainWindow) -> dict[str, Any]:
    bar = window.findChild(QToolBar, "main-toolbar")
    toolbar = [a.text() for a in bar.actions()]
    return {
        "views": [window.navigation.item(i).text() for i in range(window.navigation.count())],
        "actions": [t for t in toolbar if t in ENGLISH["actions"] + VIETNAMESE["actions"]],
        "title": window.view_widgets["incoming"].title.text(),
    }


def choose_language(qtbot, window: MainWindow, english: bool) -> MainWindow:
    """Pick the language in the Settings, save; the window made again."""
    dialog = window.open_settings("language")
    qtbot.waitUntil(lambda: dialog.state is not None, timeout=WAIT)
    page = dialog.page("language")
    (page.english if english else page.vietnamese).setChecked(True)
    with qtbot.waitSignal(window.replaced, timeout=WAIT) as replaced:
        dialog.save_button.click()
    new = replaced.args[0]
    qtbot.waitUntil(lambda: not shiboken6.isValid(window), timeout=WAIT)  # deleted
    return new


def settled(qtbot, window: MainWindow, selected: int) -> None:
    """Rows loaded again and the same document selected and shown on the right."""
    view = window.view_widgets["incoming"]

    def quiet() -> bool:  # nothing still loading, and what it shows is that document
        return (
            not window.session.tasks.running() and not view.model.loading
            and view.selected_id() == selected and window.detail.document_id == selected
        )  # fmt: skip

    wait_for(qtbot, quiet, why=lambda: (view.selected_id(), window.detail.document_id))


def test_the_window_speaks_the_new_language_at_once_over_the_same_session(qtbot, desk):
    window = desk["window"]
    session = window.session
    sync, tasks, worker = session.sync, session.tasks, session.sync.worker
    incoming = window.view_widgets["incoming"]
    incoming.filters.kind.setCurrentIndex(incoming.filters.kind.findData("CV"))
    qtbot.waitUntil(lambda: incoming.model.filters.doc_type == "CV", timeout=WAIT)
    wait_for(qtbot, lambda: not session.tasks.running() and not incoming.model.loading)
    assert len(incoming.model.rows) == 2
    second = incoming.model.rows[1].id
    incoming.select_document(second)
    settled(qtbot, window, second)
    filters, geometry = incoming.filters.state(), window.geometry()
    before = connections(session)
    assert len(sync_threads()) == 1 and worker.running
    assert words(window) == VIETNAMESE
    window.grab().save(str(SHOTS / "lang-live-1-vi.png"))

    english = choose_language(qtbot, window, english=True)
    desk["window"] = english
    settled(qtbot, english, second)
    assert words(english) == ENGLISH
    assert english.isVisible() and english.geometry() == geometry
    assert VIEW_KEYS[english.navigation.currentRow()] == "incoming"
    assert english.view_widgets["incoming"].filters.state() == filters
    assert english.view_widgets["incoming"].filters.kind.currentText() == "Official letter"
    assert english.sync_actions.status.text().startswith('<span style="color:#2e9d4f">●</span>')
    assert "Axis: online" in english.sync_actions.status.state.text()
    # the same session: its workers and threads, nothing connected twice or left behind
    assert english.session is session and session.sync is sync and session.tasks is tasks
    assert sync.worker is worker and worker.running and len(sync_threads()) == 1
    after = connections(session)
    grown = {k: (before[k], n) for k, n in after.items() if n > before[k]}
    assert grown == {}, grown  # nothing connected twice, nothing left to the deleted window
    assert after["session.ready()"] == before["session.ready()"] - 1  # no second _on_ready
    assert session.errors.parent_widget is english
    english.grab().save(str(SHOTS / "lang-live-2-en.png"))
    settings = english.open_settings("language")
    qtbot.waitUntil(lambda: settings.state is not None, timeout=WAIT)
    wait_for(qtbot, lambda: not session.tasks.running())  # the token list, before Cancel
    settings.grab().save(str(SHOTS / "lang-live-3-en-settings.png"))
    settings.reject()

    vietnamese = choose_language(qtbot, english, english=False)
    desk["window"] = vietnamese
    settled(qtbot, vietnamese, second)
    assert words(vietnamese) == VIETNAMESE
    assert vietnamese.geometry() == geometry
    assert vietnamese.view_widgets["incoming"].filters.state() == filters
    assert sync.worker is worker and worker.running and len(sync_threads()) == 1
    assert connections(session) == after  # the same again: nothing grows with each switch
    assert session.desk.ws.setting("language") == "vi"
    vietnamese.grab().save(str(SHOTS / "lang-live-4-vi.png"))


def test_a_signing_under_way_finishes_first_in_the_old_language(qtbot, desk):
    window = desk["window"]
    session = window.session
    release = threading.Event()
    signed: list[str] = []
    # a signing as the sign dialog starts it: work the user waits for (guard)
    session.tasks.run(release.wait, 60, on_done=lambda _r: signed.append("done"),
                      label="Ký số", guard=True)  # fmt: skip
    dialog = window.open_settings("language")
    qtbot.waitUntil(lambda: dialog.state is not None, timeout=WAIT)
    dialog.page("language").english.setChecked(True)
    with qtbot.waitSignal(dialog.saved, timeout=WAIT):
        dialog.save_button.click()
    wait_for(qtbot, lambda: "Ký số" in window.statusBar().currentMessage())
    assert window.statusBar().currentMessage() == (
        "Ngôn ngữ mới được dùng khi công việc sau xong: Ký số."
    )
    assert words(window) == VIETNAMESE and window.isVisible()
    window.grab().save(str(SHOTS / "lang-live-5-waiting.png"))
    with qtbot.waitSignal(window.replaced, timeout=WAIT) as replaced:
        release.set()
    english = replaced.args[0]
    desk["window"] = english
    assert signed == ["done"]  # the signing's answer reached the window that started it
    qtbot.waitUntil(lambda: not shiboken6.isValid(window), timeout=WAIT)
    assert words(english) == ENGLISH
    assert len(sync_threads()) == 1
