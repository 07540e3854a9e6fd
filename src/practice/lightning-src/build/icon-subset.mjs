// Rollup plugin: replace lightning-base-components' icon template libraries
// (lightning/iconSvgTemplates*, 3-7 MB each, pulled in by the dynamic imports in
// lightning/primitiveIcon/fetch.js) with a virtual module that imports only the
// icon templates we list. Keys follow LBC's convention `${category}_${name}`.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const PREFIX = '\0icon-subset:';
const MODULE_RE = /^lightning\/iconSvgTemplates(Utility|Action|Standard|Doctype|Custom)?(Rtl)?$/;

export default function iconSubset({ icons }) {
    const lbcRoot = path.dirname(require.resolve('lightning-base-components/package.json'));
    const templatePath = (category, name) => {
        const cap = category[0].toUpperCase() + category.slice(1);
        return path.join(lbcRoot, 'src/lightning', `iconSvgTemplates${cap}`, 'buildTemplates', category, `${name}.html`);
    };
    return {
        name: 'lbc-icon-subset',
        buildStart() {
            for (const [category, names] of Object.entries(icons)) {
                if (category.startsWith('/')) continue;
                for (const name of names) {
                    if (!fs.existsSync(templatePath(category, name))) {
                        this.error(`icons.json: no SLDS icon template ${category}:${name}`);
                    }
                }
            }
        },
        resolveId(source) {
            const m = MODULE_RE.exec(source);
            if (!m) return null;
            // Bare `lightning/iconSvgTemplates[Rtl]` (all categories) and all RTL variants
            // are never used on an LTR page: map them to an empty library.
            const category = m[1] && !m[2] ? m[1].toLowerCase() : 'none';
            return PREFIX + category;
        },
        load(id) {
            if (!id.startsWith(PREFIX)) return null;
            const category = id.slice(PREFIX.length);
            const names = icons[category] || [];
            const lines = names.map(
                (name, i) => `import t${i} from ${JSON.stringify(templatePath(category, name))};`,
            );
            lines.push(
                `export default {${names
                    .map((name, i) => `${JSON.stringify(`${category}_${name}`)}: t${i}`)
                    .join(', ')}};`,
            );
            return lines.join('\n');
        },
    };
}
