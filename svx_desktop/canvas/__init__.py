"""The live canvas: a scene that follows the map, and a view for drawing it by keyboard and mouse.

``MapScene(document)`` shows a document's map and pushes undo commands for gestures;
``MapView(scene)`` adds zoom, pan, the legend and the inline editors.
"""

from svx_desktop.canvas.scene import MapScene
from svx_desktop.canvas.view import MapView

__all__ = ["MapScene", "MapView"]
