"""The journey view of a stakeholder with 200 touch points: opening it and scrolling it.

The map has one stakeholder with 200 touch points over 8 stages, two or three channels
each, every health step, a moment of truth in seven, each serving one of five
expectations. **open journey view** builds the ``JourneyScene`` (its cards and stage
headers), the controller and a 1280 × 720 ``JourneyView``, and paints the whole viewport
once into a ``QImage``; its baseline is the same for a stakeholder whose journey is empty,
so the ratio is what 200 cards cost over the fixed price of a view. Target (issue 12):
under 200 ms. **scroll frame** scrolls the row 120 px sideways and repaints the viewport
(the wheel's step), the best frame of a sweep across the whole journey; its baseline is
the same scroll over plain rectangles of the same size and place (no text, no cache), so
the ratio says what drawing real cards costs; the note gives the worst frame of the first
sweep, when each card is measured and cached as it comes into view. Target: under 16 ms a
frame (60 fps).
"""

from __future__ import annotations

import time
from typing import Any

from benchmarks import Row, row

POINTS = 200
STAGES = 8
OPEN_MAX_MS = 200.0
FRAME_MAX_MS = 16.0
REPEAT = 5
STEP = 120


def _app() -> Any:
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def journey_map(points: int = POINTS) -> tuple[Any, str, str]:
    """(map, id of the stakeholder with ``points`` touch points, id of one with none)."""
    from svx_desktop.model import Direction, Flow, Stakeholder, ValueMap
    from svx_desktop.model.health import Health
    from svx_desktop.model.journey_elements import BUILTIN_CHANNELS, Stage, TouchPoint

    vmap = ValueMap()
    s = Stakeholder("Personal customers", category="customer", position=(300, 0))
    empty = Stakeholder("Regulator", category="regulator", position=(-300, 0))
    vmap.add_stakeholder(s)
    vmap.add_stakeholder(empty)
    flows = [Flow(s.id, Direction.EXPECTS, f"expectation {i}") for i in range(5)]
    for f in flows:
        vmap.add_flow(f)
    stages = [Stage(s.id, f"Stage {i + 1}") for i in range(STAGES)]
    channels = [c.id for c in BUILTIN_CHANNELS]
    tps = []
    for i in range(points):
        tps.append(
            TouchPoint(
                s.id,
                f"Touch point number {i} where the customer meets us",
                stage_id=stages[i * STAGES // points].id,
                channels=tuple(channels[(i + k) % len(channels)] for k in range(2 + i % 2)),
                health=Health(1 + i % 5),
                moment_of_truth=i % 7 == 0,
                serves=(flows[i % 5].id,),
            )
        )
    vmap.journeys.add_all(stages=stages, touch_points=tps)
    return vmap, s.id, empty.id


def _open(vmap: Any, sid: str) -> Any:
    from PySide6.QtGui import QImage

    from svx_desktop.editing import Document
    from svx_desktop.journey import JourneyController, JourneyScene, JourneyView

    scene = JourneyScene(vmap, sid)
    view = JourneyView(JourneyController(Document(vmap), scene))
    view.resize(1280, 720)
    view.show()
    image = QImage(view.viewport().size(), QImage.Format.Format_ARGB32_Premultiplied)
    view.viewport().render(image)
    return view


def _close(view: Any) -> None:
    scene = view.journey_scene
    view.hide()
    view.deleteLater()
    scene.detach()
    scene.deleteLater()
    _app().processEvents()


def _bench_open() -> Row:
    app = _app()
    vmap, sid, empty = journey_map()
    ms: list[float] = []
    base: list[float] = []
    for _ in range(REPEAT):
        for target, out in ((empty, base), (sid, ms)):
            start = time.perf_counter()
            view = _open(vmap, target)
            out.append((time.perf_counter() - start) * 1000)
            _close(view)
            app.processEvents()
    return row(
        f"open journey view, {POINTS} touch points",
        min(ms),
        baseline="same, empty journey",
        baseline_ms=min(base),
        max_ms=OPEN_MAX_MS,
        note="scene + view + full paint, 1280×720",
    )


def _plain_view(view: Any) -> Any:
    """Plain rectangles where the journey's cards and headers are, in a view of the size."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QGraphicsScene, QGraphicsView

    plain = QGraphicsScene()
    for item in view.journey_scene.items():
        plain.addRect(item.sceneBoundingRect())
    plain.setSceneRect(view.journey_scene.sceneRect())
    other = QGraphicsView(plain)
    other.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    other.resize(view.size())
    other.show()
    other._scene = plain  # keep it alive with the view
    return other


def _sweep(view: Any) -> tuple[float, float]:
    """The best and worst frames (ms) of scrolling ``view`` across its whole width, STEP
    px a frame."""
    from PySide6.QtGui import QImage

    bar = view.horizontalScrollBar()
    bar.setValue(0)
    image = QImage(view.viewport().size(), QImage.Format.Format_ARGB32_Premultiplied)
    view.viewport().render(image)
    best, worst = float("inf"), 0.0
    while bar.value() < bar.maximum():
        start = time.perf_counter()
        bar.setValue(bar.value() + STEP)
        view.viewport().render(image)
        ms = (time.perf_counter() - start) * 1000
        best, worst = min(best, ms), max(worst, ms)
    return best, worst


def _bench_scroll() -> Row:
    vmap, sid, _empty = journey_map()
    view = _open(vmap, sid)
    plain = _plain_view(view)
    sweeps = [_sweep(view) for _ in range(3)]
    ms = min(b for b, _w in sweeps)
    first_worst = sweeps[0][1]  # cards met for the first time are measured then
    base = min(_sweep(plain)[0] for _ in range(3))
    plain.hide()
    plain.deleteLater()
    _close(view)
    return row(
        f"scroll frame, {POINTS} touch points",
        ms,
        baseline="plain rectangles",
        baseline_ms=base,
        max_ms=FRAME_MAX_MS,
        note=f"{STEP} px sideways + full repaint; worst first-pass frame {first_worst:.1f} ms",
    )


def run() -> list[Row]:
    _app()
    return [_bench_open(), _bench_scroll()]
