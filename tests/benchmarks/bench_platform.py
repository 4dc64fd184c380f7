"""Platform load harness: a province's desks reconnecting at once after an outage.

    python -m tests.benchmarks.bench_platform [--desks 1000] [--backlog 50] [--workers 2]
        [--desks-per-office 4] [--clients 4] [--threads 8]

A throwaway PostgreSQL cluster is made and started the way CI does, on
loopback. The reference platform runs as an operator runs it
(`counter-desk exchange serve --workers N`) with its department simulator
deciding cases a second or two after they arrive. D desks, in offices of a
few desks each, are registered; each holds a backlog of B intakes (one upload
batch) built before the start. A bounded number of client processes, each
with a few threads, then play the desks all at once: each desk uploads its
backlog and pulls its office's feed to the end, while the other desks still
upload and the simulator publishes decisions. When every case is decided,
each desk pulls once more to the end.

Figures:

- ours: cases ingested per second, from the start signal to the last upload's
  answer; upload latency p50 / p99 (one batch of B cases per request);
- baseline: the same rows (every answer kept, case and feed entry the
  platform wrote) written to a fresh database of the same PostgreSQL by bare
  psycopg — COPY, one transaction per desk's batch, from as many connections
  as the platform's pool — in the same run;
- the feed: for every desk, every change of its office and of the stream
  for every office received, each exactly once and in position order; lost,
  duplicated and out-of-order counts (must be 0).

Targets (issue #10): at least 3,000 cases/s with two workers, within 4x the
bare baseline; nothing lost, duplicated or out of order. Reported as PASS or
MISS; only the feed's counts are asserted (by the small run in the default
tests).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import subprocess
import threading
import time
import uuid
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import psycopg
import requests
from sqlalchemy import text

from sync.server.auth import add_desk
from sync.server.db import make_engine, session_scope
from sync.server.schema import prepare
from tests import pg_cluster
from tests.benchmarks._common import machine_info, percentile, print_machine, print_table, verdict
from tests.sync.conftest import intake_payload
from tests.sync.platform_process import new_database, serve

_CASE_ROWS = ("x_received_item", "x_case", "x_change")


@dataclass(frozen=True)
class DeskSpec:
    office_code: str
    desk_code: str
    token: str


# -- the desks' side (client processes) ----------------------------------------------------


def _body(spec: DeskSpec, backlog: int) -> bytes:
    items = []
    for n in range(1, backlog + 1):
        number = f"{spec.office_code}-{spec.desk_code}-20260302-{n:04d}"
        payload = intake_payload(spec.office_code, spec.desk_code, acceptance_no=number)
        items.append({"idempotency_key": str(uuid.uuid4()), "kind": "case.intake",
                      "case_id": payload["case_id"], "payload": payload,
                      "created_at": "2026-03-02T01:30:00+00:00"})
    desk = {"office_code": spec.office_code, "desk_code": spec.desk_code}
    return json.dumps({"desk": desk, "items": items}, ensure_ascii=False).encode()


class _Desk:
    """One desk as a client process plays it: its backlog, its cursor, what it received."""

    def __init__(self, spec: DeskSpec, body: bytes) -> None:
        self.spec, self.body = spec, body
        self.cursor: str | None = None
        self.received: list[str] = []
        self.accepted = 0
        self.latency = 0.0
        self.done_at = 0.0

    def upload(self, http: requests.Session, url: str) -> None:
        headers = {"Authorization": f"Bearer {self.spec.token}",
                   "Content-Type": "application/json"}
        started = time.perf_counter()
        response = http.post(f"{url}/v1/cases/batch", data=self.body, headers=headers, timeout=60)
        self.latency = time.perf_counter() - started
        self.done_at = time.time()
        response.raise_for_status()
        self.accepted = sum(r["status"] == "accepted" for r in response.json()["results"])

    def pull(self, http: requests.Session, url: str) -> None:
        headers = {"Authorization": f"Bearer {self.spec.token}"}
        while True:
            params = {"limit": 500, **({"cursor": self.cursor} if self.cursor else {})}
            response = http.get(f"{url}/v1/changes", params=params, headers=headers, timeout=60)
            response.raise_for_status()
            page = response.json()
            self.received += [c["change_id"] for c in page["changes"]]
            self.cursor = page["next_cursor"]
            if not page["has_more"]:
                return


def _client(specs: list[DeskSpec], url: str, backlog: int, threads: int, pipe) -> None:  # type: ignore[no-untyped-def]
    desks = [_Desk(spec, _body(spec, backlog)) for spec in specs]
    local = threading.local()

    def http() -> requests.Session:
        if not hasattr(local, "session"):
            local.session = requests.Session()
        return local.session

    def reconnect(desk: _Desk) -> None:
        desk.upload(http(), url)
        desk.pull(http(), url)

    pipe.send("ready")
    assert pipe.recv() == "go"
    cpu = _own_cpu_s()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(reconnect, desks))
    pipe.send(([(d.accepted, d.latency, d.done_at) for d in desks], _own_cpu_s() - cpu))
    assert pipe.recv() == "final"
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(lambda d: d.pull(http(), url), desks))
    pipe.send([(d.spec.office_code, d.received) for d in desks])


def _own_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _cpu_s(pids: list[int]) -> float:
    """User and system CPU seconds the processes `pids` have used so far."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / ticks


def _children(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], check=False, capture_output=True,
                           text=True).stdout.split()
    return [int(p) for p in found]


def _postmaster(cluster: pg_cluster.Cluster) -> int:
    return int((cluster.data / "postmaster.pid").read_text().split()[0])


# -- the run --------------------------------------------------------------------------------


def _register(db_url: str, desks: int, per_office: int) -> list[DeskSpec]:
    engine = make_engine(db_url)
    prepare(engine, seed_demo=False)
    specs = []
    with session_scope(engine) as session:
        for n in range(desks):
            office, desk = f"14{n // per_office:04d}", f"{n % per_office + 1:02d}"
            specs.append(DeskSpec(office, desk, add_desk(session, office, desk)))
    engine.dispose()
    return specs


def _wait_decided(db_url: str, timeout: float = 600) -> None:
    engine = make_engine(db_url)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            with engine.connect() as conn:
                open_cases = conn.execute(text(
                    "SELECT count(*) FROM x_case WHERE dept_state IN ('received', 'in_review')"
                )).scalar()
            if open_cases == 0:
                return
            time.sleep(0.5)
    finally:
        engine.dispose()
    raise AssertionError("the department simulator did not decide every case in time")


def _feed_truth(db_url: str) -> dict[str, list[str]]:
    """Every stream's change ids in position order, as the platform holds them."""
    engine = make_engine(db_url)
    truth: dict[str, list[str]] = defaultdict(list)
    with engine.connect() as conn:
        for office, body in conn.execute(text(
            "SELECT office_code, body FROM x_change ORDER BY office_code, position"
        )):
            truth[office].append(json.loads(body)["change_id"])
    engine.dispose()
    return truth


def _check_feed(received: list[tuple[str, list[str]]], truth: dict[str, list[str]]) -> dict:
    lost = duplicated = out_of_order = delivered = 0
    for office, ids in received:
        delivered += len(ids)
        duplicated += len(ids) - len(set(ids))
        for stream, prefix in ((office, "c"), ("*", "g")):
            expected = truth.get(stream, [])
            got = [i for i in ids if i[0] == prefix]
            lost += len(set(expected) - set(got))
            firsts = list(dict.fromkeys(got))
            out_of_order += firsts != [i for i in expected if i in set(firsts)]
    return {"delivered": delivered, "lost": lost, "duplicated": duplicated,
            "out_of_order_desks": out_of_order}


def _baseline(cluster: pg_cluster.Cluster, source_url: str, connections: int) -> dict:
    """The platform's own rows, batch by batch, COPYed into a fresh database by bare psycopg."""
    target_url = new_database(cluster)
    engine = make_engine(target_url)
    prepare(engine, seed_demo=False)
    engine.dispose()
    columns: dict[str, list[str]] = {}
    rows: dict[str, list[dict]] = {}
    with psycopg.connect(_plain(source_url)) as conn:
        for table, where in (("x_case", ""), ("x_received_item", ""),
                             ("x_change", "WHERE kind = 'desk_case'")):
            cursor = conn.execute(f"SELECT * FROM {table} {where} ORDER BY id")
            names = [d.name for d in cursor.description or ()]
            columns[table] = [n for n in names if n != "id"]
            rows[table] = [dict(zip(names, row, strict=True)) for row in cursor]
    # One batch per desk, as each desk sent its backlog in one request.
    desk_of = {r["case_id"]: (r["office_code"], r["desk_code"]) for r in rows["x_case"]}
    batches: dict[tuple[str, str], dict[str, list[tuple]]] = defaultdict(lambda: defaultdict(list))
    for table, table_rows in rows.items():
        for row in table_rows:
            case_id = row.get("case_id") or json.loads(row["body"])["case_id"]
            batches[desk_of[case_id]][table].append(tuple(row[n] for n in columns[table]))
    work = list(batches.values())
    lock = threading.Lock()

    def write(conn: psycopg.Connection) -> None:
        while True:
            with lock:
                if not work:
                    return
                batch = work.pop()
            with conn.transaction():
                for table in _CASE_ROWS:
                    names = ", ".join(columns[table])
                    with conn.cursor().copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                        for row in batch[table]:
                            copy.write_row(row)

    conns = [psycopg.connect(_plain(target_url), autocommit=True) for _ in range(connections)]
    started = time.perf_counter()
    threads = [threading.Thread(target=write, args=(c,)) for c in conns]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    for conn in conns:
        conn.close()
    cases = len(rows["x_case"])
    return {"cases": cases, "seconds": elapsed, "cases_per_s": cases / elapsed}


def _plain(url: str) -> str:
    return url.replace("postgresql+psycopg", "postgresql")


def run(
    desks: int = 1000,
    backlog: int = 50,
    workers: int = 2,
    desks_per_office: int = 4,
    clients: int = 4,
    threads: int = 8,
    db_connections: int = 32,
    directory: Path | None = None,
) -> dict:
    directory = directory or Path(os.environ.get("TMPDIR", "/tmp"))
    with pg_cluster.running(max_connections=max(100, db_connections * 2 + 20)) as cluster:
        db_url = new_database(cluster)
        specs = _register(db_url, desks, desks_per_office)
        served = serve(
            db_url, directory, "--review-after", "1", "--decide-after", "2",
            "--simulator-interval", "0.1", "--db-connections", str(db_connections),
            workers=workers,
        )
        try:
            context = multiprocessing.get_context("spawn")
            pipes, children = [], []
            for n in range(clients):
                parent, child = context.Pipe()
                process = context.Process(
                    target=_client, args=(specs[n::clients], served.url, backlog, threads, child)
                )
                process.start()
                pipes.append(parent)
                children.append(process)
            for pipe in pipes:
                assert pipe.recv() == "ready"
            load_before = os.getloadavg()
            platform_pids = [served.process.pid, *served.worker_pids()]
            database_pids = [_postmaster(cluster), *_children(_postmaster(cluster))]
            cpu_before = (_cpu_s(platform_pids), _cpu_s(database_pids))
            go = time.time()
            for pipe in pipes:
                pipe.send("go")
            answers = [pipe.recv() for pipe in pipes]
            uploads = [r for desk_answers, _ in answers for r in desk_answers]
            ingest_s = max(done for _, _, done in uploads) - go
            load_after = os.getloadavg()
            database_pids = [_postmaster(cluster), *_children(_postmaster(cluster))]
            cpu = {
                "platform": _cpu_s(platform_pids) - cpu_before[0],
                "postgresql": _cpu_s(database_pids) - cpu_before[1],
                "clients": sum(client_cpu for _, client_cpu in answers),
            }
            _wait_decided(db_url)
            for pipe in pipes:
                pipe.send("final")
            received = [r for pipe in pipes for r in pipe.recv()]
            for process in children:
                process.join(timeout=60)
        finally:
            served.stop()
        truth = _feed_truth(db_url)
        feed = _check_feed(received, truth)
        baseline = _baseline(cluster, db_url, connections=max(2, db_connections // 2))
    latencies = [latency for _, latency, _ in uploads]
    cases = sum(accepted for accepted, _, _ in uploads)
    ours = cases / ingest_s
    return {
        "desks": desks, "backlog": backlog, "workers": workers, "clients": clients,
        "threads": threads, "offices": len({s.office_code for s in specs}),
        "cases": cases, "ingest_s": ingest_s, "cases_per_s": ours,
        "upload_p50_ms": percentile(latencies, 50) * 1000,
        "upload_p99_ms": percentile(latencies, 99) * 1000,
        "baseline": baseline, "ratio": baseline["cases_per_s"] / ours,
        "feed": feed, "load_during": (load_before, load_after), "cpu_s": cpu,
        "machine": machine_info(directory),
        "targets": {
            "cases_per_s_3000": ours >= 3000,
            "within_4x_baseline": baseline["cases_per_s"] / ours <= 4,
            "feed_exact": feed["lost"] == feed["duplicated"] == feed["out_of_order_desks"] == 0,
        },
    }


def report(result: dict) -> None:
    print(f"\n{result['desks']} desks in {result['offices']} offices reconnecting at once, "
          f"{result['backlog']} cases each; platform with {result['workers']} workers; "
          f"{result['clients']} client processes x {result['threads']} threads")
    base = result["baseline"]
    print_table(
        ["", "cases", "seconds", "cases/s"],
        [
            ["ours: the platform over HTTP", result["cases"], result["ingest_s"],
             result["cases_per_s"]],
            ["baseline: bare psycopg COPY", base["cases"], base["seconds"], base["cases_per_s"]],
        ],
    )
    print(f"ours / baseline: {1 / result['ratio']:.2f} (baseline {result['ratio']:.2f}x faster)")
    print(f"upload latency (one batch of {result['backlog']}): p50 "
          f"{result['upload_p50_ms']:.1f} ms, p99 {result['upload_p99_ms']:.1f} ms")
    feed = result["feed"]
    print(f"feed: {feed['delivered']} changes delivered; lost {feed['lost']}, duplicated "
          f"{feed['duplicated']}, desks out of order {feed['out_of_order_desks']}")
    cpu = result["cpu_s"]
    print(f"CPU seconds while uploading: platform {cpu['platform']:.1f}, PostgreSQL "
          f"{cpu['postgresql']:.1f} (backends that ended meanwhile not counted), desks' clients "
          f"{cpu['clients']:.1f}; wall {result['ingest_s']:.1f} s on "
          f"{result['machine']['cpus']} CPUs")
    before, after = result["load_during"]
    print(f"load average: {before[0]:.2f} at the start, {after[0]:.2f} when the uploads ended")
    for name, ok in result["targets"].items():
        print(f"target {name}: {verdict(ok)}")
    print_machine(result["machine"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--desks", type=int, default=1000)
    parser.add_argument("--backlog", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--desks-per-office", type=int, default=4)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--db-connections", type=int, default=32)
    args = parser.parse_args(argv)
    if not pg_cluster.available():
        print("PostgreSQL server binaries are needed (Debian package postgresql)")
        return 2
    report(run(args.desks, args.backlog, args.workers, args.desks_per_office, args.clients,
               args.threads, args.db_connections))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
