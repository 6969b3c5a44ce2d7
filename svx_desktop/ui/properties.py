"""The properties dock: edit whatever is selected on the canvas, or the map's details.

``PropertiesPanel`` shows one page per kind of selection — stakeholders, flows, the
organisation, a parking-lot note, or (nothing selected) the map's title, facilitator and
workshop date. Several elements of one kind are edited together: a field whose values
differ shows blank, and changing it sets it on all of them in one undo step. Text fields
commit when editing finishes (Enter or leaving the field); combos, the spin box and the
colour buttons commit at once. Every change is one ``EditElements`` pushed on the
document's undo stack; the panel never writes to the map, and it follows the map's events
(so undo shows at once) without overwriting a field the user is typing in. All text is
plain text and capped at the model's limits.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor, QIcon
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from svx_desktop.editing import EditElements
from svx_desktop.editing.follow import Handlers, next_turn
from svx_desktop.model import (
    MAX_IMPORTANCE,
    MAX_LABEL_LENGTH,
    MAX_NOTES_LENGTH,
    MIN_IMPORTANCE,
    CategoriesChanged,
    Direction,
    Flow,
    FlowChanged,
    FlowRemoved,
    MetaChanged,
    NoteChanged,
    NoteRemoved,
    OrganisationChanged,
    StakeholderChanged,
    StakeholderRemoved,
    TouchPointChanged,
    TouchPointRemoved,
    ValueKind,
)
from svx_desktop.model.kinds import KINDS
from svx_desktop.model.ratings import direction_changes, rating_changes
from svx_desktop.ui.buttons import tool_button
from svx_desktop.ui.labels import plain_label
from svx_desktop.ui.mappanel import MapPanel
from svx_desktop.ui.palette import ask_colour, category_icon
from svx_desktop.ui.propertyfields import (
    MIXED,
    FieldPages,
    TextField,
    common,
    show_choice,
    show_rating,
    swatch,
)
from svx_desktop.ui.touchpointform import TouchPointForm

#: Page names, also the ``kind`` passed to ``EditElements`` (except "mixed").
PAGES = ("meta", "stakeholder", "flow", "organisation", "note", "touch_point", "mixed")

#: Up to this many selected elements the panel refreshes at each change; beyond, once
#: after the change (see ``_refresh_soon``).
SYNC_REFRESH_LIMIT = 50

_DIFFERENT_NOTES = "Different notes; typing here replaces them all"


def _beside(main: QWidget, extra: QWidget) -> QHBoxLayout:
    """A form row: ``main`` taking the width, ``extra`` (a button) after it."""
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(main, 1)
    row.addWidget(extra)
    return row


class PropertiesPanel(MapPanel):
    """Dock contents: a form for the current selection. See the module docstring."""

    object_name = "propertiesPanel"

    def build(self) -> None:
        self._kind = "meta"
        self._ids: list[str] = []
        self._id_set: set[str] = set()
        self._updating = False
        self._refresh_timer = next_turn(self, self.refresh)

        self.title_label = plain_label(self, name="propertiesTitle")
        font = self.title_label.font()
        font.setBold(True)
        self.title_label.setFont(font)

        self.stack = FieldPages(self)
        self.stack.commitRequested.connect(self._commit_text)
        self._build_meta_page()
        self._build_stakeholder_page()
        self._build_flow_page()
        self._build_organisation_page()
        self._build_note_page()
        self._build_mixed_page()
        self.touch_point_form = TouchPointForm(self, self.stack)  # the journey view's
        self.stack.add_page("touch_point", self.touch_point_form)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.title_label)
        layout.addWidget(self.stack, 1)

    # ================================================================ building
    def _build_meta_page(self) -> None:
        self.meta_title = self.stack.line("meta", "title", "Name of this map")
        self.meta_facilitator = self.stack.line("meta", "facilitator", "Who ran the workshop")
        self.meta_date = self.stack.line("meta", "workshop_date", "YYYY-MM-DD")
        self.meta_date.setToolTip("The workshop date, as YYYY-MM-DD (or empty)")
        self.today_button = tool_button(
            self, "Today", "Set the workshop date to today", self._set_today
        )
        row = _beside(self.meta_date, self.today_button)
        self.date_hint = plain_label(self, "Use the form YYYY-MM-DD, e.g. 2026-03-14")
        self.date_hint.setStyleSheet("color: #D55E00")
        self.date_hint.setVisible(False)
        self.stack.form(
            "meta",
            (
                ("Title", self.meta_title),
                ("Facilitator", self.meta_facilitator),
                ("Workshop date", row),
                ("", self.date_hint),
            ),
        )

    def _build_stakeholder_page(self) -> None:
        self.stakeholder_name = self.stack.line("stakeholder", "name", "Stakeholder name")
        self.stakeholder_category = self.stack.combo(
            "stakeholder_category", lambda cid: self._commit_value("stakeholder", "category", cid)
        )
        self.stakeholder_category.setPlaceholderText("(different categories)")
        self.colour_button = QPushButton("Colour…", self)
        self.colour_button.setObjectName("stakeholder_colour")
        self.colour_button.setToolTip("Give the selected stakeholders their own colour")
        self.colour_button.clicked.connect(lambda: self.choose_colour())
        self.colour_reset = tool_button(
            self, "Reset", "Use the category's colour again", lambda: self.set_colour(None)
        )
        row = _beside(self.colour_button, self.colour_reset)
        self.stakeholder_notes = self.stack.text(
            "stakeholder", "notes", MAX_NOTES_LENGTH, "Notes about this stakeholder"
        )
        self.stack.form(
            "stakeholder",
            (
                ("Name", self.stakeholder_name),
                ("Category", self.stakeholder_category),
                ("Colour", row),
                ("Notes", self.stakeholder_notes),
            ),
        )

    def _build_flow_page(self) -> None:
        self.flow_label = self.stack.line("flow", "label", "What is exchanged")
        self.flow_stakeholder = plain_label(self, name="flow_stakeholder")
        self.flow_direction = self.stack.combo(
            "flow_direction",
            lambda v: self._commit_flows(lambda f: direction_changes(f, Direction(v))),
        )
        self.flow_direction.setPlaceholderText("(different directions)")
        self.flow_direction.addItem("provides (stakeholder → organisation)", "provides")
        self.flow_direction.addItem("expects (organisation → stakeholder)", "expects")
        self.flow_value_kind = self.stack.combo(
            "flow_value_kind",
            lambda v: self._commit_value("flow", "value_kind", ValueKind(v)),
        )
        self.flow_value_kind.setPlaceholderText("(different kinds)")
        for k in ValueKind:
            self.flow_value_kind.addItem(k.label, k.value)
        self.flow_importance = QSpinBox(self)
        self.flow_importance.setObjectName("flow_importance")
        self.flow_importance.setRange(MIN_IMPORTANCE, MAX_IMPORTANCE)
        self.flow_importance.setToolTip(f"{MIN_IMPORTANCE} (minor) to {MAX_IMPORTANCE} (vital)")
        self.flow_importance.valueChanged.connect(self._importance_changed)
        self.flow_rating = self.stack.combo(
            "flow_rating", lambda v: self._commit_flows(lambda f: rating_changes(f, v or None))
        )
        self.flow_rating.setPlaceholderText("(different ratings)")
        self.flow_notes = self.stack.text(
            "flow", "notes", MAX_NOTES_LENGTH, "Notes about this flow"
        )
        self.stack.form(
            "flow",
            (
                ("Label", self.flow_label),
                ("Stakeholder", self.flow_stakeholder),
                ("Direction", self.flow_direction),
                ("Value kind", self.flow_value_kind),
                ("Importance", self.flow_importance),
                ("Met today", self.flow_rating),
                ("Notes", self.flow_notes),
            ),
        )

    def _build_organisation_page(self) -> None:
        self.organisation_name = self.stack.line("organisation", "name", "Organisation name")
        self.organisation_description = self.stack.text(
            "organisation", "description", MAX_NOTES_LENGTH, "A short description"
        )
        self.stack.form(
            "organisation",
            (
                ("Name", self.organisation_name),
                ("Description", self.organisation_description),
            ),
        )

    def _build_note_page(self) -> None:
        self.note_text = self.stack.text("note", "text", MAX_LABEL_LENGTH, "An idea for later")
        self.stack.form(
            "note",
            (("Text", self.note_text),),
        )

    def _build_mixed_page(self) -> None:
        page = QWidget(self.stack)
        box = QVBoxLayout(page)
        self.mixed_label = plain_label(page, wrap=True)
        box.addWidget(self.mixed_label)
        box.addStretch(1)
        self.stack.add_page("mixed", page)

    # ================================================================ document
    def document_shown(self) -> None:
        self._kind, self._ids = "", []
        self._fill_categories()
        self._selection_changed()

    @property
    def _writable(self) -> bool:
        return not self.document.read_only

    @property
    def kind(self) -> str:
        """The page shown: one of ``PAGES``."""
        return self._kind

    @property
    def target_ids(self) -> list[str]:
        """Ids of the elements being edited (empty for the organisation and the map)."""
        return list(self._ids)

    # =============================================================== selection
    def _selection_changed(self) -> None:
        kind, ids = "meta", list[str]()
        if self.scene is not None:
            try:
                sel = self.scene.selection()
            except RuntimeError:  # the scene is being destroyed
                return
            groups = [
                (k, list(found))
                for k, found in (
                    ("stakeholder", sel.stakeholders),
                    ("flow", sel.flows),
                    ("note", sel.notes),
                )
            ]
            groups = [g for g in groups if g[1]]
            has_org = sel.organisation
            count = sum(len(g[1]) for g in groups) + int(has_org)
            if count == 0:
                kind = "meta"
            elif has_org and not groups:
                kind = "organisation"
            elif len(groups) == 1 and not has_org:
                kind, ids = groups[0]
                if kind == "note" and len(ids) > 1:
                    kind = "mixed"
            else:
                kind = "mixed"
            if kind == "mixed":
                self.mixed_label.setText(
                    f"{count} notes are selected."
                    if len(groups) == 1 and not has_org
                    else f"{count} items of different kinds are selected.\n"
                    "Select stakeholders only, or flows only, to edit them together."
                )
        if kind == self._kind and set(ids) == set(self._ids) and kind != "mixed":
            return  # the same targets: keep whatever is being typed
        self.commit_pending()
        self.show_targets(kind, ids)

    def show_targets(self, kind: str, ids: list[str] | None = None) -> None:
        """Show the page for ``kind`` editing the elements ``ids``."""
        if kind not in PAGES:
            raise ValueError(f"unknown properties page {kind!r}")
        self._kind = kind
        self._ids = list(ids or [])
        self._id_set = set(self._ids)
        for f in self.stack.fields:
            f.set_modified(False)  # whatever was typed belonged to the previous targets
        self.stack.setCurrentWidget(self.stack.pages[kind])
        self.refresh()

    def _alive_ids(self) -> list[str]:
        kind = KINDS.get(self._kind)
        if kind is None or kind.single:
            return self._ids
        return [i for i in self._ids if kind.has(self.map, i)]

    # ================================================================= events
    def handlers(self) -> Handlers:
        return {
            CategoriesChanged: self._categories_changed,
            MetaChanged: self._meta_changed,
            OrganisationChanged: self._organisation_changed,
            StakeholderChanged: self._stakeholder_changed,
            FlowChanged: self._flow_changed,
            NoteChanged: self._note_changed,
            StakeholderRemoved: self._stakeholder_removed,
            FlowRemoved: self._flow_removed,
            NoteRemoved: self._note_removed,
            TouchPointChanged: lambda e: self._note_changed(e, e.touch_point_id),
            TouchPointRemoved: lambda e: self._target_removed(e.touch_point.id),
        }

    def _categories_changed(self, event: CategoriesChanged) -> None:
        self._fill_categories()
        if self._kind == "stakeholder":
            self._refresh_soon()

    def _meta_changed(self, event: MetaChanged) -> None:
        if self._kind == "meta":
            self.refresh()

    def _organisation_changed(self, event: OrganisationChanged) -> None:
        if self._kind == "organisation":
            self.refresh()

    def _stakeholder_changed(self, event: StakeholderChanged) -> None:
        # A flow's page shows its stakeholder's name.
        if self._kind == "flow" or (
            self._kind == "stakeholder" and event.stakeholder_id in self._id_set
        ):
            self._refresh_soon()

    def _flow_changed(self, event: FlowChanged) -> None:
        if self._kind == "flow" and event.flow_id in self._id_set:
            self._refresh_soon()

    def _note_changed(self, event: object, element_id: str = "") -> None:
        """A note (or a touch point, ``element_id``) changed."""
        element_id = element_id or getattr(event, "note_id", "")
        if self._kind in ("note", "touch_point") and element_id in self._id_set:
            self._refresh_soon()

    def _stakeholder_removed(self, event: StakeholderRemoved) -> None:
        self._target_removed(event.stakeholder.id)

    def _flow_removed(self, event: FlowRemoved) -> None:
        self._target_removed(event.flow.id)

    def _note_removed(self, event: NoteRemoved) -> None:
        self._target_removed(event.note.id)

    def _target_removed(self, element_id: str) -> None:
        ids = self._id_set
        if element_id in ids:
            ids.discard(element_id)
            if not ids:
                self.show_targets("meta")
            else:
                self._refresh_soon()

    def _refresh_soon(self) -> None:
        """Refresh now for a small selection; once, after the current command, for a big one
        (a command over 3,000 selected flows sends 3,000 events)."""
        if len(self._id_set) <= SYNC_REFRESH_LIMIT:
            self.refresh()
        elif not self._refresh_timer.isActive():
            self._refresh_timer.start()

    # ================================================================ refresh
    def refresh(self) -> None:
        """Show the model's values; a field the user is typing in keeps its text."""
        self._updating = True
        try:
            kind = self._kind
            self._ids = self._alive_ids()
            self._id_set = set(self._ids)
            if kind in ("stakeholder", "flow", "note", "touch_point") and not self._ids:
                self._kind = kind = "meta"
                self.stack.setCurrentWidget(self.stack.pages["meta"])
            self.stack.setEnabled(not self.document.read_only)
            getattr(self, f"_refresh_{kind}")()
        finally:
            self._updating = False

    def _title(self, noun: str, n: int) -> None:
        self.title_label.setText(noun if n == 1 else f"{n} {noun}s")

    def _refresh_meta(self) -> None:
        self.title_label.setText("Map")
        meta = self.map.meta
        for edit, value in (
            (self.meta_title, meta.title),
            (self.meta_facilitator, meta.facilitator),
            (self.meta_date, meta.workshop_date),
        ):
            self.stack.field(edit).show([value])
        if not (self.meta_date.hasFocus() and self.meta_date.isModified()):
            self.date_hint.setVisible(False)

    def _refresh_organisation(self) -> None:
        self.title_label.setText("Organisation")
        org = self.map.organisation
        self.stack.field(self.organisation_name).show([org.name])
        self.stack.field(self.organisation_description).show([org.description])

    def _refresh_stakeholder(self) -> None:
        items = [self.map.stakeholder(i) for i in self._ids]
        self._title("Stakeholder", len(items))
        names = [s.name for s in items]
        self.stack.field(self.stakeholder_name).show_one(names, "stakeholder", self._writable)
        show_choice(self.stakeholder_category, [s.category for s in items])
        colours = [s.colour or self.map.category(s.category).colour for s in items]
        colour = common(colours)
        own = [s.colour for s in items if s.colour]
        self.colour_button.setIcon(QIcon() if colour is MIXED else swatch(colour))
        self.colour_button.setText(
            "Different colours…"
            if colour is MIXED
            else (f"{colour}…" if own else "Category colour…")
        )
        self.colour_reset.setEnabled(bool(own))
        self.stack.field(self.stakeholder_notes).show([s.notes for s in items], _DIFFERENT_NOTES)

    def _refresh_flow(self) -> None:
        items = [self.map.flow(i) for i in self._ids]
        self._title("Flow", len(items))
        labels = [f.label for f in items]
        self.stack.field(self.flow_label).show_one(labels, "flow", self._writable)
        owners = common([f.stakeholder_id for f in items])
        if owners is MIXED:
            self.flow_stakeholder.setText("(several)")
        else:
            s = self.map.stakeholder(owners) if self.map.has_stakeholder(owners) else None
            self.flow_stakeholder.setText(s.name if s is not None else "")
        show_choice(self.flow_direction, [f.direction.value for f in items])
        show_choice(self.flow_value_kind, [f.value_kind.value for f in items])
        importance = common([f.importance for f in items])
        if importance is MIXED:
            self.flow_importance.setMinimum(MIN_IMPORTANCE - 1)
            self.flow_importance.setSpecialValueText("different")
            self.flow_importance.setValue(MIN_IMPORTANCE - 1)
        else:
            self.flow_importance.setSpecialValueText("")
            self.flow_importance.setMinimum(MIN_IMPORTANCE)
            self.flow_importance.setValue(importance)
        show_rating(self.flow_rating, items)
        self.stack.field(self.flow_notes).show([f.notes for f in items], _DIFFERENT_NOTES)

    def _refresh_note(self) -> None:
        items = [self.map.note(i) for i in self._ids]
        self._title("Note", len(items))
        self.stack.field(self.note_text).show([n.text for n in items])

    def _refresh_touch_point(self) -> None:
        self._title("Touch Point", len(self._ids))
        self.touch_point_form.show(self._ids)

    def _refresh_mixed(self) -> None:
        self.title_label.setText("Selection")

    def _fill_categories(self) -> None:
        combo = self.stakeholder_category
        self._updating = True
        try:
            combo.clear()
            for c in self.map.categories:
                combo.addItem(category_icon(c.colour, c.icon), c.name, c.id)
        finally:
            self._updating = False

    # ================================================================ editing
    def commit_pending(self) -> None:
        """Commit any field edited but not yet committed (e.g. before the selection moves)."""
        for f in self.stack.fields:
            if f.kind == self._kind and f.is_modified():
                self._commit_text(f)

    def _commit_text(self, field: TextField) -> None:
        if self._updating or field.kind != self._kind or not field.is_modified():
            return
        value = field.value()
        if field.kind == "meta" and field.field == "workshop_date" and value:
            if not QDate.fromString(value, Qt.DateFormat.ISODate).isValid():
                self.date_hint.setVisible(True)
                return  # keep the text so it can be corrected
            self.date_hint.setVisible(False)
        if field.single_line and field.field in ("name", "label") and not value:
            field.set_modified(False)
            self.refresh()  # an empty name is refused: show the old one again
            return
        field.set_modified(False)
        if field.kind == "touch_point":
            self.touch_point_form.commit_text(field.field, value)
            return
        self._commit_value(field.kind, field.field, value)

    def _commit_value(self, kind: str, field: str, value: Any) -> bool:
        """Set ``field`` to ``value`` on every target that differs, as one undo step."""
        if self._updating or kind != self._kind or self.document.read_only:
            return False
        element = KINDS[kind]
        targets = [""] if element.single else self._alive_ids()
        changes = {
            i: {field: value} for i in targets if getattr(element.get(self.map, i), field) != value
        }
        if not changes:
            return True
        if self.document.try_push(EditElements(self.map, element.name, changes)):
            return True
        self.refresh()
        return False

    def _commit_flows(self, make: Callable[[Flow], dict[str, Any]]) -> bool:
        """Apply ``make(flow)``'s changes to every selected flow that differs, as one undo
        step (a rating, or a flip of direction that clears the rating no longer fitting)."""
        if self._updating or self._kind != "flow" or self.document.read_only:
            return False
        changes = {}
        for i in self._alive_ids():
            flow = self.map.flow(i)
            wanted = {k: v for k, v in make(flow).items() if getattr(flow, k) != v}
            if wanted:
                changes[i] = wanted
        if not changes:
            return True
        if self.document.try_push(EditElements(self.map, "flow", changes)):
            return True
        self.refresh()
        return False

    def _importance_changed(self, value: int) -> None:
        if self._updating or value < MIN_IMPORTANCE:
            return
        self.flow_importance.setSpecialValueText("")
        self.flow_importance.setMinimum(MIN_IMPORTANCE)
        self._commit_value("flow", "importance", value)

    def _set_today(self) -> None:
        self.meta_date.setText(QDate.currentDate().toString(Qt.DateFormat.ISODate))
        self.meta_date.setModified(True)
        self._commit_text(self.stack.field(self.meta_date))

    def set_colour(self, colour: QColor | str | None) -> bool:
        """Give the selected stakeholders a colour of their own (None: the category's)."""
        value = None if colour is None else QColor(colour).name().upper()
        return self._commit_value("stakeholder", "colour", value)

    def choose_colour(self) -> bool:
        """Ask for a colour with ``QColorDialog`` and apply it to the selected stakeholders."""
        if self._kind != "stakeholder" or not self._ids:
            return False
        first = self.map.stakeholder(self._ids[0])
        initial = first.colour or self.map.category(first.category).colour
        chosen = ask_colour(self, initial, "Stakeholder Colour")
        if chosen is None:
            return False
        return self.set_colour(chosen)


__all__ = ["PAGES", "PropertiesPanel"]
