"""Render a map the way the canvas shows it, to look at (not a test).

    QT_QPA_PLATFORM=offscreen python -m tests.canvas.screenshot [MAP.svx] [OUT.png] [fit|100]

Without a map it uses the bundled bank example; 1280 × 720, like a projector.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from svx_desktop.canvas import CanvasController, MapScene, MapView
    from svx_desktop.editing import Document

    app = QApplication.instance() or QApplication([])
    root = Path(__file__).resolve().parents[2]
    source = argv[0] if argv else str(root / "resources" / "examples" / "bank.svx")
    out = argv[1] if len(argv) > 1 else "canvas.png"
    mode = argv[2] if len(argv) > 2 else "fit"
    document = Document.open(source)
    scene = MapScene(document.map)
    view = MapView(CanvasController(document, scene))
    view.resize(1280, 720)
    view.show()
    app.processEvents()
    if mode == "fit":
        view.fit_all()
    else:
        view.zoom_100()
        view.centre_on_organisation()
    app.processEvents()
    view.grab().save(out)
    print(f"{out}: zoom {view.zoom_factor():.2f}, {scene.counts()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
