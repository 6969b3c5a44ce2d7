"""The Qt-free model of a stakeholder net value exchange map.

Import the public names from here: ``ValueMap``, the element dataclasses, the categories,
the events. Each is defined (and listed in ``__all__``) once, in its own module; this
package re-exports those lists. The algorithms that work on a map (``layout``, ``align``,
``capture``, ``guess``, ``placement``, ``stacks``, ``geometry``) are imported from their
modules.
"""

from svx_desktop.model import categories, elements, events, health, journey_elements, ratings
from svx_desktop.model.categories import *  # noqa: F403
from svx_desktop.model.elements import *  # noqa: F403
from svx_desktop.model.events import *  # noqa: F403
from svx_desktop.model.health import *  # noqa: F403
from svx_desktop.model.journey_elements import *  # noqa: F403
from svx_desktop.model.journeys import FlowLinks, Journeys, RemovedJourney, RemovedStage
from svx_desktop.model.netvalue import NetView
from svx_desktop.model.ratings import *  # noqa: F403
from svx_desktop.model.validation import ModelError
from svx_desktop.model.valuemap import RemovedStakeholder, ValueMap

__all__ = [
    "FlowLinks",
    "Journeys",
    "ModelError",
    "NetView",
    "RemovedJourney",
    "RemovedStage",
    "RemovedStakeholder",
    "ValueMap",
]
__all__ += categories.__all__
__all__ += elements.__all__
__all__ += events.__all__
__all__ += health.__all__
__all__ += journey_elements.__all__
__all__ += ratings.__all__
