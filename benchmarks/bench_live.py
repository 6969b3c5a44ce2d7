"""Live sessions on loopback: edit latency, initial sync, host memory.

All on 127.0.0.1 with a generated 1,000/3,000 map, the host being ``svx serve`` in a
process of its own. **edit → visible** is the time from one peer's edit (a stakeholder
renamed through the model, as a command would) until another peer's map shows it,
through the host (its store written first), p50 and p99 over ``EDITS`` edits, with 1 and
with 10 peers connected besides the editor (the other 9 in one more process). Baseline: a
bare WebSocket round trip through a relay in this process. Target (issue 14): p99 ≤ 50 ms
with 10 peers. **initial sync** is a second peer joining until its map is built (target
≤ 1 s), beside applying the same state to a document and building the map in memory.
**host memory** is the peak RSS of ``svx serve`` with 30 view-and-contribute pages
connected and receiving the map (target < 200 MB; the "ms" column holds MB), beside the
same host with none, each page having received the export renderer's picture (drawn by
``svx serve``'s picture worker, a child process whose peak RSS is the last row).
"""

from __future__ import annotations

import contextlib
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import anyio
from pycrdt import Doc
from websockets.asyncio.client import connect
from websockets.asyncio.server import serve

from benchmarks import Row, row
from benchmarks.bench_fileformat import generate_map
from svx_desktop.fileformat import save
from svx_desktop.live.binding import LiveBinding, build_map
from svx_desktop.live.peer import LivePeer

EDITS = 200
SERVE = [sys.executable, "-m", "svx_desktop.cli", "serve"]
SIZE = (1_000, 3_000)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def _wait(condition: Any, timeout: float = 30.0) -> None:
    with anyio.fail_after(timeout):
        while not condition():
            await anyio.sleep(0)


async def _relay_round_trips(n: int) -> list[float]:
    """Round trips of a small message through a bare WebSocket relay (the baseline)."""
    clients: list[Any] = []

    async def relay(conn: Any) -> None:
        clients.append(conn)
        async for message in conn:
            for other in list(clients):
                if other is not conn:
                    await other.send(message)

    times: list[float] = []
    async with serve(relay, "127.0.0.1", 0, compression=None) as server:
        port = next(iter(server.sockets)).getsockname()[1]
        async with connect(f"ws://127.0.0.1:{port}") as a, connect(f"ws://127.0.0.1:{port}") as b:
            await _wait(lambda: len(clients) == 2)
            for i in range(n):
                start = time.perf_counter()
                await a.send(b"x" * 40 + str(i).encode())
                await b.recv()
                times.append((time.perf_counter() - start) * 1000)
    return times


_WATCHERS = """
import sys, anyio
from svx_desktop.live.binding import LiveBinding, build_map
from svx_desktop.live.peer import LivePeer

async def main(url, n):
    async with anyio.create_task_group() as tg:
        for _ in range(n):
            peer = LivePeer(url)
            tg.start_soon(peer.run)
            await peer.synced.wait()
            LiveBinding(build_map(peer.doc), peer.doc)
        print("joined", flush=True)
        await anyio.sleep_forever()

anyio.run(main, sys.argv[1], int(sys.argv[2]))
"""


def _serve(path: Path, store: Path) -> tuple[subprocess.Popen[str], list[str]]:
    proc = subprocess.Popen(
        [*SERVE, str(path), "--port", "0", "--store", str(store), "--new-session"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdout is not None
    return proc, [proc.stdout.readline() for _ in range(4)]


async def _session(url: str, extra_peers: int) -> tuple[list[float], float]:
    """Latencies of renames from an editor to another peer, and the editor's join time."""
    latencies: list[float] = []
    others = None
    if extra_peers > 1:  # the other peers run in a process of their own, as desktops do
        others = subprocess.Popen(
            [sys.executable, "-c", _WATCHERS, url, str(extra_peers - 1)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert others.stdout is not None
        others.stdout.readline()
    try:
        async with anyio.create_task_group() as tg:
            editor = LivePeer(url)
            tg.start_soon(editor.run)
            await editor.synced.wait()
            editor_map = build_map(editor.doc)
            LiveBinding(editor_map, editor.doc)
            start = time.perf_counter()  # the host is settled now: time a second join
            watcher = LivePeer(url)
            tg.start_soon(watcher.run)
            await watcher.synced.wait()
            target = build_map(watcher.doc)
            LiveBinding(target, watcher.doc)
            sync_ms = (time.perf_counter() - start) * 1000
            seen = [anyio.Event()]
            target.subscribe(lambda _event: seen[0].set())
            ids = [s.id for s in editor_map.stakeholders]
            for i in range(EDITS):
                sid = ids[i % len(ids)]
                name = f"renamed {extra_peers}-{i}"
                seen[0] = anyio.Event()
                start = time.perf_counter()
                editor_map.update_stakeholder(sid, name=name)
                with anyio.fail_after(30):
                    while target.stakeholder(sid).name != name:
                        await seen[0].wait()
                        seen[0] = anyio.Event()
                latencies.append((time.perf_counter() - start) * 1000)
            watcher.stop()
            editor.stop()
    finally:
        if others is not None:
            others.terminate()
            others.wait(timeout=30)
    return latencies, sync_ms


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (from each process's status in /proc)."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            lines = status.read_text().splitlines()
        except OSError:
            continue
        if f"PPid:\t{pid}" in lines:
            found.append(int(status.parent.name))
    return found


def _host_memory(path: Path, store: Path, pages: int) -> tuple[float, float]:
    """Peak RSS in MB of the host and of its picture worker (0 when none ran), once
    every page has received the export renderer's picture of the map."""
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "svx_desktop.cli",
            "serve",
            str(path),
            "--port",
            "0",
            "--store",
            str(store),
            "--new-session",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert proc.stdout is not None
        lines = [proc.stdout.readline() for _ in range(4)]
        view = lines[2].rsplit(" ", 1)[1].strip()
        url = view.replace("http://", "ws://").replace("/view?", "/contribute?")

        async def watch() -> None:
            async with contextlib.AsyncExitStack() as stack:
                conns = [
                    await stack.enter_async_context(connect(url, max_size=None))
                    for _ in range(pages)
                ]
                with anyio.fail_after(300):
                    for conn in conns:
                        while True:
                            message = json.loads(await conn.recv())
                            assert message["type"] == "map"
                            if "data-stakeholder-id" in message["svg"]:
                                break
                await anyio.sleep(1.0)

        anyio.run(watch)
        workers = [_rss_mb(child) for child in _children(proc.pid)]
        return _rss_mb(proc.pid), max(workers, default=0.0)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def run() -> list[Row]:
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.svx"
        vmap = generate_map(*SIZE)
        save(vmap, path)
        baseline = statistics.median(anyio.run(_relay_round_trips, EDITS))
        base_p99 = _percentile(anyio.run(_relay_round_trips, EDITS), 0.99)
        sync_ms = 0.0
        for extra in (1, 10):
            host, lines = _serve(path, Path(folder) / f"store-{extra}.db")
            try:
                url = lines[3].rsplit(" ", 1)[1].strip()
                latencies, sync = anyio.run(_session, url, extra)
            finally:
                host.terminate()
                host.wait(timeout=30)
            sync_ms = sync if extra == 1 else sync_ms
            label = f"edit → visible, {extra} peer{'s' if extra > 1 else ''}"
            rows.append(
                row(
                    f"{label} p50",
                    statistics.median(latencies),
                    baseline="ws round trip",
                    baseline_ms=baseline,
                    note="1,000/3,000 map",
                )
            )
            rows.append(
                row(
                    f"{label} p99",
                    _percentile(latencies, 0.99),
                    baseline="ws round trip p99",
                    baseline_ms=base_p99,
                    max_ms=50.0 if extra == 10 else None,
                    note="target p99 ≤ 50 ms with 10 peers",
                )
            )
        doc = Doc()
        LiveBinding(vmap.copy(), doc).seed()
        state = doc.get_update()
        start = time.perf_counter()
        build_map(_applied(state))
        in_memory = (time.perf_counter() - start) * 1000
        rows.append(
            row(
                "initial sync 1,000/3,000",
                sync_ms,
                baseline="apply+build in memory",
                baseline_ms=in_memory,
                max_ms=1000.0,
                note="join until the map is built",
            )
        )
        idle, _none = _host_memory(path, Path(folder) / "mem0.db", 0)
        busy, worker = _host_memory(path, Path(folder) / "mem30.db", 30)
        rows.append(
            row(
                "host memory, 30 pages",
                busy,
                baseline="host, no page",
                baseline_ms=idle,
                max_ms=200.0,
                note="peak RSS in MB (not ms)",
            )
        )
        rows.append(
            row(
                "picture worker memory",
                worker,
                baseline="host, no page",
                baseline_ms=idle,
                note="peak RSS in MB of svx serve's drawing process",
            )
        )
    return rows


def _applied(update: bytes) -> Doc[Any]:
    doc: Doc[Any] = Doc()
    doc.apply_update(update)
    return doc
