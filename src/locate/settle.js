// After a click: if the click started a navigation (recorded by locate.js on the top window), wait
// until the new document has loaded, so the step's screenshot shows where the click led.
// A navigation inside a frame is awaited here. For one of the top document this script answers at
// once with {top: true} after marking the old document; the runner then polls until a document
// without the mark has loaded. Answers {navigating, top, ms}.
const DONE = arguments[arguments.length - 1];
const LIMIT = (arguments.length > 1 && arguments[0] && arguments[0].timeout_ms) || 10000;
const started = performance.now();

// Where the click landed: on the element (or inside it, or its label), on a replacement of it (the
// same kind of element with the same text, re-rendered meanwhile), or somewhere else.
function landing() {
  const l = window.__clickpathLanding;
  window.__clickpathLanding = null;
  if (!l) return null;
  const inside = (node, el) => {
    for (let n = node; n; n = n.parentNode || n.host) if (n === el) return true;
    return false;
  };
  const norm = (s) => String(s || '').replace(/\s+/g, ' ').trim();
  if (!l.hit) return { landed: false, on: 'nothing (no click event reached the page)', wanted: l.desc };
  if (inside(l.hit, l.wanted) || inside(l.hit, l.pointEl)) return { landed: true, replaced: false };
  let el = l.hit.nodeType === 1 ? l.hit : l.hit.parentElement;
  for (; el; el = el.parentElement || (el.getRootNode && el.getRootNode().host) || null) {
    if (el.localName === l.tag && norm(el.innerText) === norm(l.text)) return { landed: true, replaced: true };
  }
  const hit = l.hit.nodeType === 1 ? l.hit : l.hit.parentElement;
  const what = hit ? hit.localName + (hit.id ? '#' + hit.id : '') + (norm(hit.innerText) ? ' "' + norm(hit.innerText).slice(0, 40) + '"' : '') : 'nothing';
  return { landed: false, on: what, wanted: l.desc };
}
const LANDING = landing();
const pending = window.__clickpathNavigation;
window.__clickpathNavigation = null;
if (!pending) {
  DONE({ navigating: false, ms: 0, landing: LANDING });
} else {
  const ms = () => Math.round(performance.now() - started);
  // A soft navigation (a submit or link click whose navigation has not begun yet) may still be
  // cancelled by the page: wait for it only briefly.
  const limit = pending.soft ? Math.min(LIMIT, 2000) : LIMIT;
  const loaded = () => {
    let doc = null;
    try { doc = pending.frame.contentDocument; } catch (e) { return true; } // now cross-origin: it loaded
    return !!doc && doc !== pending.doc && doc.readyState === 'complete';
  };
  const poll = () => {
    if (loaded()) DONE({ navigating: true, ms: ms() });
    else if (performance.now() - started > limit) DONE({ navigating: true, ms: ms(), timed_out: true });
    else setTimeout(poll, 15);
  };
  if (!pending.frame) {
    window.__clickpathOldDocument = true;
    DONE({ navigating: true, top: true, soft: !!pending.soft, ms: 0 });
  } else {
    poll();
  }
}
