"""``svx serve`` as a process: its links, its saves, and a restart after SIGKILL.

The host killed with SIGKILL loses no acknowledged edit (one another peer has seen: the
host sends nothing before its store holds every update), restarts from its store with the
same links, and does not read the file again (no duplicated content), even if the file
changed meanwhile. SIGTERM saves the file and exits 0; a bad file is refused.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import anyio
import pytest

from svx_desktop.fileformat import load
from svx_desktop.model import Note, Stakeholder
from tests.live.harness import joined, until

ROOT = Path(__file__).parents[2]
BANK = ROOT / "resources" / "examples" / "bank.svx"
SERVE = [sys.executable, "-m", "svx_desktop.cli", "serve"]


def _start(path: Path, store: Path, *extra: str) -> tuple[subprocess.Popen[str], dict[str, str]]:
    proc = subprocess.Popen(
        [*SERVE, str(path), "--port", "0", "--store", str(store), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=ROOT,
    )
    assert proc.stdout is not None
    links: dict[str, str] = {}
    first = proc.stdout.readline()
    assert first.startswith("Serving"), first
    links["first"] = first
    for key in ("editor", "view", "ws"):
        line = proc.stdout.readline()
        links[key] = line.rsplit(" ", 1)[1].strip()
    return proc, links


def test_serve_prints_its_links_and_saves_on_sigterm(tmp_path: Path) -> None:
    path = tmp_path / "bank.svx"
    shutil.copyfile(BANK, path)
    proc, links = _start(path, tmp_path / "store.db")
    try:
        assert links["editor"].startswith("http://127.0.0.1:")
        assert links["view"].startswith("http://127.0.0.1:") and "/view?token=" in links["view"]
        assert links["ws"].startswith("ws://127.0.0.1:") and "?token=" in links["ws"]
        token = links["ws"].split("token=")[1]
        assert len(token) >= 22  # 128 bits, URL-safe base64

        async def edit() -> None:
            async with anyio.create_task_group() as tg, joined(links["ws"], tg) as a:
                a.vmap.add_note(Note("before the end", "n-end"))
                async with joined(links["ws"], tg) as b:
                    await until(lambda: b.vmap.has_note("n-end"))

        anyio.run(edit)
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
    assert load(path).map.has_note("n-end")


def test_sigkill_loses_no_acknowledged_edit_and_never_reseeds(tmp_path: Path) -> None:
    path = tmp_path / "bank.svx"
    shutil.copyfile(BANK, path)
    store = tmp_path / "store.db"
    original = load(path).map
    proc, links = _start(path, store)
    try:

        async def edit() -> None:
            async with anyio.create_task_group() as tg, joined(links["ws"], tg) as a:
                for i in range(20):
                    a.vmap.add_stakeholder(Stakeholder(f"Late {i}", f"s-late-{i}"))
                a.vmap.update_organisation(name="Renamed live")
                async with joined(links["ws"], tg) as b:
                    await until(
                        lambda: (
                            b.vmap.has_stakeholder("s-late-19")
                            and b.vmap.organisation.name == "Renamed live"
                        )
                    )
                os.kill(proc.pid, signal.SIGKILL)

        anyio.run(edit)
    finally:
        proc.kill()
        proc.wait(timeout=30)
    # The file changes meanwhile: a restarted session must not read it again.
    shutil.copyfile(ROOT / "resources" / "templates" / "blank.svx", path)
    proc, again = _start(path, store)
    try:
        assert "resumed" in again["first"]
        assert again["ws"].split("?")[1] == links["ws"].split("?")[1]  # same token

        async def check() -> None:
            async with anyio.create_task_group() as tg, joined(again["ws"], tg) as c:
                for i in range(20):
                    assert c.vmap.has_stakeholder(f"s-late-{i}")
                assert c.vmap.organisation.name == "Renamed live"
                names = [s.name for s in c.vmap.stakeholders]
                assert len(names) == len(original.stakeholders) + 20  # nothing duplicated

        anyio.run(check)
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
    assert load(path).map.has_stakeholder("s-late-0")


def test_serve_refuses_a_bad_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.svx"
    path.write_text("{not json", encoding="utf-8")
    result = subprocess.run(
        [*SERVE, str(path), "--port", "0", "--store", str(tmp_path / "s.db")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 1
    assert "bad.svx" in result.stderr and "Traceback" not in result.stderr


def test_serve_shows_the_export_picture_on_the_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page's picture is the one ``svx export`` writes, drawn by a child process on
    Qt's offscreen platform (no display here), every label escaped."""
    import json

    from websockets.asyncio.client import connect

    from svx_desktop.fileformat import save
    from svx_desktop.live.picture import safe_svg

    hostile = "</text><script>alert(1)</script>&amp;"
    path = tmp_path / "bank.svx"
    vmap = load(BANK).map
    sid = vmap.stakeholders[0].id
    vmap.update_stakeholder(sid, name=hostile)
    save(vmap, path)
    monkeypatch.delenv("DISPLAY", raising=False)  # no display: the child goes offscreen
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    proc, links = _start(path, tmp_path / "store.db")
    try:
        page_url = links["view"].replace("http://", "ws://").replace("/view?", "/contribute?")

        async def picture() -> str:
            async with connect(page_url) as page:
                with anyio.fail_after(60):
                    while True:
                        message = json.loads(await page.recv())
                        if message["type"] == "map" and "data-stakeholder-id" in message["svg"]:
                            return str(message["svg"])

        svg = anyio.run(picture)
        assert safe_svg(svg) and "<script" not in svg.lower()
        assert f'data-stakeholder-id="{sid}"' in svg
        assert "&lt;/text&gt;&lt;script&gt;alert(" in svg
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
