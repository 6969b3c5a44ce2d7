"""A stakeholder's journey on screen: its touch points under their stages, left to right.

``JourneyScene(vmap, stakeholder_id)`` follows the map's journey events and never writes
to it; ``JourneyController(document, scene)`` pushes every command; ``JourneyView``
adds zoom, scrolling, the inline name editor and the keys (``JourneyKeymap``). The window
shows it in place of the map (``ui.journeymode``). ``journey_drawing`` is the journey as
a picture for the export machinery (``pictures``).
"""

from svx_desktop.journey.controller import JourneyController
from svx_desktop.journey.keymap import JourneyKeymap
from svx_desktop.journey.scene import JourneyScene
from svx_desktop.journey.view import JourneyView

__all__ = ["JourneyController", "JourneyKeymap", "JourneyScene", "JourneyView"]
