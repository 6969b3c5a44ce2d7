"""The desktop-integration files are well formed and agree with the project."""

from __future__ import annotations

import configparser
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_desktop_entry_launches_the_gui_script_with_files() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(ROOT / "packaging" / "svx-desktop.desktop", encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application"
    command = section["Exec"].split()[0]
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["gui-scripts"]
    assert command in scripts
    assert "%F" in section["Exec"]
    assert "application/x-svx" in section["MimeType"].split(";")


def test_mime_type_matches_svx_files() -> None:
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    tree = ET.parse(ROOT / "packaging" / "svx-mime.xml")
    mime = tree.getroot().find("m:mime-type", ns)
    assert mime is not None and mime.get("type") == "application/x-svx"
    globs = [g.get("pattern") for g in mime.findall("m:glob", ns)]
    assert globs == ["*.svx"]
    assert mime.find("m:sub-class-of", ns).get("type") == "application/json"  # type: ignore[union-attr]
