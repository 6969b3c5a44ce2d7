"""The page's picture: drawn by the injected renderer off the host's loop, shared by all
viewers, checked before it is shown, and the plain picture when there is none or it fails.

The renderers here are small functions standing in for the export renderer (which needs
Qt: tests/ui/test_live_picture.py and ``svx serve``'s test use the real one); they record
the thread they ran in and the document they were given.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio
import pytest
from websockets.asyncio.client import connect

from svx_desktop.live.picture import safe_svg
from svx_desktop.model import Stakeholder
from tests.live.harness import contribute_url, joined, recv_json, running_host, until

BANK = Path(__file__).parents[2] / "resources" / "examples" / "bank.svx"
GOOD = '<svg xmlns="http://www.w3.org/2000/svg"><g class="drawn"><text>{n}</text></g></svg>'
HOSTILE = [
    '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
    '<image x:href="http://evil.example/a.png"/></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><use href="https://evil.example/s.svg#a"/></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>x</p></foreignObject></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(http://evil/x)"/></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><style>@import "http://evil/x.css";</style></svg>',
    '<!DOCTYPE svg [<!ENTITY a "b">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>',
    "<html><body>not a picture</body></html>",
    "<svg><unclosed></svg>",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_unsafe_pictures_are_refused(text: str) -> None:
    assert not safe_svg(text)


def test_a_plain_picture_with_local_references_is_safe() -> None:
    assert safe_svg(
        '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg">'
        '<defs><marker id="m"/></defs><path d="M0 0" marker-end="url(#m)"/>'
        "<text>&lt;script&gt;</text></svg>"
    )


@asynccontextmanager
async def _session(folder: Path, render: Any) -> AsyncIterator[tuple[Any, Any]]:
    """A host of a copy of the bank map drawing with ``render``, and one peer."""
    path = folder / "bank.svx"
    shutil.copyfile(BANK, path)
    async with (
        running_host(path, folder / "s.db", render_svg=render) as host,
        anyio.create_task_group() as tg,
        joined(host.links.ws, tg) as peer,  # type: ignore[union-attr]
    ):
        yield host, peer


def test_the_injected_renderer_draws_off_the_loop_once_for_all_viewers(tmp_path: Path) -> None:
    calls: list[tuple[str, int]] = []

    def render(document: dict[str, Any]) -> str:
        calls.append((threading.current_thread().name, len(document["stakeholders"])))
        return GOOD.format(n=len(document["stakeholders"]))

    async def main() -> None:
        async with _session(tmp_path, render) as (host, peer):
            assert host.links is not None
            pages = [await connect(contribute_url(host.links.view)) for _ in range(5)]
            try:
                n = len(peer.vmap.stakeholders)
                for page in pages:
                    await recv_json(page, "map", lambda m: f">{n}<" in m["svg"])
                assert len(calls) == 1  # one drawing, shared by the five pages
                assert calls[0][0] != threading.current_thread().name  # not on the loop
                peer.vmap.add_stakeholder(Stakeholder("One more", "s-more"))
                for page in pages:
                    await recv_json(page, "map", lambda m: f">{n + 1}<" in m["svg"])
                await until(lambda: len(calls) == 2)
            finally:
                for page in pages:
                    await page.close()

    anyio.run(main)


def test_a_failing_or_unsafe_renderer_gives_the_plain_picture(tmp_path: Path) -> None:
    answers = iter([HOSTILE[0], RuntimeError("no Qt here")])

    def render(_document: dict[str, Any]) -> str:
        answer = next(answers)
        if isinstance(answer, Exception):
            raise answer
        return answer

    async def main() -> None:
        async with _session(tmp_path, render) as (host, peer):
            assert host.links is not None
            async with connect(contribute_url(host.links.view)) as page:
                await until(lambda: host.contributions.picture.version >= 2)
                message = await recv_json(page, "map")
                assert "<script" not in message["svg"] and 'class="stakeholder"' in message["svg"]
                assert not host.contributions.picture.rendered
                peer.vmap.add_stakeholder(Stakeholder("Plain too", "s-plain"))
                await recv_json(page, "map", lambda m: "Plain too" in m["svg"])
                assert not host.contributions.picture.rendered

    anyio.run(main)
