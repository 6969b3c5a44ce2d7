"""Application start-up: QApplication, main window, command-line file."""

from __future__ import annotations


def run(argv: list[str]) -> int:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(argv)
    window = QMainWindow()
    window.setWindowTitle("SVX")
    window.show()
    return app.exec()
