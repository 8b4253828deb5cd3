"""The benchmark runs end to end with tiny sizes (its figures are not checked: machines vary)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from support import ROOT

pytestmark = pytest.mark.slow


def test_benchmark_smoke_run(tmp_path):
    pytest.importorskip("pyte")
    if not (ROOT / ".venv").exists() and not (ROOT / "benchmarks").exists():
        pytest.skip("not a source checkout")
    out = tmp_path / "RESULTS.md"
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--out", str(out)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    text = out.read_text(encoding="utf-8")
    assert "| Start-up, shipped store ≤ 1.3× bare Textual |" in text
    assert "| typing, 198 partners |" in text
    assert "Machine: " in text
