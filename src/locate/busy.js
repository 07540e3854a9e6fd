// clickpath: busy.js
//
// Run before a step's screenshot (Execute Async Script): waits, at most arguments[0].limit_ms, until
// no busy indicator is visible in the page: [aria-busy=true], an indeterminate progress bar (a bar
// with a value is progress shown, not a wait), SLDS spinners,
// <lightning-spinner>, a role=status element that shows no text (a spinner's dots, named only for
// screen readers; a status with words, a toast or "3 results", is not busy), a shown frame still
// loading its document, and the runbook's own `busy:` selectors. Searches the top document, open
// shadow roots (Lightning's synthetic ones hide their content from document queries) and
// same-origin frames. Answers { waited_ms, busy, timed_out, url }: busy names the last indicator seen,
// url is the top document's address (the evidence's URL), null when it is of another origin.
const DONE = arguments[arguments.length - 1];
const REQ = (arguments.length > 1 && arguments[0]) || {};
const LIMIT = Math.max(0, Number(REQ.limit_ms) || 0);
const SELECTOR = ['[aria-busy="true"]', '[role="progressbar"]:not([aria-valuenow])', 'progress:not([value])', '.slds-spinner', 'lightning-spinner']
  .concat(Array.isArray(REQ.busy) ? REQ.busy : []).join(',');
const started = performance.now();
const topUrl = () => { try { return String(window.top.location.href); } catch (e) { return null; } };

function shown(el) {
  try {
    if (el.checkVisibility && !el.checkVisibility({ visibilityProperty: true, opacityProperty: true })) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  } catch (e) { return false; }
}
function describe(el) {
  const cls = typeof el.className === 'string' ? el.className.trim().split(/\s+/).filter(Boolean).slice(0, 2) : [];
  return el.localName + (el.id ? '#' + el.id : '') + cls.map((c) => '.' + c).join('');
}
// The first visible indicator in a root, its shadow roots and its frames.
function busyIn(root, depth) {
  if (depth > 30) return null;
  let all = [];
  try {
    for (const el of root.querySelectorAll(SELECTOR)) if (shown(el)) return describe(el);
    for (const el of root.querySelectorAll('[role="status"]')) if (shown(el) && !String(el.innerText || '').trim()) return describe(el);
    all = root.querySelectorAll('*');
  } catch (e) { return null; }
  for (const el of all) {
    let inner = null;
    try { inner = el.shadowRoot; } catch (e) { inner = null; }
    if (!inner && (el.localName === 'iframe' || el.localName === 'frame')) {
      try { inner = el.contentDocument; } catch (e) { inner = null; }
      // A shown frame of this origin still loading its document is a wait too: its own spinner
      // may be about to appear (Classic pages inside Lightning).
      if (inner && shown(el) && (inner.readyState !== 'complete' ||
          (inner.URL === 'about:blank' && (el.getAttribute('src') || 'about:blank') !== 'about:blank'))) {
        return describe(el) + ' (loading)';
      }
    }
    if (inner) { const found = busyIn(inner, depth + 1); if (found) return found; }
  }
  return null;
}

let last = null, quiet = 0, finished = false;
function answer(timedOut) {
  if (finished) return;
  finished = true;
  DONE({ waited_ms: Math.round(performance.now() - started), busy: last, timed_out: timedOut, url: topUrl() });
}
// Settled = no indicator in two looks a rendered frame apart (one that goes as the next appears, a
// spinner replaced by another, does not count as gone).
function look() {
  if (finished) return;
  const busy = busyIn(document, 0);
  if (busy) { last = busy; quiet = 0; } else quiet++;
  if (quiet >= 2 || (quiet === 1 && last === null)) return answer(false);
  if (performance.now() - started >= LIMIT) return answer(true);
  if (document.hidden) setTimeout(look, 50); else requestAnimationFrame(() => setTimeout(look, 0));
}
try { look(); } catch (e) { answer(false); }
