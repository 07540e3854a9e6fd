"""Benchmark: clickpath vs Playwright vs Selenium vs the raw WebDriver floor on the same flow, plus reaction
latency (clickpath and Playwright), clickpath's per-step breakdown and its own peak memory.

Usage (from the repo root or bench/): python3 bench/run.py [--rounds 5] [--reaction-visits 20]
Builds clickpath in release mode, starts the practice org, writes the resolved plan, then runs, interleaved
after one warm-up round (A B C D E F, A B C D E F, ...), resetting the org before each run:
  flow      the shipped runbook (Lightning, Italian), a screenshot after every step, with clickpath,
            Playwright, Selenium and the raw WebDriver floor (bench/peers/);
  reaction  K visits to the practice org's /bench/reaction page, clicking the button it inserts after
            200-800 ms, with clickpath (a generated runbook) and Playwright. Each page posts
            (click event - insertion), both taken with performance.now() in the page, to the practice org;
            the harness reads them back by run name, so nothing depends on the tool's own output.
Prints medians and ranges, the clickpath ratios, reaction median/p95, clickpath's per-step breakdown (from each
flow run's report.json) and its peak RSS; then the throughput of 8 checks with --jobs 1, 2, 4 (throughput.py);
and writes everything to bench/results.json.
"""
import argparse
import json
import math
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.dont_write_bytecode = True  # no __pycache__ in bench/ for the sibling module
import throughput  # noqa: E402 - bench/throughput.py, beside this file

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
CLICKPATH = os.path.join(ROOT, "target", "release", "clickpath")
RUNBOOK = os.path.join(ROOT, "runbooks", "hubspot-salesforce-uninstall.yaml")
FLOW = ["--variant", "ui=lightning", "--locale", "it"]
PEERS = os.path.join(BENCH, "peers")


def run_proc(cmd, timeout=300):
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


def percentile(values, p):
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def median_or_none(values):
    return statistics.median(values) if values else None


def last_json_line(text):
    lines = [line for line in text.splitlines() if line.startswith("{")]
    return json.loads(lines[-1]) if lines else None


class Practice:
    """The practice org, served by the clickpath binary on a free port."""

    def __init__(self):
        # Without login: the baselines walk the same pages and none of them logs in; the login's own
        # cost is measured apart (`clickpath demo` reports its steps).
        self.proc = subprocess.Popen([CLICKPATH, "practice", "--port", "0", "--no-login"], stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True, start_new_session=True)
        line = self.proc.stdout.readline()
        if "http://" not in line:
            self.stop()
            sys.exit(f"practice org did not start: {line!r}")
        self.base = "http://" + line.split("http://", 1)[1].split()[0]

    def reset(self):
        req = urllib.request.Request(f"{self.base}/__practice/reset?lang=it", method="POST")
        urllib.request.urlopen(req, timeout=10).read()

    def reactions(self, run):
        with urllib.request.urlopen(f"{self.base}/__practice/reactions?run={run}", timeout=10) as r:
            return json.load(r)

    def stop(self):
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        self.proc.wait(timeout=10)


def reaction_urls(base, run, rnd, visits):
    # The page's delay is a hash of its round number: every tool gets the same delays in a round.
    return [f"{base}/bench/reaction?run={run}&round={rnd * 1000 + k}" for k in range(1, visits + 1)]


def reaction_runbook(path, urls):
    """A runbook visiting each URL: open it, click the button when it appears, see the page record it."""
    lines = ["name: Reaction latency", "locale: en", "sections:", "  - name: Reaction", "    steps:"]
    for k, url in enumerate(urls, 1):
        lines += [f"      - goto: {json.dumps(url)}", f"        name: Open visit {k}",
                  "      - click: \"Click me\"", f"        name: Click in visit {k}",
                  "      - expect: { text: \"Reaction recorded\" }", f"        name: Recorded in visit {k}"]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def clickpath_steps(report):
    """The passed steps of a clickpath report, with the breakdown fields the harness uses."""
    out = []
    for s in report["steps"]:
        if s["status"] != "passed":
            continue
        element = s.get("element") or {}
        out.append({"index": s["index"], "action": s["action"], "duration_ms": s["duration_ms"],
                    "locate_ms": s.get("locate_ms", 0), "act_ms": s.get("act_ms", 0),
                    "capture_ms": s.get("capture_ms", 0), "settle_ms": s.get("settle_ms"),
                    "annotate_ms": s.get("annotate_ms"), "shot_ms": s.get("shot_ms"),
                    "in_page_locate_ms": element.get("locate_ms")})
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--reaction-visits", type=int, default=20, help="reaction pages per run (0: skip reaction)")
    ap.add_argument("--jobs-rounds", type=int, default=2, help="rounds of the --jobs throughput batches (0: skip)")
    ap.add_argument("--baseline", metavar="BIN", help="another clickpath binary (an earlier build) to run "
                    "interleaved as clickpath-baseline, for the flow and reaction ratios of this build to it")
    ap.add_argument("--baseline-runbook", metavar="FILE", help="the flow runbook for --baseline, when that build "
                    "cannot read today's (e.g. `git show REV:runbooks/hubspot-salesforce-uninstall.yaml`)")
    args = ap.parse_args()
    # Always measure the current code: build clickpath in release mode first.
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    work = tempfile.mkdtemp(prefix="clickpath-bench-")
    practice = Practice()
    base = practice.base
    try:
        urls = ["--var", f"hubspot_url={base}/hubspot", "--var", f"salesforce_url={base}", "--var", f"inbox_url={base}/inbox"]
        plan_path = os.path.join(work, "plan.json")
        rc, out, err, _ = run_proc([CLICKPATH, "plan", RUNBOOK, *FLOW, *urls, "--json"])
        if rc != 0:
            sys.exit(f"clickpath plan failed: {err}")
        with open(plan_path, "w") as f:
            f.write(out)
        n_steps = len(json.loads(out)["steps"])

        # Each tool: (kind, how to start one run, how to read its result into the record).
        def clickpath_flow(seq, rnd, binary=CLICKPATH, runbook=RUNBOOK):
            out_dir = os.path.join(work, f"cp-{seq}")
            cmd = [binary, "run", runbook, *FLOW, *urls, "--confirm-destructive", "--quiet", "--report", "json",
                   "--out", out_dir]
            return cmd, lambda rec, out: read_clickpath(rec, out_dir, n_steps)

        def peer_flow(script, interpreter):
            def make(seq, rnd):
                return [interpreter, os.path.join(PEERS, script), plan_path, base], read_peer_flow(n_steps)
            return make

        def clickpath_reaction(seq, rnd, binary=CLICKPATH):
            run = f"cp-{seq}"
            book = os.path.join(work, f"reaction-{seq}.yaml")
            reaction_runbook(book, reaction_urls(base, run, rnd, args.reaction_visits))
            out_dir = os.path.join(work, f"cp-{seq}")
            cmd = [binary, "run", book, "--quiet", "--report", "json", "--out", out_dir]

            def read(rec, out):
                read_clickpath(rec, out_dir, 3 * args.reaction_visits)
                read_reactions(rec, practice, run, args.reaction_visits)
            return cmd, read

        def playwright_reaction(seq, rnd):
            run = f"pw-{seq}"
            listing = os.path.join(work, f"reaction-{seq}.json")
            with open(listing, "w") as f:
                json.dump(reaction_urls(base, run, rnd, args.reaction_visits), f)
            cmd = ["node", os.path.join(PEERS, "playwright_reaction.mjs"), listing]

            def read(rec, out):
                j = last_json_line(out)
                if j:
                    rec["ms"] = j["ms"]
                read_reactions(rec, practice, run, args.reaction_visits)
            return cmd, read

        tools = {
            ("flow", "clickpath"): clickpath_flow,
            ("flow", "playwright"): peer_flow("playwright_flow.mjs", "node"),
            ("flow", "selenium"): peer_flow("selenium_flow.py", sys.executable),
            ("flow", "webdriver-floor"): peer_flow("webdriver_floor.py", sys.executable),
        }
        baseline = os.path.abspath(args.baseline) if args.baseline else None
        if baseline:
            old_book = os.path.abspath(args.baseline_runbook) if args.baseline_runbook else RUNBOOK
            tools[("flow", "clickpath-baseline")] = lambda seq, rnd: clickpath_flow(seq, rnd, baseline, old_book)
        if args.reaction_visits > 0:
            tools[("reaction", "clickpath")] = clickpath_reaction
            tools[("reaction", "playwright")] = playwright_reaction
            if baseline:
                tools[("reaction", "clickpath-baseline")] = lambda seq, rnd: clickpath_reaction(seq, rnd, baseline)

        runs = {key: [] for key in tools}
        seq = 0
        for rnd in range(args.rounds + 1):
            for key, make in tools.items():
                seq += 1
                practice.reset()
                cmd, read = make(seq, rnd)
                rc, out, err, wall = run_proc(cmd)
                rec = {"round": rnd, "warmup": rnd == 0, "wall_ms": wall, "rc": rc}
                read(rec, out)
                complete = rec.pop("complete", False)
                rec["ok"] = rc == 0 and complete
                if not rec["ok"]:
                    rec["error"] = (err or out).strip()[-500:] or rec.get("error", "incomplete")
                runs[key].append(rec)
                tag = "warm-up" if rnd == 0 else f"round {rnd}"
                extra = ""
                if "reactions_ms" in rec and rec["reactions_ms"]:
                    extra = f"  reaction median {statistics.median(rec['reactions_ms']):5.1f} ms"
                if rec.get("peak_rss_kib"):
                    extra += f"  rss {rec['peak_rss_kib'] / 1024:.1f} MiB"
                print(f"{tag:8} {key[0]:8} {key[1]:16} wall {wall:6d} ms  self {rec.get('ms', '-')!s:>6} ms{extra}  "
                      f"{'ok' if rec['ok'] else 'FAILED: ' + rec.get('error', '')[:200]}", flush=True)

        results = {"plan_steps": n_steps, "rounds": args.rounds, "warmup_rounds": 1,
                   "reaction_visits": args.reaction_visits,
                   "order": [f"{k[0]}:{k[1]}" for k in tools],
                   "metric": "wall_ms = process start to exit, incl. browser/driver start and teardown; "
                             "ms = the tool's self-reported time; reaction = click event - button insertion, "
                             "performance.now() in the page",
                   "load_average": os.getloadavg()}
        good = {key: [r for r in rs if not r["warmup"] and r["ok"]] for key, rs in runs.items()}
        results["flow"] = report_flow(runs, good)
        if args.reaction_visits > 0:
            results["reaction"] = report_reaction(runs, good)
        results["clickpath_breakdown"] = report_breakdown(good[("flow", "clickpath")])
        if baseline:
            results["clickpath_baseline_breakdown"] = report_breakdown(
                good[("flow", "clickpath-baseline")], "clickpath-baseline (--baseline)")
        results["clickpath_peak_rss"] = report_rss(good)
        results["floor_calls"] = report_floor(good[("flow", "webdriver-floor")])
        results["screenshots"] = report_screenshots(runs)
        for rs in runs.values():
            for r in rs:
                d = r.pop("shots_dir", None)
                r.pop("shots", None)
                if d:
                    shutil.rmtree(d, ignore_errors=True)
        if args.jobs_rounds > 0:
            print("\n== throughput: 8 checks of the shipped runbook with --jobs 1, 2, 4 ==", flush=True)
            results["throughput"] = throughput.measure(urls, work, args.jobs_rounds, reset=practice.reset)
        results["runs"] = {f"{k[0]}:{k[1]}": rs for k, rs in runs.items()}
        with open(os.path.join(BENCH, "results.json"), "w") as f:
            json.dump(results, f, indent=2)
        print(f"\nload average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        print(f"wrote {os.path.join(BENCH, 'results.json')}")
    finally:
        practice.stop()
        shutil.rmtree(work, ignore_errors=True)


def read_clickpath(rec, out_dir, want_steps):
    rep_path = os.path.join(out_dir, "report.json")
    if os.path.exists(rep_path):
        with open(rep_path) as f:
            rep = json.load(f)
        steps = clickpath_steps(rep)
        rec.update(ms=rep["duration_ms"], steps=len(steps),
                   screenshots=sum(1 for s in rep["steps"] if s.get("screenshot")),
                   peak_rss_kib=rep.get("peak_rss_kib"), step_breakdown=steps)
        rec["complete"] = len(steps) == want_steps
        rec["overhead"] = rep.get("overhead")
        rec["screenshots_via"] = (rep.get("browser") or {}).get("screenshots")
        rec["shots"] = {s["index"]: os.path.join(out_dir, s["screenshot"]) for s in rep["steps"] if s.get("screenshot")}
    rec["shots_dir"] = out_dir  # compared with the peers' at the end, then removed


def read_peer_flow(n_steps):
    def read(rec, out):
        j = last_json_line(out)
        if j:
            rec.update(ms=j["ms"], steps=j["steps"], screenshots=j["screenshots"])
            for extra in ("calls", "retries", "step_ms", "step_retries"):
                if extra in j:
                    rec[extra] = j[extra]
            if j.get("screenshot_dir"):
                d = j["screenshot_dir"]
                rec["shots_dir"] = d  # compared with clickpath's at the end, then removed
                rec["shots"] = {int(f[:2]): os.path.join(d, f) for f in os.listdir(d) if f[:2].isdigit() and f.endswith(".png")}
            rec["complete"] = j["steps"] == n_steps
    return read


def read_reactions(rec, practice, run, visits):
    """The measurements the pages of this run posted, in the order they came."""
    try:
        got = practice.reactions(run)
    except OSError as e:
        rec["error"] = f"cannot read the reactions back: {e}"
        rec["complete"] = False
        return
    rec["reactions_ms"] = [r["latency_ms"] for r in got]
    rec["delays_ms"] = [r["delay_ms"] for r in got]
    rec["complete"] = rec.get("complete", True) and len(got) == visits


def report_flow(runs, good):
    summary = {}
    for key, rs in runs.items():
        if key[0] != "flow" or not good[key]:
            continue
        walls = [r["wall_ms"] for r in good[key]]
        selfs = [r["ms"] for r in good[key] if "ms" in r]
        summary[key[1]] = {"n": len(walls), "failures": sum(not r["ok"] for r in rs if not r["warmup"]),
                           "wall_median_ms": statistics.median(walls), "wall_min_ms": min(walls),
                           "wall_max_ms": max(walls), "self_median_ms": median_or_none(selfs)}
    print("\n== flow: the shipped runbook, Lightning, Italian, a screenshot per step ==")
    print(f"{'tool':16} {'n':>2} {'wall median':>12} {'wall min-max':>16} {'self-reported median':>22}")
    for name, s in summary.items():
        own = f"{s['self_median_ms']:>18.0f} ms" if s["self_median_ms"] is not None else f"{'-':>21}"
        print(f"{name:16} {s['n']:>2} {s['wall_median_ms']:>9.0f} ms {s['wall_min_ms']:>7}-{s['wall_max_ms']:<6} ms {own}")
    ratios = {}
    if "clickpath" in summary:
        print()
        for peer in ("playwright", "selenium", "webdriver-floor", "clickpath-baseline"):
            if peer in summary:
                r = summary["clickpath"]["wall_median_ms"] / summary[peer]["wall_median_ms"]
                ratios[f"clickpath/{peer}"] = round(r, 3)
                print(f"clickpath/{peer:16} {r:.2f}x (median wall)")
    return {"summary": summary, "ratios": ratios}


def report_reaction(runs, good):
    print("\n== reaction latency: click event - button insertion, in the page ==")
    print(f"{'tool':16} {'runs':>4} {'samples':>7} {'median':>9} {'p95':>9} {'min-max':>16} {'wall median':>12}")
    out = {}
    for key in runs:
        if key[0] != "reaction":
            continue
        samples = [x for r in good[key] for x in r["reactions_ms"]]
        if not samples:
            print(f"{key[1]:16} no successful run")
            continue
        s = {"runs": len(good[key]), "failures": sum(not r["ok"] for r in runs[key] if not r["warmup"]),
             "samples": len(samples), "median_ms": round(statistics.median(samples), 1),
             "p95_ms": round(percentile(samples, 95), 1), "min_ms": min(samples), "max_ms": max(samples),
             "wall_median_ms": statistics.median(r["wall_ms"] for r in good[key])}
        out[key[1]] = s
        print(f"{key[1]:16} {s['runs']:>4} {s['samples']:>7} {s['median_ms']:>6.1f} ms {s['p95_ms']:>6.1f} ms"
              f" {s['min_ms']:>6.1f}-{s['max_ms']:<6.1f} ms {s['wall_median_ms']:>9.0f} ms")
    if "clickpath" in out and "clickpath-baseline" in out:
        for field in ("median_ms", "p95_ms"):
            r = out["clickpath"][field] / out["clickpath-baseline"][field]
            out[f"clickpath/clickpath-baseline {field[:-3]}"] = round(r, 3)
            print(f"clickpath/clickpath-baseline reaction {field[:-3]:6} {r:.2f}x")
    return out


def report_breakdown(good_runs, who="clickpath"):
    """clickpath's own account of each step, over every passed step of every measured flow run (of the build
    `who` names)."""
    steps = [s for r in good_runs for s in r.get("step_breakdown", [])]
    if not steps:
        return {}
    fields = ("duration_ms", "locate_ms", "act_ms", "capture_ms", "settle_ms", "annotate_ms")

    def med(rows, field):
        values = [s[field] for s in rows if s.get(field) is not None]
        return median_or_none(values)

    print(f"\n== {who} per step (report.json; median over steps and rounds, ms) ==")
    print("locate = locate+wait round trips seen from clickpath; act = the action incl. its settle/navigation wait;")
    print("capture = screenshot and URL after the step, of which settle = waiting for spinners to go;")
    print("annotate = the annotated copy, off the critical path")
    print(f"{'action':8} {'n':>4} " + " ".join(f"{f[:-3]:>9}" for f in fields))
    by_kind = {}
    kinds = ["all"] + sorted({s["action"] for s in steps})
    for kind in kinds:
        rows = steps if kind == "all" else [s for s in steps if s["action"] == kind]
        by_kind[kind] = {"n": len(rows), **{f: med(rows, f) for f in fields}}
        print(f"{kind:8} {len(rows):>4} " + " ".join(
            f"{by_kind[kind][f]:>9.1f}" if by_kind[kind][f] is not None else f"{'-':>9}" for f in fields))

    # Per flow run: where its time went (sums), then the median of those sums.
    totals = []
    for r in good_runs:
        rows = r.get("step_breakdown", [])
        t = {f: sum(s.get(f) or 0 for s in rows) for f in ("duration_ms", "locate_ms", "act_ms", "capture_ms", "settle_ms", "shot_ms")}
        t["run_ms"] = r["ms"]
        t["outside_steps_ms"] = r["ms"] - t["duration_ms"] - t["capture_ms"]
        for k, v in (r.get("overhead") or {}).items():
            t[k] = v
        totals.append(t)
    per_run = {k: statistics.median(t[k] for t in totals if k in t) for k in totals[0]}
    print(f"\nper flow run (median of sums): run {per_run['run_ms']:.0f} ms = steps {per_run['duration_ms']:.0f} "
          f"(locate {per_run['locate_ms']:.0f} + act {per_run['act_ms']:.0f} + rest) + capture "
          f"{per_run['capture_ms']:.0f} + outside the steps {per_run['outside_steps_ms']:.0f} "
          f"(browser start/stop, reports, annotation flush)")
    print(f"  of the capture: settle (page's own waits) {per_run['settle_ms']:.0f}; pictures made while the next step "
          f"looked (not on the critical path): {per_run['shot_ms']:.0f}")
    if "session_ms" in per_run:
        print(f"  outside the steps: session {per_run['session_ms']:.0f} (of which own DevTools connection "
              f"{per_run['devtools_ms']:.0f}), page {per_run['page_ms']:.0f}, close {per_run['close_ms']:.0f}, "
              f"annotation flush {per_run['annotations_ms']:.0f}")

    # The slowest steps, with the in-page share of the locate: a large gap means time spent between the
    # page's answer and clickpath (round trips, repeated calls), not waiting for the page.
    by_index = {}
    for s in steps:
        by_index.setdefault((s["index"], s["action"]), []).append(s)
    slow = sorted(by_index.items(), key=lambda kv: -statistics.median(x["duration_ms"] for x in kv[1]))[:6]
    print("\nslowest steps (median ms): step action duration = locate (in-page) + act; capture")
    slowest = []
    for (index, action), rows in slow:
        row = {"index": index, "action": action, **{f: med(rows, f) for f in fields},
               "in_page_locate_ms": med(rows, "in_page_locate_ms")}
        slowest.append(row)
        in_page = f"{row['in_page_locate_ms']:.0f}" if row["in_page_locate_ms"] is not None else "-"
        print(f"  {index:>3} {action:7} {row['duration_ms']:>6.0f} = {row['locate_ms']:>5.0f} ({in_page:>4}) + "
              f"{row['act_ms']:>5.0f}; {row['capture_ms']:>4.0f}")
    return {"per_step": by_kind, "per_run": per_run, "slowest_steps": slowest}


def differing(a_path, b_path):
    """(same size, fraction of pixels whose colour differs by more than 32 in a channel)."""
    from PIL import Image, ImageChops
    with Image.open(a_path) as a, Image.open(b_path) as b:
        if a.size != b.size:
            return False, 1.0
        diff = ImageChops.difference(a.convert("RGB"), b.convert("RGB")).convert("L")
        hist = diff.point(lambda v: 255 if v > 32 else 0).histogram()
        return True, hist[255] / (a.size[0] * a.size[1])


def report_screenshots(runs):
    """Each measured round: clickpath's screenshots against Playwright's and the floor's of the same step
    (count, size, content)."""
    out = {}
    print("\n== screenshots: clickpath's against each peer's of the same round, step by step ==")
    print("count and size must match; content = share of pixels differing by more than 32 in a channel")
    cp = {r["round"]: r for r in runs.get(("flow", "clickpath"), []) if not r["warmup"] and r["ok"]}
    for peer in ("playwright", "webdriver-floor"):
        rows = []
        for r in runs.get(("flow", peer), []):
            mine = cp.get(r["round"])
            if r["warmup"] or not r["ok"] or not mine or "shots" not in mine or "shots" not in r:
                continue
            steps = sorted(set(mine["shots"]) | set(r["shots"]))
            for k in steps:
                if k not in mine["shots"] or k not in r["shots"]:
                    rows.append({"round": r["round"], "step": k, "same_size": False, "differing": 1.0, "missing": True})
                    continue
                same, frac = differing(mine["shots"][k], r["shots"][k])
                rows.append({"round": r["round"], "step": k, "same_size": same, "differing": frac})
        if not rows:
            continue
        counts = {(x["round"]) for x in rows}
        missing = sum(1 for x in rows if x.get("missing"))
        sized = sum(1 for x in rows if x["same_size"])
        close = sum(1 for x in rows if x["differing"] < 0.01)
        by_step = {}
        for x in rows:
            by_step.setdefault(x["step"], []).append(x["differing"])
        worst = sorted(((statistics.median(v), k) for k, v in by_step.items()), reverse=True)[:5]
        out[peer] = {"rounds": len(counts), "compared": len(rows), "missing": missing, "same_size": sized,
                     "within_1pct": close, "median_differing": statistics.median(x["differing"] for x in rows),
                     "most_different_steps": [{"step": k, "median_differing": round(m, 4)} for m, k in worst]}
        print(f"vs {peer:16} {len(rows)} pairs over {len(counts)} rounds: {missing} missing, {sized} same size, "
              f"{close} within 1% of pixels; most different steps (median share): "
              + ", ".join(f"{k}: {m:.1%}" for m, k in worst))
    return out


def report_rss(good):
    out = {}
    print("\n== clickpath's own peak RSS (report.json peak_rss_kib: VmHWM; not chromedriver's or Chromium's) ==")
    for key, rs in good.items():
        if key[1] != "clickpath":
            continue
        values = [r["peak_rss_kib"] for r in rs if r.get("peak_rss_kib")]
        if not values:
            continue
        out[key[0]] = {"n": len(values), "median_kib": statistics.median(values), "max_kib": max(values)}
        print(f"{key[0]:8} n={len(values)}  median {statistics.median(values) / 1024:.1f} MiB  "
              f"max {max(values) / 1024:.1f} MiB")
    return out


def report_floor(good_runs):
    if not good_runs:
        return {}
    calls = [sum(r.get("calls", {}).values()) for r in good_runs]
    retries = [r.get("retries", 0) for r in good_runs]
    last = good_runs[-1].get("calls", {})
    print(f"\nwebdriver-floor: median {statistics.median(calls):.0f} HTTP calls a run, of which "
          f"{statistics.median(retries):.0f} lookups repeated because the target was not there yet; "
          f"last run: {', '.join(f'{k} {v}' for k, v in last.items())}")
    return {"median_calls": statistics.median(calls), "median_retries": statistics.median(retries),
            "last_run_calls": last}


if __name__ == "__main__":
    main()
