"""Copy, cut, paste and duplicate through the clipboard; templates; bundled files."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from svx_desktop.fileformat import dumps, load, loads
from svx_desktop.fileformat.templates import list_templates, load_template
from svx_desktop.model.capture import format_capture, parse_capture_text
from svx_desktop.ui import clipboard, templatepicker
from tests.ui import workshop_helpers
from tests.ui.workshop_helpers import structure

kit_window = workshop_helpers.kit_window
Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier


def validate_map(vmap) -> None:
    """The map passes the file format's validation unchanged (saved and read back)."""
    result = loads(dumps(vmap), "check")
    assert result.warnings == []
    assert dumps(result.map) == dumps(vmap)


def two_stakeholder_window(kit_window):
    window = kit_window()
    bar = window.workshop.command_bar
    bar.run_line("Customers: provides deposits, fees; expects interest")
    bar.run_line("Regulator (regulator): provides licence; expects compliance")
    bar.run_line("Staff: provides skills")
    bar.close_bar()
    return window


def test_copy_puts_svx_json_and_capture_text_on_the_clipboard(kit_window, qtbot):
    window = two_stakeholder_window(kit_window)
    vmap = window.document.map
    ids = [vmap.stakeholders[0].id, vmap.stakeholders[1].id]
    window.scene.select_ids(ids)
    window.view.setFocus()
    qtbot.keyClick(window.view, Key.Key_C, CTRL)
    data = QApplication.clipboard().mimeData()
    assert data.hasFormat(clipboard.MIME_TYPE)
    text = data.text()
    assert text == format_capture(vmap, ids)
    assert text.splitlines()[0] == "Customers: provides deposits, fees; expects interest"
    # The plain text reads back as the same stakeholders.
    assert all(not hasattr(p, "hint") for p in parse_capture_text(text))
    assert window.document.undo_stack.count() == 3, "copy changes nothing"


def test_paste_within_a_map_gives_fresh_ids_offset_and_one_undo_step(kit_window, qtbot):
    window = two_stakeholder_window(kit_window)
    vmap = window.document.map
    customers = vmap.stakeholders[0]
    window.scene.select_ids([customers.id])
    window.view.setFocus()
    qtbot.keyClick(window.view, Key.Key_C, CTRL)
    qtbot.keyClick(window.view, Key.Key_V, CTRL)
    assert [s.name for s in vmap.stakeholders] == ["Customers", "Regulator", "Staff", "Customers"]
    copy = vmap.stakeholders[-1]
    assert copy.id != customers.id
    assert copy.position != customers.position
    assert [(f.direction, f.label) for f in vmap.flows_of(copy.id)] == [
        (f.direction, f.label) for f in vmap.flows_of(customers.id)
    ]
    assert not {f.id for f in vmap.flows_of(copy.id)} & {f.id for f in vmap.flows_of(customers.id)}
    assert window.scene.selection().stakeholders == (copy.id,)
    assert window.document.undo_stack.undoText() == "Paste 1 Stakeholder"
    window.document.undo_stack.undo()
    assert len(vmap.stakeholders) == 3
    # Duplicate: beside the original, again one step, clipboard untouched.
    window.scene.select_ids([customers.id])
    qtbot.keyClick(window.view, Key.Key_D, CTRL)
    assert len(vmap.stakeholders) == 4 and len(vmap.flows_of(vmap.stakeholders[-1].id)) == 3
    assert window.document.undo_stack.undoText() == "Duplicate 1 Stakeholder"
    validate_map(vmap)


def test_cut_and_paste_between_two_windows(kit_window, qtbot):
    source = two_stakeholder_window(kit_window)
    target = kit_window()
    svmap, tvmap = source.document.map, target.document.map
    regulator = svmap.stakeholders[1]
    source.scene.select_ids([regulator.id])
    source.workshop.actions["cut"].trigger()
    assert [s.name for s in svmap.stakeholders] == ["Customers", "Staff"]
    assert source.document.undo_stack.count() == 4
    target.workshop.actions["paste"].trigger()
    assert structure(tvmap) == [
        ("Regulator", "regulator", [("provides", "licence"), ("expects", "compliance")])
    ]
    assert tvmap.stakeholders[0].id != regulator.id
    assert target.document.undo_stack.count() == 1
    source.document.undo_stack.undo()
    assert [s.name for s in svmap.stakeholders] == ["Customers", "Regulator", "Staff"]


def test_plain_capture_text_pastes_as_one_step(kit_window):
    window = kit_window()
    QApplication.clipboard().setText(
        "Customers: provides deposits; expects interest\nSuppliers: provides goods\n"
    )
    window.workshop.actions["paste"].trigger()
    vmap = window.document.map
    assert structure(vmap) == [
        ("Customers", "customer", [("provides", "deposits"), ("expects", "interest")]),
        ("Suppliers", "supplier", [("provides", "goods")]),
    ]
    assert window.document.undo_stack.count() == 1
    window.document.undo_stack.undo()
    assert not vmap.stakeholders
    # Text that is not capture syntax pastes nothing.
    QApplication.clipboard().setText('Dear all, "see below')
    window.workshop.actions["paste"].trigger()
    assert not vmap.stakeholders and window.document.undo_stack.index() == 0


def test_every_template_loads_validates_and_previews_in_the_dialog(kit_window):
    window = kit_window()
    dialog = templatepicker.TemplateDialog(window)
    names = dialog.names()
    assert names == [name for name, _title, _description in list_templates()]
    assert names[0] == "blank" and len(names) >= 6
    for name in names:
        dialog.select(name)
        assert dialog.selected_name() == name
        assert dialog.description.text() == dict((n, d) for n, _t, d in list_templates())[name]
        preview = dialog.preview_map()
        assert len(dialog.preview.map_scene.stakeholder_items()) == len(preview.stakeholders)
        chosen = dialog.chosen_map()
        validate_map(chosen)
        assert structure(chosen) == structure(load_template(name))
        assert {s.id for s in chosen.stakeholders}.isdisjoint(
            {s.id for s in preview.stakeholders}
        ), "a new map gets fresh ids"
    dialog.deleteLater()


def test_new_from_template_opens_untitled_and_bundled_files_are_never_saved_over(
    kit_window, answers, tmp_path
):
    from importlib import resources

    bank_path = Path(str(resources.files("svx_desktop.resources") / "examples" / "bank.svx"))
    window = kit_window()
    # The answers fixture accepts the dialog with its first entry (blank) selected.
    shown = templatepicker.new_from_template(window)
    assert shown is window
    shown = templatepicker.new_from_template(window, "retail")
    assert shown is window, "a blank untouched window gives way"
    assert window.document.path is None and window.document.display_name == "Untitled"
    assert structure(window.document.map) == structure(load_template("retail"))
    # Opening the shipped example directly: Untitled, Save asks for a place.
    before = bank_path.read_bytes()
    other = kit_window()
    assert other.open_path(bank_path)
    assert other.document.path is None
    other.workshop.command_bar.run_line("Auditors: expects records")
    target = tmp_path / "my-bank.svx"
    answers.answer(target)
    assert other.save()
    assert bank_path.read_bytes() == before
    assert [s.name for s in load(target).map.stakeholders][-1] == "Auditors"
    # A copy of it elsewhere is an ordinary file.
    copy = tmp_path / "copy.svx"
    shutil.copy(bank_path, copy)
    third = kit_window()
    assert third.open_path(copy)
    assert third.document.path == copy.resolve()
