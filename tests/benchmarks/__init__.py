"""Benchmarks: each prints our figure beside a baseline measured in the same run.

Not part of the default test run (pyproject ignores this folder). Run them on
a quiet machine, from the project root:

    .venv/bin/python -m tests.benchmarks.bench_intake [--n 300] [--profile]
    .venv/bin/python -m tests.benchmarks.bench_queue [--cases 200000] [--runs 200] [--no-cache]
    .venv/bin/pytest tests/benchmarks -s          # both, full size, tables printed

- `bench_intake`: one durable intake (`counter.intake.submit.submit_intake`) against a
  bare SQLite INSERT + COMMIT of one row as large as a serialized case, same
  pragmas (WAL, synchronous=FULL), same disk; plus the intake's own SQL
  replayed through sqlite3, the floor for that transaction. Targets: median
  within 2.5x the bare commit (issue #10), p99 under 20 ms. `--profile` adds a cProfile
  breakdown.
- `bench_queue`: today's queue (`queue_ids` + `queue_rows` for one screen) in a
  store holding a year of cases, against the same SELECTs through sqlite3, with
  the query plans. Target: under 50 ms.

Targets are reported as PASS or MISS and never asserted: the machines are
shared and noisy. Each module has a `run(...) -> dict` that
`tests/test_benchmarks_smoke.py` calls with tiny sizes in the default run, so
the benchmarks keep working. Figures are recorded in docs/PERFORMANCE.md.
Scratch files go to a temporary folder on the project's disk, never to a
memory file system (`--dir` chooses another parent folder).
"""
