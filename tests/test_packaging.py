"""The desktop-integration files are well formed and agree with the project."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

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


# ------------------------------------------------------------------ issue 13
MIME_NS = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}


def test_licence_file_matches_the_project_metadata() -> None:
    import svx_desktop

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["license"]
    assert declared == {"text": "MIT"}
    assert svx_desktop.__license__ == "MIT"
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License\n")


def _magic_matches(data: bytes) -> bool:
    """Evaluate the .svx type's magic rules (string matches at an offset or a range)."""

    def matches(match: ET.Element) -> bool:
        value = match.get("value", "").encode()
        start, _, end = match.get("offset", "0").partition(":")
        last = int(end or start)
        hit = any(data[o : o + len(value)] == value for o in range(int(start), last + 1))
        children = match.findall("m:match", MIME_NS)
        return hit and (not children or any(matches(c) for c in children))

    mime = ET.parse(ROOT / "packaging" / "svx-mime.xml").getroot().find("m:mime-type", MIME_NS)
    assert mime is not None
    rules = [
        m for magic in mime.findall("m:magic", MIME_NS) for m in magic.findall("m:match", MIME_NS)
    ]
    assert rules
    return any(matches(rule) for rule in rules)


def test_mime_magic_recognises_saved_maps_and_nothing_else(tmp_path: Path) -> None:
    from svx_desktop.fileformat import save
    from svx_desktop.model import Stakeholder, ValueMap

    bundled = sorted((ROOT / "resources").glob("**/*.svx"))
    assert len(bundled) >= 7
    for path in bundled:
        assert _magic_matches(path.read_bytes()), path
    vmap = ValueMap()
    vmap.add_stakeholder(Stakeholder("Customers"))
    save(vmap, tmp_path / "small.svx")
    assert _magic_matches((tmp_path / "small.svx").read_bytes())
    assert not _magic_matches(b'{"format": "svg", "version": 1}')
    assert not _magic_matches(b'Notes: the key is "format": "svx" in every map')


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="no desktop-file-utils")
def test_desktop_entry_passes_desktop_file_validate() -> None:
    done = subprocess.run(
        ["desktop-file-validate", str(ROOT / "packaging" / "svx-desktop.desktop")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "error" not in (done.stdout + done.stderr).lower()
    assert "hint" not in (done.stdout + done.stderr).lower()


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="no appstream")
def test_appstream_metainfo_passes_appstreamcli_validate() -> None:
    path = ROOT / "packaging" / "org.example.svx.metainfo.xml"
    done = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    component = ET.parse(path).getroot()
    assert component.findtext("project_license") == "MIT"
    assert component.findtext("launchable") == "svx-desktop.desktop"
    assert component.find("provides/mediatype").text == "application/x-svx"  # type: ignore[union-attr]


def test_icons_render_from_the_one_svg_master(tmp_path: Path, qapp: object) -> None:
    import struct

    from PySide6.QtGui import QImage

    sys.path.insert(0, str(ROOT / "packaging"))
    try:
        import render_icons
    finally:
        sys.path.remove(str(ROOT / "packaging"))
    written = render_icons.render_all(tmp_path)
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        for context, name in (("apps", "svx-desktop"), ("mimetypes", "application-x-svx")):
            png = tmp_path / "hicolor" / f"{size}x{size}" / context / f"{name}.png"
            assert png in written
            image = QImage(str(png))
            assert (image.width(), image.height()) == (size, size)
            # the organisation box is white in the middle; the corners are transparent
            assert image.pixelColor(size // 2, size // 2).name() == "#ffffff"
            assert image.pixelColor(0, 0).alpha() == 0
    master = (ROOT / "resources" / "icons" / "svx.svg").read_bytes()
    assert (tmp_path / "hicolor" / "scalable" / "apps" / "svx-desktop.svg").read_bytes() == master
    ico = (tmp_path / "svx.ico").read_bytes()
    assert struct.unpack("<HHH", ico[:6]) == (0, 1, len(render_icons.ICO_SIZES))
    icns = (tmp_path / "svx.icns").read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)


def _desktop_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    env.update(
        HOME=str(tmp_path / "home"),
        XDG_DATA_HOME=str(tmp_path / "home" / "data"),
        XDG_CONFIG_HOME=str(tmp_path / "home" / "config"),
    )
    return env


@pytest.mark.skipif(shutil.which("xdg-mime") is None, reason="no xdg-utils")
def test_install_desktop_makes_svx_the_default_for_svx_files(tmp_path: Path, qapp: object) -> None:
    sys.path.insert(0, str(ROOT / "packaging"))
    try:
        import render_icons
    finally:
        sys.path.remove(str(ROOT / "packaging"))
    render_icons.render_all(tmp_path / "icons")
    env = _desktop_env(tmp_path)
    done = subprocess.run(
        ["sh", str(ROOT / "packaging" / "install_desktop.sh"), str(tmp_path / "icons")],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    data = tmp_path / "home" / "data"
    assert (data / "applications" / "svx-desktop.desktop").is_file()
    assert (data / "metainfo" / "org.example.svx.metainfo.xml").is_file()
    assert (data / "icons" / "hicolor" / "16x16" / "apps" / "svx-desktop.png").is_file()
    query = subprocess.run(
        ["xdg-mime", "query", "default", "application/x-svx"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert query.stdout.strip() == "svx-desktop.desktop", query.stdout + query.stderr
    # xdg-mime reads the shared-mime-info database through File::MimeInfo's ``mimetype``
    # (without it, it asks ``file``, which does not know the type)
    if shutil.which("update-mime-database") and shutil.which("mimetype"):
        example = tmp_path / "bank.svx"
        shutil.copyfile(ROOT / "resources" / "examples" / "bank.svx", example)
        filetype = subprocess.run(
            ["xdg-mime", "query", "filetype", str(example)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert filetype.stdout.strip() == "application/x-svx", filetype.stdout + filetype.stderr
