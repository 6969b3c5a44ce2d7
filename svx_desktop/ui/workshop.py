"""The workshop toolkit wired into a main window: its actions, menus and keys.

``attach(window)`` builds, for one ``MainWindow``, the command bar (Ctrl+K, ``/`` on the
canvas), parking-lot notes (Ctrl+Shift+N), the clipboard (Ctrl+C/X/V/D), find (Ctrl+F,
F3), focus and filters (F on the canvas, View ▸ Show), presentation mode (F5), themes
(View ▸ Theme), File ▸ New from Template…, the Arrange menu, the canvas's right-click
menus (``ui.canvasmenu``) and the optional toolbar (``ui.toolbar``), and follows the
window to each newly opened map. Keys that mean something else in a panel (a letter, Ctrl+C in a
table) are canvas-scoped like the window's own canvas keys; the rest are window-wide, so
they keep working in presentation mode with the menus hidden.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu

from svx_desktop.canvas import style
from svx_desktop.model import Direction
from svx_desktop.ui import clipboard, themes, toolbar
from svx_desktop.ui.arrange import ALIGNMENTS, Arranger
from svx_desktop.ui.canvasmenu import CanvasMenus
from svx_desktop.ui.commandbar import CommandBar
from svx_desktop.ui.findbar import FindBar
from svx_desktop.ui.presentation import Presentation
from svx_desktop.ui.protocols import MapWindow, as_widget
from svx_desktop.ui.shortcuts import make_action
from svx_desktop.ui.sizes import element_sizes
from svx_desktop.ui.spotlight import Spotlight
from svx_desktop.ui.templatepicker import new_from_template

#: Space kept between the map and the parking lot, and between notes.
NOTE_GAP = 40.0


@dataclass
class Workshop:
    """The toolkit objects of one window (``window.workshop``)."""

    command_bar: CommandBar
    find_bar: FindBar
    spotlight: Spotlight
    arranger: Arranger
    presentation: Presentation
    actions: dict[str, QAction]
    #: The canvas's right-click menus (``ui.canvasmenu``), set once the actions exist.
    menus: CanvasMenus | None = None


def attach(window: MapWindow) -> Workshop:
    """Give ``window`` the workshop toolkit (see the module docstring)."""
    themes.apply_theme(themes.saved_theme(), [window], persist=False)
    kit = Workshop(
        CommandBar(window),
        FindBar(window),
        Spotlight(window),
        Arranger(window),
        Presentation(window),
        {},
    )
    window.workshop = kit
    _build_actions(window, kit)
    _build_menus(window, kit)
    kit.menus = CanvasMenus(window, kit)
    toolbar.attach(window, kit)
    window.documentChanged.connect(lambda _doc: _follow(window, kit))
    return kit


def _follow(window: MapWindow, kit: Workshop) -> None:
    kit.find_bar.follow_document()
    kit.spotlight.follow_document()
    kit.arranger.follow_view()
    themes.repaint(window)
    for bar in (kit.command_bar, kit.find_bar):
        if bar.isVisible():
            bar.place()


# ------------------------------------------------------------------ actions
def _build_actions(window: MapWindow, kit: Workshop) -> None:
    a = kit.actions
    widget = as_widget(window)
    act = partial(make_action, widget)
    sk = QKeySequence.StandardKey
    a["template"] = act(
        "New from &Template…",
        lambda: new_from_template(window),
        tip="A new map from a template, with a preview",
    )
    a["capture"] = act(
        "&Quick Capture…",
        kit.command_bar.open,
        ["Ctrl+K"],
        "Type a stakeholder and its flows on one line",
    )
    a["capture_slash"] = window.keymap["capture"]
    a["capture_slash"].triggered.connect(lambda _checked=False: kit.command_bar.open())
    a["note"] = act(
        "Add &Note",
        lambda: add_note(window),
        ["Ctrl+Shift+N"],
        "A parking-lot sticky note for an idea not yet placed",
    )
    a["cut"] = act("Cu&t", lambda: clipboard.cut(window), [sk.Cut])
    a["copy"] = act("&Copy", lambda: clipboard.copy(window), [sk.Copy])
    a["paste"] = act("&Paste", lambda: clipboard.paste(window), [sk.Paste])
    a["duplicate"] = act("D&uplicate", lambda: clipboard.duplicate(window), ["Ctrl+D"])
    a["find"] = act("&Find…", kit.find_bar.open, ["Ctrl+F"])
    a["find_next"] = act("Find &Next", lambda: _find_step(kit, False), ["F3"])
    a["find_previous"] = act("Find Pre&vious", lambda: _find_step(kit, True), ["Shift+F3"])
    a["focus"] = window.keymap["focus"]
    a["focus"].triggered.connect(lambda _checked=False: kit.spotlight.toggle_focus())
    a["focus"].setCheckable(True)
    a["show_all"] = act("Show &Everything", _show_everything(window, kit))
    a["present"] = act("&Presentation Mode", kit.presentation.toggle, ["F5"])
    a["present"].setCheckable(True)
    kit.presentation.action = a["present"]
    a["arrange"] = act(
        "&Arrange Around Organisation",
        lambda: kit.arranger.arrange(keep_order=False),
        ["Ctrl+L"],
        "Stakeholders on rings around the organisation, grouped by category",
    )
    a["arrange_keep"] = act(
        "Arrange, &Keep Order",
        lambda: kit.arranger.arrange(keep_order=True),
        ["Ctrl+Shift+L"],
        "Stakeholders on rings around the organisation, in their current order",
    )
    for key, (text, _function) in ALIGNMENTS.items():
        a[f"align_{key}"] = act(text, partial(kit.arranger.align, key))
    a["snap"] = act("&Snap to Grid", lambda: kit.arranger.set_snap(a["snap"].isChecked()))
    a["snap"].setCheckable(True)
    a["snap"].setChecked(kit.arranger.snap)
    a["focus"].triggered.connect(
        lambda *_: a["focus"].setChecked(kit.spotlight.focus_id is not None)
    )
    # Keys that a panel uses for itself act on the map only while the canvas has focus.
    scoped = [a[k] for k in ("cut", "copy", "paste", "duplicate")]
    for action in scoped:
        widget.removeAction(action)
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    window.canvas_actions = (*window.canvas_actions, *scoped)
    window.view.addActions(scoped)


def _find_step(kit: Workshop, backwards: bool) -> None:
    if not kit.find_bar.isVisible():
        kit.find_bar.open()
    kit.find_bar.next_match(backwards)


def _show_everything(window: MapWindow, kit: Workshop) -> Callable[[], None]:
    def run() -> None:
        kit.spotlight.show_everything()
        kit.actions["focus"].setChecked(False)

    return run


# -------------------------------------------------------------------- menus
def _build_menus(window: MapWindow, kit: Workshop) -> None:
    a = kit.actions
    window.file_menu.insertAction(window.open_action, a["template"])

    edit = window.edit_menu
    edit.insertAction(window.add_stakeholder_action, a["cut"])
    edit.insertAction(window.add_stakeholder_action, a["copy"])
    edit.insertAction(window.add_stakeholder_action, a["paste"])
    edit.insertAction(window.add_stakeholder_action, a["duplicate"])
    edit.insertSeparator(window.add_stakeholder_action)
    actions = edit.actions()
    after = actions.index(window.add_expects_action) + 1
    if after < len(actions):
        edit.insertAction(actions[after], a["note"])
    else:
        edit.addAction(a["note"])
    edit.addSeparator()
    edit.addAction(a["capture"])
    edit.addAction(a["find"])
    edit.addAction(a["find_next"])
    edit.addAction(a["find_previous"])

    view = window.view_menu
    anchor = window.panels_separator
    view.insertSeparator(anchor)
    view.insertAction(anchor, a["focus"])
    show = QMenu("&Show", as_widget(window))
    show.aboutToShow.connect(lambda: _fill_show_menu(window, kit, show))
    _fill_show_menu(window, kit, show)
    view.insertMenu(anchor, show)
    theme_menu = QMenu("&Theme", as_widget(window))
    group = QActionGroup(theme_menu)
    for key, text in themes.THEMES:
        action = theme_menu.addAction(text)
        action.setCheckable(True)
        action.setChecked(key == themes.current_theme())
        action.setData(key)
        group.addAction(action)
        action.triggered.connect(lambda _c=False, k=key: _set_theme(k))
        a[f"theme_{key}"] = action
    view.insertMenu(anchor, theme_menu)
    view.insertAction(anchor, a["present"])

    arrange = QMenu("&Arrange", as_widget(window))
    arrange.addAction(a["arrange"])
    arrange.addAction(a["arrange_keep"])
    arrange.addSeparator()
    for key in ("left", "centre", "right", "top", "middle", "bottom"):
        arrange.addAction(a[f"align_{key}"])
    arrange.addSeparator()
    arrange.addAction(a["align_horizontal"])
    arrange.addAction(a["align_vertical"])
    arrange.addSeparator()
    arrange.addAction(a["snap"])
    as_widget(window).menuBar().insertMenu(window.help_menu.menuAction(), arrange)


def _set_theme(key: str) -> None:
    from svx_desktop.ui import mainwindow

    themes.apply_theme(key, mainwindow.windows())
    for w in mainwindow.windows():
        kit = getattr(w, "workshop", None)
        if kit is not None:
            kit.actions[f"theme_{key}"].setChecked(True)


def _fill_show_menu(window: MapWindow, kit: Workshop, menu: QMenu) -> None:
    """View ▸ Show: flows by direction, stakeholders by category."""
    spot = kit.spotlight
    menu.clear()
    group = QActionGroup(menu)
    for text, direction in (
        ("&All Flows", None),
        ("&Provides Only", Direction.PROVIDES),
        ("&Expects Only", Direction.EXPECTS),
    ):
        action = menu.addAction(text)
        action.setCheckable(True)
        action.setChecked(spot.direction is direction)
        group.addAction(action)
        action.triggered.connect(lambda _c=False, d=direction: spot.set_direction(d))
    menu.addSeparator()
    vmap = window.document.map
    used = {s.category for s in vmap.stakeholders}
    for category in vmap.categories:
        if category.id not in used and category.id not in spot.hidden_categories:
            continue
        action = menu.addAction(category.name)
        action.setCheckable(True)
        action.setChecked(category.id not in spot.hidden_categories)
        action.toggled.connect(lambda on, cid=category.id: spot.set_category_shown(cid, on))
    menu.addSeparator()
    menu.addAction(kit.actions["show_all"])


# -------------------------------------------------------------------- notes
def note_place(window: MapWindow) -> tuple[float, float]:
    """A free spot for a new note: the parking lot, a column right of the map."""
    scene = window.scene
    vmap = window.document.map
    sizes = element_sizes(scene)
    org = vmap.organisation
    w, h = sizes[org.id]
    right = org.position[0] + w / 2
    top = org.position[1] - h / 2
    for s in vmap.stakeholders:
        sw, sh = sizes.get(s.id, (style.CARD_MIN_WIDTH, style.CARD_HEIGHT))
        right = max(right, s.position[0] + sw / 2)
        top = min(top, s.position[1] - sh / 2)
    for f in scene.flow_items():
        r = f.sceneBoundingRect()
        right = max(right, r.right())
    x = right + NOTE_GAP + style.NOTE_WIDTH / 2
    notes = [
        QRectF(
            n.position[0] - sizes.get(n.id, (style.NOTE_WIDTH, 70))[0] / 2,
            n.position[1] - sizes.get(n.id, (style.NOTE_WIDTH, 70))[1] / 2,
            *sizes.get(n.id, (style.NOTE_WIDTH, 70.0)),
        )
        for n in vmap.notes
    ]
    y = top + 35
    for _ in range(1000):
        rect = QRectF(x - style.NOTE_WIDTH / 2, y - 35, style.NOTE_WIDTH, 70).adjusted(
            -NOTE_GAP / 2, -NOTE_GAP / 2, NOTE_GAP / 2, NOTE_GAP / 2
        )
        clash = [r for r in notes if r.intersects(rect)]
        if not clash:
            break
        y = max(r.bottom() for r in clash) + NOTE_GAP / 2 + 35 + 1
    return (round(x, 1), round(y, 1))


def add_note(window: MapWindow) -> None:
    """Edit ▸ Add Note: a note editor opens at a free spot; Enter adds the note (one undo
    step), Esc leaves no trace."""
    window.commit_typing()
    x, y = note_place(window)
    rect = QRectF(x - style.NOTE_WIDTH / 2, y - 35, style.NOTE_WIDTH, 70)
    window.view.editing.new_note_at(rect, (x, y))  # the editor brings it into view


__all__ = ["Workshop", "add_note", "attach", "note_place"]
