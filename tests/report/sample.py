"""The SYNTHETIC sample run for report tests: the committed one, or a fresh generation of it."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import SAMPLE_RUN


def sample_run(tmp_root: Path) -> Path:
    """``traces/sample-sd15-iphone13promax`` if committed, else the generator's output in tmp."""
    if (SAMPLE_RUN / "run-1").is_dir():
        return SAMPLE_RUN
    from tests.synthetic.run import write_run
    from tests.synthetic.scenarios import sample_scenario

    out = tmp_root / SAMPLE_RUN.name
    write_run(sample_scenario(), out)
    return out
