"""Help ▸ About: version, licence, format version, the data folders; and the app icon."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QLabel

from svx_desktop import __license__, __version__
from svx_desktop.fileformat import CURRENT_VERSION
from svx_desktop.ui import about, autosave


class _UrlCatcher(QObject):
    """Receives what ``QDesktopServices.openUrl`` would hand to the file manager."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def catch(self, url: QUrl) -> None:
        self.urls.append(url)


def _texts(dialog: about.AboutDialog) -> list[str]:
    return [label.text() for label in dialog.findChildren(QLabel)]


def test_about_names_version_licence_format_and_data_folders(make_window, answers, tmp_path):
    window = make_window()
    window.about_action.trigger()
    assert answers.shown[-1].text == "About SVX"
    dialog = about.AboutDialog(window)
    texts = _texts(dialog)
    assert f"SVX {__version__}" in texts
    assert dialog.licence_label.text() == f"{__license__} licence" == "MIT licence"
    assert dialog.format_label.text() == f".svx format version {CURRENT_VERSION}"
    # the very folders the stores write to (the test's own, set by the ui conftest)
    recovery = Path(autosave.recovery_store().root)
    backups = Path(autosave.backup_store().root)
    assert recovery.is_relative_to(tmp_path) and backups.is_relative_to(tmp_path)
    assert str(recovery) in texts and str(backups) in texts
    # a folder's name is shown as it is, never read as markup
    shown = [lb for lb in dialog.findChildren(QLabel) if lb.text() in (str(recovery), str(backups))]
    assert len(shown) == 2
    assert all(lb.textFormat() == Qt.TextFormat.PlainText for lb in shown)


def test_open_folder_buttons_show_each_folder(make_window, qtbot):
    window = make_window()
    dialog = about.AboutDialog(window)
    catcher = _UrlCatcher()
    QDesktopServices.setUrlHandler("file", catcher, "catch")
    try:
        for button in dialog.folder_buttons.values():
            button.click()
    finally:
        QDesktopServices.unsetUrlHandler("file")
    folders = [folder for _what, folder in about.data_folders()]
    assert [Path(url.toLocalFile()) for url in catcher.urls] == folders
    assert all(folder.is_dir() for folder in folders)  # made on the way, so there is one to see


def test_about_fits_a_small_projector_screen(make_window, qtbot):
    window = make_window()
    window.resize(1280, 720)
    dialog = about.AboutDialog(window)
    dialog.show()
    qtbot.waitExposed(dialog)
    size = dialog.size()
    assert size.width() <= 1280 and size.height() <= 720
    for button in dialog.folder_buttons.values():
        assert button.width() >= button.sizeHint().width()  # nothing squeezed
    dialog.close()


def test_the_app_icon_comes_from_the_svg_master(qapp):
    assert about.icon_path().name == "svx.svg" and about.icon_path().is_file()
    icon = about.app_icon()
    assert not icon.isNull()
    image = icon.pixmap(16, 16).toImage()
    assert image.width() == 16
    assert image.pixelColor(8, 8).name() == "#ffffff"  # the organisation box in the middle
