"""Where the desktop app keeps its preferences: one ``QSettings`` per organisation/app.

Always built with explicit names, so it works the same whether or not the
``QApplication`` has its names set (tests switch on ``QStandardPaths`` test mode, which
moves the file out of the user's configuration folder).
"""

from __future__ import annotations

from PySide6.QtCore import QSettings

ORGANISATION = "SVX"
ORGANISATION_DOMAIN = "svx.example.org"
APPLICATION = "svx-desktop"
DISPLAY_NAME = "SVX"


def settings() -> QSettings:
    """The app's settings store (native format, user scope)."""
    return QSettings(ORGANISATION, APPLICATION)
