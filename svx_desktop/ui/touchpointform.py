"""The Properties panel's page for touch points: every field of the journey's drill-down.

``TouchPointForm(panel)`` edits the touch points selected in the journey view: name,
stage, channels (a checkable list of the map's channels), who starts it, the expectations
it serves (a checkable list of its stakeholder's ``expects`` flows), the experience it
should give, its health, whether it is a moment of truth, pains, ideas, and the mechanism
that delivers it (name, internal or outsourced, owner). Every change is one
``EditElements`` of kind ``"touch_point"`` pushed on the document's undo stack (a checked
channel on three selected touch points is one step); the form never writes to the map and
is refreshed from it (``show``) by the panel as the map's events arrive. Names are edited
one at a time; the other fields apply to every selected touch point. Text is plain text,
capped at the model's limits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QWidget,
)

from svx_desktop.editing import EditElements
from svx_desktop.model import MAX_NOTES_LENGTH, Direction
from svx_desktop.model.health import Health
from svx_desktop.model.journey_elements import Initiator, Mechanism, Sourcing, TouchPoint
from svx_desktop.ui.propertyfields import MIXED, FieldPages, common, show_choice

if TYPE_CHECKING:
    from svx_desktop.ui.properties import PropertiesPanel

KIND: Final = "touch_point"
_MIXED_TEXT = "Different on the selected touch points; typing here sets them all"


def _checklist(name: str, parent: QWidget) -> QListWidget:
    widget = QListWidget(parent)
    widget.setObjectName(name)
    widget.setMinimumHeight(70)
    widget.setMaximumHeight(120)
    return widget


class TouchPointForm(QScrollArea):
    """The touch point page of the Properties panel (see the module docstring)."""

    def __init__(self, panel: PropertiesPanel, pages: FieldPages) -> None:
        super().__init__(pages)
        self.panel = panel
        self.pages = pages
        self._updating = False
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        inner = QWidget(self)
        form = QFormLayout(inner)
        form.setContentsMargins(0, 4, 4, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.name = pages.line(KIND, "name", "Name of the touch point")
        self.stage = self._combo("touch_point_stage", self._pick_stage)
        self.channels = _checklist("touch_point_channels", inner)
        self.channels.itemChanged.connect(self._channel_toggled)
        self.initiator = self._combo("touch_point_initiator", self._pick_initiator)
        self.initiator.addItem("The stakeholder", Initiator.STAKEHOLDER.value)
        self.initiator.addItem("The organisation", Initiator.ORGANISATION.value)
        self.serves = _checklist("touch_point_serves", inner)
        self.serves.itemChanged.connect(self._serves_toggled)
        self.experience = pages.text(
            KIND, "experience", MAX_NOTES_LENGTH, "The experience it should give, in their words"
        )
        self.health = self._combo("touch_point_health", self._pick_health)
        self.health.addItem("not rated", 0)
        for step in Health:
            self.health.addItem(step.label, int(step))
            self.health.setItemData(int(step), step.meaning, Qt.ItemDataRole.ToolTipRole)
        self.moment = QCheckBox("A moment of truth", inner)
        self.moment.setObjectName("touch_point_moment")
        self.moment.clicked.connect(self._moment_clicked)
        self.pains = pages.text(KIND, "pains", MAX_NOTES_LENGTH, "What hurts today")
        self.ideas = pages.text(KIND, "ideas", MAX_NOTES_LENGTH, "Ideas to make it better")
        self.mechanism = pages.line(KIND, "mechanism_name", "What delivers it")
        self.sourcing = self._combo("touch_point_sourcing", self._pick_sourcing)
        self.sourcing.addItem("Internal", Sourcing.INTERNAL.value)
        self.sourcing.addItem("Outsourced", Sourcing.OUTSOURCED.value)
        self.owner = pages.line(KIND, "mechanism_owner", "Who answers for it")
        for label, field in (
            ("Name", self.name),
            ("Stage", self.stage),
            ("Channels", self.channels),
            ("Started by", self.initiator),
            ("Serves", self.serves),
            ("Experience", self.experience),
            ("Health", self.health),
            ("", self.moment),
            ("Pains", self.pains),
            ("Ideas", self.ideas),
            ("Mechanism", self.mechanism),
            ("Sourcing", self.sourcing),
            ("Owner", self.owner),
        ):
            form.addRow(label, field)
        self.setWidget(inner)
        self.ids: list[str] = []

    def _combo(self, name: str, on_pick: Any) -> QComboBox:
        return self.pages.combo(name, lambda v: None if self._updating else on_pick(v))

    # ---------------------------------------------------------------- reading
    def points(self) -> list[TouchPoint]:
        j = self.panel.map.journeys
        return [j.touch_point(i) for i in self.ids if j.has_touch_point(i)]

    def show(self, ids: list[str]) -> None:  # type: ignore[override]
        """Show the touch points ``ids`` (a field being typed in keeps its text)."""
        self.ids = list(ids)
        points = self.points()
        if not points:
            return
        self._updating = True
        try:
            self._show(points)
        finally:
            self._updating = False

    def _show(self, points: list[TouchPoint]) -> None:
        vmap = self.panel.map
        j = vmap.journeys
        writable = not self.panel.document.read_only
        f = self.pages.field
        f(self.name).show_one([tp.name for tp in points], "touch point", writable)
        for widget, attr in (
            (self.experience, "experience"),
            (self.pains, "pains"),
            (self.ideas, "ideas"),
        ):
            f(widget).show([getattr(tp, attr) for tp in points], _MIXED_TEXT)
        mechanisms = [tp.mechanism or Mechanism() for tp in points]
        f(self.mechanism).show([m.name for m in mechanisms], _MIXED_TEXT)
        f(self.owner).show([m.owner for m in mechanisms], _MIXED_TEXT)
        show_choice(self.sourcing, [m.sourcing.value for m in mechanisms])
        owners = {tp.stakeholder_id for tp in points}
        self.stage.clear()
        self.stage.addItem("(no stage)", "")
        if len(owners) == 1:
            for st in j.stages(next(iter(owners))):
                self.stage.addItem(st.name, st.id)
        show_choice(self.stage, [tp.stage_id or "" for tp in points])
        show_choice(self.initiator, [tp.initiator.value for tp in points])
        show_choice(self.health, [int(tp.health) if tp.health else 0 for tp in points])
        moments = common([tp.moment_of_truth for tp in points])
        self.moment.setTristate(moments is MIXED)
        self.moment.setCheckState(
            Qt.CheckState.PartiallyChecked
            if moments is MIXED
            else (Qt.CheckState.Checked if moments else Qt.CheckState.Unchecked)
        )
        self._fill(
            self.channels, [(c.id, c.name) for c in j.channels], [tp.channels for tp in points]
        )
        expectations: list[tuple[str, str]] = []
        if len(owners) == 1:
            flows = vmap.flows_of(next(iter(owners)), Direction.EXPECTS)
            expectations = [(fl.id, fl.label) for fl in flows]
        self._fill(self.serves, expectations, [tp.serves for tp in points])
        self.serves.setEnabled(writable and len(owners) == 1)

    def _fill(
        self, widget: QListWidget, entries: list[tuple[str, str]], chosen: list[tuple[str, ...]]
    ) -> None:
        widget.blockSignals(True)
        try:
            widget.clear()
            for key, text in entries:
                item = QListWidgetItem(text, widget)
                item.setData(Qt.ItemDataRole.UserRole, key)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                on = sum(1 for c in chosen if key in c)
                state = (
                    Qt.CheckState.Checked
                    if on == len(chosen)
                    else Qt.CheckState.PartiallyChecked
                    if on
                    else Qt.CheckState.Unchecked
                )
                item.setCheckState(state)
        finally:
            widget.blockSignals(False)

    # ---------------------------------------------------------------- editing
    def push(self, make: Any) -> bool:
        """One ``EditElements`` of ``make(touch point)``'s changes on every selected one."""
        if self._updating or self.panel.document.read_only:
            return False
        changes = {}
        for tp in self.points():
            wanted = {k: v for k, v in make(tp).items() if getattr(tp, k) != v}
            if wanted:
                changes[tp.id] = wanted
        if not changes:
            return True
        if self.panel.document.try_push(EditElements(self.panel.map, KIND, changes)):
            return True
        self.show(self.ids)
        return False

    def commit_text(self, field: str, value: str) -> bool:
        """A text field of the page finished editing."""
        if field == "name":
            if not value or len(self.ids) != 1:
                self.show(self.ids)
                return False
            return self.push(lambda tp: {"name": value})
        if field in ("mechanism_name", "mechanism_owner"):
            key = field.removeprefix("mechanism_")
            return self.push(lambda tp: {"mechanism": _mechanism(tp, **{key: value})})
        return self.push(lambda tp: {field: value})

    def _pick_stage(self, value: str) -> None:
        self.push(lambda tp: {"stage_id": value or None})

    def _pick_initiator(self, value: str) -> None:
        self.push(lambda tp: {"initiator": Initiator(value)})

    def _pick_health(self, value: int) -> None:
        self.push(lambda tp: {"health": Health(value) if value else None})

    def _pick_sourcing(self, value: str) -> None:
        self.push(lambda tp: {"mechanism": _mechanism(tp, sourcing=Sourcing(value))})

    def _moment_clicked(self, checked: bool) -> None:
        self.moment.setTristate(False)
        self.push(lambda tp: {"moment_of_truth": bool(checked)})

    def _channel_toggled(self, item: QListWidgetItem) -> None:
        key = item.data(Qt.ItemDataRole.UserRole)
        on = item.checkState() == Qt.CheckState.Checked
        self.push(lambda tp: {"channels": _toggled(tp.channels, key, on)})

    def _serves_toggled(self, item: QListWidgetItem) -> None:
        key = item.data(Qt.ItemDataRole.UserRole)
        on = item.checkState() == Qt.CheckState.Checked
        self.push(lambda tp: {"serves": _toggled(tp.serves, key, on)})


def _toggled(values: tuple[str, ...], key: str, on: bool) -> tuple[str, ...]:
    kept = tuple(v for v in values if v != key)
    return (*kept, key) if on else kept


def _mechanism(tp: TouchPoint, **changes: Any) -> Mechanism | None:
    """The touch point's mechanism with ``changes``; None when nothing is left in it."""
    old = tp.mechanism or Mechanism()
    new = Mechanism(
        changes.get("name", old.name),
        changes.get("sourcing", old.sourcing),
        changes.get("owner", old.owner),
    )
    return None if new.is_empty else new


__all__ = ["TouchPointForm"]
