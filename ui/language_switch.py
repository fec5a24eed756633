"""A new language, at once (issue 11 §5): the translation installed, the main window made
again in it over the same session, and the old window deleted.

Hundreds of ``tr()`` calls are made once, when a widget is built; building the window again
is what makes every one of them speak the new language. The session is not touched: the
workspace, the I/O pool, the task bridge, the sync worker and the tokens' threads are the
same objects before and after. The new window shows what the old one showed: the view, each
register view's filters and selected document, the geometry and the splitter.

Nothing in flight is lost, because the switch waits for it:

- work the user started and waits for (signing, issuing, registering, exporting: the task
  bridge's ``guard``): the status bar says the language changes when it has finished;
- any dialog still open (the Settings dialog itself closes first): when it is closed;
- any other background task (a page of rows, a preview): its answer reaches the window that
  asked, then the window is made again.

Qt's own words (a line edit's context menu) are not the project's: Qt ships no Vietnamese
translation of qtbase, and its source language is English, so there is nothing to load for
either language; the dialogs' standard buttons are given the project's words."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QByteArray, QObject, QRect, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from ui.application import install_translation

log = logging.getLogger("vanthu.ui")


@dataclass
class WindowState:
    """What a main window shows, in words of no language."""

    view: str
    views: dict[str, dict[str, object]] = field(default_factory=dict)
    geometry: QRect | None = None  # the normal geometry (not maximised)
    state: Qt.WindowState = Qt.WindowState.WindowNoState  # maximised, full screen…
    splitter: QByteArray | None = None
    visible: bool = True


def keep_state(window: Any) -> WindowState:
    from ui.main_window import VIEW_KEYS

    views = {}
    for key, view in window.view_widgets.items():
        keep = getattr(view, "keep_state", None)
        if keep is not None:
            views[key] = keep()
    return WindowState(
        view=VIEW_KEYS[max(window.navigation.currentRow(), 0)],
        views=views,
        geometry=window.normalGeometry(),
        state=window.windowState(),
        splitter=window.splitter.saveState(),
        visible=window.isVisible(),
    )


def apply_language(lang: str) -> bool:
    """The core's words (``VANTHU_LANG``, read by app.messages) and the window's (the
    translator) in ``lang``. False when the compiled translation is missing."""
    os.environ["VANTHU_LANG"] = lang
    app = QApplication.instance()
    return install_translation(app, lang) if isinstance(app, QApplication) else False


def open_dialogs() -> list[QDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]


class LanguageSwitch(QObject):
    """One change of language waiting for the window to be free, then done. Owned by the
    session (it outlives the window it replaces)."""

    def __init__(self, window: Any, lang: str) -> None:
        super().__init__(window.session)
        self.window = window
        self.session = window.session
        self.lang = lang
        self.new_window: Any = None
        self.was_visible = window.isVisible()
        self._said = ""
        self._watched: set[int] = set()
        self.session.tasks.task_ended.connect(self._later)

    @classmethod
    def request(cls, window: Any, lang: str) -> LanguageSwitch:
        """Switch ``window`` to ``lang`` as soon as nothing is in flight (a second choice
        while waiting replaces the first)."""
        switch = window._language_switch
        if switch is None:
            switch = window._language_switch = cls(window, lang)
        switch.lang = lang
        switch._later()
        return switch

    # -- waiting -------------------------------------------------------------------------------

    def _later(self, *_args: Any) -> None:
        """After the current event (a task's answer is delivered after ``task_ended``)."""
        QTimer.singleShot(0, self, self.try_now)

    def waiting_for(self) -> list[str]:
        """What the switch waits for, in the window's (old) words; [] when it can go."""
        guarded = [t.label or "…" for t in self.session.tasks.guarded()]
        dialogs = open_dialogs()
        for dialog in dialogs:  # a dialog closed: try again
            if id(dialog) not in self._watched:
                self._watched.add(id(dialog))
                dialog.finished.connect(self._later)
        if guarded:
            return guarded
        if dialogs:
            return [d.windowTitle() or "…" for d in dialogs]
        if self.session.tasks.running():
            return ["…"]  # its answer goes to the window that asked
        return []

    def try_now(self) -> None:
        from app.messages import language

        window = self.window
        if window is None or self.new_window is not None:
            return
        closed = self.was_visible and not window.isVisible()
        if closed or not self.session.is_open or window._closing_anyway:
            self._finish()  # the window is closing: the next start reads the setting
            return
        if self.lang == language():  # chosen back while waiting: nothing to change
            self._finish()
            return
        blocking = self.waiting_for()
        if blocking:
            self._say_waiting(blocking)
            return
        self.switch()

    def _say_waiting(self, blocking: list[str]) -> None:
        if blocking == ["…"]:
            return  # a moment's background read: no words
        guarded = bool(self.session.tasks.guarded())
        if guarded:
            words = self.tr("Ngôn ngữ mới được dùng khi công việc sau xong: %1.")
        else:
            words = self.tr("Ngôn ngữ mới được dùng khi hộp thoại «%1» được đóng.")
        text = words.replace("%1", ", ".join(blocking))
        if text != self._said:
            self._said = text
            self.window.statusBar().showMessage(text)

    # -- switching -----------------------------------------------------------------------------

    def switch(self) -> Any:
        """Install the translation and make the window again; returns the new window."""
        old = self.window
        state = keep_state(old)
        if not apply_language(self.lang):
            old.statusBar().showMessage(self.tr("Không có bản dịch cho ngôn ngữ này."), 10000)
            self._finish()
            return old
        new = type(old)(self.session, start_view=state.view, kept=state)
        if state.geometry is not None and state.geometry.isValid():
            new.setGeometry(state.geometry)  # the same place and size, on the same screen
        new.setWindowState(state.state)
        if state.splitter is not None:
            new.splitter.restoreState(state.splitter)
        self.new_window = new
        old.replaced.emit(new)
        if state.visible:
            new.show()
            new.activateWindow()
        new.statusBar().showMessage(self.tr("Đã đổi ngôn ngữ."), 5000)  # in the new one
        old.hide()
        old.deleteLater()  # with its widgets and their connections to the session
        log.info("window language changed to %s", self.lang)
        self._finish()
        return new

    def _finish(self) -> None:
        window, self.window = self.window, None
        if window is not None and window._language_switch is self:
            window._language_switch = None
        self.session.tasks.task_ended.disconnect(self._later)
        self.deleteLater()


__all__ = ["LanguageSwitch", "WindowState", "apply_language", "keep_state", "open_dialogs"]
