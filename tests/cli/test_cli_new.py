"""``svx new`` and ``svx templates``: maps from every bundled template."""

from __future__ import annotations

from pathlib import Path

import pytest

from svx_desktop.fileformat import dumps, load, loads
from svx_desktop.fileformat.templates import (
    TEMPLATE_KEY,
    list_templates,
    load_template,
    template_names,
)
from tests.cli.helpers import ROOT, run_main

TEMPLATES = ROOT / "resources" / "templates"
ALL = template_names()


def test_the_required_templates_are_bundled() -> None:
    assert set(ALL) >= {"blank", "bank", "retail", "public-service", "charity", "b2b-manufacturer"}
    assert ALL[0] == "blank"


def test_templates_command_lists_name_and_description(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_main(capsys, "templates")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == ALL
    for (name, title, description), line in zip(list_templates(), lines, strict=True):
        assert description
        assert line.startswith(name)
        assert line.endswith(f"{title}: {description}")


@pytest.mark.parametrize("name", ALL)
def test_new_from_every_template_validates_and_round_trips(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    out_file = tmp_path / f"{name}-map.svx"
    code, out, err = run_main(capsys, "new", "-o", out_file, "--template", name)
    assert (code, err) == (0, "")
    assert str(out_file) in out
    assert run_main(capsys, "validate", out_file)[0] == 0

    data = out_file.read_bytes()
    result = load(out_file)
    assert result.warnings == []
    assert dumps(result.map) == data  # save → load → save is byte-identical

    new, original = result.map, loads((TEMPLATES / f"{name}.svx").read_bytes()).map
    assert [s.name for s in new.stakeholders] == [s.name for s in original.stakeholders]
    assert [f.label for f in new.flows] == [f.label for f in original.flows]
    old_ids = {original.organisation.id} | {s.id for s in original.stakeholders}
    old_ids |= {f.id for f in original.flows} | {n.id for n in original.notes}
    new_ids = {new.organisation.id} | {s.id for s in new.stakeholders}
    new_ids |= {f.id for f in new.flows} | {n.id for n in new.notes}
    assert not old_ids & new_ids
    for f_new, f_old in zip(new.flows, original.flows, strict=True):
        s_new = new.stakeholder(f_new.stakeholder_id)
        assert s_new.name == original.stakeholder(f_old.stakeholder_id).name
    assert new.meta.created and new.meta.created == new.meta.modified
    assert new.meta.created.endswith("+00:00")
    assert TEMPLATE_KEY not in new.meta.extra


def test_two_new_maps_share_no_ids(tmp_path: Path) -> None:
    a, b = load_template("bank"), load_template("bank")
    ids_a = {s.id for s in a.stakeholders} | {f.id for f in a.flows} | {a.organisation.id}
    ids_b = {s.id for s in b.stakeholders} | {f.id for f in b.flows} | {b.organisation.id}
    assert not ids_a & ids_b


def test_new_defaults_to_blank_and_takes_title_and_organisation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "mine.svx"
    code, _out, _err = run_main(
        capsys, "new", "-q", "-o", path, "--title", "Workshop 1", "--organisation", "Acme"
    )
    assert code == 0
    vmap = load(path).map
    assert vmap.meta.title == "Workshop 1"
    assert vmap.organisation.name == "Acme"
    assert vmap.stakeholders == ()


def test_new_refuses_to_overwrite_unless_forced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "precious.svx"
    path.write_bytes(b"my work")
    code, out, err = run_main(capsys, "new", "-o", path, "-t", "bank")
    assert code == 1
    assert out == ""
    assert err == f"{path}: already exists; use --force to overwrite it\n"
    assert path.read_bytes() == b"my work"

    code, _out, err = run_main(capsys, "new", "-o", path, "-t", "bank", "--force")
    assert (code, err) == (0, "")
    assert load(path).map.organisation.name == "Bank"


def test_new_into_a_missing_folder_or_onto_a_folder_fails_cleanly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run_main(capsys, "new", "-o", tmp_path / "no" / "such" / "m.svx")
    assert code == 1
    assert "does not exist" in err
    code, _out, err = run_main(capsys, "new", "-o", tmp_path, "--force")
    assert code == 1
    assert f"{tmp_path}: is a folder" in err


def test_unknown_template_is_a_usage_error_listing_the_choices(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "x.svx"
    code, _out, err = run_main(capsys, "new", "-o", path, "-t", "casino")
    assert code == 2
    assert "'casino'" in err
    assert "bank" in err
    assert not path.exists()


@pytest.mark.parametrize("name", ["casino", "", "../examples/bank", ".hidden", "bank.svx"])
def test_load_template_rejects_unknown_names(name: str) -> None:
    with pytest.raises(KeyError):
        load_template(name)
