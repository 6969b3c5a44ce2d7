"""``svx serve FILE``: host a map as a live session without a window.

Prints the editor link (for SVX's Share ▸ Join…), the view-and-contribute link (any
browser) and the room's ``ws://`` URL with its token (any y-websocket client), then serves
until interrupted (Ctrl+C or SIGTERM), saving FILE as edits arrive and once more on the
way out. The session's update log lives in the user data folder (``--store`` chooses
another file); a host restarted on the same FILE resumes its session from that log, with
the same links, and does not read FILE again unless ``--new-session`` is given. The page's
picture is the export renderer's SVG, drawn by a child process on Qt's offscreen platform
(``pictures.pageworker``; ``--plain-picture`` keeps Qt out entirely).
"""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path
from typing import Any

from svx_desktop.cli import EXIT_INVALID, EXIT_OK, _err, _load

DEFAULT_PORT = 8765


def default_store(path: Path) -> Path:
    """Where the session of the map at ``path`` keeps its update log."""
    from svx_desktop.live.session import store_path_for
    from svx_desktop.storage.recovery import user_data_dir

    return store_path_for(path, user_data_dir())


def _cmd_serve(args: argparse.Namespace) -> int:
    import anyio

    from svx_desktop.live.contribute import Contributions
    from svx_desktop.live.host import SessionHost
    from svx_desktop.live.session import SessionLinks

    path = Path(args.file)
    store = Path(args.store) if args.store else default_store(path)
    if args.new_session and store.exists():
        store.unlink()
    if not store.exists() and _load(args.file) is None:
        return EXIT_INVALID
    renderer = None
    if not args.plain_picture:
        from svx_desktop.pictures.pageworker import ProcessRenderer

        renderer = ProcessRenderer()
    host = SessionHost(path, store, host=args.host, port=args.port, render_svg=renderer)
    contributions = host.contributions = Contributions(host)

    def started(links: SessionLinks) -> None:
        if args.closed:
            contributions.set_open(False)
        resumed = "" if host.seeded else " (resumed from its update log)"
        print(f"Serving {path} as a live session{resumed}. Ctrl+C stops it.")
        print(f"Editor link (SVX: Share > Join...): {links.editor}")
        print(f"View-and-contribute link (any browser): {links.view}")
        print(f"Room for y-websocket clients: {links.ws}")
        sys.stdout.flush()

    async def main() -> None:
        async with anyio.create_task_group() as tg:

            async def on_signal() -> None:
                with anyio.open_signal_receiver(signal.SIGINT, signal.SIGTERM) as signals:
                    async for _ in signals:
                        host.stop()
                        return

            tg.start_soon(on_signal)
            await host.run(started)
            tg.cancel_scope.cancel()

    failed: list[BaseException] = []
    try:
        anyio.run(main)
    except* OSError as group:
        failed.extend(group.exceptions)
    finally:
        if renderer is not None:
            renderer.close()
    if failed:
        _err(f"svx serve: {path}: cannot serve on {args.host}:{args.port}: {failed[0]}")
        return EXIT_INVALID
    return EXIT_OK


def add_serve_command(sub: Any) -> None:
    p = sub.add_parser(
        "serve",
        help="host a map as a live session (no window): print its links, save as edits arrive",
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument(
        "--host",
        default="127.0.0.1",
        metavar="ADDR",
        help="the interface to listen on (default 127.0.0.1: this machine only)",
    )
    p.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        metavar="N",
        help=f"the port (default {DEFAULT_PORT}; 0 picks a free one)",
    )
    p.add_argument("--store", metavar="PATH", help="the session's update log (SQLite)")
    p.add_argument(
        "--closed",
        action="store_true",
        help="start with contributions from the view-and-contribute page closed",
    )
    p.add_argument(
        "--plain-picture",
        action="store_true",
        help="draw the view-and-contribute page's map without Qt (a simpler picture)",
    )
    p.add_argument(
        "--new-session",
        action="store_true",
        help="forget the session's update log and links, and start again from FILE",
    )
    p.set_defaults(handler=_cmd_serve)
