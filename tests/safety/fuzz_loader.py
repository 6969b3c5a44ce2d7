"""Fuzz the ``.svx`` loader: mutated real files, structural edits and random JSON.

Every input must either load or raise ``SvxLoadError`` (the loader's own error) within
``TIME_LIMIT`` seconds. A map that loads must also save and load back equal, so nothing
the loader accepts can make a later save fail. The time of each input is measured here;
this is a limit check, not a benchmark.

Run standalone (``make fuzz``)::

    python tests/safety/fuzz_loader.py -n 50000 [--seed N] [--out DIR]

It prints the number of trials, how many loaded, how many were refused, the slowest
input and the failures (saved under ``--out`` if given); exit status 1 on any failure.
``tests/safety/test_fuzz_loader.py`` runs a smaller count inside ``make test``.
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from svx_desktop import fileformat
from svx_desktop.fileformat import SvxLoadError
from tests.safety.tools import REPO, make_map

TIME_LIMIT = 2.0

INTERESTING_TEXT = (
    b"{",
    b"}",
    b"[",
    b"]",
    b'"',
    b",",
    b":",
    b"\\",
    b"null",
    b"true",
    b"NaN",
    b"-Infinity",
    b"1e999",
    b"-1e309",
    b"1e7",
    b"10000001",
    b"-0",
    b"0.0000001",
    b"99999999999999999999999999999999",
    b'"\\ud800"',
    b'"\\u0000"',
    b"\x00",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"\xc3",
    b"\xed\xa0\x80",
    b'"format": "svx"',
    b'"version": 2',
    b'"version": 0',
    b'"version": true',
    b'"id": "dup"',
    b"<b>x</b>",
)

INTERESTING_VALUES: tuple[Any, ...] = (
    None,
    True,
    False,
    0,
    -1,
    1,
    2,
    5,
    6,
    10**7,
    10**7 + 1,
    -(10**7) - 1,
    10**400,
    1e7,
    -1e7,
    1e308,
    0.5,
    "",
    "x",
    "x" * 10_001,
    "provides",
    "expects",
    "money",
    "customer",
    "#zzzzzz",
    "#123456",
    "\u202e",
    '<img src="/etc/passwd">',
    [],
    {},
    [[[]]],
    {"id": "x"},
)


def seed_files(rng: random.Random) -> list[bytes]:
    """Valid ``.svx`` files to mutate: bundled templates, examples, generated maps."""
    out = []
    for folder in ("resources/templates", "resources/examples", "tests/fileformat/golden"):
        for p in sorted((REPO / folder).glob("*.svx")):
            data = p.read_bytes()
            if len(data) < 200_000:
                out.append(data)
    for n in (0, 1, 3, 8):
        out.append(fileformat.dumps(make_map(rng, n, 2)))
    return out


# -------------------------------------------------------------- byte mutations
def _flip(rng: random.Random, data: bytearray) -> None:
    for _ in range(rng.randint(1, 8)):
        if data:
            i = rng.randrange(len(data))
            data[i] ^= 1 << rng.randrange(8)


def _set_bytes(rng: random.Random, data: bytearray) -> None:
    for _ in range(rng.randint(1, 4)):
        if data:
            data[rng.randrange(len(data))] = rng.randrange(256)


def _truncate(rng: random.Random, data: bytearray) -> None:
    del data[rng.randint(0, len(data)) :]


def _insert(rng: random.Random, data: bytearray) -> None:
    i = rng.randint(0, len(data))
    if rng.random() < 0.6:
        chunk = rng.choice(INTERESTING_TEXT)
    else:
        chunk = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
    data[i:i] = chunk


def _duplicate(rng: random.Random, data: bytearray) -> None:
    if not data:
        return
    a = rng.randrange(len(data))
    b = min(len(data), a + rng.randint(1, 400))
    chunk = data[a:b] * rng.randint(1, 3)
    i = rng.randint(0, len(data))
    data[i:i] = chunk


def _delete(rng: random.Random, data: bytearray) -> None:
    if data:
        a = rng.randrange(len(data))
        del data[a : a + rng.randint(1, 200)]


def _swap(rng: random.Random, data: bytearray) -> None:
    if len(data) < 4:
        return
    a, b = sorted(rng.sample(range(len(data)), 2))
    n = rng.randint(1, min(64, b - a))
    data[a : a + n], data[b : b + n] = data[b : b + n], data[a : a + n]


BYTE_MUTATORS: tuple[Callable[[random.Random, bytearray], None], ...] = (
    _flip,
    _set_bytes,
    _truncate,
    _insert,
    _duplicate,
    _delete,
    _swap,
)


def mutate_bytes(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        rng.choice(BYTE_MUTATORS)(rng, out)
    return bytes(out)


# --------------------------------------------------------- structural mutations
def interesting(rng: random.Random) -> Any:
    """One of ``INTERESTING_VALUES``, copied (mutations must not change the constants)."""
    return copy.deepcopy(rng.choice(INTERESTING_VALUES))


def random_json(rng: random.Random, depth: int = 0) -> Any:
    """A random JSON value (for structural mutations and whole random documents)."""
    roll = rng.random()
    if depth > 4 or roll < 0.45:
        if rng.random() < 0.4:
            return interesting(rng)
        kind = rng.randrange(4)
        if kind == 0:
            return rng.randint(-(10**9), 10**9)
        if kind == 1:
            return rng.uniform(-1e8, 1e8)
        if kind == 2:
            return "".join(chr(rng.randint(1, 0x2FFF)) for _ in range(rng.randint(0, 12)))
        return rng.choice((None, True, False))
    if roll < 0.7:
        return [random_json(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    keys = ("id", "name", "x", "y", "label", "stakeholder", "format", "version", "meta", "zz")
    return {rng.choice(keys): random_json(rng, depth + 1) for _ in range(rng.randint(0, 4))}


def _nodes(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    yield path, value
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _nodes(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _nodes(v, (*path, i))


def mutate_structure(rng: random.Random, data: bytes) -> bytes:
    """Parse a valid file, change one node (type, value, key, copies), write it again."""
    doc = json.loads(data)
    nodes = list(_nodes(doc))
    for _ in range(rng.choice((1, 1, 2, 3))):
        path, node = rng.choice(nodes)
        if not path:
            continue
        parent = doc
        for part in path[:-1]:
            parent = parent[part]
        key = path[-1]
        action = rng.randrange(6)
        if action == 0:
            parent[key] = interesting(rng)
        elif action == 1:
            parent[key] = random_json(rng)
        elif action == 2:
            if isinstance(parent, dict):
                del parent[key]
            else:
                parent.pop(key)
        elif action == 3 and isinstance(parent, list):
            parent.append(json.loads(json.dumps(parent[key])))  # a duplicate id
        elif action == 4 and isinstance(parent, dict):
            parent[rng.choice(("extra", "x", "id", "version", "ünknown"))] = random_json(rng)
        else:
            parent[key] = [node] if rng.random() < 0.5 else {"value": node}
        nodes = list(_nodes(doc))
    text = json.dumps(doc, ensure_ascii=rng.random() < 0.5, allow_nan=True)
    if rng.random() < 0.1:  # duplicate a key in the first object
        text = text.replace("{", '{"format": "svx", ', 1)
    return text.encode("utf-8", "surrogatepass")


def special_input(rng: random.Random) -> bytes:
    """Odd whole files: deep nesting, huge strings, long numbers, UTF-16, empty."""
    kind = rng.randrange(8)
    if kind == 0:
        n = rng.choice((65, 1000, 100_000))
        return b"[" * n + b"]" * n
    if kind == 1:
        n = rng.choice((65, 5000))
        return b'{"a":' * n + b"1" + b"}" * n
    if kind == 2:
        return b'{"format": "svx", "version": 1, "meta": {"title": "' + b"x" * 300_000 + b'"}}'
    if kind == 3:
        return b'{"format": "svx", "version": ' + b"9" * rng.choice((50, 5000)) + b"}"
    if kind == 4:
        return json.dumps({"format": "svx", "version": 1}).encode("utf-16")
    if kind == 5:
        return rng.choice((b"", b" ", b"\n\n", b"\xef\xbb\xbf", b"null", b"[]", b'""'))
    if kind == 6:
        return bytes(rng.randrange(256) for _ in range(rng.randint(1, 2000)))
    return json.dumps(random_json(rng), allow_nan=True).encode("utf-8", "surrogatepass")


# ------------------------------------------------------------------- checking
@dataclass
class Failure:
    data: bytes
    reason: str


@dataclass
class FuzzResult:
    trials: int = 0
    loaded: int = 0
    refused: int = 0
    slowest: float = 0.0
    failures: list[Failure] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"trials={self.trials} loaded={self.loaded} refused={self.refused} "
            f"failures={len(self.failures)} slowest={self.slowest:.3f}s"
        )


def check_one(data: bytes, result: FuzzResult, time_limit: float = TIME_LIMIT) -> None:
    """Load ``data``; record a failure for any other exception, or if it took too long."""
    result.trials += 1
    start = time.perf_counter()
    reason = ""
    try:
        loaded = fileformat.loads(data, "fuzz.svx")
        again = fileformat.loads(fileformat.dumps(loaded.map), "again.svx").map
        if again != loaded.map:
            reason = "a loaded map does not survive save and load"
        result.loaded += 1
    except SvxLoadError as e:
        if not str(e).startswith("fuzz.svx"):
            reason = f"message does not name the file: {e}"
        result.refused += 1
    except BaseException as e:  # anything else is a bug, even KeyboardInterrupt-likes
        if isinstance(e, KeyboardInterrupt):
            raise
        reason = "".join(traceback.format_exception_only(type(e), e)).strip()
        reason += "\n" + "".join(traceback.format_tb(e.__traceback__)[-3:])
    elapsed = time.perf_counter() - start
    result.slowest = max(result.slowest, elapsed)
    if elapsed > time_limit:
        reason = (reason + "; " if reason else "") + f"took {elapsed:.2f}s (limit {time_limit}s)"
    if reason:
        result.failures.append(Failure(data, reason))


def inputs(n: int, seed: int) -> Iterator[bytes]:
    """``n`` fuzz inputs: mostly mutations of real files, some structural, some odd."""
    rng = random.Random(seed)
    seeds = seed_files(rng)
    for i in range(n):
        roll = rng.random()
        base = rng.choice(seeds)
        if i < len(seeds):
            yield seeds[i]  # the originals must load
        elif roll < 0.55:
            yield mutate_bytes(rng, base)
        elif roll < 0.9:
            yield mutate_structure(rng, base)
        elif roll < 0.95:
            other = rng.choice(seeds)
            yield base[: rng.randint(0, len(base))] + other[rng.randint(0, len(other)) :]
        else:
            yield special_input(rng)


def run(n: int, seed: int = 0, time_limit: float = TIME_LIMIT) -> FuzzResult:
    result = FuzzResult()
    for data in inputs(n, seed):
        check_one(data, result, time_limit)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--trials", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=None, help="default: random")
    parser.add_argument("--out", type=Path, default=None, help="save failing inputs here")
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else random.randrange(2**32)
    print(f"fuzzing the .svx loader: {args.trials} inputs, seed {seed}", flush=True)
    start = time.perf_counter()
    result = FuzzResult()
    for i, data in enumerate(inputs(args.trials, seed), 1):
        check_one(data, result)
        if i % 10_000 == 0:
            print(f"  {result.summary()}", flush=True)
    print(result.summary() + f" total={time.perf_counter() - start:.1f}s")
    for k, failure in enumerate(result.failures[:20]):
        print(f"--- failure {k}: {failure.reason}\n    input: {failure.data[:300]!r}")
        if args.out is not None:
            args.out.mkdir(parents=True, exist_ok=True)
            (args.out / f"failure-{seed}-{k}.svx").write_bytes(failure.data)
    return 1 if result.failures else 0


if __name__ == "__main__":
    sys.exit(main())
