"""Shared helpers for the benchmarks: scratch space on the project's disk, statistics, tables."""

from __future__ import annotations

import math
import os
import platform
import random
import shutil
import statistics
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from counter.store import driver
from counter.validation import expected_check_character, expected_credit_code_check

PROJECT_ROOT = Path(__file__).resolve().parents[2]

# Memory-backed file systems: an fsync there costs nothing, so a figure measured on
# one says nothing about a desk's disk.
_MEMORY_FILESYSTEMS = {"tmpfs", "ramfs", "devtmpfs"}


# ---- where the benchmarks write ------------------------------------------------------------


def _mount_of(path: Path) -> tuple[str, str, str]:
    """(device, mount point, file system type) of the mount holding `path`."""
    path = path.resolve()
    best = ("?", "/", "?")
    try:
        with open("/proc/mounts", encoding="utf-8") as fh:
            for line in fh:
                device, mount_point, fs_type, *_ = line.split()
                mount_point = mount_point.replace("\\040", " ")
                inside = path == Path(mount_point) or Path(mount_point) in path.parents
                if inside and len(mount_point) >= len(best[1]):
                    best = (device, mount_point, fs_type)
    except OSError:
        pass
    return best


def describe_disk(path: Path) -> str:
    """One line naming the device, file system and free space under `path` (as df shows)."""
    device, mount_point, fs_type = _mount_of(path)
    usage = shutil.disk_usage(path)
    return (
        f"{device} ({fs_type}, mounted on {mount_point}), "
        f"{usage.total / 2**30:.0f} GiB, {usage.free / 2**30:.0f} GiB free"
    )


def scratch_parent() -> Path:
    """The system temp folder when it shares the project's disk, else a folder in the project."""
    candidate = Path(tempfile.gettempdir())
    same_device = os.stat(candidate).st_dev == os.stat(PROJECT_ROOT).st_dev
    if same_device and _mount_of(candidate)[2] not in _MEMORY_FILESYSTEMS:
        return candidate
    return PROJECT_ROOT / ".bench-tmp"


@contextmanager
def scratch_dir(parent: Path | None = None) -> Iterator[Path]:
    """A fresh folder on the project's disk (never a memory file system), removed afterwards."""
    parent = Path(parent) if parent is not None else scratch_parent()
    parent.mkdir(parents=True, exist_ok=True)
    fs_type = _mount_of(parent)[2]
    if fs_type in _MEMORY_FILESYSTEMS:
        raise ValueError(f"{parent} is on {fs_type}; benchmark on the desk's real disk")
    path = Path(tempfile.mkdtemp(prefix="counter-bench-", dir=parent))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def machine_info(path: Path) -> dict[str, str]:
    """What a reader needs to compare figures between machines."""
    cpu = "?"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        cpu = platform.processor() or "?"
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count() or 0
    try:
        with open("/proc/loadavg", encoding="utf-8") as fh:
            load = " ".join(fh.read().split()[:3])
    except OSError:
        load = "?"
    return {
        "cpus": str(usable),
        "load": load,
        "cpu_model": cpu,
        "disk": describe_disk(path),
        "python": platform.python_version(),
        "sqlite": driver.dbapi.sqlite_version,
    }


def print_machine(info: dict[str, str]) -> None:
    print(
        f"machine: {info['cpus']} CPUs, {info['cpu_model']}; Python {info['python']}, "
        f"SQLite {info['sqlite']}"
    )
    print(f"disk:    {info['disk']}")
    print(f"load:    {info['load']} (1, 5, 15 min averages, at the end of the run)")


# ---- figures -------------------------------------------------------------------------------


def percentile(samples: Sequence[float], q: float) -> float:
    """Nearest-rank percentile: the smallest sample with at least q% of samples at or below it."""
    ordered = sorted(samples)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def summarize(samples_s: Sequence[float]) -> dict[str, float]:
    """Median, p99, mean, min and max in milliseconds, from durations in seconds."""
    ms = [s * 1000 for s in samples_s]
    return {
        "n": len(ms),
        "median_ms": statistics.median(ms),
        "p99_ms": percentile(ms, 99),
        "mean_ms": statistics.fmean(ms),
        "min_ms": min(ms),
        "max_ms": max(ms),
    }


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def print_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """A plain-text table: first column left-aligned, the others right-aligned."""
    cells = [[str(h) for h in headers]] + [[_cell(v) for v in row] for row in rows]
    widths = [max(_width(r[i]) for r in cells) for i in range(len(headers))]
    for index, row in enumerate(cells):
        parts = [_pad(row[0], widths[0], left=True)]
        parts += [_pad(v, w, left=False) for v, w in zip(row[1:], widths[1:], strict=True)]
        print("  ".join(parts).rstrip())
        if index == 0:
            print("  ".join("-" * w for w in widths))


def _cell(value: object) -> str:
    return f"{value:.2f}" if isinstance(value, float) else str(value)


def _width(text: str) -> int:
    # CJK characters take two columns on a terminal.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _pad(text: str, width: int, *, left: bool) -> str:
    fill = " " * (width - _width(text))
    return text + fill if left else fill + text


# ---- realistic applicants ------------------------------------------------------------------

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文斌海燕鹏辉"
# County-level division codes of Taiyuan (太原市) and a few neighbours.
REGIONS = ("140121", "140105", "140106", "140107", "140108", "140109", "140110", "140122")
STREETS = ("清泉东路", "迎宾路", "文源路", "晋阳街", "美锦大街", "新民街", "长风街", "学府街")


def person_name(rng: random.Random) -> str:
    given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
    return rng.choice(SURNAMES) + given


def resident_id(rng: random.Random, born: date | None = None) -> str:
    """A well-formed GB 11643 number (valid check character) for a made-up person."""
    if born is None:
        born = date(rng.randint(1950, 2004), rng.randint(1, 12), rng.randint(1, 28))
    first17 = f"{rng.choice(REGIONS)}{born:%Y%m%d}{rng.randint(1, 999):03d}"
    return first17 + expected_check_character(first17)


def credit_code(rng: random.Random) -> str:
    """A well-formed GB 32100 unified social credit code (valid check character)."""
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    body = "".join(rng.choice(alphabet) for _ in range(9))
    first17 = f"91{rng.choice(REGIONS)}{body}"
    return first17 + expected_credit_code_check(first17)


def mobile(rng: random.Random) -> str:
    return f"1{rng.choice('3456789')}{rng.randint(0, 999_999_999):09d}"


def address(rng: random.Random) -> str:
    return f"山西省太原市清徐县{rng.choice(STREETS)}{rng.randint(1, 300)}号"
