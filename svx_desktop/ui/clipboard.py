"""Copy, cut, paste and duplicate stakeholders with their flows (and notes).

The clipboard carries two forms of a selection: ``MIME_TYPE``, the ``.svx`` JSON of a
small map holding the selected stakeholders, all their flows, the selected notes and the
map's own categories they use (so a paste into another window, or another SVX, keeps
everything); and plain text in the quick-capture syntax (``format_capture``), which reads
well in an e-mail and pastes back into SVX. Pasting SVX data gives every element a fresh
id and moves it down and right until it sits on free canvas; pasting plain text that
reads as quick capture applies it line by line. Either paste is one undo step; so are cut
and duplicate (Ctrl+D, which does not touch the clipboard).
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QMimeData, QRectF
from PySide6.QtGui import QGuiApplication

from svx_desktop.editing import AddCategory, AddElements, MacroCommand, RemoveElements
from svx_desktop.editing.capture import apply_capture
from svx_desktop.editing.commands import MapCommand
from svx_desktop.fileformat import SvxLoadError, dumps, loads
from svx_desktop.fileformat.templates import fresh_copy
from svx_desktop.model import ValueMap
from svx_desktop.model.capture import ParseError, format_capture, parse_capture_text
from svx_desktop.ui.protocols import MapWindow
from svx_desktop.ui.sizes import element_sizes

MIME_TYPE = "application/x-svx-selection+json"
#: How far a paste moves elements that would land on top of others.
OFFSET = 40.0


def selected(window: MapWindow) -> tuple[list[str], list[str]]:
    """(stakeholder ids, note ids) to copy: the selected ones, plus the owners of selected
    flows (a flow travels with its stakeholder)."""
    vmap = window.document.map
    sel = window.scene.selection()
    stakeholders = list(sel.stakeholders)
    for fid in sel.flows:
        if vmap.has_flow(fid):
            owner = vmap.flow(fid).stakeholder_id
            if owner not in stakeholders:
                stakeholders.append(owner)
    order = {s.id: i for i, s in enumerate(vmap.stakeholders)}
    stakeholders.sort(key=lambda i: order.get(i, 0))
    return stakeholders, list(sel.notes)


def selection_map(vmap: ValueMap, stakeholder_ids: list[str], note_ids: list[str]) -> ValueMap:
    """A map of just these stakeholders (with all their flows) and notes."""
    out = ValueMap(vmap.organisation, vmap.meta)
    wanted = {vmap.stakeholder(i).category for i in stakeholder_ids}
    for c in vmap.own_categories:
        if c.id in wanted:
            out.add_category(c)
    for sid in stakeholder_ids:
        out.add_stakeholder(vmap.stakeholder(sid))
    for sid in stakeholder_ids:
        for f in vmap.flows_of(sid):
            out.add_flow(f)
    for nid in note_ids:
        out.add_note(vmap.note(nid))
    return out


def mime_for(vmap: ValueMap, stakeholder_ids: list[str], note_ids: list[str]) -> QMimeData:
    """The clipboard contents for a selection: SVX JSON and capture-syntax plain text."""
    data = QMimeData()
    data.setData(MIME_TYPE, dumps(selection_map(vmap, stakeholder_ids, note_ids)))
    text = format_capture(vmap, stakeholder_ids)
    notes = [vmap.note(n).text for n in note_ids if vmap.note(n).text.strip()]
    if notes:
        text = "\n\n".join(t for t in (text, "\n".join(notes)) if t)
    data.setText(text)
    return data


# ------------------------------------------------------------------ actions
def copy(window: MapWindow) -> bool:
    """Edit ▸ Copy: the selection onto the clipboard (nothing selected: nothing happens)."""
    stakeholders, notes = selected(window)
    if not (stakeholders or notes):
        return False
    QGuiApplication.clipboard().setMimeData(mime_for(window.document.map, stakeholders, notes))
    n = len(stakeholders)
    window.statusBar().showMessage(f"Copied {n} stakeholder{'s' if n != 1 else ''}", 2000)
    return True


def cut(window: MapWindow) -> bool:
    """Edit ▸ Cut: copy, then delete the selection (one undo step)."""
    stakeholders, notes = selected(window)
    if not copy(window):
        return False
    vmap = window.document.map
    remove = RemoveElements(vmap, stakeholders, (), notes)
    n = len(stakeholders) + len(notes)
    return _push(window, MacroCommand(vmap, f"Cut {n} Element{'s' if n != 1 else ''}", [remove]))


def duplicate(window: MapWindow) -> bool:
    """Edit ▸ Duplicate: a copy of the selection beside it, without the clipboard."""
    stakeholders, notes = selected(window)
    if not (stakeholders or notes):
        return False
    part = selection_map(window.document.map, stakeholders, notes)
    return paste_map(window, part, "Duplicate")


def paste(window: MapWindow) -> bool:
    """Edit ▸ Paste: SVX data from the clipboard, else plain text in capture syntax."""
    data = QGuiApplication.clipboard().mimeData()
    if data is None:
        return False
    if data.hasFormat(MIME_TYPE):
        try:
            part = loads(bytes(data.data(MIME_TYPE).data()), "clipboard").map
        except SvxLoadError:
            part = None
        if part is not None:
            return paste_map(window, part, "Paste")
    if data.hasText():
        return paste_text(window, data.text())
    return False


def paste_map(window: MapWindow, part: ValueMap, verb: str = "Paste") -> bool:
    """Add the elements of ``part`` with fresh ids, moved onto free canvas; one undo step."""
    vmap = window.document.map
    part = fresh_copy(part)
    shift = _free_offset(vmap, part)
    stakeholders = [
        dataclasses.replace(s, position=(s.position[0] + shift, s.position[1] + shift))
        for s in part.stakeholders
    ]
    notes = [
        dataclasses.replace(n, position=(n.position[0] + shift, n.position[1] + shift))
        for n in part.notes
    ]
    children: list[MapCommand] = [
        AddCategory(vmap, c)
        for c in part.own_categories
        if all(c.id != own.id for own in vmap.own_categories)
    ]
    children.append(AddElements(vmap, stakeholders, part.flows, notes))
    n = len(stakeholders)
    what = f"{n} Stakeholder{'s' if n != 1 else ''}" if n else f"{len(notes)} Notes"
    if not _push(window, MacroCommand(vmap, f"{verb} {what}", children)):
        return False
    window.scene.select_ids([s.id for s in stakeholders] + [n.id for n in notes])
    _show(window, [s.id for s in stakeholders] + [n.id for n in notes])
    return True


def paste_text(window: MapWindow, text: str) -> bool:
    """Plain text in quick-capture syntax: every line applied, together one undo step.

    Text that is not capture syntax (any line unreadable) is not pasted.
    """
    plans = parse_capture_text(text, window.document.map.categories)
    if not plans or any(isinstance(p, ParseError) for p in plans):
        window.statusBar().showMessage("The clipboard holds no stakeholders to paste", 3000)
        return False
    doc = window.document
    stack = doc.undo_stack
    lines = [line for line in text.splitlines() if line.strip()]
    ids: list[str] = []
    before = stack.count()
    stack.beginMacro(f"Paste {len(lines)} Line{'s' if len(lines) != 1 else ''}")
    try:
        for line in lines:
            result = apply_capture(doc, line, sizes=element_sizes(window.scene))
            if not isinstance(result, ParseError) and result.stakeholder_id not in ids:
                ids.append(result.stakeholder_id)
    finally:
        stack.endMacro()
    if stack.count() > before and stack.command(stack.count() - 1).childCount() == 0:
        stack.undo()  # nothing new: leave no empty step behind
    window.scene.select_ids(ids)
    _show(window, ids)
    return bool(ids)


def _show(window: MapWindow, ids: list[str]) -> None:
    """Scroll what was pasted into view (new stakeholders may go beyond what is on screen)."""
    rect = QRectF()
    for element_id in ids:
        item = window.scene.item_for(element_id)
        if item is not None:
            rect = rect.united(item.sceneBoundingRect())
    if not rect.isNull():
        window.view.reveal(rect)


def _free_offset(vmap: ValueMap, part: ValueMap) -> float:
    """The smallest multiple of ``OFFSET`` that puts no pasted element on an existing one."""
    taken = {(round(s.position[0]), round(s.position[1])) for s in vmap.stakeholders}
    taken |= {(round(n.position[0]), round(n.position[1])) for n in vmap.notes}
    points = [s.position for s in part.stakeholders] + [n.position for n in part.notes]
    shift = 0.0
    for _ in range(200):
        if not any((round(x + shift), round(y + shift)) in taken for x, y in points):
            return shift
        shift += OFFSET
    return shift


def _push(window: MapWindow, command: MapCommand) -> bool:
    if window.document.try_push(command):
        return True
    window.statusBar().showMessage(str(command.error), 4000)
    return False


__all__ = [
    "MIME_TYPE",
    "copy",
    "cut",
    "duplicate",
    "mime_for",
    "paste",
    "paste_map",
    "paste_text",
    "selection_map",
]
