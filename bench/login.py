"""Benchmark: what logging in and the products' prompts cost the shipped flow, and how long screenshots
wait for the page to settle.

Usage (from the repo root or bench/): python3 bench/login.py [--rounds 3]
Needs target/release/clickpath (bench/run.py builds it; `cargo build --release` does too). Starts the
practice org with login on and seeded prompts, saves a session once, then runs interleaved rounds of the
shipped runbook (Lightning, Italian; the org reset before each run):
  login    a fresh browser: the handlers log in to HubSpot and Salesforce (TOTP) and close the prompts;
  session  the same with --session: no login page is shown, only the prompts are closed.
Prints the median wall of each, their difference and ratio, the login handlers' own time (from report.json:
their steps and screenshots), the prompts' time, and the settle wait of every step's screenshot (median,
p95, max).
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
FLOW = ["--variant", "ui=lightning", "--locale", "it", "--confirm-destructive", "--quiet"]
SEED = "2026"

sys.dont_write_bytecode = True
from run import percentile, run_proc  # noqa: E402 - bench/run.py, beside this file


def start_org(prompts=True):
    """The practice org with login on (and the seeded prompts unless told not to)."""
    extra = ["--interruptions", SEED] if prompts else []
    proc = subprocess.Popen([CLICKPATH, "practice", "--port", "0", *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    base, run_line = None, None
    for line in proc.stdout:
        if base is None and "http://" in line:
            base = "http://" + line.split("http://", 1)[1].split()[0]
        if line.startswith("clickpath run "):
            run_line = line.split()[3:]
            break
    if not base or not run_line:
        proc.kill()
        sys.exit("the practice org did not start")
    return proc, base, run_line


def reset(base):
    req = urllib.request.Request(f"{base}/__practice/reset?lang=it", method="POST")
    urllib.request.urlopen(req, timeout=10).read()


def detours(report):
    """(login ms, prompts ms, prompt count): the handlers' steps, their capture included."""
    login = prompts = count = 0
    for step in report["steps"]:
        for d in step.get("interruptions", []):
            ms = sum(s["duration_ms"] + s.get("capture_ms", 0) for s in d["steps"])
            if d["handler"].startswith("Accedere"):
                login += ms
            else:
                prompts += ms
                count += 1
    return login, prompts, count


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    if not os.path.exists(CLICKPATH):
        sys.exit("build it first: cargo build --release")
    proc, base, values = start_org()
    work = tempfile.mkdtemp(prefix="clickpath-login-")
    session = os.path.join(work, "session.json")
    walls = {"login": [], "session": []}
    login_ms, prompts_ms, settles = [], [], []
    try:
        reset(base)
        rc, _, err, _ = run_proc([CLICKPATH, "run", RUNBOOK, *FLOW, *values, "--out", os.path.join(work, "warm"),
                                  "--save-session", session])
        if rc != 0:
            sys.exit(f"the warm-up run failed ({rc}):\n{err}")
        for r in range(args.rounds):
            for kind in ("login", "session"):
                reset(base)
                out = os.path.join(work, f"{kind}-{r}")
                extra = ["--session", session] if kind == "session" else []
                rc, _, err, wall = run_proc([CLICKPATH, "run", RUNBOOK, *FLOW, *values, "--out", out, *extra])
                if rc != 0:
                    sys.exit(f"{kind} round {r} failed ({rc}):\n{err}")
                walls[kind].append(wall)
                with open(os.path.join(out, "report.json")) as f:
                    report = json.load(f)
                login, prompts, _ = detours(report)
                if kind == "login":
                    login_ms.append(login)
                elif login:
                    sys.exit(f"the run with --session logged in ({login} ms)")
                prompts_ms.append(prompts)
                settles += [s["settle_ms"] for s in report["steps"] if s.get("settle_ms") is not None]
    finally:
        proc.kill()
    with_login, with_session = statistics.median(walls["login"]), statistics.median(walls["session"])
    print(f"flow with login    median {with_login:.0f} ms  {walls['login']}")
    print(f"flow with session  median {with_session:.0f} ms  {walls['session']}")
    print(f"login's cost in the flow: {with_login - with_session:+.0f} ms "
          f"(ratio {with_login / with_session:.2f}); the login handlers' own steps: median "
          f"{statistics.median(login_ms):.0f} ms")
    print(f"prompts closed: median {statistics.median(prompts_ms):.0f} ms a run")
    print(f"settle wait per screenshot: median {statistics.median(settles):.0f} ms, "
          f"p95 {percentile(settles, 95)} ms, max {max(settles)} ms over {len(settles)} screenshots")


if __name__ == "__main__":
    main()
