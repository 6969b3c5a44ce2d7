"""The wheel ships ``resources/`` as ``svx_desktop.resources``, and the installed package works.

Builds the wheel from a copy of the sources (so the checkout gets no ``build/`` folder),
installs it with ``pip install --no-deps --target`` into a temporary folder, then starts a
Python that sees only that folder plus this environment's site-packages (for pydantic and
networkx; ``-S`` keeps the editable install's path hook out) and loads every bundled
template and the example through ``importlib.resources`` (and renders the HTML report from
the template the export package ships).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

CHECK = """
import json, sys
from importlib import resources
from pathlib import Path

import svx_desktop
from svx_desktop.fileformat import loads
from svx_desktop.fileformat.templates import list_templates, load_template

installed = Path(sys.argv[1]).resolve()
assert Path(svx_desktop.__file__).resolve().is_relative_to(installed), svx_desktop.__file__
root = resources.files("svx_desktop.resources")
assert Path(str(root)).resolve().is_relative_to(installed), root
example = loads(root.joinpath("examples", "bank.svx").read_bytes(), "bank.svx").map
names = [name for name, _title, _description in list_templates()]
from svx_desktop.export.report import write_report_html
report = write_report_html(example)
assert report.startswith(b"<!DOCTYPE html>") and b"Bank" in report, report[:200]
maps = {name: load_template(name) for name in names}
print(json.dumps({
    "example": example.organisation.name,
    "templates": names,
    "bank_stakeholders": len(maps["bank"].stakeholders),
}))
"""


def _run(
    cmd: list[str], env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        cmd, capture_output=True, text=True, timeout=300, check=False, env=env, cwd=cwd
    )
    assert proc.returncode == 0, f"{cmd[:4]} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc


@pytest.mark.slow
def test_installed_wheel_carries_templates_and_examples(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, src / name)
    for name in ("svx_desktop", "resources"):
        shutil.copytree(ROOT / name, src / name, ignore=ignore)

    dist = tmp_path / "dist"
    _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--no-index", "--quiet", "-w", str(dist), str(src)],
    )  # fmt: skip
    (wheel,) = dist.glob("svx_desktop-*.whl")

    target = tmp_path / "site"
    _run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--quiet",
         "--target", str(target), str(wheel)],
    )  # fmt: skip
    assert (target / "svx_desktop" / "resources" / "templates" / "bank.svx").is_file()
    assert (target / "svx_desktop" / "export" / "templates" / "report.html.j2").is_file()

    site_packages = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PYTHONPATH"] = os.pathsep.join([str(target), *sorted(site_packages)])
    run_dir = tmp_path / "elsewhere"
    run_dir.mkdir()
    proc = _run([sys.executable, "-S", "-c", CHECK, str(target)], env=env, cwd=run_dir)
    result = proc.stdout.strip().splitlines()[-1]
    assert '"example": "Bank"' in result
    assert '"bank_stakeholders": 9' in result
    for name in ("blank", "bank", "retail", "public-service", "charity", "b2b-manufacturer"):
        assert f'"{name}"' in result

    # The console entry point's module runs from the installed copy as well.
    proc = _run([sys.executable, "-S", "-m", "svx_desktop.cli", "templates"], env=env, cwd=run_dir)
    assert proc.stdout.startswith("blank")

    # The commands pip made from the wheel's entry points (what pipx puts on PATH) work:
    # ``svx`` lists the bundled templates, ``svx-desktop`` answers --version.
    for script, args, expected in (
        ("svx", ["templates"], "blank "),
        ("svx-desktop", ["--version"], "svx-desktop 0.1.0"),
    ):
        wrapper = target / "bin" / script
        assert wrapper.is_file(), f"the wheel declares no {script} command"
        proc = _run([sys.executable, "-S", str(wrapper), *args], env=env, cwd=run_dir)
        assert proc.stdout.startswith(expected), proc.stdout
    # The icon master and the licence travel with it.
    assert (target / "svx_desktop" / "resources" / "icons" / "svx.svg").is_file()
    (dist_info,) = target.glob("svx_desktop-*.dist-info")
    assert [p.name for p in dist_info.rglob("LICENSE")] == ["LICENSE"]
