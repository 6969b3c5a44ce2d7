"""The view-and-contribute page and its ideas, through the host's real HTTP and WebSocket.

The page is one self-contained HTML document (no external resources, a strict content
security policy); the wrong token gets nothing. An idea lands as a parking-lot note with
its author's name, on the host and on every peer; markup stays text; oversize, malformed,
too frequent or closed-time contributions are refused with a reason, and the host goes on
serving.
"""

from __future__ import annotations

import json
import shutil
import urllib.error
import urllib.request
from pathlib import Path

import anyio
import pytest
from websockets.asyncio.client import connect

from svx_desktop.live.contribute import BURST, MAX_IDEA
from tests.live.harness import contribute_url, joined, recv_json, running_host, until

BANK = Path(__file__).parents[2] / "resources" / "examples" / "bank.svx"


def _get(url: str) -> tuple[int, dict[str, str], str]:
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode()


def test_the_page_is_self_contained_and_needs_the_token(tmp_path: Path) -> None:
    path = tmp_path / "bank.svx"
    shutil.copyfile(BANK, path)

    async def main() -> None:
        async with running_host(path, tmp_path / "store.db") as host:
            assert host.links is not None
            view = host.links.view
            status, headers, page = await anyio.to_thread.run_sync(_get, view)
            assert status == 200
            assert headers["Content-Type"].startswith("text/html")
            assert "default-src 'none'" in headers["Content-Security-Policy"]
            assert "http://" not in page and "https://" not in page
            wrong = view.split("?")[0] + "?token=" + "A" * 22
            status, _, body = await anyio.to_thread.run_sync(_get, wrong)
            assert status == 404 and host.session.view_token not in body

    anyio.run(main)


def test_ideas_become_notes_with_their_authors_name(tmp_path: Path) -> None:
    path = tmp_path / "bank.svx"
    shutil.copyfile(BANK, path)

    async def main() -> None:
        async with running_host(path, tmp_path / "store.db") as host:
            assert host.links is not None and host.vmap is not None
            notes_before = len(host.vmap.notes)
            async with (
                anyio.create_task_group() as tg,
                joined(host.links.ws, tg) as facilitator,
                connect(contribute_url(host.links.view)) as page,
            ):
                first = await recv_json(page, "map")
                assert first["open"] is True and "<svg" in first["svg"]
                hostile = '<script>alert("x")</script> & <b>bold</b>'
                await page.send(json.dumps({"type": "idea", "name": "Ana", "text": hostile}))
                assert (await recv_json(page, "thanks"))["type"] == "thanks"
                await until(lambda: len(facilitator.vmap.notes) == notes_before + 1)
                note = facilitator.vmap.notes[-1]
                assert note.text == f"{hostile}\n— Ana"
                update = await recv_json(page, "map")
                assert "<script" not in update["svg"] and "&lt;script&gt;" in update["svg"]

    anyio.run(main)


@pytest.mark.parametrize(
    "frame",
    [
        "not json",
        json.dumps({"type": "idea", "name": "Ana", "text": "x" * (MAX_IDEA + 1)}),
        json.dumps({"type": "idea", "name": "", "text": "an idea"}),
        json.dumps({"type": "idea", "name": "Ana", "text": "\x00\x01 "}),
        json.dumps({"type": "idea", "name": ["Ana"], "text": "an idea"}),
        json.dumps({"type": "delete", "id": "everything"}),
        json.dumps([1, 2, 3]),
        "x" * 10_000,
        b"\x00\x01binary",
    ],
)
def test_bad_contributions_are_refused_and_the_host_keeps_serving(
    tmp_path: Path, frame: str | bytes
) -> None:
    path = tmp_path / "bank.svx"
    shutil.copyfile(BANK, path)

    async def main() -> None:
        async with running_host(path, tmp_path / "store.db") as host:
            assert host.links is not None and host.vmap is not None
            before = host.vmap.copy()
            async with connect(contribute_url(host.links.view)) as page:
                await page.send(frame)
                reply = await recv_json(page, "error")
                assert reply["message"]
                await page.send(json.dumps({"type": "idea", "name": "Bo", "text": "fine"}))
                await recv_json(page, "thanks")
            assert len(host.vmap.notes) == len(before.notes) + 1

    anyio.run(main)


def test_rate_limit_and_closing_contributions(tmp_path: Path) -> None:
    path = tmp_path / "bank.svx"
    shutil.copyfile(BANK, path)

    async def main() -> None:
        async with running_host(path, tmp_path / "store.db") as host:
            assert host.links is not None and host.vmap is not None
            idea = json.dumps({"type": "idea", "name": "Cy", "text": "again"})
            async with connect(contribute_url(host.links.view)) as page:
                for _ in range(BURST):
                    await page.send(idea)
                    await recv_json(page, "thanks")
                await page.send(idea)
                assert "too many" in (await recv_json(page, "error"))["message"]
            host.contributions.set_open(False)
            async with connect(contribute_url(host.links.view)) as page:
                assert (await recv_json(page, "map"))["open"] is False
                await page.send(idea)
                assert "closed" in (await recv_json(page, "error"))["message"]

    anyio.run(main)
