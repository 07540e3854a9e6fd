// Builds the practice org's Lightning Experience and the locator's LWC trap pages out of ONE set of
// tools: the LWC engine, @lwc/synthetic-shadow, lightning-base-components (LBC) and SLDS.
//
// Each app has two entries, one per shadow mode, sharing one chunk:
//   app-synthetic.js      import "./synthetic-shadow.js"; import "./lightning.js";  (production LEX default)
//   app-native.js         import "./lightning.js";                                  (native shadow DOM)
//   synthetic-shadow.js   @lwc/synthetic-shadow (its own chunk, so it is evaluated before the engine)
//   lightning.js          engine + LBC + our c-* components + the icons we list
//
// practice -> ../site/lightning/  (embedded by src/practice/site.rs; LWC_OUT_DIR overrides)
// traps    -> ../../../tests/sites/lwc/  (served as static files by the locator's tests; LWC_TRAPS_OUT_DIR overrides)
// Both outputs are committed, so `cargo build` needs no npm.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import lwc from '@lwc/rollup-plugin';
import replace from '@rollup/plugin-replace';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import iconSubset from './build/icon-subset.mjs';
import staticFiles, { sldsFile } from './build/static-files.mjs';

const ROOT = fileURLToPath(new URL('.', import.meta.url));
export const PRACTICE_OUT = process.env.LWC_OUT_DIR || '../site/lightning';
export const TRAPS_OUT = process.env.LWC_TRAPS_OUT_DIR || '../../../tests/sites/lwc';
const MINIFY = process.env.LWC_MINIFY !== '0'; // LWC_MINIFY=0 for a readable debug build
const REPORT = process.env.LWC_REPORT === '1'; // LWC_REPORT=1 prints the largest modules
const ONLY = process.env.LWC_ONLY; // "practice" or "traps": build one app only
const icons = JSON.parse(fs.readFileSync(new URL('./src/icons.json', import.meta.url), 'utf8'));

// Debug aid: largest packages/components per chunk (rendered size, before minification).
function moduleSizeReport() {
    return {
        name: 'module-size-report',
        generateBundle(_opts, bundleInfo) {
            for (const chunk of Object.values(bundleInfo)) {
                if (chunk.type !== 'chunk') continue;
                const byPkg = {};
                for (const [id, m] of Object.entries(chunk.modules)) {
                    const key = id
                        .replace(/^.*node_modules\//, '')
                        .replace(/^(lightning-base-components\/src\/lightning\/[^/]+|@[^/]+\/[^/]+|[^/]+)\/.*$/, '$1');
                    byPkg[key] = (byPkg[key] || 0) + m.renderedLength;
                }
                const top = Object.entries(byPkg).sort((a, b) => b[1] - a[1]).slice(0, 40);
                console.log(`\n${chunk.fileName}: top modules by rendered size`);
                for (const [k, v] of top) console.log(`${String(v).padStart(9)}  ${k}`);
            }
        },
    };
}

function onwarn(counter) {
    return (warning, warn) => {
        // Known, harmless: LBC's treeItem.js <-> treeItem.html cycle.
        if (warning.code === 'CIRCULAR_DEPENDENCY' && /lightning\/treeItem\//.test(warning.message)) return;
        // LBC's own templates trigger ~20 LWC template-compiler warnings (LWC1149 key outside
        // for:each, LWC1057 unknown attribute, LWC1145 class on <template>): not ours, not fatal.
        if (
            process.env.LWC_VERBOSE !== '1' &&
            warning.plugin === 'rollup-plugin-lwc-compiler' &&
            /node_modules\/lightning-base-components\//.test(warning.id || warning.message)
        ) {
            counter.n++;
            return;
        }
        warn(warning);
    };
}

// One app: its two entries under src/<app>/, its output folder and the static files it needs.
function app(name, outDir, statics) {
    const counter = { n: 0 };
    return {
        input: {
            'app-synthetic': `src/${name}/entry-synthetic.js`,
            'app-native': `src/${name}/entry-native.js`,
        },
        output: {
            dir: outDir,
            format: 'es',
            entryFileNames: '[name].js',
            chunkFileNames: '[name].js', // stable names: the server and the HTML name them directly
            sourcemap: false,
            manualChunks(id) {
                // Own chunk => app-synthetic.js imports it BEFORE lightning.js, so the polyfill is
                // evaluated before the engine (ES module evaluation order).
                if (id.includes('/@lwc/synthetic-shadow/')) return 'synthetic-shadow';
                // The entry modules stay in their own tiny chunks; otherwise rollup merges one of them
                // into the shared chunk and native mode would load the polyfill too.
                if (/\/src\/[a-z]+\/entry-[a-z]+\.js$/.test(id)) return undefined;
                return 'lightning';
            },
        },
        plugins: [
            iconSubset({ icons }),
            replace({
                preventAssignment: true,
                values: {
                    // LBC guards browser-only code with import.meta.env.SSR, undefined in a browser.
                    'import.meta.env.SSR': 'false',
                    // The engine's and LBC's dev checks; `process` does not exist in a browser.
                    'process.env.NODE_ENV': JSON.stringify('production'),
                },
            }),
            lwc({
                rootDir: ROOT, // module records' dir and npm lookups are relative to this
                modules: [{ dir: 'src/modules' }, { npm: 'lightning-base-components' }],
                // LBC templates use <lwc:component lwc:is={...}> (the datatable's sorting modal).
                enableDynamicComponents: true,
            }),
            nodeResolve(),
            REPORT && moduleSizeReport(),
            {
                name: 'lbc-warning-summary',
                buildEnd() {
                    if (counter.n) console.log(`${name}: ${counter.n} LWC template warnings from lightning-base-components hidden (LWC_VERBOSE=1 shows them)`);
                },
            },
            MINIFY && terser({ format: { comments: false } }),
            staticFiles({ files: statics }),
        ].filter(Boolean),
        onwarn: onwarn(counter),
    };
}

const SLDS_CSS = {
    from: sldsFile('assets/styles/salesforce-lightning-design-system.min.css'),
    to: 'assets/styles/salesforce-lightning-design-system.min.css',
};
// .slds-global-header__logo's background image (the only SLDS image the pages use).
const SLDS_LOGO = { from: sldsFile('assets/images/logo-noname.svg'), to: 'assets/images/logo-noname.svg' };

const apps = {
    practice: () => app('practice', PRACTICE_OUT, [SLDS_CSS, SLDS_LOGO]),
    traps: () =>
        app('traps', TRAPS_OUT, [{ from: 'src/traps/traps.html', to: 'traps.html' }, { from: 'src/traps/traps.css', to: 'traps.css' }, SLDS_CSS]),
};

export default ONLY ? [apps[ONLY]()] : [apps.practice(), apps.traps()];
