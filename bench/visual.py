"""Benchmark: visual baselines on the shipped runbook: false drift over consecutive checks, and what the
comparisons cost.

Usage (from the repo root or bench/): python3 bench/visual.py [--checks 10] [--rounds 3]
Needs target/release/clickpath (`cargo build --release`). Starts the practice org (login on, no prompts:
a prompt on screen is real drift), then for each of the four combinations (classic and lightning, it
and en): one `check --baseline` (every step new), `approve --all`, then N more checks, counting every
step that does not read `same` (a false drift: nothing changed on purpose). Then R interleaved rounds
of the same check (Lightning, Italian) with and without --baseline, for the wall-time cost.
Prints the false-drift count per combination, the comparison's cost per step (median, p95, max, on a
worker thread), how long the runs waited at their end for comparisons still under way, and the wall
ratio with / without baselines.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import urllib.request

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
CLICKPATH = os.path.join(ROOT, "target", "release", "clickpath")
RUNBOOK = os.path.join(ROOT, "runbooks", "hubspot-salesforce-uninstall.yaml")
COMBOS = [("classic", "it"), ("classic", "en"), ("lightning", "it"), ("lightning", "en")]

sys.dont_write_bytecode = True
from run import percentile, run_proc  # noqa: E402 - bench/run.py, beside this file
from login import reset, start_org  # noqa: E402 - bench/login.py


def check(values, out, combo, baseline=None):
    ui, locale = combo
    cmd = [CLICKPATH, "check", RUNBOOK, "--variant", f"ui={ui}", "--locale", locale, *values,
           "--out", out, "--quiet"]
    if baseline:
        cmd += ["--baseline", baseline]
    rc, _, err, wall = run_proc(cmd)
    if rc != 0:
        sys.exit(f"check {combo} failed ({rc}):\n{err}")
    with open(os.path.join(out, "report.json")) as f:
        return json.load(f), wall


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--checks", type=int, default=10)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    if not os.path.exists(CLICKPATH):
        sys.exit("build it first: cargo build --release")
    proc, base, values = start_org(prompts=False)
    work = tempfile.mkdtemp(prefix="clickpath-visual-")
    baseline = os.path.join(work, "baselines")
    compare_ms, waits, false_drifts = [], [], {}
    try:
        for combo in COMBOS:
            name = f"{combo[0]}-{combo[1]}"
            lang = combo[1]
            urllib.request.urlopen(urllib.request.Request(f"{base}/__practice/reset?lang={lang}", method="POST"),
                                   timeout=10).read()
            first_dir = os.path.join(work, f"{name}-0")
            report, _ = check(values, first_dir, combo, baseline)
            rc, _, err, _ = run_proc([CLICKPATH, "approve", first_dir, "--baseline", baseline, "--all"])
            if rc != 0:
                sys.exit(f"approve failed:\n{err}")
            drifts = []
            for n in range(1, args.checks + 1):
                urllib.request.urlopen(urllib.request.Request(f"{base}/__practice/reset?lang={lang}", method="POST"),
                                       timeout=10).read()
                report, _ = check(values, os.path.join(work, f"{name}-{n}"), combo, baseline)
                for s in report["steps"]:
                    v = s.get("visual")
                    if not v:
                        continue
                    if v.get("compare_ms") is not None:
                        compare_ms.append(v["compare_ms"])
                    if v["status"] != "same":
                        drifts.append(f"check {n} step {s['index']} {v['status']} "
                                      f"{(v.get('diff_ratio') or 0) * 100:.3f}%")
                waits.append(report.get("visual_wait_ms") or 0)
            false_drifts[name] = drifts
            print(f"{name}: {args.checks} checks, {len(drifts)} false drifts {drifts[:5]}")
        walls = {"with": [], "without": []}
        for r in range(args.rounds):
            for kind in ("with", "without"):
                reset(base)
                _, wall = check(values, os.path.join(work, f"wall-{kind}-{r}"), ("lightning", "it"),
                                baseline if kind == "with" else None)
                walls[kind].append(wall)
    finally:
        proc.kill()
    total = sum(len(d) for d in false_drifts.values())
    print(f"false drifts over {args.checks} checks x {len(COMBOS)} combinations: {total}")
    print(f"comparison per step (worker thread): median {statistics.median(compare_ms):.0f} ms, "
          f"p95 {percentile(compare_ms, 95)} ms, max {max(compare_ms)} ms over {len(compare_ms)} steps")
    print(f"waited at the end of a run for comparisons: median {statistics.median(waits):.0f} ms, max {max(waits)} ms")
    w, wo = statistics.median(walls["with"]), statistics.median(walls["without"])
    print(f"check wall with --baseline median {w:.0f} ms {walls['with']}, without {wo:.0f} ms {walls['without']}: "
          f"ratio {w / wo:.2f}")


if __name__ == "__main__":
    main()
