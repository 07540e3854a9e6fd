// Rollup plugin: emit the static (non-JS) files next to the bundles:
// index.html, app.css, the SLDS stylesheet and the single SLDS image it needs here.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export default function staticFiles({ files }) {
    return {
        name: 'static-files',
        generateBundle() {
            for (const { from, to } of files) {
                this.emitFile({ type: 'asset', fileName: to, source: fs.readFileSync(from) });
            }
        },
    };
}

export function sldsFile(rel) {
    const root = path.dirname(require.resolve('@salesforce-ux/design-system/package.json'));
    return path.join(root, rel);
}
