// What the practice server renders into every Lightning page: the texts in the page's language
// (`t`), the org's state and the language, from <script id="practice-boot" type="application/json">
// (the same boot data the other practice pages read), plus the shadow-mode query parameter that
// in-app links carry along.
let boot;

function data() {
    if (!boot) {
        boot = { lang: 'en', t: {}, state: null };
        try {
            const node = document.getElementById('practice-boot');
            if (node) boot = JSON.parse(node.textContent || '{}');
        } catch (e) {
            // A broken boot block shows as [[key]] texts in the page, which screenshots make visible.
            console.error('practice: unreadable boot data', e);
        }
    }
    return boot;
}

/** The text for `key` in the page's language; a visible [[key]] when missing. */
export function t(key) {
    const texts = data().t || {};
    return Object.prototype.hasOwnProperty.call(texts, key) ? texts[key] : `[[${key}]]`;
}

/** The org's state as the server rendered it. */
export function orgState() {
    return data().state || {};
}

/** The page's language code. */
export function lang() {
    return data().lang || 'en';
}

/**
 * `href` with this page's `?shadow=` carried over, so a page opened with `?shadow=native` keeps
 * its mode in the links it leads to (new tabs included); without one the server's default applies.
 */
export function withShadow(href) {
    const mode = new URLSearchParams(window.location.search).get('shadow');
    if (!mode) return href;
    const url = new URL(href, window.location.origin);
    url.searchParams.set('shadow', mode);
    return url.pathname + url.search + url.hash;
}
