"""The PyInstaller bundle runs with no Python on PATH (``packaging/check_bundle.sh``).

Building the bundle takes minutes of CPU and PyInstaller is a build-only dependency, so the
suite does not build it: the test runs the check on ``dist/svx`` when a bundle is there
(``make bundle``), builds one first when ``SVX_BUILD_BUNDLE=1`` asks for it, and is
skipped otherwise, keeping ``make test`` fast on CI.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from svx_desktop import __version__

ROOT = Path(__file__).resolve().parents[1]
BUNDLE = ROOT / "dist" / "svx"


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("sh") is None, reason="the check is a POSIX shell script")
def test_bundle_runs_headless_commands_and_the_gui_without_python() -> None:
    if os.environ.get("SVX_BUILD_BUNDLE") == "1":
        build = subprocess.run(
            ["make", "bundle"], cwd=ROOT, capture_output=True, text=True, timeout=1800
        )
        assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    if not (BUNDLE / "svx-desktop").exists():
        pytest.skip("no bundle in dist/svx (make bundle, or SVX_BUILD_BUNDLE=1)")
    done = subprocess.run(
        ["sh", str(ROOT / "packaging" / "check_bundle.sh"), str(BUNDLE)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"svx {__version__} " in done.stdout
    assert "svx-desktop to the first painted window" in done.stdout
    assert "bundle-check: ok:" in done.stdout
