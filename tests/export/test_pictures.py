"""Pictures of a map (SVG, PNG, PDF) drawn from a real scene, checked by programs we did
not write where installed (rsvg-convert, pdfinfo, pdftotext)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from svx_desktop.canvas import style
from svx_desktop.canvas.drawing import scene_drawing
from svx_desktop.canvas.scene import MapScene
from svx_desktop.fileformat import load
from svx_desktop.model import Direction, Flow, ValueMap
from svx_desktop.pictures.render import pdf_bytes, png_bytes
from svx_desktop.pictures.svg import drawing_svg

EXAMPLE = Path(__file__).parents[2] / "resources" / "examples" / "bank.svx"
SCRIPT = "</text><script>alert(1)</script>&amp;"
SVG = "{http://www.w3.org/2000/svg}"


def bank_map() -> ValueMap:
    vmap = load(EXAMPLE).map
    first = vmap.stakeholders[0].id
    vmap.add_flow(Flow(first, Direction.EXPECTS, SCRIPT))
    vmap.update_meta(title=SCRIPT)
    return vmap


@pytest.fixture
def scene(qapp: object) -> MapScene:
    s = MapScene(bank_map())
    yield s
    s.detach()


def labels_of(vmap: ValueMap) -> list[str]:
    return [f.label for f in vmap.flows]


def test_svg_parses_and_has_every_group_and_label(scene: MapScene, tmp_path: Path) -> None:
    text = drawing_svg(scene_drawing(scene))
    root = ET.fromstring(text.encode())
    groups = {g.get("class") for g in root.iter(f"{SVG}g")}
    assert {"stakeholder", "organisation", "label", "note", "legend", "title"} <= groups
    vmap = scene.map
    cards = {
        g.get("data-stakeholder-id")
        for g in root.iter(f"{SVG}g")
        if g.get("class") == "stakeholder"
    }
    assert cards == {s.id for s in vmap.stakeholders}
    arrows = {
        (p.get("data-stakeholder-id"), p.get("data-direction"))
        for p in root.iter(f"{SVG}path")
        if p.get("class") == "arrow"
    }
    assert arrows == {(f.stakeholder_id, f.direction.value) for f in vmap.flows}
    label_groups = {
        g.get("data-flow-id"): g for g in root.iter(f"{SVG}g") if g.get("class") == "label"
    }
    assert set(label_groups) == {f.id for f in vmap.flows}
    for f in vmap.flows:
        group = label_groups[f.id]
        (shown,) = ["".join(t.itertext()) for t in group.iter(f"{SVG}text")]
        (title,) = ["".join(t.itertext()) for t in group.iter(f"{SVG}title")]
        assert title == f.label
        assert shown == f.label or (shown.endswith("…") and f.label.startswith(shown[:-1]))
    for g in root.iter(f"{SVG}g"):
        assert g.get("transform") is None
    assert not list(root.iter(f"{SVG}script"))
    assert "font-family=\"'DejaVu Sans'" in text or "sans-serif" in text
    out = tmp_path / "map.svg"
    out.write_text(text, encoding="utf-8")
    if shutil.which("rsvg-convert"):
        png = tmp_path / "map.png"
        subprocess.run(["rsvg-convert", "-o", str(png), str(out)], check=True, timeout=60)
        image = QImage(str(png))
        assert not image.isNull() and image.width() > 500


def test_png_has_the_requested_size_and_is_not_blank(scene: MapScene) -> None:
    drawing = scene_drawing(scene)
    w, h = drawing.bounds[2], drawing.bounds[3]
    for scale in (1, 3):
        image = QImage.fromData(png_bytes(drawing, scale=scale))
        assert (image.width(), image.height()) == (
            round(w * scale + 0.4999),
            round(h * scale + 0.4999),
        )
    image = QImage.fromData(png_bytes(drawing, scale=1))
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)
    }
    assert len(colours) > 20
    clear = QImage.fromData(png_bytes(drawing, scale=1, transparent=True))
    assert clear.hasAlphaChannel() and clear.pixelColor(1, 1).alpha() == 0
    assert image.pixelColor(1, 1).alpha() == 255


@pytest.mark.parametrize(
    ("page", "orientation", "size"),
    [
        ("a4", "landscape", (842, 595)),
        ("letter", "portrait", (612, 792)),
    ],
)
def test_pdf_is_a_vector_page_of_the_requested_size(
    scene: MapScene, tmp_path: Path, page: str, orientation: str, size: tuple[int, int]
) -> None:
    data = pdf_bytes(scene_drawing(scene), page=page, orientation=orientation, title="Bank")
    assert data.startswith(b"%PDF")
    out = tmp_path / "map.pdf"
    out.write_bytes(data)
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True)
        line = next(x for x in info.stdout.splitlines() if x.startswith("Page size:"))
        w, h = (float(v) for v in line.split(":")[1].split("pts")[0].split("x"))
        assert (round(w), round(h)) == size
        fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True)
        assert all(row.split()[-5] == "yes" for row in fonts.stdout.splitlines()[2:])
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-raw", str(out), "-"], capture_output=True, text=True, check=True
        ).stdout
        flat = " ".join(text.split())
        for label in labels_of(scene.map):
            if label != SCRIPT:  # elided on the canvas, and in pictures; whole in the title
                assert label in flat
        assert SCRIPT in flat


def test_a_hostile_label_stays_literal_and_harmless(scene: MapScene) -> None:
    text = drawing_svg(scene_drawing(scene))
    root = ET.fromstring(text.encode())
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert SCRIPT in texts  # the map's title
    assert SCRIPT in ["".join(t.itertext()) for t in root.iter(f"{SVG}title")]
    assert "<script" not in text and not list(root.iter(f"{SVG}script"))


def test_the_export_theme_ignores_the_dark_screen_theme(scene: MapScene) -> None:
    from svx_desktop.ui.themes import DARK, LIGHT

    light_svg = drawing_svg(scene_drawing(scene))
    light_png = png_bytes(scene_drawing(scene), scale=1)
    style.apply_colours(DARK)
    try:
        scene.update()
        assert drawing_svg(scene_drawing(scene)) == light_svg
        assert QImage.fromData(png_bytes(scene_drawing(scene), scale=1)) == QImage.fromData(
            light_png
        )
    finally:
        style.apply_colours(LIGHT)


def test_selection_only_has_only_the_selection(scene: MapScene) -> None:
    vmap = scene.map
    chosen = vmap.stakeholders[:2]
    for s in chosen:
        item = scene.node_for(s.id)
        assert item is not None
        item.setSelected(True)
    drawing = scene_drawing(scene, selection_only=True)
    ids = {s.id for s in chosen}
    assert {c.element_id for c in drawing.cards} == ids
    assert {a.stakeholder_id for a in drawing.arrows} == ids
    assert {lb.flow_id for lb in drawing.labels} == {
        f.id for f in vmap.flows if f.stakeholder_id in ids
    }
    assert drawing.notes == ()
    whole = scene_drawing(scene, notes=False)
    assert whole.notes == () and len(whole.cards) == len(vmap.stakeholders) + 1


# ------------------------------------------------------------------ svx export
def svx(*argv: str | Path) -> subprocess.CompletedProcess[str]:
    """The ``svx`` command in a child process with no display and no Qt platform set."""
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY")}
    return subprocess.run(
        [sys.executable, "-m", "svx_desktop.cli", *map(os.fspath, argv)],
        capture_output=True, text=True, env=env, timeout=180,
    )  # fmt: skip


def test_svx_export_writes_svg_png_and_pdf_headless(tmp_path: Path) -> None:
    png, pdf, svg = tmp_path / "bank.png", tmp_path / "bank.pdf", tmp_path / "bank.svg"
    proc = svx("export", EXAMPLE, "-o", png, "--scale", "1", "--transparent", "-q")
    assert proc.returncode == 0, proc.stderr
    image = QImage(str(png))
    assert image.width() > 800 and image.pixelColor(1, 1).alpha() == 0
    proc = svx("export", EXAMPLE, "-o", pdf, "--page", "letter", "--orientation", "portrait")
    assert proc.returncode == 0, proc.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        assert "612 x 792 pts" in info
    proc = svx("export", EXAMPLE, "-o", svg, "--no-notes", "-q")
    assert proc.returncode == 0, proc.stderr
    root = ET.parse(svg).getroot()
    assert not [g for g in root.iter(f"{SVG}g") if g.get("class") == "note"]
    assert [g for g in root.iter(f"{SVG}g") if g.get("class") == "stakeholder"]


def test_svx_export_bad_input_or_output_is_one_line_and_no_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.svx"
    broken.write_text("{not json", encoding="utf-8")
    out = tmp_path / "out.png"
    proc = svx("export", broken, "-o", out)
    assert proc.returncode == 1
    assert len(proc.stderr.strip().splitlines()) == 1 and "broken.svx" in proc.stderr
    assert not out.exists()
    missing = tmp_path / "no such folder" / "out.pdf"
    proc = svx("export", EXAMPLE, "-o", missing)
    assert proc.returncode == 1
    assert len(proc.stderr.strip().splitlines()) == 1 and "out.pdf" in proc.stderr
    assert not missing.parent.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.svx"]
    proc = svx("export", EXAMPLE, "-o", out, "--scale", "9")
    assert proc.returncode == 2 and "scale" in proc.stderr and not out.exists()
