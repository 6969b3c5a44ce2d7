"""Following a map: one subscription helper and one typed dispatch for every listener.

Anything with Qt that follows a ``ValueMap`` (the scene, the panels, the table) calls
``follow(vmap, owner, {EventType: handler, ...})``. Events are dispatched by their exact
type, so ``grep FlowChanged`` finds every handler; events without a handler are ignored.
The subscription ends by itself when ``owner`` (a ``QObject``) is destroyed, and it holds
bound-method handlers weakly, so a closed panel is neither kept alive by the map nor
called after its C++ object is gone. ``Subscription.close`` ends it early (a scene that
is given another map).

This lives in ``editing`` because it is the lowest layer that may know Qt (``QtCore`` only).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QTimer

from svx_desktop.model import MapEvent, ValueMap

E = TypeVar("E")
Handler = Callable[[Any], None]
Handlers = Mapping[type, Handler]

__all__ = ["Handler", "Handlers", "Subscription", "dispatch", "follow", "next_turn"]


def _weak(handler: Handler) -> Callable[[], Handler | None]:
    """A weak reference to a bound method, a strong one to any other callable."""
    if hasattr(handler, "__self__") and hasattr(handler, "__func__"):
        return weakref.WeakMethod(handler)
    return lambda: handler


class Subscription:
    """One listener on one map, dispatching each event to the handler for its type."""

    def __init__(self, vmap: ValueMap, owner: QObject | None, handlers: Handlers) -> None:
        self.map = vmap
        self._handlers = {kind: _weak(handler) for kind, handler in handlers.items()}
        self._open = True
        vmap.subscribe(self)
        if owner is not None:
            # A lambda, not a bound method: the connection must keep this object alive
            # only as long as the owner lives, and fire when it dies.
            owner.destroyed.connect(lambda *_: self.close())

    @property
    def is_open(self) -> bool:
        return self._open

    def __call__(self, event: MapEvent) -> None:
        ref = self._handlers.get(type(event))
        if ref is None:
            return
        handler = ref()
        if handler is None:  # the handler's object was collected without being destroyed
            self.close()
            return
        handler(event)

    def close(self) -> None:
        """Stop following the map (idempotent)."""
        if self._open:
            self._open = False
            self.map.unsubscribe(self)


def follow(vmap: ValueMap, owner: QObject | None, handlers: Handlers) -> Subscription:
    """Subscribe ``handlers`` (``{EventType: handler}``) to ``vmap`` for ``owner``'s life."""
    return Subscription(vmap, owner, handlers)


def dispatch(handlers: Mapping[type, Callable[[E], None]], event: E) -> None:
    """Call the handler for ``type(event)``, if there is one (for replaying events)."""
    handler = handlers.get(type(event))
    if handler is not None:
        handler(event)


def next_turn(owner: QObject, slot: Callable[[], object]) -> QTimer:
    """A timer (not yet started) that calls ``slot`` once on the event loop's next turn,
    however often it is started before then: how a follower turns a burst of events
    into one refresh."""
    timer = QTimer(owner)
    timer.setSingleShot(True)
    timer.setInterval(0)
    timer.timeout.connect(slot)
    return timer
