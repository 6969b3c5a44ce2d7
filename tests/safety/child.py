"""Processes for the fault-injection tests: a fork server and the workloads it runs.

``python -m tests.safety.child serve`` imports everything once, then reads commands on
stdin. For each ``save``/``edit`` command it forks a worker (a real process with its own
pid) that prints ``ready <pid>`` and works until the test kills it with SIGKILL; the test
then sends ``reap <pid>`` and the server answers ``reaped <pid> <status>``. Forking keeps
hundreds of kill trials fast without sharing anything but the imported code.

Workloads:

* ``save DIR SEED``: a document in ``DIR/map.svx`` toggles between two maps A and B with
  undo/redo and saves (with backups) in a loop. ``DIR/expected-*.svx`` hold the only byte
  strings the file may ever contain (``now_iso`` is pinned so saves are deterministic).
* ``edit DIR SEED DEBOUNCE MAX_WAIT``: random edits with the real ``Autosaver`` and a
  fast policy; after each edit ``DIR/journal`` gets ``index wall-time sha256`` of the map.
* ``gui-edit DIR SEED DEBOUNCE MAX_WAIT``: the same through the real main window
  (offscreen, ``SVX_DATA_DIR=DIR/data``) with ``ui.autosave.attach`` and its timers.
  The fork server never creates a QApplication itself, so forking is safe.

``python -m tests.safety.child long N`` runs a long session and prints memory figures.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import sys
import time
import tracemalloc
from pathlib import Path

import svx_desktop.editing.document as document_module
from svx_desktop import fileformat
from svx_desktop.editing import Document, EditElements
from svx_desktop.storage.backups import BackupStore
from svx_desktop.storage.recovery import Autosaver, RecoveryStore, SnapshotPolicy
from tests.safety.tools import make_map, random_edit

FIXED_TIME = "2026-11-23T08:00:00+00:00"


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def save_worker(folder: Path, seed: int) -> None:
    document_module.now_iso = lambda: FIXED_TIME  # deterministic bytes for every save
    rng = random.Random(seed)
    target = folder / "map.svx"
    doc = Document(make_map(rng, rng.choice((20, 80, 200)), 3))
    doc.save(target)
    a = target.read_bytes()
    doc.push(EditElements(doc.map, "organisation", {"": {"name": "Version B " * 50}}))
    (folder / "expected-a.svx").write_bytes(a)
    backups = BackupStore(folder / "backups")
    doc.save(backups=backups)
    (folder / "expected-b.svx").write_bytes(target.read_bytes())
    print(f"ready {os.getpid()}", flush=True)
    while True:
        doc.undo_stack.undo()
        doc.save(backups=backups)
        doc.undo_stack.redo()
        doc.save(backups=backups)


def edit_worker(folder: Path, seed: int, debounce: float, max_wait: float) -> None:
    rng = random.Random(seed)
    source = folder / "map.svx"
    if rng.random() < 0.5:
        doc = Document(make_map(rng, rng.randint(0, 8), 2))
        doc.save(source)
        doc = Document.open(source)
    else:
        doc = Document(make_map(rng, rng.randint(0, 8), 2))  # never saved
    store = RecoveryStore(folder / "recovery")
    saver = Autosaver(doc, store, policy=SnapshotPolicy(debounce, max_wait))
    journal = os.open(folder / "journal", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    initial = digest(fileformat.dumps(doc.map))
    os.write(journal, f"0 {time.time():.6f} {initial}\n".encode())
    print(f"ready {os.getpid()}", flush=True)
    i = 0
    while True:
        i += 1
        random_edit(doc, rng)
        state = digest(fileformat.dumps(doc.map))
        os.write(journal, f"{i} {time.time():.6f} {state}\n".encode())
        saver.edited()
        pause = rng.choice((0.001, 0.005, 0.02, 0.02, 0.05, debounce * 1.5))
        end = time.monotonic() + pause
        while True:
            saver.poll()
            left = end - time.monotonic()
            if left <= 0:
                break
            time.sleep(min(left, 0.005))


def gui_edit_worker(folder: Path, seed: int, debounce: float, max_wait: float) -> None:
    """The real main window, offscreen, with autosave attached, edited on a Qt timer."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ["SVX_DATA_DIR"] = str(folder / "data")
    from PySide6.QtCore import QStandardPaths, QTimer
    from PySide6.QtWidgets import QApplication

    QStandardPaths.setTestModeEnabled(True)  # no user settings touched
    app = QApplication([])
    from svx_desktop.ui import autosave
    from svx_desktop.ui.mainwindow import MainWindow

    rng = random.Random(seed)
    source = folder / "map.svx"
    doc = Document(make_map(rng, rng.randint(0, 8), 2))
    if rng.random() < 0.5:
        doc.save(source)
        doc = Document.open(source)
    window = MainWindow(doc)
    autosave.attach(window, debounce=debounce, max_wait=max_wait)
    window.show()
    journal = os.open(folder / "journal", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.write(journal, f"0 {time.time():.6f} {digest(fileformat.dumps(doc.map))}\n".encode())
    count = [0]
    timer = QTimer()
    timer.setSingleShot(True)

    def edit() -> None:
        count[0] += 1
        random_edit(window.document, rng)
        state = digest(fileformat.dumps(window.document.map))
        os.write(journal, f"{count[0]} {time.time():.6f} {state}\n".encode())
        pause = rng.choice((0.001, 0.005, 0.02, 0.02, 0.05, debounce * 1.5))
        timer.start(int(pause * 1000))

    timer.timeout.connect(edit)
    timer.start(0)
    QTimer.singleShot(0, lambda: print(f"ready {os.getpid()}", flush=True))
    app.exec()


def serve() -> None:
    """The fork server (see the module docstring)."""
    children: set[int] = set()
    # Import the GUI modules once, before any fork (no QApplication exists here).
    import svx_desktop.ui.autosave
    import svx_desktop.ui.mainwindow  # noqa: F401

    # And the model's and file format's lazy imports (networkx, pydantic and the schema):
    # imported after a fork, each worker would spend its first second importing them
    # (slower still through PySide6's import hook), not editing.
    fileformat.loads(fileformat.dumps(make_map(random.Random(0), 2, 1)))
    print("serving", flush=True)
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        if words[0] == "reap":
            pid = int(words[1])
            _, status = os.waitpid(pid, 0)
            children.discard(pid)
            print(f"reaped {pid} {status}", flush=True)
            continue
        if words[0] == "quit":
            break
        pid = os.fork()
        if pid == 0:  # the worker
            code = 0
            try:
                if words[0] == "save":
                    save_worker(Path(words[1]), int(words[2]))
                elif words[0] == "edit":
                    edit_worker(Path(words[1]), int(words[2]), float(words[3]), float(words[4]))
                elif words[0] == "gui-edit":
                    gui_edit_worker(Path(words[1]), int(words[2]), float(words[3]), float(words[4]))
            except BaseException as e:
                print(f"error {type(e).__name__}: {e}", flush=True)
                code = 1
            finally:
                os._exit(code)
        children.add(pid)
    for pid in children:
        os.kill(pid, 9)
        os.waitpid(pid, 0)


def long_session(edits: int, seed: int = 1) -> None:
    """Many random edits with undo/redo; prints JSON with memory figures and exits 0."""
    rng = random.Random(seed)
    doc = Document(make_map(rng, 30, 3))
    doc.undo_stack.setUndoLimit(0)
    tracemalloc.start()
    warmup = min(1000, edits // 10)
    done: dict[str, int] = {}
    peak_map = 0
    for i in range(edits):
        what = random_edit(doc, rng)
        done[what] = done.get(what, 0) + 1
        peak_map = max(peak_map, len(doc.map.stakeholders) + len(doc.map.flows))
        if i == warmup:
            after_warmup = tracemalloc.get_traced_memory()[0]
    with_history = tracemalloc.get_traced_memory()[0]
    steps = doc.undo_stack.count()
    final = doc.map.copy()
    doc.undo_stack.clear()  # the undo history is the only thing allowed to grow
    assert doc.map == final
    without_history = tracemalloc.get_traced_memory()[0]
    elements = len(doc.map.stakeholders) + len(doc.map.flows) + len(doc.map.notes)
    print(
        json.dumps(
            {
                "edits": edits,
                "undo_steps": steps,
                "after_warmup": after_warmup,
                "with_history": with_history,
                "without_history": without_history,
                "peak": tracemalloc.get_traced_memory()[1],
                "elements": elements,
                "peak_map": peak_map,
                "kinds": done,
            }
        ),
        flush=True,
    )


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        serve()
    elif sys.argv[1] == "long":
        long_session(int(sys.argv[2]))
