// Headless-Chromium checks of the built pages in both shadow modes (playwright-core driving the
// system Chromium; no browser is downloaded):
//   * the practice org's Lightning pages, served by a running `clickpath practice` (PRACTICE_URL,
//     default http://127.0.0.1:8080): home with the gear menu open, Setup opened in a new tab that
//     keeps ?shadow=, the tree down to Installed Packages, the Classic page in the titled iframe and
//     its Uninstall link, in it and en; the org's state is left as it was (nothing is confirmed);
//   * the locator's trap page tests/sites/lwc/traps.html (served here with python3 -m http.server).
// Every page must load without console errors or failed requests, in the mode asked for, and every
// icon must have its inline SVG. Screenshots go to SHOTS (default ./verify-out).
// Usage: clickpath practice --port 8080 & npm run verify     env: PRACTICE_URL, CHROMIUM, SHOTS
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TRAPS = path.resolve(ROOT, process.env.LWC_TRAPS_OUT_DIR || '../../../tests/sites/lwc');
const SHOTS = path.resolve(process.env.SHOTS || path.join(ROOT, 'verify-out'));
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const PRACTICE = (process.env.PRACTICE_URL || 'http://127.0.0.1:8080').replace(/\/$/, '');
fs.mkdirSync(SHOTS, { recursive: true });

const TEXT = {
    it: { setup: 'Impostazioni', apps: 'App', installed: 'Pacchetti installati', setupOther: 'App connesse', quickFind: 'Ricerca rapida', data: 'Dati', uninstall: 'Disinstalla', title: 'Pacchetti installati ~ Salesforce - ' },
    en: { setup: 'Setup', apps: 'Apps', installed: 'Installed Packages', setupOther: 'Connected Apps', quickFind: 'Quick Find', data: 'Data', uninstall: 'Uninstall', title: 'Installed Packages ~ Salesforce - ' },
};

const failures = [];
function check(ok, what) {
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
    if (!ok) failures.push(what);
}

function watch(page, label) {
    page.on('console', (m) => m.type() === 'error' && failures.push(`${label}: console error ${m.text()}`));
    page.on('pageerror', (e) => failures.push(`${label}: page error ${e.message}`));
    page.on('requestfailed', (r) => failures.push(`${label}: request failed ${r.url()}`));
    page.on('response', (r) => r.status() >= 400 && failures.push(`${label}: HTTP ${r.status()} ${r.url()}`));
}

// The mode the page really runs (synthetic shadow roots carry `.synthetic`), and icons without paths.
async function facts(page) {
    return page.evaluate(() => {
        const hosts = [];
        const walk = (root) => root.querySelectorAll('*').forEach((el) => { if (el.shadowRoot) { hosts.push(el); walk(el.shadowRoot); } });
        walk(document);
        const synthetic = hosts.some((h) => h.shadowRoot.synthetic === true);
        const empty = hosts.filter((h) => h.tagName === 'LIGHTNING-PRIMITIVE-ICON' && !h.shadowRoot.querySelector('path, circle, rect, g')).length;
        return { mode: synthetic ? 'synthetic' : 'native', roots: hosts.length, emptyIcons: empty };
    });
}

async function practice(context, mode, lang) {
    const T = TEXT[lang];
    const tag = `${mode}-${lang}`;
    const page = await context.newPage();
    watch(page, `home ${tag}`);
    await page.goto(`${PRACTICE}/lightning/page/home?lang=${lang}&shadow=${mode}`);
    await page.waitForSelector('html[data-app-ready=true]');
    const f = await facts(page);
    check(f.mode === mode, `home ${tag}: runs ${f.mode} shadow (${f.roots} roots)`);
    await page.getByRole('button', { name: T.setup, exact: true }).click();
    const item = page.getByRole('menuitem', { name: T.setup, exact: true });
    await item.waitFor();
    await page.screenshot({ path: path.join(SHOTS, `home-menu-${tag}.png`) });
    check((await facts(page)).emptyIcons === 0, `home ${tag}: every icon has its SVG`);
    const [setup] = await Promise.all([context.waitForEvent('page'), item.click()]);
    watch(setup, `setup ${tag}`);
    await setup.waitForLoadState();
    check(new URL(setup.url()).searchParams.get('shadow') === mode, `setup ${tag}: the new tab keeps ?shadow= (${setup.url()})`);
    await setup.waitForSelector('html[data-app-ready=true]');
    check((await facts(setup)).mode === mode, `setup ${tag}: runs ${mode} shadow`);
    await setup.screenshot({ path: path.join(SHOTS, `setup-home-${tag}.png`) });
    // Quick Find keeps the matching nodes (opened down to them) and drops the rest.
    const quickFind = setup.getByRole('searchbox', { name: T.quickFind });
    await quickFind.fill(T.installed.slice(0, 6));
    await setup.getByRole('treeitem', { name: T.installed, exact: true }).waitFor();
    check(!(await setup.getByRole('treeitem', { name: T.apps, exact: true }).getByText(T.setupOther).count()), `setup ${tag}: Quick Find hides other nodes`);
    await quickFind.fill('');
    // Cleared, the tree is whole again, its nodes as open as before (Apps closed).
    await setup.getByRole('treeitem', { name: T.data, exact: true }).waitFor();
    check(!(await setup.getByText(T.setupOther, { exact: true }).isVisible()), `setup ${tag}: Quick Find cleared restores the tree`);
    await setup.getByRole('treeitem', { name: T.apps, exact: true }).getByText(T.apps, { exact: true }).click();
    await setup.getByText(T.installed, { exact: true }).first().click();
    await setup.waitForURL(/ImportedPackage/);
    check(new URL(setup.url()).searchParams.get('shadow') === mode, `packages ${tag}: the tree link keeps ?shadow=`);
    const frame = setup.locator('iframe');
    await frame.waitFor();
    const title = await frame.getAttribute('title');
    check(title.startsWith(T.title), `packages ${tag}: iframe titled ${JSON.stringify(title)}`);
    const inner = setup.frameLocator('iframe');
    await inner.getByRole('row').filter({ hasText: 'HubSpot Integration' }).getByText(T.uninstall, { exact: true }).waitFor();
    await setup.screenshot({ path: path.join(SHOTS, `packages-${tag}.png`) });
    await inner.getByRole('row').filter({ hasText: 'HubSpot Integration' }).getByText(T.uninstall, { exact: true }).click();
    await setup.waitForFunction(() => document.querySelector('iframe').contentDocument.location.pathname.endsWith('/uninstall'));
    await setup.waitForFunction((t) => document.querySelector('iframe').title !== t, title);
    check(true, `packages ${tag}: Uninstall opens the uninstall page in the iframe (title ${JSON.stringify(await frame.getAttribute('title'))})`);
    await setup.close();
    await page.close();
}

async function freePort() {
    return new Promise((resolve, reject) => {
        const s = net.createServer();
        s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
        s.on('error', reject);
    });
}

async function traps(context, base, mode) {
    const page = await context.newPage();
    watch(page, `traps ${mode}`);
    await page.goto(`${base}/traps.html${mode === 'synthetic' ? '' : `?shadow=${mode}`}`);
    await page.waitForSelector('c-traps section');
    check((await page.evaluate(() => document.documentElement.dataset.shadow)) === mode, `traps ${mode}: data-shadow`);
    check((await facts(page)).mode === mode, `traps ${mode}: runs ${mode} shadow`);
    const section = (name) => page.locator('section').filter({ has: page.getByRole('heading', { name, exact: true }) });
    const thrown = await page.evaluate(() => {
        try { document.querySelector('lightning-button-menu').shadowRoot.getElementById('x'); return 'no'; } catch (e) { return 'yes'; }
    });
    check(thrown === (mode === 'synthetic' ? 'yes' : 'no'), `traps ${mode}: getElementById on the menu's root throws: ${thrown}`);
    await section('Slotted menu').getByRole('button', { name: 'Altre azioni' }).click();
    await section('Slotted menu').getByRole('menuitem', { name: 'Elimina' }).click();
    check((await section('Slotted menu').getByRole('status').textContent()) === 'selected elimina', `traps ${mode}: slotted menu item chosen`);
    await section('Slotted name').getByRole('button', { name: 'Salva bozza' }).click();
    check((await section('Slotted name').getByRole('status').textContent()) === 'saved', `traps ${mode}: slotted-name button`);
    check(await page.getByRole('textbox', { name: 'Codice cliente' }).isVisible(), `traps ${mode}: input named across its root`);
    await section('Datatable').getByRole('row').filter({ hasText: 'DocuSign eSignature' }).getByRole('button', { name: 'Disinstalla' }).click();
    check((await section('Datatable').getByRole('status').textContent()) === 'uninstall DocuSign eSignature', `traps ${mode}: datatable row button`);
    await page.screenshot({ path: path.join(SHOTS, `traps-${mode}.png`), fullPage: true });
    await page.close();
}

const port = await freePort();
const server = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', TRAPS], { stdio: 'ignore' });
const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    for (const mode of ['synthetic', 'native']) {
        for (const lang of ['it', 'en']) await practice(context, mode, lang);
    }
    for (let i = 0; i < 50; i++) {
        try { if ((await fetch(`http://127.0.0.1:${port}/traps.html`)).ok) break; } catch (e) { /* not up yet */ }
        await new Promise((r) => setTimeout(r, 100));
    }
    for (const mode of ['synthetic', 'native']) await traps(context, `http://127.0.0.1:${port}`, mode);
} catch (e) {
    failures.push(`stopped: ${e.message.split('\n')[0]}`);
} finally {
    await browser.close();
    server.kill();
}
if (failures.length) {
    console.log(`\n${failures.length} problem(s):\n${failures.join('\n')}`);
    process.exit(1);
}
console.log(`\nall checks passed; screenshots in ${SHOTS}`);
