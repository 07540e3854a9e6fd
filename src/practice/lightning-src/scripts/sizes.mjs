// Prints raw and gzip (level 9) sizes of every file in both output folders (the practice org's
// site/lightning/ also holds the hand-written templates and lightning.css).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIRS = [process.env.LWC_OUT_DIR || '../site/lightning', process.env.LWC_TRAPS_OUT_DIR || '../../../tests/sites/lwc'];
for (const dir of DIRS) report(path.resolve(ROOT, dir));

function report(DIST) {
console.log(`\n${path.relative(process.cwd(), DIST)}/`);
const files = [];
(function walk(dir) {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else files.push(p);
    }
})(DIST);
let raw = 0;
let gz = 0;
const rows = files.sort().map((f) => {
    const buf = fs.readFileSync(f);
    const g = zlib.gzipSync(buf, { level: 9 }).length;
    raw += buf.length;
    gz += g;
    return [path.relative(DIST, f), buf.length, g];
});
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`.padStart(12);
for (const [f, r, g] of rows) console.log(`${kb(r)} ${kb(g)} gz  ${f}`);
console.log(`${kb(raw)} ${kb(gz)} gz  TOTAL (${rows.length} files)`);
}
