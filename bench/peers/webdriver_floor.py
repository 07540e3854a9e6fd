"""Raw WebDriver floor: the resolved clickpath plan as the fewest plain W3C WebDriver HTTP calls to chromedriver.

Usage: python3 webdriver_floor.py PLAN.json BASE_URL [--retry-pause-ms 10]
Prints one JSON line: {"tool":"webdriver-floor","ms":...,"steps":N,"screenshots":N,"calls":{...},"retries":N,
"step_ms":[...],"step_retries":[...]}

Standard library only, one keep-alive HTTP connection. Exactly these calls, and nothing else:
  start      New Session; Delete Session at the end.
  goto       Navigate To (chromedriver answers once the page has loaded; it also leaves any frame).
  click      Execute Script (find.js) -> Element Click (chromedriver waits for a navigation it starts).
  fill       Execute Script (find.js) -> Element Send Keys.
  select     Execute Script (find.js, the <option>) -> Element Click on the option.
  check      Execute Script (find.js) -> Element Click (choose too; no read-back of the state).
  expect     Execute Script (find.js) only.
  every step Take Screenshot (W3C GET /screenshot, the PNG written to disk).
There is no waiting logic: no stability, visibility-over-time or cover checks, no waiting for navigations beyond
what chromedriver itself does. The one exception, needed because pages render some targets after their load event
(fetches, timers, a frame still loading), is a minimal retry of the lookup:
  * find.js answers null (not there yet): after a pause of --retry-pause-ms (10 ms; re-asking with no pause at all
    keeps a core busy with find.js and chromedriver and slows the page being waited for on this 2-core machine),
    the same Execute Script is sent again, until the step's timeout;
  * find.js answers {frame}: the target is in a same-origin iframe: one Switch To Frame, then the same lookup;
  * a lookup inside a frame answers null: one Switch To Frame {id: null} (back to the top), then the same lookup;
  * a lookup in the top document answers null: one Get Window Handles, and one Switch To Window if a click
    opened a new tab (chromedriver does not follow new tabs by itself).
Each of those extra calls is counted ("retries" and per-endpoint "calls" in the output line).
The screenshot is WebDriver's (CDP's Page.captureScreenshot is not plain WebDriver): this is the floor of the protocol.
"""
import base64
import collections
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

FIND_JS = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "find.js")).read()
RETRY_PAUSE = 0.010
ELEMENT = "element-6066-11e4-a52e-4f735466cecf"
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--window-size=1280,943", "--lang=it"]


class WD:
    """One keep-alive connection to chromedriver; counts every call by endpoint."""

    def __init__(self, port):
        self.conn = http.client.HTTPConnection("127.0.0.1", port)
        self.sid = None
        self.calls = collections.Counter()

    def call(self, method, path, body=None, kind=None):
        prefix = f"/session/{self.sid}" if self.sid else ""
        data = json.dumps(body if body is not None else {}) if method == "POST" else None
        self.calls[kind or f"{method} {path}"] += 1
        self.conn.request(method, prefix + path, body=data, headers={"Content-Type": "application/json"})
        r = json.loads(self.conn.getresponse().read() or b"{}")
        v = r.get("value")
        if isinstance(v, dict) and "error" in v:
            raise RuntimeError(f"{method} {path}: {v['error']}: {v.get('message', '')[:200]}")
        return v


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Flow:
    def __init__(self, wd):
        self.wd = wd
        self.in_frame = False
        self.current = None  # the tab in use, once a window-handles call has been needed
        self.retries = 0

    def find(self, mode, text, within=None, option=None, timeout=10.0):
        """The element for one lookup; a miss (null) counts as a retry and is re-asked after RETRY_PAUSE."""
        wd = self.wd
        deadline = time.monotonic() + timeout
        while True:
            r = wd.call("POST", "/execute/sync", {"script": FIND_JS, "args": [mode, text, within, option]},
                        kind="Execute Script")
            if isinstance(r, dict) and ELEMENT in r:
                return r[ELEMENT]
            if isinstance(r, dict) and "frame" in r:  # there, inside a same-origin iframe: no pause
                wd.call("POST", "/frame", {"id": r["frame"]}, kind="Switch To Frame")
                self.in_frame = True
                continue
            if time.monotonic() > deadline:
                raise RuntimeError(f"not found: {mode} {text!r}")
            self.retries += 1
            if self.in_frame:
                wd.call("POST", "/frame", {"id": None}, kind="Switch To Frame")
                self.in_frame = False
            else:
                # chromedriver lists tabs in the order they opened: the first is where the session
                # started; a newer last one is a tab a click opened.
                handles = wd.call("GET", "/window/handles", kind="Get Window Handles")
                self.current = self.current or handles[0]
                if handles[-1] != self.current:
                    wd.call("POST", "/window", {"handle": handles[-1]}, kind="Switch To Window")
                    self.current = handles[-1]
                    continue
            time.sleep(RETRY_PAUSE)


def target_args(target):
    loc = target["locator"]
    return (loc["text"] if loc["kind"] == "text" else loc["label"]), target.get("within")


def main():
    global RETRY_PAUSE
    args = sys.argv[1:]
    if "--retry-pause-ms" in args:
        at = args.index("--retry-pause-ms")
        RETRY_PAUSE = float(args[at + 1]) / 1000
        del args[at:at + 2]
    if len(args) != 2:
        sys.exit("usage: webdriver_floor.py PLAN.json BASE_URL [--retry-pause-ms N]")
    plan = json.load(open(args[0]))
    shots_dir = tempfile.mkdtemp(prefix="bench-wd-shots-")
    profile = tempfile.mkdtemp(prefix="bench-wd-profile-")
    port = free_port()
    started = time.monotonic()
    driver = subprocess.Popen(["/usr/bin/chromedriver", f"--port={port}"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)
    wd = WD(port)
    steps = shots = 0
    step_ms, step_retries = [], []
    f = Flow(wd)
    try:
        while True:  # chromedriver is up once its port answers (a TCP connect, not a WebDriver call)
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.005)
        caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
            "binary": "/usr/bin/chromium", "args": ARGS + [f"--user-data-dir={profile}"],
            "prefs": {"intl.accept_languages": "it"}}}}}
        wd.sid = wd.call("POST", "/session", caps, kind="New Session")["sessionId"]
        for step in plan["steps"]:
            step_started, retries_before = time.monotonic(), f.retries
            a = step["action"]
            t = step.get("timeout_ms", 10000) / 1000
            k = a["kind"]
            if k == "goto":
                wd.call("POST", "/url", {"url": a["url"]}, kind="Navigate To")
                f.in_frame = False
            elif k in ("click", "check", "choose"):
                text, within = target_args(a["target"])
                el = f.find("text" if k == "click" else "label", text, within, timeout=t)
                wd.call("POST", f"/element/{el}/click", kind="Element Click")
            elif k == "fill":
                text, within = target_args(a["target"])
                el = f.find("label", text, within, timeout=t)
                wd.call("POST", f"/element/{el}/value", {"text": a["value"]}, kind="Element Send Keys")
            elif k == "select":
                text, within = target_args(a["target"])
                el = f.find("option", text, within, option=a["option"], timeout=t)
                wd.call("POST", f"/element/{el}/click", kind="Element Click")
            elif k in ("expect", "wait"):
                f.find("text", a["condition"]["text"], timeout=t)
            else:
                raise ValueError(f"unsupported action {k}")
            steps += 1
            step_ms.append(round((time.monotonic() - step_started) * 1000, 1))
            step_retries.append(f.retries - retries_before)
            png = base64.b64decode(wd.call("GET", "/screenshot", kind="Take Screenshot"))
            with open(os.path.join(shots_dir, f"{step['index']:02d}.png"), "wb") as out:
                out.write(png)
            shots += 1
        wd.call("DELETE", "", kind="Delete Session")
        wd.sid = None
    except Exception as e:  # noqa: BLE001 - report and fail
        print(f"floor peer failed at step {steps + 1}: {e}", file=sys.stderr)
        if wd.sid:
            try:
                wd.call("DELETE", "", kind="Delete Session")
            except Exception:  # noqa: BLE001
                pass
        driver.terminate()
        driver.wait()
        shutil.rmtree(profile, ignore_errors=True)
        sys.exit(1)
    driver.terminate()
    driver.wait()
    ms = round((time.monotonic() - started) * 1000)
    shutil.rmtree(profile, ignore_errors=True)
    print(json.dumps({"tool": "webdriver-floor", "ms": ms, "steps": steps, "screenshots": shots,
                      "calls": dict(wd.calls), "retries": f.retries,
                      "step_ms": step_ms, "step_retries": step_retries, "screenshot_dir": shots_dir}))


if __name__ == "__main__":
    main()
