"""Start-up: a new process to a usable sign-in screen, beside a bare PySide6 window.

``python -m tests.benchmarks.bench_startup [--runs 7] [--dir PATH]``

Each run starts a new Python process and times, from the parent, the moment
the child is spawned to the moment it says its first window is on screen
(shown, exposed, events processed). The app's run goes through the real
`ui.shell.app.run_app` (opening the desk's store, the translator, the task runner,
the demo platform starting in the background) with only the sign-in dialog's
modal wait replaced by "report and leave". The baseline is a process that
imports PySide6, makes a QApplication and shows an empty QWidget, in the same
run, alternating with ours so that load on the machine falls on both alike.

The first start of a new desk (creating and seeding the store) is timed once
on its own; the runs after it start an existing desk, as a clerk's morning does.
The operating system's file cache is warm in every run (a machine just booted
will be slower for both). Target: under 1.5 s to the sign-in screen.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from tests.benchmarks._common import (
    PROJECT_ROOT,
    machine_info,
    print_machine,
    print_table,
    scratch_dir,
    summarize,
    verdict,
)

TARGET_S = 1.5
DEFAULT_RUNS = 7
READY = "window-ready"

_WAIT_EXPOSED = f"""
READY = {READY!r}

def _wait_exposed(app, widget):
    import time
    deadline = time.monotonic() + 20
    while not (widget.isVisible() and widget.windowHandle() is not None
               and widget.windowHandle().isExposed()):
        if time.monotonic() > deadline:
            raise SystemExit("the window never showed")
        app.processEvents()
    app.processEvents()
"""

APP_CHILD = _WAIT_EXPOSED + """
import sys
from PySide6.QtWidgets import QApplication
from ui.shell import login

def _ask(runner, opened, translations, parent=None):
    dialog = login.LoginDialog(runner, opened, translations, parent)
    dialog.show()
    _wait_exposed(QApplication.instance(), dialog)
    assert dialog.username.isEnabled()
    print(READY, flush=True)
    dialog.close()
    return None  # as if the clerk closed the sign-in: run_app returns 0

login.LoginDialog.ask = staticmethod(_ask)
from ui.shell.app import run_app
sys.exit(run_app())
"""

BARE_CHILD = _WAIT_EXPOSED + """
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
window = QWidget()
window.resize(420, 300)
window.show()
_wait_exposed(app, window)
print(READY, flush=True)
"""


def time_child(code: str, home: Path) -> float:
    """Seconds from spawning a Python process running `code` to its READY line."""
    env = dict(os.environ, COUNTER_DESK_HOME=str(home), QT_QPA_PLATFORM="offscreen",
               PYTHONDONTWRITEBYTECODE="1")
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", code], cwd=PROJECT_ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert process.stdout is not None
        for line in process.stdout:
            if line.strip() == READY:
                return time.perf_counter() - started
        raise RuntimeError(f"the child exited ({process.wait()}) without showing its window")
    finally:
        if process.stdout is not None:
            process.stdout.close()
        process.wait(timeout=60)


def run(runs: int = DEFAULT_RUNS, directory: Path | None = None) -> dict:
    with scratch_dir(directory) as scratch:
        home = scratch / "desk"
        first = time_child(APP_CHILD, home)
        ours: list[float] = []
        bare: list[float] = []
        for _ in range(runs):
            bare.append(time_child(BARE_CHILD, home))
            ours.append(time_child(APP_CHILD, home))
        info = machine_info(scratch)
    ours_s = summarize(ours)
    bare_s = summarize(bare)
    return {
        "runs": runs,
        "first_start_ms": first * 1000,
        "ours": ours_s,
        "baseline": bare_s,
        "extra_median_ms": ours_s["median_ms"] - bare_s["median_ms"],
        "target_met": ours_s["max_ms"] < TARGET_S * 1000,
        "machine": info,
    }


def report(result: dict) -> None:
    print_machine(result["machine"])
    ours, bare = result["ours"], result["baseline"]
    print(f"\nStart to a usable window, {result['runs']} runs each, alternating (ms):")
    print_table(
        ["", "median", "min", "max"],
        [
            ["counter-desk sign-in screen", f"{ours['median_ms']:.0f}", f"{ours['min_ms']:.0f}",
             f"{ours['max_ms']:.0f}"],
            ["bare PySide6 window", f"{bare['median_ms']:.0f}", f"{bare['min_ms']:.0f}",
             f"{bare['max_ms']:.0f}"],
        ],
    )
    print(f"first start of a new desk (store created and seeded): "
          f"{result['first_start_ms']:.0f} ms")
    print(f"ours minus bare, median: {result['extra_median_ms']:.0f} ms")
    print(f"target: every run under {TARGET_S * 1000:.0f} ms: {verdict(result['target_met'])}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS)
    parser.add_argument("--dir", type=Path, default=None, help="where to make the scratch folder")
    args = parser.parse_args(argv)
    report(run(args.runs, args.dir))


if __name__ == "__main__":
    main()
