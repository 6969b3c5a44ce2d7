"""Fuzzing the loader inside ``make test``: 3,000 mutated inputs plus hypothesis JSON.

Nothing may raise anything but ``SvxLoadError`` or take over 2 s; whatever loads must
save and load back equal. ``make fuzz`` runs the same harness with 50,000+ inputs.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.safety import fuzz_loader
from tests.safety.tools import REPO

TRIALS = 3_000


def test_thousands_of_mutated_files_only_raise_the_loaders_error() -> None:
    result = fuzz_loader.run(TRIALS, seed=20261123)
    assert result.trials == TRIALS
    assert not result.failures, "\n".join(
        f"{f.reason}\n  {f.data[:200]!r}" for f in result.failures[:5]
    )
    # The mix reaches both outcomes: some mutants still load, most are refused.
    assert result.loaded > 100
    assert result.refused > TRIALS // 2
    print(result.summary())


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=5)
        | st.dictionaries(
            st.sampled_from(["id", "name", "x", "y", "label", "format", "version", "meta"])
            | st.text(max_size=5),
            children,
            max_size=5,
        )
    ),
    max_leaves=30,
)


def _check(data: bytes) -> None:
    result = fuzz_loader.FuzzResult()
    fuzz_loader.check_one(data, result)
    assert not result.failures, result.failures[0].reason


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(json_values)
def test_random_json_documents(value: Any) -> None:
    _check(json.dumps(value, allow_nan=True).encode("utf-8", "surrogatepass"))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.fixed_dictionaries(
        {"format": st.just("svx"), "version": st.just(1)},
        optional={
            "meta": json_values,
            "organisation": json_values,
            "stakeholders": st.lists(json_values, max_size=3),
            "flows": st.lists(json_values, max_size=3),
            "notes": st.lists(json_values, max_size=3),
            "categories": st.lists(json_values, max_size=3),
        },
    )
)
def test_random_documents_with_a_valid_envelope(value: dict[str, Any]) -> None:
    _check(json.dumps(value, allow_nan=True).encode("utf-8", "surrogatepass"))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_random_bytes(data: bytes) -> None:
    _check(data)


def test_standalone_fuzzer_reports_trials_and_failures() -> None:
    proc = subprocess.run(
        [sys.executable, "tests/safety/fuzz_loader.py", "-n", "300", "--seed", "5"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "trials=300" in proc.stdout and "failures=0" in proc.stdout
