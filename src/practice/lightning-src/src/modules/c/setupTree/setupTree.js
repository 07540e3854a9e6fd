import { LightningElement, api } from 'lwc';
import { t, withShadow } from 'c/practice';

// Setup's tree, in the practice org's words: sections (headings), then nodes and their children.
// Packaging starts expanded, so that "Platform Tools > Apps > Installed Packages" (the path the
// seed article describes) shows Installed Packages as soon as Apps is open.
const TREE = [
    ['lx.tree.administration', [
        ['lx.tree.users', [['lx.tree.users'], ['lx.tree.profiles'], ['lx.tree.permission_sets']]],
        ['lx.tree.data', [['lx.tree.import'], ['lx.tree.export']]],
        ['lx.tree.email', [['lx.tree.deliverability'], ['lx.tree.templates']]]]],
    ['lx.tree.platform_tools', [
        ['lx.tree.apps', [['lx.tree.app_manager'], ['lx.tree.appexchange'], ['lx.tree.connected_apps'], ['lx.tree.mobile_apps'],
            ['lx.tree.packaging', [['lx.tree.installed_packages']], true]]],
        ['lx.tree.feature_settings'],
        ['lx.tree.objects'],
        ['lx.tree.automation', [['lx.tree.flows']]],
        ['lx.tree.ui'],
        ['lx.tree.custom_code', [['lx.tree.apex']]],
        ['lx.tree.environments', [['lx.tree.sandboxes']]]]],
    ['lx.tree.settings', [
        ['lx.tree.company', [['lx.tree.company_info']]],
        ['lx.tree.security', [['lx.tree.password'], ['lx.tree.sessions']]],
        ['lx.tree.identity', [['lx.tree.sso']]]]],
];

const URLS = { 'lx.tree.installed_packages': '/lightning/setup/ImportedPackage/home' };

// Tree item names are paths of text keys ("lx.tree.apps/lx.tree.packaging"), unique in the tree
// even where a node and its child share a text (Users > Users).
function nodes(list, parent, open) {
    return list.map(([key, children, startOpen]) => {
        const name = parent ? `${parent}/${key}` : key;
        const items = children ? nodes(children, name, open) : [];
        return {
            key,
            name,
            label: t(key),
            href: URLS[key] ? withShadow(URLS[key]) : undefined,
            expanded: open.has(name) || (Boolean(startOpen) && !open.has(`!${name}`)),
            items,
        };
    });
}

// Keeps the nodes whose label matches, or that hold one that does, expanded to show it.
function filter(items, query) {
    const out = [];
    for (const item of items) {
        const own = item.label.toLowerCase().includes(query);
        const children = own ? item.items : filter(item.items, query);
        if (own || children.length) out.push({ ...item, expanded: children.length > 0, items: children });
    }
    return out;
}

function parentsOf(name) {
    const parts = name.split('/');
    return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('/'));
}

export default class SetupTree extends LightningElement {
    static renderMode = 'light';

    /** The text key of the node this page is about (selected, its parents open). */
    @api current;

    quickFind = t('lx.setup.quickfind');
    noResults = t('lx.setup.no_results');
    query = '';
    // Open nodes by name; `!name` marks a node that starts open but was closed.
    open = new Set();
    selected;

    connectedCallback() {
        const found = this.all().find((n) => n.key === this.current && !n.items.length);
        if (found) {
            this.selected = found.name;
            parentsOf(found.name).forEach((p) => this.open.add(p));
        }
    }

    all() {
        const flat = [];
        const walk = (list) => list.forEach((n) => { flat.push(n); walk(n.items); });
        TREE.forEach(([, list]) => walk(nodes(list, '', this.open)));
        return flat;
    }

    get sections() {
        const q = this.query.trim().toLowerCase();
        return TREE.map(([title, list]) => {
            const items = nodes(list, '', this.open);
            return { key: title, header: t(title), items: q ? filter(items, q) : items };
        }).filter((s) => s.items.length);
    }

    get empty() {
        return this.sections.length === 0;
    }

    handleQuickFind(event) {
        this.query = event.target.value || '';
    }

    // Lightning's tree toggles a node from its chevron only; Setup's labels open and close their
    // node too, so a click on a parent's label does the same here. Leaves with a page are links.
    handleSelect(event) {
        const name = event.detail.name;
        const node = this.all().find((n) => n.name === name);
        if (!node || !node.items.length) {
            this.selected = name;
            return;
        }
        const open = new Set(this.open);
        if (node.expanded) {
            open.delete(name);
            open.add(`!${name}`);
        } else {
            open.add(name);
            open.delete(`!${name}`);
        }
        this.open = open;
    }

    // Keeps chevron toggles in step, so that a re-render does not undo them.
    handleChange(event) {
        const { key, expand } = event.detail;
        const open = new Set(this.open);
        if (expand) {
            open.add(key);
            open.delete(`!${key}`);
        } else {
            open.delete(key);
            open.add(`!${key}`);
        }
        this.open = open;
    }
}
