"""Benchmark: clickpath vs Playwright vs Selenium vs the raw WebDriver floor on the same flow.

Usage (from the repo root or bench/): python3 bench/run.py [--rounds 5]
Starts the practice org, writes the resolved plan, then runs the four tools interleaved
(A B C D A B C D ...) after one warm-up round, resetting the org before each run.
Prints median and min-max wall time per tool and the clickpath ratios; writes bench/results.json.
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
import urllib.request

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
CLICKPATH = os.path.join(ROOT, "target", "release", "clickpath")
RUNBOOK = os.path.join(ROOT, "runbooks", "hubspot-salesforce-uninstall.yaml")
FLOW = ["--variant", "ui=lightning", "--locale", "it"]


def run_proc(cmd, timeout=180):
    """Run cmd in its own process group; kill the whole group on timeout. Returns (rc, stdout, stderr, wall_ms)."""
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True, cwd=ROOT)
    try:
        out, err = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        out, err = p.communicate()
        return -9, out, err + "\n(timeout)", round((time.monotonic() - t0) * 1000)
    finally:
        try:  # anything the tool left behind in its group (browser, driver)
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return p.returncode, out, err, round((time.monotonic() - t0) * 1000)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    # Always measure the current code: build clickpath in release mode first.
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    work = tempfile.mkdtemp(prefix="clickpath-bench-")
    practice = subprocess.Popen([CLICKPATH, "practice"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                start_new_session=True)
    try:
        line = practice.stdout.readline()
        if "http://" not in line:
            sys.exit(f"practice org did not start: {line!r}")
        base = line.split("http://", 1)[1].split()[0]
        base = "http://" + base
        urls = ["--var", f"hubspot_url={base}/hubspot", "--var", f"salesforce_url={base}", "--var", f"inbox_url={base}/inbox"]
        plan_path = os.path.join(work, "plan.json")
        rc, out, err, _ = run_proc([CLICKPATH, "plan", RUNBOOK, *FLOW, *urls, "--json"])
        if rc != 0:
            sys.exit(f"clickpath plan failed: {err}")
        with open(plan_path, "w") as f:
            f.write(out)
        n_steps = len(json.loads(out)["steps"])

        def clickpath_cmd(i):
            return [CLICKPATH, "run", RUNBOOK, *FLOW, *urls, "--confirm-destructive", "--quiet", "--report", "json",
                    "--out", os.path.join(work, f"cp-{i}")]

        tools = {
            "clickpath": clickpath_cmd,
            "playwright": lambda i: ["node", os.path.join(BENCH, "peers", "playwright_flow.mjs"), plan_path, base],
            "selenium": lambda i: [sys.executable, os.path.join(BENCH, "peers", "selenium_flow.py"), plan_path, base],
            "webdriver-floor": lambda i: [sys.executable, os.path.join(BENCH, "peers", "webdriver_floor.py"), plan_path, base],
        }
        runs = {name: [] for name in tools}
        seq = 0
        for rnd in range(args.rounds + 1):
            for name, make in tools.items():
                seq += 1
                req = urllib.request.Request(f"{base}/__practice/reset?lang=it", method="POST")
                urllib.request.urlopen(req).read()
                rc, out, err, wall = run_proc(make(seq))
                rec = {"round": rnd, "warmup": rnd == 0, "wall_ms": wall, "rc": rc}
                if name == "clickpath":
                    rep_path = os.path.join(work, f"cp-{seq}", "report.json")
                    if os.path.exists(rep_path):
                        rep = json.load(open(rep_path))
                        rec.update(ms=rep["duration_ms"], steps=sum(s["status"] == "passed" for s in rep["steps"]),
                                   screenshots=sum(1 for s in rep["steps"] if s.get("screenshot")))
                    shutil.rmtree(os.path.join(work, f"cp-{seq}"), ignore_errors=True)
                else:
                    lines = [l for l in out.splitlines() if l.startswith("{")]
                    if lines:
                        j = json.loads(lines[-1])
                        rec.update(ms=j["ms"], steps=j["steps"], screenshots=j["screenshots"])
                        shutil.rmtree(j.get("screenshot_dir", ""), ignore_errors=True) if j.get("screenshot_dir") else None
                ok = rc == 0 and rec.get("steps") == n_steps
                rec["ok"] = ok
                if not ok:
                    rec["error"] = (err or out).strip()[-500:]
                runs[name].append(rec)
                tag = "warm-up" if rnd == 0 else f"round {rnd}"
                print(f"{tag:8} {name:16} wall {wall:6d} ms  self {rec.get('ms', '-')!s:>6} ms  "
                      f"{'ok' if ok else 'FAILED: ' + rec.get('error', '')[:200]}", flush=True)

        summary = {}
        for name, rs in runs.items():
            good = [r for r in rs if not r["warmup"] and r["ok"]]
            if not good:
                continue
            walls = [r["wall_ms"] for r in good]
            selfs = [r["ms"] for r in good if "ms" in r]
            summary[name] = {"n": len(good), "failures": sum(not r["ok"] for r in rs if not r["warmup"]),
                             "wall_median_ms": statistics.median(walls), "wall_min_ms": min(walls), "wall_max_ms": max(walls),
                             "self_median_ms": statistics.median(selfs) if selfs else None}
        print()
        print(f"{'tool':16} {'n':>2} {'wall median':>12} {'wall min-max':>16} {'self-reported median':>22}")
        for name, s in summary.items():
            print(f"{name:16} {s['n']:>2} {s['wall_median_ms']:>9.0f} ms {s['wall_min_ms']:>7}-{s['wall_max_ms']:<6} ms"
                  f" {s['self_median_ms']:>18.0f} ms")
        ratios = {}
        if "clickpath" in summary:
            print()
            for peer in ("playwright", "selenium", "webdriver-floor"):
                if peer in summary:
                    r = summary["clickpath"]["wall_median_ms"] / summary[peer]["wall_median_ms"]
                    ratios[f"clickpath/{peer}"] = round(r, 3)
                    print(f"clickpath/{peer:16} {r:.2f}x (median wall)")
        results = {"plan_steps": n_steps, "rounds": args.rounds, "warmup_rounds": 1, "order": list(tools),
                   "metric": "wall_ms = process start to exit, incl. browser/driver start and teardown; "
                             "ms = the tool's self-reported flow time",
                   "summary": summary, "ratios": ratios, "runs": runs}
        with open(os.path.join(BENCH, "results.json"), "w") as f:
            json.dump(results, f, indent=2)
        print(f"\nwrote {os.path.join(BENCH, 'results.json')}")
    finally:
        try:
            os.killpg(practice.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        practice.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
