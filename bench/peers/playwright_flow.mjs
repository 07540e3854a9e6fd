// Playwright peer: runs the resolved clickpath plan with playwright-core against the practice org.
// Usage: node playwright_flow.mjs PLAN.json BASE_URL
// Prints one JSON line: {"tool":"playwright","ms":...,"steps":N,"screenshots":N}
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [planPath, baseUrl] = process.argv.slice(2);
if (!planPath || !baseUrl) { console.error('usage: playwright_flow.mjs PLAN.json BASE_URL'); process.exit(2); }
const plan = JSON.parse(fs.readFileSync(planPath, 'utf8'));

const shotDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-pw-shots-'));
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-pw-profile-'));
const ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--window-size=1280,943', '--lang=it'];

// A text target: visible text, or an accessible name from aria-label (icon buttons), as clickpath's text locator.
// Visible text wins; an aria-label (icon buttons) is the fallback, as in clickpath's text locator.
const byText = (scope, t) => [scope.getByText(t, { exact: true }), scope.getByLabel(t, { exact: true })];
const byLabel = (scope, t) => [scope.getByLabel(t, { exact: true })];

function scoped(scope, target) {
  const w = target.within;
  if (!w) return scope;
  if (w.element && w.element.kind === 'role') return scope.getByRole(w.element.role, w.element.name ? { name: w.element.name } : {});
  if (w.row) return scope.getByRole('row').filter({ hasText: w.row.row });
  throw new Error('unsupported within ' + JSON.stringify(w));
}

function locatorFor(scope, target, prefer) {
  const s = scoped(scope, target);
  const l = target.locator;
  if (l.kind === 'text') return prefer === 'label' ? byLabel(s, l.text) : byText(s, l.text);
  if (l.kind === 'label') return byLabel(s, l.label);
  throw new Error('unsupported locator ' + JSON.stringify(l));
}

// Find a visible match in the current page or any of its frames (Lightning Setup shows Classic in an iframe);
// a link that opened a new tab makes that tab current. Returns the first visible match (Playwright's own
// actionability checks then apply to the action).
async function find(state, make, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pages = state.context.pages();
    if (pages[pages.length - 1] !== state.page) {
      state.page = pages[pages.length - 1];
      await state.page.waitForLoadState('domcontentloaded');
    }
    const frames = state.page.frames();
    for (let pass = 0; pass < 2; pass += 1) {
      for (const frame of frames) {
        const loc = make(frame)[pass];
        if (!loc) continue;
        const vis = loc.filter({ visible: true });
        if (await vis.count() > 0) return vis.first();
      }
    }
    if (Date.now() > deadline) throw new Error('not found in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const started = Date.now();
const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium', headless: true, args: ARGS, viewport: { width: 1280, height: 800 }, locale: 'it-IT',
  extraHTTPHeaders: { 'Accept-Language': 'it' },
});
const state = { context, page: context.pages()[0] || await context.newPage() };
let shots = 0;
let steps = 0;
try {
  for (const step of plan.steps) {
    const a = step.action;
    const t = step.timeout_ms || 10000;
    switch (a.kind) {
      case 'goto': await state.page.goto(a.url); break;
      case 'click': await (await find(state, (f) => locatorFor(f, a.target), t)).click({ timeout: t }); break;
      case 'fill': await (await find(state, (f) => locatorFor(f, a.target, 'label'), t)).fill(a.value, { timeout: t }); break;
      case 'select': await (await find(state, (f) => locatorFor(f, a.target, 'label'), t)).selectOption({ label: a.option }, { timeout: t }); break;
      case 'check':
      case 'choose': await (await find(state, (f) => locatorFor(f, a.target, 'label'), t)).check({ timeout: t }); break;
      case 'expect':
      case 'wait': {
        const c = a.condition;
        if (c.kind !== 'text') throw new Error('unsupported condition ' + JSON.stringify(c));
        await find(state, (f) => byText(f, c.text), t);
        break;
      }
      default: throw new Error(`step ${step.index}: unsupported action ${a.kind}`);
    }
    steps += 1;
    await state.page.screenshot({ path: path.join(shotDir, `${String(step.index).padStart(2, '0')}.png`) });
    shots += 1;
  }
} catch (e) {
  console.error(`playwright peer failed at step ${steps + 1}: ${e.message}`);
  await context.close();
  process.exit(1);
}
await context.close();
const ms = Date.now() - started;
fs.rmSync(profile, { recursive: true, force: true });
console.log(JSON.stringify({ tool: 'playwright', ms, steps, screenshots: shots, screenshot_dir: shotDir }));
