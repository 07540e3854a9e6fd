// Shared by every practice page: the boot data the server rendered into the page, texts in the page's
// language, a DOM builder and the JSON actions. Pages render from P.state and re-render after each action.
(function () {
  'use strict';
  let boot = { lang: 'it', t: {}, state: null, now: Date.now() };
  try {
    const el = document.getElementById('practice-boot');
    if (el) boot = JSON.parse(el.textContent);
  } catch (e) {
    console.error('practice: unreadable boot data', e);
  }
  const P = {
    lang: boot.lang,
    state: boot.state,
    query: new URLSearchParams(location.search),
    // The text for a key; a visible [[key]] when missing so that gaps show up in screenshots.
    t(key) { return Object.prototype.hasOwnProperty.call(boot.t, key) ? boot.t[key] : '[[' + key + ']]'; },
    // h('a', {href: '/x', class: 'btn', onclick: fn}, 'text', childNode, [more]) -> element
    h(tag, attrs, ...children) {
      const el = document.createElement(tag);
      for (const [k, v] of Object.entries(attrs || {})) {
        if (v == null || v === false) continue;
        if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
        else if (k === 'html') el.innerHTML = v;
        else el.setAttribute(k, v === true ? '' : String(v));
      }
      const add = (c) => {
        if (c == null || c === false) return;
        if (Array.isArray(c)) c.forEach(add);
        else el.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
      };
      children.forEach(add);
      return el;
    },
    // Replaces an element's content.
    fill(el, ...children) {
      if (!el) return;
      el.textContent = '';
      children.flat(Infinity).forEach((c) => c != null && c !== false && el.appendChild(c instanceof Node ? c : document.createTextNode(String(c))));
    },
    // POSTs JSON; resolves to the new state, rejects with the server's reason.
    async act(path, body) {
      const r = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body || {}) });
      let j = {};
      try { j = await r.json(); } catch (e) { /* empty answer */ }
      if (!r.ok) throw new Error(j.error || (r.status + ' ' + r.statusText));
      P.state = j;
      return j;
    },
    async reload() {
      const r = await fetch('/__practice/state', { cache: 'no-store' });
      if (r.ok) P.state = await r.json();
      return P.state;
    },
    date(ms, withTime) {
      const d = new Date(ms);
      const opts = withTime ? { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' } : { day: 'numeric', month: 'short', year: 'numeric' };
      return d.toLocaleString(P.lang === 'it' ? 'it-IT' : 'en-US', opts);
    },
    // Salesforce shows dates as numbers: 27/09/2022 (it) or 9/27/2022 (en).
    sfDate(isoOrMs) {
      const d = typeof isoOrMs === 'number' ? new Date(isoOrMs) : new Date(isoOrMs + 'T12:00:00');
      return P.lang === 'it' ? `${d.getDate()}/${d.getMonth() + 1}/${d.getFullYear()}` : `${d.getMonth() + 1}/${d.getDate()}/${d.getFullYear()}`;
    },
    sfDateTime(ms) {
      const d = new Date(ms), pad = (n) => String(n).padStart(2, '0');
      if (P.lang === 'it') return `${P.sfDate(ms)} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
      const h = d.getHours() % 12 || 12;
      return `${P.sfDate(ms)} ${h}:${pad(d.getMinutes())} ${d.getHours() < 12 ? 'AM' : 'PM'}`;
    },
    sleep(ms) { return new Promise((r) => setTimeout(r, ms)); },
  };
  window.P = P;
})();
