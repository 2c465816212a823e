"""`make bench`: every figure of issue 11 in one run, written to bench/RESULTS.md and bench/results.json.

In order: pgbench TPC-B (the machine's yardstick, in a database of its own), the lifecycle driver at
1, 4 and 8 clients (bench/lifecycle_bench.py), the query counts (tests/performance, at 10 and 1 000
rows), the growth comparison (bench/growth_bench.py), the photo pipeline (bench/photos_bench.py) and
the Odoo postings (bench/odoo_postings_bench.py). Every database is this run's own and dropped after.
The last line printed is

    bench: lifecycles_per_s_c4=X p95_ms_max_c4=Y queries_max=Z growth_max_ratio=W photo_ratio=V pgbench_tps=T errors=E

BENCH_QUICK=1 shortens everything to a smoke run of a minute or two (not figures to quote).
"""
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PY = sys.executable
QUICK = os.environ.get("BENCH_QUICK") == "1"
PG_OWNER = "postgres://returnflow_owner:returnflow@127.0.0.1:5432/{db}"
commands: list[str] = []


def run(argv, *, env=None, timeout=600, capture=True) -> subprocess.CompletedProcess:
    commands.append(" ".join(str(a) for a in argv))
    print(f"bench: $ {commands[-1]}", file=sys.stderr, flush=True)
    return subprocess.run([str(a) for a in argv], cwd=ROOT, env={**os.environ, **(env or {})}, timeout=timeout,
                          capture_output=capture, text=True)


def spread(values) -> dict:
    values = [v for v in values if v is not None]
    if not values:
        return {"min": None, "median": None, "max": None}
    return {"min": min(values), "median": round(statistics.median(values), 3), "max": max(values)}


def last_json(text: str) -> dict:
    return json.loads(text.strip().splitlines()[-1])


def pgbench() -> dict:
    db = f"returnflow_pgbench_{uuid.uuid4().hex[:8]}"
    url = PG_OWNER.format(db=db)
    run(["psql", PG_OWNER.format(db="postgres"), "-qc", f'CREATE DATABASE "{db}"'])
    try:
        run(["pgbench", "-i", "-q", "-s", "10", url])
        tps = []
        for _ in range(1 if QUICK else 3):
            out = run(["pgbench", "-b", "tpcb-like", "-c", "4", "-j", "2", "-T", "3" if QUICK else "10", url]).stdout
            found = re.search(r"tps = ([\d.]+) \(without initial connection time\)", out)
            tps.append(float(found.group(1)) if found else None)
        return {"tps": spread(tps), "runs": tps, "scale": 10, "clients": 4}
    finally:
        run(["psql", PG_OWNER.format(db="postgres"), "-qc", f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)'])


def lifecycles() -> dict:
    argv = [PY, "bench/lifecycle_bench.py"] + (["--clients", "1,4", "--rounds", "1", "--per-client", "1"]
                                               if QUICK else [])
    done = run(argv, timeout=480)
    if done.returncode != 0:
        return {"failed": done.stderr[-3000:]}
    result = last_json(done.stdout)
    by_clients = {}
    for level in result["levels"]:
        by_clients.setdefault(level["clients"], []).append(level)
    result["summary"] = {
        f"c{clients}": {"lifecycles_per_s": spread([r["lifecycles_per_s"] for r in rounds]),
                        "p95_ms_max": spread([r["p95_ms_max"] for r in rounds]),
                        "lag_p95_s": spread([r["lag_p95_s"] for r in rounds]),
                        "errors": sum(len(r["errors"]) for r in rounds)}
        for clients, rounds in by_clients.items()}
    return result


def query_counts() -> dict:
    report = Path(tempfile.mkstemp(suffix=".jsonl")[1])
    db = f"returnflow_queries_{uuid.uuid4().hex[:8]}"  # pytest makes and drops test_<db>
    done = run([PY, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/performance/"],
               env={"QUERY_COUNT_REPORT": str(report), "DATABASE_URL": f"postgres://returnflow:returnflow@127.0.0.1:5432/{db}",
                    "DATABASE_OWNER_URL": PG_OWNER.format(db=db)})
    counts: dict[str, dict] = {}
    for line in report.read_text().splitlines():
        row = json.loads(line)
        slot = counts.setdefault(row["request"], {})
        slot[str(row["rows"])] = max(slot.get(str(row["rows"]), 0), row["queries"])
    report.unlink()
    return {"passed": done.returncode == 0, "tail": done.stdout[-600:], "per_request": counts,
            "max": max((n for c in counts.values() for n in c.values()), default=None)}


def growth() -> dict:
    argv = [PY, "bench/growth_bench.py"] + (["--small", "2000", "--top", "6000", "--rounds", "2"] if QUICK else [])
    done = run(argv, timeout=1800)
    return last_json(done.stdout) if done.returncode == 0 else {"failed": done.stderr[-3000:]}


def photos() -> dict:
    out = HERE / "results" / "photos.txt"
    done = run([PY, "bench/photos_bench.py", "--rounds", "3" if QUICK else "9", "--mem-rounds", "1" if QUICK else "3",
                "--out", out])
    ratio = re.search(r"time ratio b/a \(median\): ([\d.]+)", done.stdout)
    return {"ratio": float(ratio.group(1)) if ratio else None, "report": done.stdout[-1200:]}


def odoo_postings() -> dict:
    done = run([PY, "bench/odoo_postings_bench.py"], timeout=300)
    return {"passed": done.returncode == 0, "report": (done.stdout or done.stderr)[-1500:]}


def machine() -> dict:
    return {"host": platform.node(), "cpus": os.cpu_count(), "python": platform.python_version(),
            "platform": platform.platform(), "load_before": os.getloadavg()}


def write_report(results: dict, line: str):
    (HERE / "results.json").write_text(json.dumps(results, indent=2, default=str) + "\n")
    lc = results["lifecycles"].get("summary", {})
    rows = ["| clients | lifecycles/s min / median / max | p95 ms (worst endpoint) | release→refunded p95 s | errors |",
            "|---|---|---|---|---|"]
    for key, s in lc.items():
        rows.append(f"| {key[1:]} | {s['lifecycles_per_s']['min']} / {s['lifecycles_per_s']['median']} / "
                    f"{s['lifecycles_per_s']['max']} | {s['p95_ms_max']['median']} | {s['lag_p95_s']['median']} | "
                    f"{s['errors']} |")
    growth_rows = ["| request | at small, median ms | at top, median ms | ratio |", "|---|---|---|---|"]
    g = results["growth"]
    for name, ratio in g.get("ratios", {}).items():
        small, top = g["at_small_ms"][name]["median"], g["at_top_ms"][name]["median"]
        growth_rows.append(f"| {name} | {small} | {top} | {ratio} |")
    query_rows = ["| request | 10 rows | 1 000 rows |", "|---|---|---|"]
    for name, by_rows in sorted(results["queries"]["per_request"].items()):
        query_rows.append(f"| `{name}` | {by_rows.get('10', '')} | {by_rows.get('1000', '')} |")
    quick_note = " · **QUICK smoke run: not figures to quote**" if QUICK else ""
    text = f"""# Benchmark results (`make bench`)

{results['date']} · commit `{results['commit']}` · {results['machine']['cpus']} CPUs · Python
{results['machine']['python']} · load before the run {results['machine']['load_before']}{quick_note}

    {line}

## Lifecycles over the REST API (gunicorn 2 workers, one Celery worker -c 2, Odoo test sandbox)

{chr(10).join(rows)}

pgbench TPC-B (scale 10, 4 clients) in the same run: {results['pgbench']['tps']} tps.

## Growth: {g.get('small')} → {g.get('top')} returns

{chr(10).join(growth_rows)}

## SQL queries per request (tests/performance)

{chr(10).join(query_rows)}

## Photos and Odoo postings

Photo pipeline time ratio (module / naive): {results['photos']['ratio']}

```
{results['odoo_postings']['report'].strip()}
```

## Exact commands

```
{chr(10).join(results['commands'])}
```
"""
    (HERE / "RESULTS.md").write_text(text)


def main() -> int:
    started = time.monotonic()
    results = {"date": datetime.now(UTC).isoformat(timespec="seconds"),
               "commit": subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                        text=True).stdout.strip(),
               "machine": machine(), "quick": QUICK}
    results["pgbench"] = pgbench()
    results["lifecycles"] = lifecycles()
    results["queries"] = query_counts()
    results["growth"] = growth()
    results["photos"] = photos()
    results["odoo_postings"] = odoo_postings()
    results["seconds"] = round(time.monotonic() - started)
    results["commands"] = commands
    c4 = results["lifecycles"].get("summary", {}).get("c4", {})
    errors = sum(s["errors"] for s in results["lifecycles"].get("summary", {}).values())
    errors += int("failed" in results["lifecycles"]) + int(not results["queries"]["passed"])
    errors += int("failed" in results["growth"]) + int(not results["odoo_postings"]["passed"])
    line = (f"bench: lifecycles_per_s_c4={c4.get('lifecycles_per_s', {}).get('median')} "
            f"p95_ms_max_c4={c4.get('p95_ms_max', {}).get('median')} queries_max={results['queries']['max']} "
            f"growth_max_ratio={results['growth'].get('max_ratio')} photo_ratio={results['photos']['ratio']} "
            f"pgbench_tps={results['pgbench']['tps']['median']} errors={errors}")
    write_report(results, line)
    print(line)
    return 0 if errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
