"""The live canvas: a scene that follows a map, a controller that edits it, a view to draw with.

``MapScene(vmap)`` shows a map and only follows its events; ``CanvasController(document,
scene)`` pushes every undo command the canvas makes; ``MapView(controller)`` adds zoom,
pan, the legend, the inline editors and the keymap (``CanvasKeymap``).
"""

from svx_desktop.canvas.controller import CanvasController
from svx_desktop.canvas.keymap import CanvasKeymap
from svx_desktop.canvas.scene import MapScene
from svx_desktop.canvas.selection import Selection
from svx_desktop.canvas.view import MapView

__all__ = ["CanvasController", "CanvasKeymap", "MapScene", "MapView", "Selection"]
