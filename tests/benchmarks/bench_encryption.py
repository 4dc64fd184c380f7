"""Encryption benchmark: the same intake on an encrypted store beside a plain one.

- ours: `submit_intake` on a store keyed with a 256-bit raw key (SQLCipher 4,
  its default page cipher and HMAC), WAL, `synchronous=FULL`, the one intake
  transaction as ever;
- baseline: the same intake, same request, on the same desk's plain store,
  interleaved round by round so a busy neighbour slows both alike.

Both stores start as the same demo desk (the encrypted one is exported from
the plain one under its key). Target (issue "personal data safe at rest"):
the encrypted intake's median within 1.3x the plain one's.

    python -m tests.benchmarks.bench_encryption [--n 300] [--warmup 30]
"""

from __future__ import annotations

import argparse
import os
import random
import time
from contextlib import closing
from pathlib import Path

from counter.bootstrap import open_desk
from counter.desk import Desk
from counter.intake.submit import submit_intake
from counter.settings import Settings
from counter.store import driver
from counter.store.database import Store
from counter.users import sign_in
from tests.benchmarks._common import (
    machine_info,
    print_machine,
    print_table,
    scratch_dir,
    summarize,
    verdict,
)
from tests.benchmarks.bench_intake import _request

DEFAULT_N = 300
DEFAULT_WARMUP = 30
TARGET_RATIO = 1.3


def run(n: int = DEFAULT_N, *, warmup: int = DEFAULT_WARMUP, directory: Path | None = None) -> dict:
    """Time `n` intakes on each store after `warmup` of each; return the figures."""
    rng = random.Random(20261204)
    with scratch_dir(directory) as tmp:
        opened = open_desk(tmp / "plain", Settings())
        plain = opened.desk
        key = os.urandom(driver.KEY_BYTES)
        (tmp / "encrypted").mkdir()
        with closing(plain.store.raw_connection()) as source:
            driver.export_copy(source, tmp / "encrypted" / "counter.db", key)
        encrypted = Desk(Store(tmp / "encrypted" / "counter.db", key=key),
                         plain.office_code, plain.desk_code)
        try:
            actor = sign_in(plain.store, "clerk", "demo1234")
            for _ in range(warmup):
                request = _request(rng)
                submit_intake(plain, actor, request)
                submit_intake(encrypted, actor, request)
            ours: list[float] = []
            base: list[float] = []
            clock = time.perf_counter
            for _ in range(n):
                request = _request(rng)
                t0 = clock()
                submit_intake(encrypted, actor, request)
                t1 = clock()
                submit_intake(plain, actor, request)
                t2 = clock()
                ours.append(t1 - t0)
                base.append(t2 - t1)
            encrypted_file = (tmp / "encrypted" / "counter.db").read_bytes()[:16]
            machine = machine_info(tmp)
        finally:
            encrypted.store.dispose()
            plain.store.dispose()
    result = {
        "n": n,
        "warmup": warmup,
        "ours": summarize(ours),
        "baseline": summarize(base),
        "header_is_plain_sqlite": encrypted_file.startswith(b"SQLite format 3"),
        "cipher": _cipher_version(),
        "machine": machine,
    }
    result["ratio_median"] = result["ours"]["median_ms"] / result["baseline"]["median_ms"]
    result["targets"] = {"median_within_1_3x": result["ratio_median"] <= TARGET_RATIO}
    return result


def _cipher_version() -> str:
    with closing(driver.connect(":memory:", os.urandom(driver.KEY_BYTES))) as conn:
        return conn.execute("PRAGMA cipher_version").fetchone()[0]


def report(result: dict) -> None:
    print()
    print(f"Encryption benchmark: {result['n']} intakes on each store after "
          f"{result['warmup']} warm-up, interleaved; SQLCipher {result['cipher']}")
    print_machine(result["machine"])
    rows = [(label, s["median_ms"], s["p99_ms"], s["min_ms"], s["max_ms"])
            for label, s in (("ours: submit_intake, encrypted store", result["ours"]),
                             ("baseline: submit_intake, plain store", result["baseline"]))]
    print_table(("", "median ms", "p99 ms", "min ms", "max ms"), rows)
    print(f"the encrypted file starts with the SQLite header: {result['header_is_plain_sqlite']}")
    print(f"ratio of medians, encrypted / plain: {result['ratio_median']:.2f}x")
    print(f"target: median within {TARGET_RATIO}x the plain store: "
          f"{verdict(result['targets']['median_within_1_3x'])} ({result['ratio_median']:.2f}x)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=DEFAULT_N, help="timed rounds (default 300)")
    parser.add_argument("--warmup", type=int, default=DEFAULT_WARMUP, help="untimed rounds first")
    parser.add_argument("--dir", type=Path, default=None, help="where to make the scratch folder")
    args = parser.parse_args(argv)
    report(run(args.n, warmup=args.warmup, directory=args.dir))


if __name__ == "__main__":
    main()
