// Text-first element finder shared by the Selenium and raw-WebDriver peers (run via Execute Script).
// arguments: [mode, text, within, option]
//   mode 'text'   - a visible element whose text (or aria-label/title, as a fallback) equals `text`,
//                   retargeted to the closest clickable ancestor; clickable matches win.
//   mode 'label'  - the form control labelled `text` (<label>, aria-label), falling back to 'text'.
//   mode 'option' - the <option> named `option` of the <select> labelled `text`.
//   within        - null, {"element": {"kind": "role", "role": R}} or {"row": {"row": T}}.
// Searches the document and every open shadow root. Answers the element, or {frame: <iframe>} when
// the match only exists inside a same-origin iframe (the caller switches into it), or null.
const [mode, text, within, option] = arguments;
const ACTIONABLE = 'a[href],button,input,select,textarea,label,summary,option,[role=button],[role=link],' +
  '[role=menuitem],[role=tab],[role=checkbox],[role=radio],[role=option],[role=treeitem],[onclick],[tabindex]:not([tabindex="-1"])';
const norm = (s) => String(s == null ? '' : s).replace(/[\u00ad\u200b-\u200d\u2060\ufeff]/g, '').replace(/\s+/g, ' ').trim().toLowerCase();
const want = norm(text);
// The text a user reads on an element: button inputs show their value.
const shown = (e) => (e.matches('input[type=submit],input[type=button],input[type=reset]') ? e.value : e.innerText);

function allElements(root, out) {
  for (const el of root.querySelectorAll('*')) {
    out.push(el);
    if (el.shadowRoot) allElements(el.shadowRoot, out);
  }
  return out;
}
function visible(el) {
  if (!el.getClientRects().length) return false;
  const st = getComputedStyle(el);
  return st.visibility !== 'hidden' && st.display !== 'none';
}
function closestDeep(el, sel) {
  while (el) {
    const hit = el.closest(sel);
    if (hit) return hit;
    const root = el.getRootNode();
    el = root && root.host ? root.host : null;
  }
  return null;
}
// A scope's elements: its descendants and what is slotted into its slots (a menu's items are
// children of the menu component's host, shown where the menu's <slot> is).
function inScope(scope) {
  const out = allElements(scope, []);
  for (const slot of out.filter((e) => e.localName === 'slot')) {
    for (const a of slot.assignedElements({ flatten: true })) {
      out.push(a);
      allElements(a, out);
    }
  }
  return out;
}
function scopes() {
  const all = allElements(document, []);
  if (!within) return [all];
  if (within.element && within.element.kind === 'role') {
    return all.filter((e) => e.getAttribute('role') === within.element.role && visible(e)).map(inScope);
  }
  if (within.row) {
    const w = norm(within.row.row);
    return all.filter((e) => (e.localName === 'tr' || e.getAttribute('role') === 'row') && norm(e.innerText).includes(w) && visible(e))
      .map((e) => allElements(e, []));
  }
  return [all];
}
function byText(els) {
  const set = new Set(els.filter((e) => norm(shown(e)) === want && visible(e)));
  // The innermost elements carrying the text, retargeted to what a user clicks.
  let hits = [...set].filter((e) => ![...e.children].some((c) => set.has(c)));
  if (!hits.length) hits = els.filter((e) => (norm(e.getAttribute('aria-label')) === want || norm(e.getAttribute('title')) === want) && visible(e));
  const targets = hits.map((e) => closestDeep(e, ACTIONABLE) || e);
  return targets.find((e) => e.matches(ACTIONABLE)) || targets[0] || null;
}
function byLabel(els) {
  for (const e of els) {
    if (e.localName === 'label' && norm(e.innerText).replace(/[\s:*]+$/, '') === want && e.control && visible(e)) return e.control;
  }
  return els.find((e) => e.matches('input,select,textarea') && norm(e.getAttribute('aria-label')) === want && visible(e)) || null;
}
function search(els) {
  if (mode === 'text') return byText(els);
  const ctl = byLabel(els) || (mode === 'label' ? byText(els) : null);
  if (mode === 'option' && ctl) return [...ctl.options].find((o) => norm(o.text) === norm(option)) || null;
  return ctl;
}
function foundInFrame(frame) {
  try {
    const doc = frame.contentDocument;
    if (!doc) return false;
    const els = allElements(doc, []);
    const w = doc.defaultView;
    // Evaluate visibility with the frame's own window.
    return els.some((e) => norm(shown(e)) === want || norm(e.getAttribute('aria-label')) === want) &&
      [...doc.querySelectorAll('*')].length > 0 && w;
  } catch (e) { return false; }
}
for (const els of scopes()) {
  const hit = search(els);
  if (hit) return hit;
}
if (!within || within.row) {
  for (const f of allElements(document, []).filter((e) => e.localName === 'iframe' && visible(e))) {
    if (foundInFrame(f) || (within && within.row && f.contentDocument && f.contentDocument.body && norm(f.contentDocument.body.innerText).includes(norm(within.row.row)))) return { frame: f };
  }
}
return null;
