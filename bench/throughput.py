"""Throughput of `--jobs`: the same 8 runs with --jobs 1, 2 and 4, on one practice org.

Each batch is `clickpath check RUNBOOK x8` (Lightning, Italian): check walks the flow up to each
destructive step and proves it without clicking, so the org's state is the same for every run and the
runs can share one org. Batches interleave (1 2 4 1 2 4 ...). Usable alone:
    python3 bench/throughput.py [--rounds 2]   (expects target/release/clickpath to be built)
or from run.py, which calls measure() with its practice org.
"""
import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
CLICKPATH = os.path.join(ROOT, "target", "release", "clickpath")
RUNBOOK = os.path.join(ROOT, "runbooks", "hubspot-salesforce-uninstall.yaml")
RUNS = 8
JOBS = (1, 2, 4)


def batch(jobs, urls, work, seq):
    """One batch of RUNS checks with --jobs `jobs`; returns a record with wall time and outcomes."""
    out = os.path.join(work, f"jobs-{seq}")
    cmd = [CLICKPATH, "check", *([RUNBOOK] * RUNS), "--variant", "ui=lightning", "--locale", "it", *urls,
           "--jobs", str(jobs), "--quiet", "--report", "json", "--out", out]
    started = time.monotonic()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                          start_new_session=True, timeout=900)
    wall = round((time.monotonic() - started) * 1000)
    passed, rss = 0, []
    for entry in sorted(os.listdir(out)) if os.path.isdir(out) else []:
        path = os.path.join(out, entry, "report.json")
        if os.path.exists(path):
            with open(path) as f:
                report = json.load(f)
            passed += report["status"] == "passed"
            if report.get("peak_rss_kib"):
                rss.append(report["peak_rss_kib"])
    shutil.rmtree(out, ignore_errors=True)
    return {"jobs": jobs, "wall_ms": wall, "rc": proc.returncode, "passed": passed,
            "ok": proc.returncode == 0 and passed == RUNS,
            # Every run of a batch shares one clickpath process: its peak is the batch's.
            "peak_rss_kib": max(rss) if rss else None,
            "error": None if proc.returncode == 0 else proc.stderr.strip()[-400:]}


def measure(urls, work, rounds=2, reset=None):
    """Runs the batches interleaved; prints a table and returns the summary for results.json."""
    records = []
    seq = 0
    for rnd in range(1, rounds + 1):
        for jobs in JOBS:
            seq += 1
            if reset:
                reset()
            rec = batch(jobs, urls, work, seq)
            rec["round"] = rnd
            records.append(rec)
            status = "ok" if rec["ok"] else f"FAILED (rc {rec['rc']}, {rec['passed']}/{RUNS}): {rec['error']}"
            print(f"round {rnd}  --jobs {jobs}  {RUNS} runs in {rec['wall_ms'] / 1000:6.1f} s  {status}", flush=True)
    summary = {}
    for jobs in JOBS:
        good = [r for r in records if r["jobs"] == jobs and r["ok"]]
        if not good:
            continue
        wall = statistics.median(r["wall_ms"] for r in good)
        rss = [r["peak_rss_kib"] for r in good if r["peak_rss_kib"]]
        summary[str(jobs)] = {"n": len(good), "wall_median_ms": wall,
                              "runs_per_minute": round(RUNS * 60000 / wall, 2),
                              "peak_rss_kib_max": max(rss) if rss else None}
    base = summary.get("1")
    print(f"\n{'--jobs':>6} {'n':>2} {'8 runs (median)':>16} {'runs/min':>9} {'speed-up':>9} {'clickpath peak RSS':>19}")
    for jobs, s in summary.items():
        speedup = base["wall_median_ms"] / s["wall_median_ms"] if base else float("nan")
        s["speedup_vs_jobs_1"] = round(speedup, 2)
        rss = f"{s['peak_rss_kib_max'] / 1024:.1f} MiB" if s["peak_rss_kib_max"] else "-"
        print(f"{jobs:>6} {s['n']:>2} {s['wall_median_ms'] / 1000:>14.1f} s {s['runs_per_minute']:>9.2f}"
              f" {speedup:>8.2f}x {rss:>19}")
    return {"runs_per_batch": RUNS, "flow": "check, ui=lightning, it", "summary": summary, "batches": records}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    if not os.path.exists(CLICKPATH):
        sys.exit("build clickpath first: cargo build --release")
    work = tempfile.mkdtemp(prefix="clickpath-jobs-")
    practice = subprocess.Popen([CLICKPATH, "practice"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                start_new_session=True)
    try:
        line = practice.stdout.readline()
        if "http://" not in line:
            sys.exit(f"practice org did not start: {line!r}")
        base = "http://" + line.split("http://", 1)[1].split()[0]
        urls = ["--var", f"hubspot_url={base}/hubspot", "--var", f"salesforce_url={base}",
                "--var", f"inbox_url={base}/inbox"]
        print(json.dumps(measure(urls, work, args.rounds)["summary"], indent=2))
    finally:
        os.killpg(practice.pid, signal.SIGTERM)
        practice.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
