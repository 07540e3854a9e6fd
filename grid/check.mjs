// The checks of grid/test.sh that need HTTP, JSON or binary parsing (Node is there wherever npm is,
// curl and python may not be). Each prints what it checked and exits non-zero on the first failure.
//
//   node check.mjs ports N                       N free ports on 127.0.0.1, one a line
//   node check.mjs wait-grid HUB NODES SECONDS   until /status says ready with NODES nodes up
//   node check.mjs cdp HUB URL                   a session through the hub: DevTools screenshot, which node
//   node check.mjs matrix DIR HUB COMBO...       the evidence of `check --matrix` in DIR
//   node check.mjs full-page DIR HUB             the evidence of one `check --full-page` run in DIR
//   node check.mjs nodes AT_ONCE LOG...           every node log shows a session; AT_ONCE were open together

import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import zlib from 'node:zlib';

const VIEWPORT = { width: 1280, height: 800 };

function fail(message) {
  console.error(`FAIL: ${message}`);
  process.exit(1);
}

function ok(message) {
  console.log(`  ok  ${message}`);
}

async function freePorts(count) {
  // All held open at once, so the N ports differ; closed just before the servers bind them.
  const servers = [];
  for (let i = 0; i < count; i++) {
    const server = net.createServer();
    await new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    servers.push(server);
  }
  const ports = servers.map((s) => s.address().port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

async function webdriver(method, url, body) {
  const response = await fetch(url, {
    method,
    // The Grid rejects JSON without the charset.
    headers: body === undefined ? {} : { 'Content-Type': 'application/json; charset=utf-8' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${method} ${url}: HTTP ${response.status}, not JSON: ${text.slice(0, 200)}`);
  }
  if (!response.ok) {
    throw new Error(`${method} ${url}: HTTP ${response.status}: ${JSON.stringify(json.value ?? json).slice(0, 300)}`);
  }
  return json.value;
}

async function waitGrid(hub, nodes, seconds) {
  const started = Date.now();
  let last = 'no answer yet';
  while (Date.now() - started < seconds * 1000) {
    try {
      const status = await webdriver('GET', `${hub}/status`);
      const up = (status.nodes ?? []).filter((n) => n.availability === 'UP');
      last = `ready=${status.ready}, ${up.length} node(s) up`;
      if (status.ready && up.length === nodes) {
        const slots = up.map((n) => `${n.uri} (${n.slots.length} slot: ${n.slots.map((s) => s.stereotype.browserName).join(', ')})`);
        console.log(`  ok  grid ready after ${((Date.now() - started) / 1000).toFixed(2)} s: ${slots.join('; ')}`);
        return;
      }
    } catch (e) {
      last = e.cause?.code ?? e.message;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  fail(`the grid at ${hub} was not ready with ${nodes} nodes within ${seconds} s (${last})`);
}

/** Checks that `bytes` is a whole PNG whose pixels decompress to the size its header says. */
function png(bytes, where) {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (bytes.length < 33 || !bytes.subarray(0, 8).equals(signature)) fail(`${where}: no PNG signature`);
  if (bytes.readUInt32BE(8) !== 13 || bytes.toString('latin1', 12, 16) !== 'IHDR') fail(`${where}: the first chunk is not IHDR`);
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  const depth = bytes[24];
  const colour = bytes[25];
  const channels = { 0: 1, 2: 3, 4: 2, 6: 4 }[colour];
  if (depth !== 8 || channels === undefined || bytes[28] !== 0) fail(`${where}: unexpected PNG format (depth ${depth}, colour type ${colour}, interlace ${bytes[28]})`);
  const idat = [];
  let offset = 8;
  let ended = false;
  while (offset + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    const end = offset + 12 + length;
    if (end > bytes.length) fail(`${where}: chunk ${type} runs past the end of the file`);
    const crc = bytes.readUInt32BE(offset + 8 + length);
    if (crc32(bytes.subarray(offset + 4, offset + 8 + length)) !== crc) fail(`${where}: chunk ${type} has a bad CRC`);
    if (type === 'IDAT') idat.push(bytes.subarray(offset + 8, offset + 8 + length));
    offset = end;
    if (type === 'IEND') {
      ended = true;
      break;
    }
  }
  if (!ended) fail(`${where}: no IEND chunk`);
  let pixels;
  try {
    pixels = zlib.inflateSync(Buffer.concat(idat));
  } catch (e) {
    fail(`${where}: the image data does not decompress (${e.message})`);
  }
  const expected = height * (1 + width * channels);
  if (pixels.length !== expected) fail(`${where}: ${pixels.length} bytes of pixels, ${expected} expected for ${width}x${height}`);
  return { width, height };
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

async function cdp(hub, url) {
  const session = await webdriver('POST', `${hub}/session`, {
    capabilities: {
      alwaysMatch: {
        browserName: 'chrome',
        'goog:chromeOptions': { args: ['--headless=new', '--hide-scrollbars', '--no-sandbox', '--disable-gpu', '--window-size=1280,943'] },
      },
    },
  });
  const id = session.sessionId;
  try {
    const status = await webdriver('GET', `${hub}/status`);
    const node = status.nodes.find((n) => n.slots.some((s) => s.session?.sessionId === id));
    await webdriver('POST', `${hub}/session/${id}/url`, { url });
    const shot = await webdriver('POST', `${hub}/session/${id}/goog/cdp/execute`, {
      cmd: 'Page.captureScreenshot',
      params: { format: 'png', optimizeForSpeed: true },
    });
    const { width, height } = png(Buffer.from(shot.data, 'base64'), 'DevTools screenshot');
    ok(`the hub proxies POST /session/{id}/goog/cdp/execute: Page.captureScreenshot gave a ${width}x${height} PNG (session on ${node?.uri ?? 'an unknown node'}, Chromium ${session.capabilities.browserVersion})`);
    // What --full-page does, on a page taller than the viewport.
    const tall = 2400;
    await webdriver('POST', `${hub}/session/${id}/url`, { url: `data:text/html,${encodeURIComponent(`<body style="margin:0;height:${tall}px;background:linear-gradient(red,blue)">`)}` });
    const metrics = await webdriver('POST', `${hub}/session/${id}/goog/cdp/execute`, { cmd: 'Page.getLayoutMetrics', params: {} });
    const size = metrics.cssContentSize;
    const full = await webdriver('POST', `${hub}/session/${id}/goog/cdp/execute`, {
      cmd: 'Page.captureScreenshot',
      params: { format: 'png', captureBeyondViewport: true, clip: { x: 0, y: 0, width: size.width, height: size.height, scale: 1 } },
    });
    const whole = png(Buffer.from(full.data, 'base64'), 'DevTools full-page screenshot');
    if (whole.width !== VIEWPORT.width || whole.height !== tall) fail(`the full-page screenshot of a ${tall} px page is ${whole.width}x${whole.height}`);
    ok(`and captureBeyondViewport: a ${tall} px tall page gave a ${whole.width}x${whole.height} PNG`);
  } finally {
    await webdriver('DELETE', `${hub}/session/${id}`);
  }
}

function report(dir, hub) {
  const file = path.join(dir, 'report.json');
  if (!fs.existsSync(file)) fail(`${file} is missing`);
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (report.status !== 'passed') fail(`${file}: status ${report.status}${report.error ? ` (${report.error})` : ''}`);
  if (report.browser?.webdriver !== hub) fail(`${file}: the browser came from ${report.browser?.webdriver}, not the hub ${hub}`);
  return report;
}

/** Every performed step has its PNG; every PNG is whole; returns the sizes of the raw ones. */
function screenshots(dir, report) {
  // The handlers' steps (the login, the products' prompts) are performed steps too.
  const detours = report.steps.flatMap((s) => (s.interruptions ?? []).flatMap((d) => d.steps));
  const performed = [...report.steps, ...detours].filter((s) => s.status === 'passed' || s.status === 'verified');
  const sizes = [];
  for (const step of performed) {
    if (!step.screenshot) fail(`${dir}: step ${step.index} (${step.name}) has no screenshot`);
    sizes.push(png(fs.readFileSync(path.join(dir, step.screenshot)), path.join(dir, step.screenshot)));
  }
  const raw = fs.readdirSync(dir).filter((f) => f.endsWith('.png') && !f.endsWith('.annotated.png'));
  if (raw.length !== performed.length) fail(`${dir}: ${raw.length} screenshots for ${performed.length} performed steps`);
  const annotated = fs.readdirSync(dir).filter((f) => f.endsWith('.annotated.png'));
  for (const f of annotated) png(fs.readFileSync(path.join(dir, f)), path.join(dir, f));
  return { performed: performed.length, annotated: annotated.length, sizes };
}

function matrix(dir, hub, combos) {
  const found = fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  if (JSON.stringify(found) !== JSON.stringify([...combos].sort())) fail(`${dir} holds ${found.join(', ')}; expected ${combos.join(', ')}`);
  ok(`${combos.length} combination folders: ${combos.join(', ')}`);
  for (const combo of combos) {
    const where = path.join(dir, combo);
    const r = report(where, hub);
    const verified = r.steps.filter((s) => s.status === 'verified').length;
    if (verified !== 2) fail(`${where}: ${verified} verified destructive steps, 2 expected`);
    const shots = screenshots(where, r);
    const wrong = shots.sizes.filter((s) => s.width !== VIEWPORT.width || s.height !== VIEWPORT.height);
    if (wrong.length) fail(`${where}: screenshots of ${wrong.map((s) => `${s.width}x${s.height}`).join(', ')}, not ${VIEWPORT.width}x${VIEWPORT.height}`);
    ok(`${combo}: passed through ${hub}, 2 verified, ${shots.performed} performed steps = ${shots.performed} whole ${VIEWPORT.width}x${VIEWPORT.height} PNGs (+${shots.annotated} annotated copies), Chromium ${r.browser.version}`);
    // clickpath's own DevTools connection goes through the hub too (its se:cdp relay).
    const paths = JSON.stringify(r.browser.screenshots ?? []);
    if (r.browser.devtools !== 'se:cdp' || paths !== '["devtools"]') fail(`${where}: screenshots took ${paths} with DevTools from ${r.browser.devtools}; expected ["devtools"] over se:cdp`);
    const overlapped = r.steps.filter((s) => s.shot_ms != null).length;
    ok(`  every screenshot came over clickpath's own DevTools connection relayed by the hub (se:cdp); ${overlapped} made while the next step looked`);
    // So did the page scripts (locating, settling, masks) in the top document.
    const scripts = r.browser.scripts ?? [];
    if (scripts[0] !== 'devtools') fail(`${where}: page scripts took ${JSON.stringify(scripts)}; expected "devtools" (over se:cdp) first`);
    ok(`  page scripts went over it too (${scripts.join(', ')})`);
    if (combo.includes('lightning')) lightning(where, r);
  }
}

/** Lightning's flow is the one that needs more than plain pages: shadow roots, a new tab, an iframe. */
function lightning(where, r) {
  const paths = r.steps.map((s) => s.element?.path ?? '');
  const shadow = paths.filter((p) => p.includes('(shadow)')).length;
  const framed = paths.filter((p) => /(^| > )iframe\[/.test(p)).length;
  const tab = r.steps.find((s) => (s.notes ?? []).some((n) => /new tab/.test(n)));
  const after = tab && r.steps.find((s) => s.index === tab.index + 1);
  if (!shadow || !framed) fail(`${where}: ${shadow} steps in shadow roots and ${framed} in iframes; Lightning's flow has both`);
  if (!tab || after?.status !== 'passed') fail(`${where}: no step switched to a new tab, or the step after it did not pass`);
  ok(`  ${shadow} steps found elements in shadow roots, ${framed} inside Setup's iframe; step ${tab.index} switched to the tab it opened (${tab.url})`);
}

function fullPage(dir, hub) {
  const r = report(dir, hub);
  const shots = screenshots(dir, r);
  const noted = r.steps.filter((s) => (s.notes ?? []).some((n) => /full page/.test(n)));
  if (noted.length) fail(`${dir}: steps ${noted.map((s) => s.index).join(', ')} fell back to the viewport: ${noted[0].notes.join('; ')}`);
  const narrow = shots.sizes.filter((s) => s.width !== VIEWPORT.width || s.height < VIEWPORT.height);
  if (narrow.length) fail(`${dir}: full-page screenshots of ${narrow.map((s) => `${s.width}x${s.height}`).join(', ')}`);
  const heights = shots.sizes.map((s) => s.height);
  ok(`--full-page through ${hub}: ${shots.performed} whole PNGs from DevTools (no viewport fallback), ${VIEWPORT.width} wide, ${Math.min(...heights)}-${Math.max(...heights)} px tall`);
}

/** Node logs: sessions each node created, and the most that were open at once across nodes. */
function nodes(logs) {
  const events = [];
  let total = 0;
  const counts = logs.map((log) => {
    const text = fs.readFileSync(log, 'utf8');
    const created = [...text.matchAll(/^(\d\d:\d\d:\d\d\.\d+) .*Session created by the Node\. Id: (\w+)/gm)];
    const stopped = [...text.matchAll(/^(\d\d:\d\d:\d\d\.\d+) .*Session stopped successfully: (\w+)/gm)];
    for (const m of created) events.push([m[1], 1]);
    for (const m of stopped) events.push([m[1], -1]);
    total += created.length;
    return `${path.basename(log)} ${created.length}`;
  });
  const idle = counts.filter((c) => c.endsWith(' 0'));
  if (idle.length) fail(`a node served no session (${counts.join(', ')})`);
  // Same-day clock times sort as text; a stop sorts before a start at the same instant.
  events.sort((a, b) => (a[0] === b[0] ? a[1] - b[1] : a[0] < b[0] ? -1 : 1));
  let open = 0;
  let most = 0;
  for (const [, delta] of events) {
    open += delta;
    most = Math.max(most, open);
  }
  ok(`every node served sessions: ${total} in all (${counts.join(', ')}), at most ${most} open at once`);
  return most;
}

const [command, ...args] = process.argv.slice(2);
try {
  switch (command) {
    case 'ports':
      console.log((await freePorts(Number(args[0]))).join('\n'));
      break;
    case 'wait-grid':
      await waitGrid(args[0], Number(args[1]), Number(args[2]));
      break;
    case 'cdp':
      await cdp(args[0], args[1]);
      break;
    case 'matrix':
      matrix(args[0], args[1], args.slice(2));
      break;
    case 'full-page':
      fullPage(args[0], args[1]);
      break;
    case 'nodes': {
      const [min, ...logs] = args;
      const most = nodes(logs);
      if (most < Number(min)) fail(`at most ${most} sessions were open at once; --jobs asked for ${min}`);
      break;
    }
    default:
      fail(`unknown command ${command}`);
  }
} catch (e) {
  fail(e.message);
}
