"""SIGTERM at random moments of ``aqm pmf run`` (no test hook): how often is the output set
mixed (some files of the old run, some of the new) or are temporaries/locks left behind?

An old set is written with seed 1 and a reference new set with seed 2 (runs are deterministic);
each trial restores the old set, starts the seed-2 run, sends SIGTERM after a uniform random
0.5-1.0 x the run's duration and classifies each file that differs between the two sets.

Run: python benchmarks/output_set_sigterm.py WORKDIR [TRIALS]
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from aqm.pmf import simulate


def main(work: Path, trials: int) -> None:
    work.mkdir(parents=True, exist_ok=True)
    data = simulate(n_samples=60, seed=3)
    data.conc.to_csv(work / "c.csv")
    data.unc.to_csv(work / "u.csv")
    command = [
        sys.executable,
        "-m",
        "aqm.cli",
        "pmf",
        "run",
        "--conc",
        "c.csv",
        "--unc",
        "u.csv",
        "--factors",
        "3",
        "--runs",
        "2",
        "--no-progress",
        "--out",
        "r.nc",
        "--plot",
        "r.png",
        "--bootstrap",
        "5",
    ]

    def outputs() -> dict[str, bytes]:
        return {p.name: p.read_bytes() for p in work.iterdir() if p.name.startswith("r")}

    def run(seed: int) -> float:
        start = time.monotonic()
        subprocess.run([*command, "--seed", str(seed)], cwd=work, check=True, capture_output=True)
        return time.monotonic() - start

    run(2)
    new = outputs()
    duration = run(1)
    old = outputs()
    differing = [n for n in old if old[n] != new.get(n)]
    rng = random.Random(0)
    outcomes = {"old": 0, "new": 0, "mixed or other": 0}
    leftovers = 0
    for _ in range(trials):
        for name, content in old.items():
            (work / name).write_bytes(content)
        proc = subprocess.Popen(
            [*command, "--seed", "2"],
            cwd=work,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.5, 1.0) * duration)
        proc.send_signal(signal.SIGTERM)
        proc.wait()
        now = outputs()
        kinds = {
            "old" if now.get(n) == old[n] else "new" if now.get(n) == new[n] else "other"
            for n in differing
        }
        outcomes[kinds.pop() if kinds in ({"old"}, {"new"}) else "mixed or other"] += 1
        leftovers += any(".tmp-" in p.name or ".lock" in p.name for p in work.iterdir())
    print(
        f"run {duration:.2f} s, {len(differing)} of {len(old)} files differ between the sets; "
        f"{trials} trials: {outcomes}; trials leaving .tmp-/.lock files: {leftovers}"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 10)
