"""Raw WebDriver floor: the resolved clickpath plan as the fewest plain HTTP calls to a chromedriver.

Usage: python3 webdriver_floor.py PLAN.json BASE_URL
Prints one JSON line: {"tool":"webdriver-floor","ms":...,"steps":N,"screenshots":N}
Standard library only. Per step: one Execute Script (find.js) per poll, then the action itself
(Navigate To, Element Click, Element Send Keys), then Take Screenshot. Window and frame switches
happen only when a target is missing from the current context. Polling is the only waiting.
"""
import base64
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
ELEMENT = "element-6066-11e4-a52e-4f735466cecf"
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--window-size=1280,943", "--lang=it"]


class WD:
    def __init__(self, port):
        self.conn = http.client.HTTPConnection("127.0.0.1", port)
        self.sid = None

    def call(self, method, path, body=None):
        prefix = f"/session/{self.sid}" if self.sid else ""
        data = json.dumps(body if body is not None else {}) if method == "POST" else None
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
        self.handles = None

    def find(self, mode, text, within=None, option=None, timeout=10.0):
        wd = self.wd
        deadline = time.monotonic() + timeout
        while True:
            r = wd.call("POST", "/execute/sync", {"script": FIND_JS, "args": [mode, text, within, option]})
            if isinstance(r, dict) and ELEMENT in r:
                return r[ELEMENT]
            if isinstance(r, dict) and "frame" in r:
                wd.call("POST", "/frame", {"id": r["frame"]})
                self.in_frame = True
                continue
            if self.in_frame:
                wd.call("POST", "/frame", {"id": None})
                self.in_frame = False
                continue
            handles = wd.call("GET", "/window/handles")
            if self.handles is not None and len(handles) > len(self.handles):
                new = [h for h in handles if h not in self.handles][-1]
                wd.call("POST", "/window", {"handle": new})
                self.handles = handles
                continue
            self.handles = handles
            if time.monotonic() > deadline:
                raise RuntimeError(f"not found: {mode} {text!r}")
            time.sleep(0.02)


def target_args(target):
    loc = target["locator"]
    return (loc["text"] if loc["kind"] == "text" else loc["label"]), target.get("within")


def main():
    plan = json.load(open(sys.argv[1]))
    shots_dir = tempfile.mkdtemp(prefix="bench-wd-shots-")
    profile = tempfile.mkdtemp(prefix="bench-wd-profile-")
    port = free_port()
    started = time.monotonic()
    driver = subprocess.Popen(["/usr/bin/chromedriver", f"--port={port}"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    wd = WD(port)
    steps = shots = 0
    try:
        while True:  # chromedriver is up once its port answers
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.01)
        caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
            "binary": "/usr/bin/chromium", "args": ARGS + [f"--user-data-dir={profile}"],
            "prefs": {"intl.accept_languages": "it"}}}}}
        wd.sid = wd.call("POST", "/session", caps)["sessionId"]
        f = Flow(wd)
        f.handles = wd.call("GET", "/window/handles")
        for step in plan["steps"]:
            a = step["action"]
            t = step.get("timeout_ms", 10000) / 1000
            k = a["kind"]
            if k == "goto":
                if f.in_frame:
                    wd.call("POST", "/frame", {"id": None})
                    f.in_frame = False
                wd.call("POST", "/url", {"url": a["url"]})
            elif k in ("click", "check", "choose"):
                text, within = target_args(a["target"])
                el = f.find("text" if k == "click" else "label", text, within, timeout=t)
                wd.call("POST", f"/element/{el}/click")
            elif k == "fill":
                text, within = target_args(a["target"])
                el = f.find("label", text, within, timeout=t)
                wd.call("POST", f"/element/{el}/value", {"text": a["value"]})
            elif k == "select":
                text, within = target_args(a["target"])
                el = f.find("option", text, within, option=a["option"], timeout=t)
                wd.call("POST", f"/element/{el}/click")
            elif k in ("expect", "wait"):
                f.find("text", a["condition"]["text"], timeout=t)
            else:
                raise ValueError(f"unsupported action {k}")
            steps += 1
            png = base64.b64decode(wd.call("GET", "/screenshot"))
            with open(os.path.join(shots_dir, f"{step['index']:02d}.png"), "wb") as out:
                out.write(png)
            shots += 1
        wd.call("DELETE", "")
        wd.sid = None
    except Exception as e:  # noqa: BLE001 - report and fail
        print(f"floor peer failed at step {steps + 1}: {e}", file=sys.stderr)
        if wd.sid:
            try:
                wd.call("DELETE", "")
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
                      "screenshot_dir": shots_dir}))


if __name__ == "__main__":
    main()
