"""Canvas themes: follow the system's light/dark setting, or a high-contrast projector theme.

The default palette is colour-blind safe (Okabe-Ito: blue for ``provides``, orange for
``expects``; the directions also differ by arrow direction and label side). ``dark`` keeps
the same hues on a dark canvas; ``projector`` is high contrast for washed-out projected
images: a pure white canvas, black text and outlines, and the deeper Okabe-Ito blue and
vermilion. ``system`` picks light or dark from ``QStyleHints.colorScheme()`` and follows
it when it changes. The choice is kept in ``QSettings``; ``apply_theme`` hands the colours
to the canvas (``canvas.style.apply_colours``) and repaints every open map.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from svx_desktop.canvas import style
from svx_desktop.ui.protocols import MapWindow
from svx_desktop.ui.settings import settings

THEME_KEY = "view/theme"

LIGHT: dict[str, str] = {
    "PROVIDES_COLOUR": "#0072B2",
    "EXPECTS_COLOUR": "#E69F00",
    "PROVIDES_TEXT": "#005A8C",
    "EXPECTS_TEXT": "#8F5A00",
    "SELECTION_COLOUR": "#D81B60",
    "CARD_FILL": "#FFFFFF",
    "CARD_BORDER": "#8A94A3",
    "TEXT_COLOUR": "#1B1F24",
    "ORGANISATION_FILL": "#1F2A36",
    "ORGANISATION_TEXT": "#FFFFFF",
    "NOTE_FILL": "#FFF2A8",
    "NOTE_BORDER": "#D9C24A",
    "BACKGROUND": "#F7F8FA",
    "GRID_COLOUR": "#E6E9EE",
}

DARK: dict[str, str] = {
    "PROVIDES_COLOUR": "#56B4E9",
    "EXPECTS_COLOUR": "#E69F00",
    # Mid tones: label text sits on the labels' light backing, the legend on a dark card.
    "PROVIDES_TEXT": "#2F86C8",
    "EXPECTS_TEXT": "#B87500",
    "SELECTION_COLOUR": "#FF4F8B",
    "CARD_FILL": "#2A3139",
    "CARD_BORDER": "#6B7685",
    "TEXT_COLOUR": "#ECEFF3",
    "ORGANISATION_FILL": "#DDE3EA",
    "ORGANISATION_TEXT": "#11161C",
    "NOTE_FILL": "#5C5220",
    "NOTE_BORDER": "#9C8C3A",
    "BACKGROUND": "#1B2026",
    "GRID_COLOUR": "#262C33",
}

PROJECTOR: dict[str, str] = {
    "PROVIDES_COLOUR": "#0050A0",
    "EXPECTS_COLOUR": "#D55E00",
    "PROVIDES_TEXT": "#003A75",
    "EXPECTS_TEXT": "#8A3A00",
    "SELECTION_COLOUR": "#C2006B",
    "CARD_FILL": "#FFFFFF",
    "CARD_BORDER": "#000000",
    "TEXT_COLOUR": "#000000",
    "ORGANISATION_FILL": "#000000",
    "ORGANISATION_TEXT": "#FFFFFF",
    "NOTE_FILL": "#FFE94D",
    "NOTE_BORDER": "#000000",
    "BACKGROUND": "#FFFFFF",
    "GRID_COLOUR": "#F0F0F0",
}

#: (key, menu text) in menu order.
THEMES: tuple[tuple[str, str], ...] = (
    ("system", "Follow System"),
    ("light", "Light"),
    ("dark", "Dark"),
    ("projector", "Projector (High Contrast)"),
)
_PALETTES = {"light": LIGHT, "dark": DARK, "projector": PROJECTOR}
_following_system = False


def system_is_dark() -> bool:
    app = QGuiApplication.instance()
    if app is None:
        return False
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def palette(theme: str) -> dict[str, str]:
    """The canvas colours of ``theme`` (``system`` resolves to light or dark now)."""
    if theme == "system":
        return DARK if system_is_dark() else LIGHT
    return _PALETTES.get(theme, LIGHT)


def saved_theme() -> str:
    value = settings().value(THEME_KEY, "system")
    return value if isinstance(value, str) and value in dict(THEMES) else "system"


def current_theme() -> str:
    return _current


_current = "system"


def apply_theme(theme: str, windows: Iterable[MapWindow] = (), persist: bool = True) -> None:
    """Use ``theme`` on the canvas of every window in ``windows`` (and new ones)."""
    global _current
    if theme not in dict(THEMES):
        theme = "system"
    _current = theme
    style.apply_colours(palette(theme))
    if persist:
        settings().setValue(THEME_KEY, theme)
    _follow_system()
    for window in windows:
        repaint(window)


def repaint(window: MapWindow) -> None:
    """Draw one window's map again in the current colours."""
    scene, view = window.scene, window.view
    scene.setBackgroundBrush(style.BACKGROUND)
    for item in scene.items():
        item.update()  # also drops the item's cached pixmap
    view.resetCachedContent()
    view.viewport().update()


def _follow_system() -> None:
    global _following_system
    app = QGuiApplication.instance()
    if _following_system or app is None:
        return
    _following_system = True
    QGuiApplication.styleHints().colorSchemeChanged.connect(_system_changed)


def _system_changed(*_args: object) -> None:
    if _current != "system":
        return
    from svx_desktop.ui import mainwindow

    apply_theme("system", mainwindow.windows(), persist=False)


__all__ = [
    "DARK",
    "LIGHT",
    "PROJECTOR",
    "THEMES",
    "apply_theme",
    "current_theme",
    "palette",
    "repaint",
    "saved_theme",
    "system_is_dark",
]
