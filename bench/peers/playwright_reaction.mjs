// Playwright peer for reaction latency: opens each reaction page, clicks the button that appears after a
// delay, and waits until the page says it recorded the measurement (the practice org keeps the numbers).
// Usage: node playwright_reaction.mjs URLS.json
// Prints one JSON line: {"tool":"playwright","ms":...,"visits":N}
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [urlsPath] = process.argv.slice(2);
if (!urlsPath) { console.error('usage: playwright_reaction.mjs URLS.json'); process.exit(2); }
const urls = JSON.parse(fs.readFileSync(urlsPath, 'utf8'));

const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-pw-profile-'));
const ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--window-size=1280,943'];

const started = Date.now();
const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium', headless: true, args: ARGS, viewport: { width: 1280, height: 800 },
});
const page = context.pages()[0] || await context.newPage();
let visits = 0;
try {
  for (const url of urls) {
    await page.goto(url);
    // Playwright's own auto-wait: the locator waits for the button, then for it to be actionable.
    await page.getByText('Click me', { exact: true }).click({ timeout: 10000 });
    await page.getByText('Reaction recorded', { exact: true }).waitFor({ timeout: 10000 });
    visits += 1;
  }
} catch (e) {
  console.error(`playwright reaction peer failed at visit ${visits + 1}: ${e.message}`);
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
  process.exit(1);
}
await context.close();
fs.rmSync(profile, { recursive: true, force: true });
console.log(JSON.stringify({ tool: 'playwright', ms: Date.now() - started, visits }));
