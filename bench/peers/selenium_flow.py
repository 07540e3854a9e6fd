"""Selenium peer: runs the resolved clickpath plan with Selenium against the practice org.

Usage: python3 selenium_flow.py PLAN.json BASE_URL
Prints one JSON line: {"tool":"selenium","ms":...,"steps":N,"screenshots":N}
Text locators go through find.js (Selenium's own locators cannot match text inside shadow roots).
"""
import json
import os
import shutil
import sys
import tempfile
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import Select, WebDriverWait

FIND_JS = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "find.js")).read()
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--window-size=1280,943", "--lang=it"]


class Flow:
    def __init__(self, driver):
        self.d = driver
        self.in_frame = False
        self.handles = driver.window_handles

    def _try(self, mode, text, within, option):
        d = self.d
        if len(d.window_handles) > len(self.handles):  # a link opened a new tab: follow it
            new = [h for h in d.window_handles if h not in self.handles][-1]
            self.handles = d.window_handles
            d.switch_to.window(new)
            self.in_frame = False
        r = d.execute_script(FIND_JS, mode, text, within, option)
        if isinstance(r, WebElement):
            return r
        if isinstance(r, dict) and "frame" in r:
            d.switch_to.frame(r["frame"])
            self.in_frame = True
            return self._try(mode, text, within, option)
        if self.in_frame:
            d.switch_to.default_content()
            self.in_frame = False
        return False

    def find(self, mode, text, within=None, option=None, timeout=10.0):
        return WebDriverWait(self.d, timeout, poll_frequency=0.05).until(
            lambda _: self._try(mode, text, within, option))


def target_args(target):
    loc = target["locator"]
    if loc["kind"] == "text":
        return loc["text"], target.get("within")
    if loc["kind"] == "label":
        return loc["label"], target.get("within")
    raise ValueError(f"unsupported locator {loc}")


def main():
    plan_path, _base = sys.argv[1], sys.argv[2]
    plan = json.load(open(plan_path))
    shots_dir = tempfile.mkdtemp(prefix="bench-se-shots-")
    profile = tempfile.mkdtemp(prefix="bench-se-profile-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for a in ARGS + [f"--user-data-dir={profile}"]:
        opts.add_argument(a)
    opts.add_experimental_option("prefs", {"intl.accept_languages": "it"})
    started = time.monotonic()
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    steps = shots = 0
    try:
        f = Flow(driver)
        for step in plan["steps"]:
            a = step["action"]
            t = step.get("timeout_ms", 10000) / 1000
            k = a["kind"]
            if k == "goto":
                if f.in_frame:
                    driver.switch_to.default_content()
                    f.in_frame = False
                driver.get(a["url"])
            elif k == "click":
                text, within = target_args(a["target"])
                f.find("text", text, within, timeout=t).click()
            elif k == "fill":
                text, within = target_args(a["target"])
                el = f.find("label", text, within, timeout=t)
                el.clear()
                el.send_keys(a["value"])
            elif k == "select":
                text, within = target_args(a["target"])
                Select(f.find("label", text, within, timeout=t)).select_by_visible_text(a["option"])
            elif k in ("check", "choose"):
                text, within = target_args(a["target"])
                el = f.find("label", text, within, timeout=t)
                if not el.is_selected():
                    el.click()
            elif k in ("expect", "wait"):
                c = a["condition"]
                if c["kind"] != "text":
                    raise ValueError(f"unsupported condition {c}")
                f.find("text", c["text"], timeout=t)
            else:
                raise ValueError(f"unsupported action {k}")
            steps += 1
            driver.save_screenshot(os.path.join(shots_dir, f"{step['index']:02d}.png"))
            shots += 1
    except Exception as e:  # noqa: BLE001 - report and fail
        print(f"selenium peer failed at step {steps + 1}: {type(e).__name__}: {e}".splitlines()[0], file=sys.stderr)
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
        sys.exit(1)
    driver.quit()
    ms = round((time.monotonic() - started) * 1000)
    shutil.rmtree(profile, ignore_errors=True)
    print(json.dumps({"tool": "selenium", "ms": ms, "steps": steps, "screenshots": shots, "screenshot_dir": shots_dir}))


if __name__ == "__main__":
    main()
