// clickpath: locate.js
//
// Runs in the page through WebDriver "Execute Async Script":
// arguments[0] is the request and the last argument is the callback. It finds the
// element a click-path step names (top document, same-origin frames and open shadow
// roots in any nesting), waits inside the page until that element can take the
// step's intent, and answers with a click point in viewport CSS pixels. It never
// throws: every outcome, including its own bugs, becomes a result object. Its only
// global is the function itself (below).
//
// Choices worth knowing: only visible matches count for uniqueness and for nth
// (hidden duplicates are common); exact beats normalized, visible beats hidden; among
// visible matches those fitting the intent (clickable, editable, checkable, <select>)
// win over the rest; points are in the topmost reachable window's viewport, which is
// the real top unless the script runs inside a cross-origin frame (frame_relative).
//
// The whole function is kept in the document as one non-enumerable, read-only property of
// window (its name, __CLICKPATH_LOCATE_KEY__, carries a hash of this file): later calls in the same
// document send a few lines that call it (LocateScripts::call) instead of these 50 KB, which the
// browser would otherwise parse and compile for every step. A navigation drops it with the document.

// Called with WebDriver's arguments as they come (here and from LocateScripts::call): a missing
// request or callback is made harmless in one place.
// What the function sees when it runs in the page's realm (see PRISTINE below); in its own realm these
// names are parameters.
let pageIsNative = () => false;
const isNative = (fn) => pageIsNative(fn);
const realmName = 'page';
// Listens through a function of the page's realm, which the browser calls back in either realm;
// answers the function that stops listening.
const listen = (target, type, fn, options) => {
  const trampoline = (e) => fn(e);
  target.addEventListener(type, trampoline, options);
  return () => target.removeEventListener(type, trampoline, options);
};

const LOCATE_SOURCE = function locate(request, callback) {
  const req = request && typeof request === 'object' ? request : {};
  const done = typeof callback === 'function' ? callback : () => {};
  const started = performance.now();
  const intent = req.intent || 'click';
  // A hover is found and proven as a click is; only the pointer's move follows.
  const POINTING = intent === 'click' || intent === 'hover';
  // The states of a locator's elements; `part` is the text checks' way (see textMatcher).
  const PRESENCE = /^(visible|absent|attached|detached)$/.test(intent);
  const PART = req.part === true;
  // 'mask': every visible match, at once, for covering before a screenshot (no waiting, no uniqueness).
  const MASK = intent === 'mask';
  const timeoutMs = Math.max(0, Number(req.timeout_ms) || 0);

  // Things a user clicks. A matched text node's element is retargeted to the closest
  // of these, because handlers usually sit on the button, not on its inner <span>.
  // tabindex=-1 is left out: dialogs and main regions carry it and are not "buttons".
  const ACTIONABLE = 'a[href],area[href],button,input,select,textarea,label,summary,option,' +
    '[role=button],[role=link],[role=menuitem],[role=menuitemcheckbox],[role=menuitemradio],[role=tab],' +
    '[role=checkbox],[role=radio],[role=option],[role=switch],[role=treeitem],[onclick],[tabindex]:not([tabindex="-1"])';
  const NO_TEXT = new Set(['script', 'style', 'noscript', 'template', 'head', 'title', 'meta', 'link', 'html']);
  const NAME_FROM_CONTENT = new Set(['button', 'link', 'heading', 'cell', 'gridcell', 'columnheader', 'rowheader',
    'row', 'option', 'menuitem', 'menuitemcheckbox', 'menuitemradio', 'tab', 'checkbox', 'radio', 'switch',
    'treeitem', 'tooltip']);
  const FORMISH_ROLES = new Set(['textbox', 'searchbox', 'combobox', 'checkbox', 'radio', 'switch', 'spinbutton',
    'slider', 'listbox']);
  const LABEL_VOCAB = ACTIONABLE + ',h1,h2,h3,h4,h5,h6,th,td,legend,caption,[role=heading],[role=cell],' +
    '[role=gridcell],[role=columnheader],[role=rowheader]';

  // ---------------------------------------------------------------- text helpers
  const INVISIBLE_CHARS = /[\u00ad\u200b-\u200d\u2060\ufeff]/g;
  const clean = (s) => String(s == null ? '' : s).replace(INVISIBLE_CHARS, '').replace(/\s+/g, ' ').trim();
  const norm = (s) => clean(s).normalize('NFC').toLowerCase();
  const shorten = (s, n = 60) => { s = clean(s); return s.length > n ? s.slice(0, n - 1) + '…' : s; };
  const want = (s) => { const n = norm(s); return { exact: String(s == null ? '' : s).trim(), norm: n, bare: n.replace(/ /g, '') }; };
  // 2 = exact (equal after trim), 1 = equal after normalizing, 0 = no match.
  const level = (s, w) => (s == null ? 0 : String(s).trim() === w.exact ? 2 : norm(s) === w.norm ? 1 : 0);
  const labelLevel = (s, w) => Math.max(level(s, w), level(String(s).replace(/[\s:*]+$/, ''), w));

  // ------------------------------------------------------------- element helpers
  const tagOf = (el) => el.localName || '';
  const styleOf = (el) => el.ownerDocument.defaultView.getComputedStyle(el);
  const attempt = (fn, fallback) => { try { return fn(); } catch (e) { return fallback; } };
  const innerTextOf = (el) => attempt(() => (el.innerText != null ? el.innerText : el.textContent || ''), '');

  // Pages patch the DOM: synthetic shadow DOM (Lightning) hides component content from document
  // queries and makes some ShadowRoot methods throw. A call that throws skips what it was about (a
  // root, a subtree) and is noted here for the answer; it never ends the search. Reset by each
  // evaluation; the walk's own notes live with the walk (it is reused across evaluations).
  let skips = new Map();
  function noteSkip(into, what, at, e) {
    const error = shorten(String(e && e.message || e).split('\n')[0], 160);
    const key = what + '\u0000' + error;
    const s = into.get(key);
    if (s) s.count++;
    else into.set(key, { what, error, count: 1, path: at ? attempt(() => pathOf(at), '') : '' });
  }
  const rootKind = (root) => (root.nodeType === 9 ? 'document' : 'shadow root');
  const hostOf = (root) => attempt(() => (root.nodeType === 11 ? root.host : null), null);
  // Each root on its own: one that throws is skipped and noted, the others still count.
  function eachRoot(world, fn) {
    for (const r of world.roots) { try { fn(r); } catch (e) { noteSkip(skips, rootKind(r.root), hostOf(r.root), e); } }
  }

  // The flat (composed) tree, the one the page is rendered from: a slotted node sits in its slot,
  // a shadow root's content in its host.
  const shadowOf = (el) => attempt(() => el.shadowRoot || null, null);
  const slotOf = (n) => attempt(() => n.assignedSlot || null, null);
  function parentOf(el) {
    const slot = slotOf(el);
    if (slot) return slot;
    return attempt(() => {
      if (el.parentElement) return el.parentElement;
      const p = el.parentNode;
      return p && p.nodeType === 11 && p.host ? p.host : null;
    }, null);
  }
  // deep: also step out of a same-origin frame's document to its <iframe>.
  function contains(anc, el, deep) {
    const up = (e) => parentOf(e) || (deep && e.parentNode && e.parentNode.nodeType === 9 ? frameOf(e.parentNode) : null);
    for (let e = el, guard = 0; e && guard < 1000; e = up(e), guard++) if (e === anc) return true;
    return false;
  }
  // Element children in the flat tree.
  function flatChildren(el) {
    const sr = shadowOf(el);
    if (sr) return attempt(() => Array.from(sr.children), []);
    if (tagOf(el) === 'slot') {
      const assigned = attempt(() => el.assignedElements({ flatten: true }), []);
      if (assigned.length) return assigned;
    }
    return attempt(() => Array.from(el.children), []);
  }
  // Elements whose flat-tree text is not their innerText: shadow hosts, slots and their ancestors
  // in the same root (marked by the walk). Everything else takes the browser's innerText, which
  // is fast and knows what is rendered.
  let flatMarks = new Set();
  // The text a user reads in an element, following the flat tree into shadow roots and through
  // slots. noControls leaves out the text of form controls (a <select> inside a <label>). The
  // element itself may be hidden (a visually hidden <label> still names its field), as innerText
  // then answers its textContent; hidden parts inside it are left out.
  function flatText(el, noControls, depth) {
    const t = tagOf(el);
    if (noControls && /^(input|select|textarea)$/.test(t)) return '';
    if (!flatMarks.has(el)) return noControls ? textWithoutControls(el) : innerTextOf(el);
    if ((depth || 0) > 64 || (NO_TEXT.has(t) && t !== 'html')) return '';
    const sr = shadowOf(el);
    let kids = null;
    if (sr) kids = attempt(() => sr.childNodes, null);
    else if (t === 'slot') { kids = attempt(() => el.assignedNodes({ flatten: true }), null); if (kids && !kids.length) kids = null; }
    if (!kids) kids = attempt(() => el.childNodes, []);
    let s = '';
    for (const n of kids) {
      if (n.nodeType === 3) s += n.nodeValue;
      else if (n.nodeType === 1) {
        // Blocks and cells are words apart; inline pieces join as innerText would join them.
        // Not checkVisibility: it says false for display:contents, which every <slot> is.
        const d = attempt(() => styleOf(n).display, 'inline');
        if (d === 'none') continue;
        const gap = d.startsWith('inline') || d === 'contents' ? '' : ' ';
        s += gap + flatText(n, noControls, (depth || 0) + 1) + gap;
      }
    }
    return s;
  }
  // All the flat-tree text, rendered or not, without a style lookup: a cheap test before flatText.
  function flatTextContent(el, depth) {
    if (!flatMarks.has(el)) return attempt(() => el.textContent || '', '');
    if ((depth || 0) > 64) return '';
    const sr = shadowOf(el);
    let kids = null;
    if (sr) kids = attempt(() => sr.childNodes, null);
    else if (tagOf(el) === 'slot') { kids = attempt(() => el.assignedNodes({ flatten: true }), null); if (kids && !kids.length) kids = null; }
    if (!kids) kids = attempt(() => el.childNodes, []);
    let s = '';
    for (const n of kids) s += n.nodeType === 3 ? n.nodeValue : n.nodeType === 1 ? ' ' + flatTextContent(n, (depth || 0) + 1) : '';
    return s;
  }
  // An id reference (aria-labelledby, label for) resolves in the element's own root, by whatever
  // means that root allows: synthetic shadow roots refuse getElementById but answer querySelector.
  function byId(el, id) {
    const root = attempt(() => el.getRootNode(), null);
    if (!root) return null;
    const found = attempt(() => (typeof root.getElementById === 'function' ? root.getElementById(id) : null), null);
    if (found) return found;
    return attempt(() => (root.querySelector ? root.querySelector('#' + CSS.escape(id)) : null), null);
  }
  // Label text without the text of controls nested in it (a <select> inside a
  // <label> would otherwise add all its options to the label).
  function textWithoutControls(el) {
    if (flatMarks.has(el)) return flatText(el, true);
    if (!attempt(() => el.querySelector('input,select,textarea'), null)) return innerTextOf(el);
    let s = '';
    for (const n of el.childNodes) {
      if (n.nodeType === 3) s += n.nodeValue;
      else if (n.nodeType === 1 && !/^(input|select|textarea)$/.test(tagOf(n))) s += ' ' + textWithoutControls(n) + ' ';
    }
    return s;
  }
  function labelledByText(el) {
    const ids = (el.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean);
    return clean(ids.map((id) => { const r = byId(el, id); return r ? flatText(r) : ''; }).join(' '));
  }
  const labelsOf = (el) => (el.labels ? Array.from(el.labels) : []);
  const labelsText = (el) => clean(labelsOf(el).map(textWithoutControls).join(' '));
  function labelControl(label) {
    if (label.control) return label.control;
    const f = label.getAttribute('for');   // `for` may point at a custom (non-labelable) widget
    return f ? byId(label, f) : null;
  }

  const TAG_ROLES = { button: 'button', summary: 'button', textarea: 'textbox', tr: 'row', td: 'cell', li: 'listitem',
    ul: 'list', ol: 'list', menu: 'list', fieldset: 'group', details: 'group', optgroup: 'group', thead: 'rowgroup',
    tbody: 'rowgroup', tfoot: 'rowgroup', header: 'banner', footer: 'contentinfo', aside: 'complementary',
    nav: 'navigation', section: 'region', progress: 'progressbar', hr: 'separator', option: 'option', dialog: 'dialog',
    table: 'table', form: 'form', main: 'main', article: 'article', h1: 'heading', h2: 'heading', h3: 'heading',
    h4: 'heading', h5: 'heading', h6: 'heading' };
  function roleOf(el) {
    const explicit = (el.getAttribute('role') || '').trim().split(/\s+/)[0];
    if (explicit) return explicit.toLowerCase();
    const t = tagOf(el);
    if (t === 'a' || t === 'area') return el.hasAttribute('href') ? 'link' : '';
    if (t === 'select') return el.multiple || el.size > 1 ? 'listbox' : 'combobox';
    if (t === 'img') return el.getAttribute('alt') === '' ? 'presentation' : 'img';
    if (t === 'th') return el.getAttribute('scope') === 'row' ? 'rowheader' : 'columnheader';
    if (t !== 'input') return TAG_ROLES[t] || '';
    const ty = (el.getAttribute('type') || 'text').toLowerCase();
    if (/^(button|submit|reset|image)$/.test(ty)) return 'button';
    if (ty === 'checkbox' || ty === 'radio') return ty;
    if (/^(hidden|file|color)$/.test(ty)) return '';
    if (ty === 'range' || ty === 'number') return ty === 'range' ? 'slider' : 'spinbutton';
    if (el.hasAttribute('list')) return 'combobox';
    return ty === 'search' ? 'searchbox' : 'textbox';
  }

  // A pragmatic accessible name: good enough to match what users read and to
  // describe elements; not the full W3C algorithm.
  function accName(el) {
    if (el.hasAttribute('aria-labelledby')) { const s = labelledByText(el); if (s) return s; }
    const al = clean(el.getAttribute('aria-label'));
    if (al) return al;
    const t = tagOf(el), ty = (el.type || '').toLowerCase();
    if (t === 'input' && /^(button|submit|reset)$/.test(ty)) return clean(el.value) || (ty === 'reset' ? 'Reset' : ty === 'submit' ? 'Submit' : '');
    if (t === 'img' || t === 'area' || (t === 'input' && ty === 'image')) { const alt = clean(el.getAttribute('alt')); if (alt) return alt; }
    if (t !== 'label') { const lt = labelsText(el); if (lt) return lt; }
    if (NAME_FROM_CONTENT.has(roleOf(el)) || t === 'label' || t === 'legend') { const s = clean(flatText(el)); if (s) return s; }
    return clean(el.getAttribute('title')) || clean(el.getAttribute('placeholder'));
  }
  // Every name a user might quote for an element, besides its visible text.
  function nameSources(el) {
    const out = [el.getAttribute('aria-label'), el.getAttribute('title')];
    if (el.hasAttribute('aria-labelledby')) out.push(labelledByText(el));
    const t = tagOf(el), ty = (el.type || '').toLowerCase();
    if (t === 'img' || t === 'area' || (t === 'input' && ty === 'image')) out.push(el.getAttribute('alt'));
    if (t === 'input' && /^(button|submit|reset)$/.test(ty)) out.push(el.value);
    if (t !== 'label' && el.labels && el.labels.length) out.push(labelsText(el));
    return out;
  }

  // ------------------------------------------------------------ describing things
  function shortSel(el) {
    const t = tagOf(el);
    if (t === 'iframe' || t === 'frame') {
      for (const a of ['title', 'name', 'id']) { const v = el.getAttribute(a); if (v) return `${t}[${a}="${shorten(v, 80)}"]`; }
      return `${t}[src="${shorten(el.getAttribute('src') || '', 50)}"]`;
    }
    const cls = typeof el.className === 'string' ? el.className.trim().split(/\s+/).filter(Boolean).slice(0, 2) : [];
    return t + (el.id ? '#' + el.id : '') + cls.map((c) => '.' + c).join('');
  }
  function describe(el) {
    const t = tagOf(el);
    let s = t;
    if (el.hasAttribute('role')) s += `[role=${el.getAttribute('role')}]`;
    else if (t === 'input') s += `[type=${(el.type || 'text').toLowerCase()}]`;
    const name = shorten(attempt(() => accName(el), '') || (t === 'select' ? '' : flatText(el)), 50);
    return name ? `${s} "${name}"` : s;
  }
  // Human-readable location: frames and shadow hosts from the top down.
  function pathOf(el) {
    // Anchor the element to its nearest ancestor with an id (same root), if it has none itself.
    let anchor = el.id ? null : attempt(() => el.parentElement && el.parentElement.closest('[id]'), null);
    const parts = [(anchor ? shortSel(anchor) + ' ' : '') + shortSel(el)];
    let n = el;
    for (let guard = 0; guard < 100; guard++) {
      const root = attempt(() => n.getRootNode(), null);
      if (!root) break;
      if (root.nodeType === 11 && root.host) { n = root.host; parts.unshift(shortSel(n) + '(shadow)'); continue; }
      const fe = root.nodeType === 9 ? frameOf(root) : null;
      if (!fe) break;
      n = fe; parts.unshift(shortSel(fe));
    }
    return parts.join(' > ');
  }
  function describeLocator(loc) {
    if (!loc) return 'nothing';
    if (loc.kind === 'role') return loc.name == null ? `role ${loc.role}` : `role ${loc.role} "${loc.name}"`;
    if (loc.kind === 'regex') return `regex /${loc.regex}/${loc.flags || ''}`;
    if (loc.kind === 'text' && loc.exact) return `exactly text "${loc.text}"`;
    const v = loc[loc.kind];
    return loc.kind === 'css' || loc.kind === 'xpath' ? `${loc.kind} \`${v}\`` : `${loc.kind} "${v}"`;
  }

  // ------------------------------------------------------ frames and coordinates
  // Coordinates are reported for the topmost window this script can reach. That is
  // the real top-level window unless the script runs inside a cross-origin frame.
  const TOP = (() => { let w = window; try { while (w.frameElement) w = w.frameElement.ownerDocument.defaultView; } catch (e) { /* cross-origin parent */ } return w; })();
  const frameOf = (doc) => { try { const w = doc.defaultView; return w && w !== TOP ? w.frameElement : null; } catch (e) { return null; } };
  // Where a frame's viewport starts inside its own document's viewport.
  function contentOrigin(frameEl) {
    const r = frameEl.getBoundingClientRect(), st = styleOf(frameEl);
    return { x: r.left + frameEl.clientLeft + parseFloat(st.paddingLeft), y: r.top + frameEl.clientTop + parseFloat(st.paddingTop) };
  }
  // Where a document's viewport starts in TOP's viewport.
  function viewportOrigin(doc) {
    let x = 0, y = 0;
    for (let fe = frameOf(doc); fe; fe = frameOf(fe.ownerDocument)) { const o = contentOrigin(fe); x += o.x; y += o.y; }
    return { x, y };
  }
  // display:contents elements have no box of their own: use their children's.
  function boxRect(el) {
    const r = el.getBoundingClientRect();
    if (r.width || r.height || styleOf(el).display !== 'contents') return r;
    let l = Infinity, t = Infinity, rr = -Infinity, b = -Infinity;
    for (const c of flatChildren(el)) { const cr = boxRect(c); if (!cr.width && !cr.height) continue; l = Math.min(l, cr.left); t = Math.min(t, cr.top); rr = Math.max(rr, cr.right); b = Math.max(b, cr.bottom); }
    return l === Infinity ? r : new DOMRect(l, t, rr - l, b - t);
  }
  function topRect(el) {
    const r = boxRect(el), o = viewportOrigin(el.ownerDocument);
    return { x: r.left + o.x, y: r.top + o.y, width: r.width, height: r.height };
  }
  const roundRect = (r) => ({ x: Math.round(r.x), y: Math.round(r.y), width: Math.round(r.width), height: Math.round(r.height) });
  // Centre of the box; for an inline element wrapped over lines, centre of its first line.
  function clickPoint(el) {
    const rects = Array.from(el.getClientRects()).filter((r) => r.width > 0 && r.height > 0);
    const r = rects.length > 1 ? rects[0] : boxRect(el), o = viewportOrigin(el.ownerDocument);
    return { x: Math.floor(o.x + r.left + r.width / 2), y: Math.floor(o.y + r.top + r.height / 2) };
  }
  function viewportSize(w) {
    const d = w.document.documentElement;
    return d && w.document.compatMode === 'CSS1Compat' ? { w: d.clientWidth, h: d.clientHeight } : { w: w.innerWidth, h: w.innerHeight };
  }
  // The point must be inside TOP's viewport and inside every frame on the way.
  function inViewports(doc, p) {
    for (let d = doc; d; d = frameOf(d) ? frameOf(d).ownerDocument : null) {
      const o = viewportOrigin(d), v = viewportSize(d.defaultView);
      if (p.x - o.x < 0 || p.y - o.y < 0 || p.x - o.x >= v.w || p.y - o.y >= v.h) return false;
      if (!frameOf(d)) break;
    }
    return true;
  }
  // Hit test as the browser will: descend into open shadow roots and same-origin frames.
  function deepHit(p, doc) {
    let x = p.x, y = p.y, hit = (doc || TOP.document).elementFromPoint(x, y);
    for (let guard = 0; hit && guard < 100; guard++) {
      const sr = shadowOf(hit);
      if (sr) {
        const inner = attempt(() => sr.elementFromPoint(x, y), null);
        if (inner && inner !== hit && contains(hit, inner)) { hit = inner; continue; }
      }
      const t = tagOf(hit);
      if (t === 'iframe' || t === 'frame') {
        let d = null;
        try { d = hit.contentDocument; } catch (e) { /* cross-origin */ }
        if (d) {
          const o = contentOrigin(hit);
          const inner = d.elementFromPoint(x - o.x, y - o.y);
          if (inner) { x -= o.x; y -= o.y; hit = inner; continue; }
        }
      }
      break;
    }
    return hit;
  }

  // A frame on the way to TOP that is scaled, rotated or skewed (on its element or an ancestor of
  // it): then a frame's content does not start at an offset, and points inside it map to TOP only
  // through the transforms, which the browser knows and this script cannot read. The cover check is
  // then made in the element's own document, and the runner asks the browser where the element is.
  function bentByTransform(st) {
    if (!st) return false;
    if ((st.rotate && st.rotate !== 'none') || (st.scale && st.scale !== 'none')) return true;
    if (!st.transform || st.transform === 'none') return false;
    const m = attempt(() => new DOMMatrixReadOnly(st.transform), null);
    return !m || !(m.a === 1 && m.b === 0 && m.c === 0 && m.d === 1 && m.is2D);
  }
  function framesTransformed(doc) {
    for (let fe = frameOf(doc); fe; fe = frameOf(fe.ownerDocument)) {
      for (let e = fe, guard = 0; e && guard < 200; e = parentOf(e), guard++) if (bentByTransform(attempt(() => styleOf(e), null))) return true;
    }
    return false;
  }
  // The centre of an element in its own document's viewport, and whether that viewport shows it.
  function localPoint(el) {
    const r = boxRect(el);
    return { x: Math.floor(r.left + r.width / 2), y: Math.floor(r.top + r.height / 2) };
  }
  function inOwnViewport(doc, p) {
    const v = viewportSize(doc.defaultView);
    return p.x >= 0 && p.y >= 0 && p.x < v.w && p.y < v.h;
  }

  // ---------------------------------------------------------- element states
  let visCache = new Map();
  function framesVisible(el) {
    for (let fe = frameOf(el.ownerDocument); fe; fe = frameOf(fe.ownerDocument)) if (!visibleSelf(fe)) return false;
    return true;
  }
  function visibleSelf(el) {
    if (!el.isConnected) return false;
    if (el.checkVisibility && !el.checkVisibility({ visibilityProperty: true, checkVisibilityCSS: true })) return false;
    const st = styleOf(el);
    if (st.visibility === 'hidden' || st.visibility === 'collapse') return false;
    const r = boxRect(el);
    return r.width > 0 && r.height > 0;
  }
  function isVisible(el) {
    if (!visCache.has(el)) visCache.set(el, visibleSelf(el) && framesVisible(el));
    return visCache.get(el);
  }
  // Custom-styled checkboxes hide the real input (opacity 0, 1px, off-screen);
  // such an input is clicked through its label instead.
  function reallyShown(el) {
    if (!isVisible(el)) return false;
    if (el.checkVisibility && !el.checkVisibility({ opacityProperty: true })) return false;
    const r = el.getBoundingClientRect(), w = el.ownerDocument.defaultView;
    return r.width > 2 && r.height > 2 && r.right + w.scrollX > 0 && r.bottom + w.scrollY > 0;
  }
  function isEnabled(el) {
    try { if (el.matches(':disabled')) return false; } catch (e) { /* not a form element */ }
    for (let e = el; e; e = parentOf(e)) if (e.getAttribute && e.getAttribute('aria-disabled') === 'true') return false;
    return true;
  }
  // What focus() can give the keyboard focus to (the state checks cover disabled and hidden ones).
  const focusable = (el) => el.isContentEditable || el.hasAttribute('tabindex') || el.tabIndex >= 0;
  function isEditable(el) {
    const t = tagOf(el);
    if (t === 'textarea') return !el.readOnly;
    if (t === 'input') return !/^(button|submit|reset|checkbox|radio|file|image|hidden|range|color)$/.test((el.type || '').toLowerCase()) && !el.readOnly;
    return !!el.isContentEditable && el.getAttribute('aria-readonly') !== 'true';
  }
  function checkedState(el) {
    if (tagOf(el) === 'input' && /^(checkbox|radio)$/.test(el.type)) return !!el.checked;
    const a = el.getAttribute('aria-checked') || el.getAttribute('aria-pressed') || el.getAttribute('aria-selected');
    return a === 'true' ? true : a === 'false' || a === 'mixed' ? false : null;
  }

  // ------------------------------------------------------- collecting the world
  // One walk per evaluation: every document (top + same-origin frames) and every
  // open shadow root, each with its elements, plus the cross-origin frames met.
  // A root whose elements cannot be listed is skipped and noted, not counted as searched.
  function collectWorld() {
    const world = { roots: [], order: new Map(), frames: [], crossOrigin: [], stats: { documents: 0, frames: 0, shadow_roots: 0 },
      skips: new Map(), flatMarks: new Set() };
    let n = 0;
    // Hosts and slots, and their ancestors up to their root: where innerText misses flat-tree text.
    // Not under synthetic shadow DOM: there the real DOM is the flat tree, slotted nodes sit inside
    // their <slot>, and innerText (which it leaves alone) already reads it all.
    const mark = (el) => {
      for (let e = el; e && !world.flatMarks.has(e); e = e.parentElement) world.flatMarks.add(e);
    };
    const visit = (root, indexPath) => {
      let elements;
      try { elements = root.querySelectorAll('*'); } catch (e) { noteSkip(world.skips, rootKind(root), hostOf(root), e); return false; }
      world.roots.push({ root, elements });
      const synthetic = root.synthetic === true;
      for (const el of elements) {
        world.order.set(el, n++);
        let sr = null;
        try { sr = el.shadowRoot; if (sr && !sr.synthetic) mark(el); } catch (e) { sr = null; }
        if (sr && visit(sr, indexPath)) world.stats.shadow_roots++;
        const t = el.localName;
        if (t === 'slot' && !synthetic) { try { mark(el); } catch (e) { /* left to innerText */ } }
        if (t !== 'iframe' && t !== 'frame') continue;
        const path = indexPath.concat(frameIndex(el));
        let doc = null;
        try { doc = el.contentDocument; } catch (e) { /* cross-origin: null */ }
        // A frame's new document may be committed before its first element arrives: it is
        // still a root, so it is watched and its elements are seen as they come.
        world.frames.push({ el, doc, filled: !!(doc && doc.documentElement) });
        if (!doc) world.crossOrigin.push({ el, indexPath: path });
        else if (visit(doc, path) && doc.documentElement) { world.stats.frames++; world.stats.documents++; }
      }
      return true;
    };
    if (visit(document, [])) world.stats.documents++;
    return world;
  }
  // Collecting walks every element: reuse the last walk until the tree changed
  // (childList mutation) or a frame got a new document (navigation in a frame does
  // not mutate the parent). Attribute changes keep the walk but drop search results.
  let worldCache = null, treeDirty = true, mutations = 0;
  function frameDocChanged(world) {
    const docOf = (el) => { try { return el.contentDocument; } catch (e) { return null; } };
    return world.frames.some((f) => !f.el.isConnected || docOf(f.el) !== f.doc ||
      (!f.filled && !!f.doc && !!f.doc.documentElement));
  }
  function currentWorld() {
    if (!worldCache || treeDirty || frameDocChanged(worldCache)) {
      worldCache = collectWorld();
      worldCache.version = mutations + ':' + performance.now();
      treeDirty = false;
    }
    return worldCache;
  }
  const searchCache = new Map();   // locator -> {key, result}
  function cachedSearch(world, loc, containsMode) {
    const key = world.version + '/' + mutations + '/' + containsMode;
    const hit = searchCache.get(loc);
    // A reused result brings back the skips its search noted.
    if (hit && hit.key === key) { for (const [k, v] of hit.noted) if (!skips.has(k)) skips.set(k, v); return hit.result; }
    const before = new Set(skips.keys());
    const result = search(world, loc, containsMode);
    searchCache.set(loc, { key, result, noted: Array.from(skips).filter(([k]) => !before.has(k)) });
    return result;
  }
  // Index in window.frames, which is what WebDriver "Switch To Frame" with a number
  // uses. Frames inside shadow roots are not in window.frames: -1.
  function frameIndex(frameEl) {
    const w = frameEl.ownerDocument.defaultView, cw = frameEl.contentWindow;
    for (let i = 0; i < w.frames.length; i++) if (w.frames[i] === cw) return i;
    return -1;
  }
  function crossOriginReport(world) {
    return world.crossOrigin.filter((f) => f.el.isConnected).slice(0, 20).map((f) => {
      const r = topRect(f.el), o = contentOrigin(f.el), vo = viewportOrigin(f.el.ownerDocument);
      const out = { index_path: f.indexPath, src: f.el.src || f.el.getAttribute('src') || '', path: pathOf(f.el),
        rect: roundRect(r), content_origin: { x: Math.round(vo.x + o.x), y: Math.round(vo.y + o.y) }, visible: isVisible(f.el) };
      // An element reference (serialised by WebDriver) works for Switch To Frame even
      // when the frame is inside a shadow root; only valid in this script's document.
      if (f.el.ownerDocument === document) out.element = f.el;
      return out;
    });
  }

  // --------------------------------------------------------------- searching
  // Cheap necessary condition before the costly innerText. In equality mode a huge
  // subtree (body, a big table) cannot show just the wanted words: skip it.
  function mayContainText(el, m) {
    const tc = el.textContent;
    if (!tc) return false;
    if (!m.w) return tc.length <= 20000;   // a regex: no words to look for
    if (tc.length < m.w.bare.length || (!m.part && tc.length > 20000 + m.w.bare.length)) return false;
    return norm(tc).replace(/ /g, '').includes(m.w.bare);
  }
  // Elements whose text holds the longest wanted word, in document order: descend
  // only into children whose textContent has it, so big pages cost little.
  function textHolders(root, token) {
    const out = [];
    const visit = (node) => {
      for (let c = node.firstElementChild; c; c = c.nextElementSibling) {
        if (!NO_TEXT.has(tagOf(c)) || c === root.documentElement) {
          if (c.textContent.toLowerCase().includes(token)) { out.push(c); visit(c); }
        }
      }
    };
    visit(root);
    return out;
  }
  const NAMED = '[aria-label],[aria-labelledby],[title],[alt],input,button,select,textarea,meter,output,progress';
  // How a text locator scores a text (2 = exact, 1 = normalized, 0 = no match): the plain form by
  // exact, then normalized equality; `exact` by the first only; `contains` by a normalized part,
  // as the presence checks do (which leave names out); `regex` by a match of the collapsed text.
  // part: a part of an element's text may match, so big subtrees are not ruled out by size.
  function textMatcher(loc, containsMode) {
    if (loc.kind === 'regex') {
      const re = new RegExp(loc.regex, loc.flags || '');
      return { w: null, names: true, part: true, test: (s) => (s != null && re.test(clean(s)) ? 2 : 0) };
    }
    const w = want(loc.kind === 'contains' ? loc.contains : loc.text);
    if (loc.kind === 'contains' || containsMode) {
      return { w, names: loc.kind === 'contains', part: true, test: (s) => level(s, w) || (s != null && norm(s).includes(w.norm) ? 1 : 0) };
    }
    if (loc.exact) return { w, names: true, part: false, test: (s) => (level(s, w) === 2 ? 2 : 0) };
    return { w, names: true, part: false, test: (s) => level(s, w) };
  }
  // Text: innermost elements whose visible text (or a name) the locator matches (see textMatcher).
  function findText(world, loc, containsMode) {
    const m = textMatcher(loc, containsMode), w = m.w, found = new Map();
    const token = w ? w.norm.split(' ').reduce((a, b) => (b.length > a.length ? b : a), '') : '';
    eachRoot(world, ({ root, elements }) => {
      const skip = new Set();   // ancestors of a visible match: not innermost
      const hit = (el, lv) => {
        found.set(el, Math.max(lv, found.get(el) || 0));
        if (isVisible(el)) for (let p = el.parentElement; p && !skip.has(p); p = p.parentElement) skip.add(p);
      };
      if (m.names) {
        for (const el of root.querySelectorAll(NAMED)) {
          let lv = 0;
          for (const s of nameSources(el)) if ((lv = Math.max(lv, m.test(s))) === 2) break;
          if (lv) hit(el, lv);
        }
      }
      // One look at the root's whole text spares the rest when the words are absent.
      const whole = root.nodeType === 9 ? (root.documentElement ? root.documentElement.textContent : '') : root.textContent;
      if (w && !norm(whole).replace(/ /g, '').includes(w.bare)) return;
      let holders = textHolders(root, token);
      if (!holders.length) holders = Array.from(elements);   // word broken by invisible characters
      // Text straight under a shadow root (lightning-base-formatted-text renders so) has no
      // element of its own there: its host shows it, so the host is the one to test.
      const host = root.nodeType === 11 ? hostOf(root) : null;
      if (host && Array.from(root.childNodes).some((n) => n.nodeType === 3 && n.nodeValue.trim())) {
        const lv = m.test(clean(flatText(host)));
        if (lv) found.set(host, Math.max(lv, found.get(host) || 0));
      }
      // Backwards = descendants before ancestors, so ancestors of a match are skipped.
      for (let i = holders.length - 1; i >= 0; i--) {
        const el = holders[i];
        if (skip.has(el) || NO_TEXT.has(tagOf(el)) || !mayContainText(el, m)) continue;
        const lv = m.test(textOf(el));
        if (lv) hit(el, lv);
      }
    });
    // Innermost wins, also across shadow boundaries; but a hidden match never hides
    // a visible ancestor that shows the same text.
    const drop = new Set();
    for (const el of found.keys()) {
      for (let p = parentOf(el); p; p = parentOf(p)) if (found.has(p) && (isVisible(el) || !isVisible(p))) drop.add(p);
    }
    return Array.from(found).filter(([el]) => !drop.has(el)).map(([el, level]) => ({ el, level }));
  }
  // innerText is empty for visibility:hidden; fall back to textContent there so that
  // such a match is reported as "hidden" rather than "not_found".
  function textOf(el) {
    const t = innerTextOf(el);
    return t.trim() || isVisible(el) ? t : el.textContent || '';
  }
  // Every element of every root, scored by fn (0 = no match, 1 normalized, 2 exact).
  function scan(world, fn) {
    const out = [];
    eachRoot(world, ({ elements }) => { for (const el of elements) { const lv = fn(el); if (lv) out.push({ el, level: lv }); } });
    return out;
  }
  function findRole(world, role, name) {
    const r = String(role || '').trim().toLowerCase(), w = name == null ? null : want(name);
    return scan(world, (el) => (roleOf(el) !== r ? 0 : w ? level(accName(el), w) : 2));
  }
  function findLabel(world, text) {
    const w = want(text), out = [];
    eachRoot(world, ({ elements }) => { for (const el of elements) {
      if (tagOf(el) === 'label') {
        const lv = labelLevel(clean(textWithoutControls(el)), w), c = lv && labelControl(el);
        if (c) out.push({ el: c, level: lv, label: el });
      }
      if (el.hasAttribute('aria-labelledby')) { const lv = labelLevel(labelledByText(el), w); if (lv) out.push({ el, level: lv }); }
      if (el.hasAttribute('aria-label') && (/^(input|select|textarea)$/.test(tagOf(el)) || el.isContentEditable || FORMISH_ROLES.has(roleOf(el)))) {
        const lv = labelLevel(el.getAttribute('aria-label'), w);
        if (lv) out.push({ el, level: lv });
      }
    } });
    return out;
  }
  function findPlaceholder(world, text) {
    const w = want(text);
    return scan(world, (el) => (/^(input|textarea)$/.test(tagOf(el)) && el.hasAttribute('placeholder') ? level(el.getAttribute('placeholder'), w) : 0));
  }
  function findCss(world, css) {
    const out = [];
    eachRoot(world, ({ root }) => { for (const el of root.querySelectorAll(css)) out.push({ el, level: 2 }); });
    return out;
  }
  // XPath cannot look into shadow roots; it runs once per document.
  function findXpath(world, xp) {
    const out = [];
    eachRoot(world, ({ root }) => {
      if (root.nodeType !== 9) return;
      const res = root.evaluate(xp, root, null, 7 /* ORDERED_NODE_SNAPSHOT_TYPE */, null);
      for (let i = 0; i < res.snapshotLength; i++) {
        const n = res.snapshotItem(i);
        const el = n.nodeType === 1 ? n : n.nodeType === 2 ? n.ownerElement : n.parentElement;
        if (el) out.push({ el, level: 2 });
      }
    });
    return out;
  }
  function search(world, loc, containsMode) {
    switch (loc.kind) {
      case 'text': case 'contains': case 'regex': return findText(world, loc, containsMode);
      case 'css': return findCss(world, loc.css);
      case 'xpath': return findXpath(world, loc.xpath);
      case 'role': return findRole(world, loc.role, loc.name);
      case 'label': return findLabel(world, loc.label);
      case 'placeholder': return findPlaceholder(world, loc.placeholder);
    }
    return [];
  }
  // A locator that cannot work is reported at once instead of after the timeout.
  function locatorProblem(loc, what) {
    if (!loc || typeof loc !== 'object') return `${what} is missing`;
    const field = loc.kind;   // the field is named like the kind
    if (!/^(text|contains|regex|css|xpath|role|label|placeholder)$/.test(field)) return `${what} has unknown kind "${field}"`;
    if (typeof loc[field] !== 'string' || !loc[field].trim()) return `${what} has an empty "${field}"`;
    try {
      if (loc.kind === 'css') document.createDocumentFragment().querySelector(loc.css);
      if (loc.kind === 'xpath') document.evaluate(loc.xpath, document, null, 7, null);
      if (loc.kind === 'regex') new RegExp(loc.regex, loc.flags || '');
    } catch (e) {
      return `${what} ${describeLocator(loc)} is not valid: ${String(e && e.message || e).split('\n')[0]}`;
    }
    return null;
  }

  // ---------------------------------------------------------- scope (within)
  function resolveScope(world) {
    let scope = null;
    if (req.within) {
      const found = dedupe(cachedSearch(world, req.within, false));
      const vis = sortDeep(found.filter((c) => isVisible(c.el)), world);
      if (vis.length !== 1) return scopeFail(vis.length ? 'scope_ambiguous' : 'scope_not_found', describeLocator(req.within), vis.length ? vis : found);
      scope = vis[0].el;
    }
    if (req.within_row != null) {
      const wn = norm(req.within_row), rows = [];
      // A row's text is its flat-tree text: the cells of a datatable render theirs in nested
      // components, where neither textContent nor innerText of the <tr> reaches. The cheap test
      // (all flat text, no styles) comes first; not in a synthetic shadow root, whose patched
      // textContent stops at every component.
      eachRoot(world, ({ root, elements }) => { const cheap = root.synthetic !== true; for (const el of elements) {
        if ((tagOf(el) === 'tr' || el.getAttribute('role') === 'row') && (!cheap || norm(flatTextContent(el)).includes(wn)) &&
            (!scope || contains(scope, el, true)) && isVisible(el) && norm(flatText(el)).includes(wn)) rows.push({ el, level: 2 });
      } });
      const inner = rows.filter((r) => !rows.some((o) => o !== r && contains(r.el, o.el, true)));
      if (inner.length !== 1) return scopeFail(inner.length ? 'scope_ambiguous' : 'scope_not_found', `a table row containing "${req.within_row}"`, inner);
      scope = inner[0].el;
    }
    return { scope };
  }
  function scopeFail(reason, what, cands) {
    const message = reason === 'scope_not_found' ? `The scope (${what}) was not found or is not visible.`
      : `The scope (${what}) matches ${cands.length} visible elements; it must match exactly one.`;
    return { fail: failure(reason, message, cands) };
  }

  // ------------------------------------------------------------ evaluation
  const failure = (reason, message, cands, extra) => Object.assign({ ok: false, reason, message, cands: cands || [] }, extra || {});
  function dedupe(cands) {
    const m = new Map();
    for (const c of cands) {
      const prev = m.get(c.el);
      if (!prev) m.set(c.el, Object.assign({}, c));
      else { prev.level = Math.max(prev.level, c.level); prev.label = prev.label || c.label; }
    }
    return Array.from(m.values());
  }
  const sortDeep = (cands, world) => cands.sort((a, b) => (world.order.get(a.el) ?? Infinity) - (world.order.get(b.el) ?? Infinity));
  const TEXT_KINDS = /^(text|contains|regex)$/;
  // Click-like intents act on the control, not on the words that named it.
  function retarget(c, loc) {
    let el = c.el;
    const byText = TEXT_KINDS.test(loc.kind);
    if (byText) {
      for (let e = el; e && !/^(body|html)$/.test(tagOf(e)); e = parentOf(e)) if (e.matches(ACTIONABLE)) { el = e; break; }
    }
    if (tagOf(el) === 'label' && (byText || !POINTING)) {
      const ctl = labelControl(el);
      if (ctl) return { el: ctl, level: c.level, label: el };
    }
    return { el, level: c.level, label: c.label || null };
  }
  function fitsIntent(el) {
    if (intent === 'fill') return isEditable(el);
    if (intent === 'press') return isEditable(el) || el.matches(ACTIONABLE);
    if (intent === 'select') return tagOf(el) === 'select';
    if (POINTING) return el.matches(ACTIONABLE);
    return /^(checkbox|radio|switch|menuitemcheckbox|menuitemradio)$/.test(roleOf(el));
  }
  // Where to click: the element itself, or its visible label when the control is
  // visually replaced (custom checkboxes, file inputs).
  function withPointElement(c) {
    c.pointEl = c.el;
    if (tagOf(c.el) === 'input' && !reallyShown(c.el)) {
      const l = [c.label].concat(labelsOf(c.el)).find((x) => x && isVisible(x));
      if (l) c.pointEl = l;
    }
    c.visible = isVisible(c.pointEl);
    return c;
  }

  // Stable = the same rect in two samples from distinct rendered frames, while no running animation
  // or transition moves the element. A sample's frame is the number of our animation-frame callbacks
  // so far: two samples under the same number saw the same frame, however far apart in wall time they
  // were taken. (Not the animation timeline's time: read in a task, Chromium moves it on to the next
  // frame it expects once a frame's time is past, so two tasks after one long frame read two times.)
  // The usual sample is a frame sample: taken in a task queued from our animation-frame callback,
  // after that frame's rendering, when every rAF-driven move and CSS animation step of the frame is
  // done. So that an element that appears and stays still is proven
  // after one frame instead of two, the earlier sample may also be an insertion sample: taken right
  // after mutations that only added or removed nodes. Any other evaluation (attribute changes, which
  // is how script animations move things) only reuses a rect already confirmed stable.
  let sampleKind = null, prevSample = null, confirmed = null;
  // What kept the element from resting, for the message when it never does.
  let motion = { moves: 0, animation: null };
  // A hidden tab, or a frame the browser stopped rendering, runs no animation-frame callbacks: there
  // every timer sample stands for a frame of its own.
  const frameId = () => (sampleKind === 'idle' || TOP.document.hidden ? 'timer ' + performance.now()
    : 'frame ' + framesSeen);
  // Properties whose animation changes nothing but paint: they never move an element.
  const PAINT_ONLY = /^(opacity|color|background.*|box-?shadow|outline.*|border.*color|text-?shadow|text-?decoration.*|filter|backdrop-?filter|visibility|fill|stroke.*|caret-?color|accent-?color|offset|composite|easing|computed-?offset|all-paint)$/i;
  function movesGeometry(a) {
    const props = [];
    if (typeof a.transitionProperty === 'string') props.push(a.transitionProperty);
    else for (const k of attempt(() => a.effect.getKeyframes(), [])) for (const p of Object.keys(k)) props.push(p);
    return props.some((p) => !PAINT_ONLY.test(p));
  }
  // The running animation or transition that moves el: on el, on an ancestor in its flat tree, or on
  // a frame element it is inside. A compositor-run animation (transform) moves the element on screen
  // while its box, read on the main thread, may not change yet: the animation alone is the evidence.
  function moverOf(el) {
    for (let e = el, guard = 0; e && guard < 20; guard++) {
      const doc = e.ownerDocument;
      const found = attempt(() => doc.getAnimations().find((a) => a.playState === 'running' && a.effect &&
        a.effect.target && !a.effect.pseudoElement && contains(a.effect.target, e) && movesGeometry(a)), null);
      if (found) return found;
      e = frameOf(doc);
    }
    return null;
  }
  function describeMover(a) {
    const kind = typeof a.transitionProperty === 'string' ? `CSS transition of ${a.transitionProperty}`
      : typeof a.animationName === 'string' ? `CSS animation "${a.animationName}"` : 'script animation';
    const iterations = attempt(() => a.effect.getComputedTiming().iterations, 1);
    return `${kind}${iterations === Infinity ? ' (repeating forever)' : ''} on ${shortSel(a.effect.target)}`;
  }
  function isStable(el, r) {
    const key = [r.x, r.y, r.width, r.height].map((v) => v.toFixed(1)).join(',');
    const same = (s) => !!s && s.el === el && s.key === key;
    if (sampleKind === 'insert') {
      // Taken before the next rendering: it stands for a frame of its own, also when nodes were
      // inserted from an animation-frame callback (its mark is never a frame sample's).
      if (!moverOf(el)) prevSample = { el, key, frame: 'insert ' + frameId() };
      return same(confirmed);
    }
    if (sampleKind !== 'frame' && sampleKind !== 'idle') return same(confirmed);
    const mover = moverOf(el);
    if (mover) {
      motion.animation = describeMover(mover);
      prevSample = null; confirmed = null;
      return false;
    }
    const frame = frameId();
    if (prevSample && prevSample.frame === frame) return same(confirmed);   // the same frame, seen again
    const stable = same(prevSample);
    if (prevSample && prevSample.el === el && !stable) { motion.moves++; motion.animation = null; }
    prevSample = { el, key, frame };
    confirmed = stable ? prevSample : null;
    return stable;
  }
  // Why an element is not at rest, for the failure message.
  function motionText() {
    if (motion.animation) return `a running ${motion.animation} moves it`;
    if (motion.moves) return `its box changed in ${motion.moves} frame${motion.moves > 1 ? 's' : ''}`;
    return 'no two frames showed it in the same place';
  }
  // Scrolling into view tries each alignment once per element: a sticky header or footer may cover
  // the element at one and not at another. scrollIntoView aligns the element in every scroll box
  // around it at once; when it sits in a scroll box of its own, the pairs come after (the element
  // at one alignment in its box, the box at another in the page), since a sticky footer of the box
  // and a fixed header of the page may each need their own.
  const ALIGNMENTS = ['center', 'end', 'start', 'nearest'];
  const scrolls = new Map();
  function scrollBoxOf(el) {
    for (let e = parentOf(el); e && e !== el.ownerDocument.documentElement && e !== el.ownerDocument.body; e = parentOf(e)) {
      const st = attempt(() => styleOf(e), null);
      if (st && /(auto|scroll|overlay)/.test(st.overflowY + st.overflowX) && (e.scrollHeight > e.clientHeight || e.scrollWidth > e.clientWidth)) return e;
    }
    return null;
  }
  function scrollPlan(el) {
    const plan = ALIGNMENTS.map((a) => ({ inner: a, outer: null }));
    if (scrollBoxOf(el)) for (const inner of ALIGNMENTS) for (const outer of ALIGNMENTS) if (inner !== outer) plan.push({ inner, outer });
    return plan;
  }
  // A look taken while the last step's screenshot is still being made changes nothing the
  // screenshot could show: where it would scroll, focus or choose, it stops, and the runner looks
  // again once the screenshot is taken.
  function held(cands) {
    return failure('held', 'The look must change the page (scroll, focus or choose), which waits for the last screenshot.', cands, { final: true });
  }
  function scrollNext(el) {
    let s = scrolls.get(el);
    if (!s) scrolls.set(el, (s = { plan: scrollPlan(el), next: 0 }));
    if (s.next >= s.plan.length) return null;
    const { inner, outer } = s.plan[s.next++];
    el.scrollIntoView({ block: inner, inline: inner, behavior: 'instant' });
    if (!outer) return inner;
    const box = scrollBoxOf(el);
    if (box) box.scrollIntoView({ block: outer, inline: outer, behavior: 'instant' });
    return `${inner} in its scroll box, the box ${outer} in the page`;
  }
  function hitOk(hit, c) {
    if (!hit) return false;
    if (contains(c.el, hit) || contains(c.pointEl, hit)) return true;
    if (labelsOf(c.el).some((l) => contains(l, hit))) return true;
    // A host is what the shadow hit test reports for its own slotted light content.
    return !!shadowOf(hit) && contains(hit, c.el);
  }

  let lastWorld = null;
  function evaluate() {
    visCache = new Map();
    skips = new Map();
    const world = currentWorld();
    lastWorld = world;
    flatMarks = world.flatMarks;
    observe(world);
    const scoped = (req.within || req.within_row != null) ? resolveScope(world) : { scope: null };
    if (scoped.fail) {
      if ((intent === 'absent' || intent === 'detached') && scoped.fail.reason === 'scope_not_found') return { ok: true, world, cands: [] };
      return Object.assign(scoped.fail, { world });
    }
    const scope = scoped.scope;
    let cands = cachedSearch(world, req.target, PART);
    if (scope) cands = cands.filter((c) => c.el !== scope && contains(scope, c.el, true));
    const res = PRESENCE ? presence(world, cands) : MASK ? maskAll(world, cands) : actionable(world, cands);
    res.world = world;
    return res;
  }
  const where = () => (req.within ? ` inside ${describeLocator(req.within)}` : '') +
    (req.within_row != null ? ` in the row containing "${req.within_row}"` : '');

  function presence(world, found) {
    const cands = sortDeep(dedupe(found), world);
    const vis = cands.filter((c) => isVisible(c.el));
    const what = describeLocator(req.target) + where();
    if (intent === 'absent') {
      return vis.length ? failure('still_present', `${what} is still visible (${vis.length} match${vis.length > 1 ? 'es' : ''}).`, vis)
        : { ok: true, cands: [] };
    }
    if (intent === 'detached') {
      return cands.length ? failure('still_attached', `${what} is still in the page (${cands.length} match${cands.length > 1 ? 'es' : ''}, ${vis.length} visible).`, cands)
        : { ok: true, cands: [] };
    }
    if (vis.length) return { ok: true, cands: vis, c: vis[0] };
    if (intent === 'attached' && cands.length) return { ok: true, cands, c: cands[0] };
    return cands.length ? failure('hidden', `${what} exists (${cands.length}) but is not visible.`, cands)
      : failure('not_found', `Nothing matches ${what}.`, []);
  }

  function maskAll(world, found) {
    const vis = sortDeep(dedupe(found.map((c) => retarget(c, req.target))), world).filter((c) => isVisible(c.el));
    return { ok: true, cands: vis, c: null, rects: vis.map((c) => roundRect(topRect(c.el))) };
  }

  function actionable(world, found) {
    const cands = sortDeep(dedupe(found.map((c) => retarget(c, req.target))), world).map(withPointElement);
    const what = describeLocator(req.target) + where();
    if (!cands.length) return failure('not_found', `Nothing matches ${what}.`, []);
    // Exact beats normalized; a visible match beats a hidden one.
    const exact = cands.filter((c) => c.level === 2), loose = cands.filter((c) => c.level === 1);
    const pool = exact.some((c) => c.visible) ? exact : loose.some((c) => c.visible) ? loose : cands;
    let vis = pool.filter((c) => c.visible);
    // force: true takes a hidden match when none is visible (it must still have a box to act at).
    if (!vis.length && req.force) vis = pool.slice();
    // A heading that repeats a link's text is not what a click step means: when some
    // matches fit the intent and others do not, only the fitting ones count.
    const fitting = vis.filter((c) => fitsIntent(c.el));
    if (fitting.length) vis = fitting;
    if (!vis.length) return failure('hidden', `${what} matches ${pool.length} element${pool.length > 1 ? 's' : ''}, none of them visible.`, pool);
    let c = vis[0];
    if (req.nth != null) {
      if (req.nth < 0 || req.nth >= vis.length) return failure('not_found', `nth=${req.nth} asked, but ${what} has only ${vis.length} visible match${vis.length > 1 ? 'es' : ''}.`, vis);
      c = vis[req.nth];
    } else if (vis.length > 1) {
      return failure('ambiguous', `${what} matches ${vis.length} visible elements; use nth or a scope (within).`, vis,
        { scopes: attempt(() => suggestScopes(world, vis), []) });
    }
    return checkActionable(c);
  }

  // Roles that hold a checked state a click toggles; a button counts only when it is a toggle
  // button (aria-pressed).
  const CHECKABLE_ROLES = /^(checkbox|radio|switch|menuitemcheckbox|menuitemradio|option|treeitem)$/;
  // check/uncheck/choose refuse, before any input, an element that holds no checked state, and
  // uncheck refuses a radio button (only choosing another one of its group clears it).
  function toggleProblem(el, d) {
    const role = roleOf(el);
    const toggleButton = role === 'button' && el.hasAttribute('aria-pressed');
    if (!CHECKABLE_ROLES.test(role) && !toggleButton) {
      const what = role ? `its role is ${role}` : 'it has no role';
      return failure('not_checkable', `${d} is not a checkbox, radio button or switch (${what}): ${intent} would only click it.`, [], { final: true });
    }
    if (intent === 'uncheck' && /^(radio|menuitemradio)$/.test(role)) {
      return failure('not_checkable', `${d} is a radio button: it cannot be unticked; choose another option of its group instead.`, [], { final: true });
    }
    return null;
  }
  // For an ambiguous target: for each match, the narrowest scope a runbook can name that holds it
  // and no other match, and matches one visible element itself: its table row (by the row's first
  // cell), or the nearest named dialog, menu, tab panel, region, form, group or landmark.
  const SCOPE_ROLES = /^(dialog|alertdialog|menu|menubar|listbox|tablist|tabpanel|navigation|region|form|group|toolbar|banner|main|complementary|contentinfo|search|grid|table|list|tree)$/;
  function suggestScopes(world, cands) {
    const out = [];
    const holds = (scope) => cands.filter((o) => contains(scope, o.el, true)).length;
    const unique = (loc) => dedupe(search(world, loc, false)).filter((m) => isVisible(m.el)).length === 1;
    cands.slice(0, 5).forEach((c, index) => {
      for (let e = parentOf(c.el), guard = 0; e && guard < 60 && !/^(body|html)$/.test(tagOf(e)); e = parentOf(e), guard++) {
        if (holds(e) !== 1) continue;
        let within = null;
        if (tagOf(e) === 'tr' || roleOf(e) === 'row') {
          // The row's header cell names it; else its first cell that is not the match's own text
          // (the action column repeats the button's words on every row).
          const own = norm(clean(innerTextOf(c.el)));
          const cells = attempt(() => Array.from(e.querySelectorAll('th,td,[role=cell],[role=gridcell],[role=rowheader]')), []);
          const header = cells.filter((x) => tagOf(x) === 'th' || roleOf(x) === 'rowheader');
          const cell = header.concat(cells).map((x) => clean(flatText(x)))
            .find((t) => t && t.length <= 80 && !own.includes(norm(t)) && !norm(t).includes(own));
          if (cell) within = { row: cell };
        } else if (SCOPE_ROLES.test(roleOf(e))) {
          const name = shorten(attempt(() => accName(e), ''), 80);
          const loc = name ? { kind: 'role', role: roleOf(e), name } : { kind: 'role', role: roleOf(e) };
          if (unique(loc)) within = name ? { role: loc.role, name } : { role: loc.role };
        }
        if (!within) continue;
        // The row scope is checked the way the runner will use it: one visible row holds that text.
        if (within.row != null) {
          const wn = norm(within.row);
          const rows = [];
          eachRoot(world, ({ elements }) => { for (const el of elements) if ((tagOf(el) === 'tr' || el.getAttribute('role') === 'row') && isVisible(el) && norm(flatText(el)).includes(wn)) rows.push(el); });
          if (rows.filter((r) => !rows.some((o) => o !== r && contains(r, o, true))).length !== 1) continue;
        }
        out.push({ index, description: describe(c.el), within });
        break;
      }
    });
    return out;
  }

  function checkActionable(c) {
    const el = c.el, pe = c.pointEl, d = describe(el);
    if (/^(check|uncheck|choose)$/.test(intent)) { const p = toggleProblem(el, d); if (p) { p.cands = [c]; return p; } }
    // force waives a disabled state, but not a native one where the action needs the focus.
    const waived = req.force && !(/^(fill|press|select)$/.test(intent) && attempt(() => el.matches(':disabled'), false));
    if (!waived && !isEnabled(el)) return failure('disabled', `${d} is disabled.`, [c]);
    if (intent === 'fill' && !isEditable(el)) return failure('not_editable', `${d} is not an editable field (read-only or not a text input).`, [c]);
    if (intent === 'press' && !focusable(el)) return failure('not_focusable', `${d} cannot take the keyboard focus (no field, control or tabindex).`, [c]);
    if (intent === 'select' && tagOf(el) !== 'select') return failure('not_editable', `${d} is not a <select>; click it and then click the option instead.`, [c]);
    const rect = topRect(pe), point = req.position ? pointAt(rect) : clickPoint(pe);
    const bent = framesTransformed(pe.ownerDocument), local = bent ? localPoint(pe) : null;
    if (req.position && bent) return failure('unsupported', `${d} is in a scaled or rotated frame, where a position cannot be placed; leave position out (the browser finds the centre).`, [c], { final: true });
    if (req.position && !(req.position.x < rect.width && req.position.y < rect.height)) return failure('outside', `${d} is ${Math.round(rect.width)}×${Math.round(rect.height)}: position (${req.position.x}, ${req.position.y}) is outside it.`, [c]);
    if (req.force) return forced(c, rect, point, bent, local);
    if (!(bent ? inOwnViewport(pe.ownerDocument, local) : inViewports(pe.ownerDocument, point))) {
      if (req.hold) return held([c]);
      const how = scrollNext(pe);
      if (how) return failure('unstable', `${d} was just scrolled into view (aligned ${how}).`, [c]);
      return failure('hidden', `${d} is outside the viewport and could not be scrolled into view.`, [c]);
    }
    if (!isStable(pe, rect)) return failure('unstable', `${d} is not at rest: ${motionText()}.`, [c], { unstable: true });
    // "select" sets the option from script and clicks nothing; select widgets often lay
    // their own UI over the native <select>, so it is exempt from the cover check.
    const hit = intent === 'select' ? el : bent ? deepHit(local, pe.ownerDocument) : deepHit(point);
    if (!hitOk(hit, c)) {
      // A sticky header, a footer or an inner scroll box may hide it at one alignment and not at
      // another: each is tried before it counts as covered.
      const by = hit ? shortSel(hit) : 'nothing';
      if (req.hold) return held([c]);
      const how = scrollNext(pe);
      if (how) return failure('unstable', `${d} was covered by ${by} at (${point.x}, ${point.y}); scrolled it (aligned ${how}) to try again.`, [c]);
      // The sentence leaves the covering element to covered_by (callers append it).
      return failure('covered', `${d} is covered at its click point (${point.x}, ${point.y}).`, [c], { covered_by: hit ? shortSel(hit) : null });
    }
    return ready(c, rect, point, bent);
  }
  // force: true does not wait for the element to be visible, enabled, stable and uncovered; it
  // must have a box in the viewport to act at. What those checks find goes into the report.
  function forced(c, rect, point, bent, local) {
    const el = c.el, pe = c.pointEl, d = describe(el);
    if (!(rect.width > 0 && rect.height > 0)) return failure('hidden', `${d} has no box on the page to act at, even with force.`, [c]);
    if (!(bent ? inOwnViewport(pe.ownerDocument, local) : inViewports(pe.ownerDocument, point))) {
      if (req.hold) return held([c]);
      const how = scrollNext(pe);
      if (how) return failure('unstable', `${d} was just scrolled into view (aligned ${how}).`, [c]);
      return failure('hidden', `${d} is outside the viewport and could not be scrolled into view, even with force.`, [c]);
    }
    const found = [];
    if (!c.visible) found.push('not visible');
    if (!isEnabled(el)) found.push('disabled');
    const hit = intent === 'select' ? el : bent ? deepHit(local, pe.ownerDocument) : deepHit(point);
    if (!hitOk(hit, c)) found.push(`covered by ${hit ? shortSel(hit) : 'nothing'}`);
    const out = ready(c, rect, point, bent);
    if (out.ok) out.forced = found;
    return out;
  }
  // The element passed the checks: what the answer says of it (a toggle's state, a list's option).
  function ready(c, rect, point, bent) {
    const el = c.el, d = describe(el);
    const out = { ok: true, c, rect, point, match: c.level === 2 ? 'exact' : 'normalized', checked: null, option: null, transformed: bent };
    if (/^(check|uncheck|choose)$/.test(intent)) out.checked = checkedState(el);
    if (intent === 'select') {
      const picked = findOptions(el, req.pick || {});
      if (picked.problem) {
        const options = Array.from(el.options).map((x) => clean(x.text));
        return failure(picked.reason, `${d} ${picked.problem}.`, [c], { options, final: !!picked.final });
      }
      out.option = picked.options;
    }
    return out;
  }
  // The step's `position`: CSS pixels from the top-left corner of the box (the border box).
  const pointAt = (rect) => ({ x: Math.floor(rect.x + Number(req.position.x)), y: Math.floor(rect.y + Number(req.position.y)) });
  // Option by visible text (exact, then normalized), then by value.
  function findOption(select, wanted) {
    const w = want(wanted), opts = Array.from(select.options).filter((o) => !o.disabled);
    return opts.find((o) => level(o.text, w) === 2) || opts.find((o) => level(o.text, w) === 1) || opts.find((o) => o.value === wanted) || null;
  }
  // The options a select's selection becomes ({ options }), or why there are none ({ problem,
  // reason, final }: a list that is not multiple cannot take several, or none, whatever comes).
  function findOptions(select, pick) {
    const all = Array.from(select.options), none = (problem) => ({ problem, reason: 'no_option' });
    if (pick.options) {
      const names = pick.options.map(String);
      if (!select.multiple && names.length !== 1) {
        return { problem: names.length ? `takes one option (it is no <select multiple>), but ${names.length} were asked for: ${names.map((n) => `"${n}"`).join(', ')}`
          : 'always has an option chosen (it is no <select multiple>): it cannot be left with none', reason: 'not_multiple', final: true };
      }
      const found = [];
      for (const name of names) {
        const o = findOption(select, name);
        if (!o) return none(`has no enabled option "${name}"`);
        if (!found.includes(o)) found.push(o);
      }
      return { options: found };
    }
    if (pick.value != null) {
      const o = all.find((x) => x.value === String(pick.value) && !x.disabled);
      return o ? { options: [o] } : none(`has no enabled option with the value "${pick.value}"`);
    }
    if (pick.index != null) {
      const o = all[Number(pick.index)];
      if (!o) return none(`has ${all.length} option${all.length === 1 ? '' : 's'}: none at index ${pick.index} (counted from 0)`);
      return o.disabled ? none(`has a disabled option at index ${pick.index}: "${clean(o.text)}"`) : { options: [o] };
    }
    const o = findOption(select, pick.option == null ? '' : String(pick.option));
    return o ? { options: [o] } : none(`has no enabled option "${pick.option}"`);
  }
  // What a select answers: the options it chose (or, on trial, would choose), by their text.
  function nameChosen(res) {
    const wanted = res.option;
    res.chosen = wanted.map((o) => clean(o.text));
    res.option = res.chosen.length ? res.chosen[0] : null;
    return wanted;
  }

  // Side effects happen only once, on success, right before answering.
  // Returns null, or the failure of an effect that did not take.
  function act(res) {
    if (PRESENCE || MASK) return null;
    // trial: everything checked, nothing changed; the option a select would choose is named.
    if (req.trial) { if (intent === 'select') nameChosen(res); return null; }
    if (req.hold && /^(press|fill|select)$/.test(intent)) return held(res.cands || []);
    const el = res.c.el;
    if (POINTING || intent === 'check' || intent === 'uncheck' || intent === 'choose') {
      // Where a transformed frame puts it, only the browser can say: the runner asks it about this.
      TOP.__clickpathTarget = res.transformed ? (res.c.pointEl || el) : null;
      if (intent === 'hover') return null;   // the pointer only moves: nothing to follow
      watchNavigation(el);
      watchLanding(el, res.c.pointEl || el);
    }
    if (intent === 'press') {
      watchNavigation(el);
      el.focus({ preventScroll: true });
    }
    if (intent === 'fill') {
      TOP.__clickpathFilled = el;   // the runner reads it back after typing
      el.focus({ preventScroll: true });
      if (typeof el.select === 'function' && /^(input|textarea)$/.test(tagOf(el))) { try { el.select(); } catch (e) { /* type without selection */ } }
      else if (el.isContentEditable) el.ownerDocument.getSelection().selectAllChildren(el);
    }
    if (intent === 'select') return selectOption(el, res);
    return null;
  }
  // The page's own event constructor when it is the browser's (its handlers may test instanceof),
  // else this realm's: a page that replaced Event must still get real input and change events.
  function eventClass(el, name) {
    const own = attempt(() => el.ownerDocument.defaultView[name], null);
    return isNative(own) ? own : PRISTINE_EVENTS[name];
  }
  const PRISTINE_EVENTS = { Event };
  // Chooses the option as a user would, then proves it took: the list shows it chosen and the
  // input and change events reached the list. An effect not seen is a failure, never a pass.
  function selectOption(el, res) {
    const wanted = nameChosen(res), all = Array.from(el.options);
    const shown = () => all.filter((o) => o.selected);
    const chosen = (o) => wanted.includes(o);
    if (all.every((o) => o.selected === chosen(o))) return null;
    const seen = { input: 0, change: 0 };
    const count = (e) => { if (e.target === el) seen[e.type]++; };
    const stops = ['input', 'change'].map((t) => listen(el, t, count, true));
    try {
      // A multiple list takes exactly the options asked for; a single one its one option.
      if (el.multiple) for (const o of all) o.selected = chosen(o);
      else wanted[0].selected = true;
      const Ev = eventClass(el, 'Event');
      el.dispatchEvent(new Ev('input', { bubbles: true, composed: true }));
      el.dispatchEvent(new Ev('change', { bubbles: true }));
    } finally {
      for (const stop of stops) stop();
    }
    const d = describe(el), texts = (os) => os.map((o) => clean(o.text)).join('", "');
    if (!all.every((o) => o.selected === chosen(o))) return failure('not_applied', `${d} did not keep the option${wanted.length === 1 ? '' : 's'} "${texts(wanted)}": the page put back "${texts(shown())}".`, [res.c], { final: true });
    const missing = ['input', 'change'].filter((t) => !seen[t]);
    if (missing.length) return failure('not_applied', `${d} shows "${texts(wanted)}", but its ${missing.join(' and ')} event${missing.length > 1 ? 's' : ''} did not reach it: the page would not know.`, [res.c], { final: true });
    return null;
  }

  // A click may start a navigation of its document (a link, a form submit). The runner must not
  // screenshot the old page, so the next script (settle.js) needs to know one started: record it on
  // TOP when the document of the target, or any document above it, begins a cross-document
  // navigation. Same-document navigations (hash links, pushState) and downloads don't count.
  function watchNavigation(el) {
    TOP.__clickpathNavigation = null;
    for (let doc = el.ownerDocument; doc; doc = frameOf(doc) ? frameOf(doc).ownerDocument : null) {
      const w = doc.defaultView, frame = frameOf(doc);
      const record = () => { TOP.__clickpathNavigation = { frame, doc, at: performance.now() }; };
      // Form submissions (and some link clicks) fire `navigate` only in a later task, after the
      // runner may already be looking: note at once that one is coming, as a "soft" navigation.
      const soft = () => { if (!TOP.__clickpathNavigation) TOP.__clickpathNavigation = { frame, doc, at: performance.now(), soft: true }; };
      const onSubmit = (e) => { const f = e.target; if (!e.defaultPrevented && !(f && f.getAttribute && f.getAttribute('target'))) soft(); };
      const onClick = (e) => {
        if (e.defaultPrevented) return;
        const origin = e.composedPath ? e.composedPath()[0] : e.target;
        const a = origin && origin.closest ? origin.closest('a[href]') : null;
        if (!a || (a.getAttribute('target') || '_self').toLowerCase() !== '_self' || a.hasAttribute('download')) return;
        const href = a.getAttribute('href') || '';
        if (href.startsWith('#') || /^javascript:/i.test(href)) return;
        try { const u = new URL(a.href, doc.baseURI); if (u.href.split('#')[0] === doc.location.href.split('#')[0] && u.hash) return; } catch (err) { return; }
        soft();
      };
      const stops = [listen(w, 'submit', onSubmit, { once: true }), listen(w, 'click', onClick, { once: true })];
      setTimeout(() => { for (const stop of stops) stop(); }, 2000);
      const nav = w.navigation;
      if (nav && typeof nav.addEventListener === 'function') {
        const onNavigate = (e) => {
          if (e.destination && e.destination.sameDocument) return;
          if (e.downloadRequest) return;
          record();
        };
        setTimeout(listen(nav, 'navigate', onNavigate, { once: true }), 2000);
      } else {
        setTimeout(listen(w, 'beforeunload', record, { once: true }), 2000);
      }
      if (!frame) break;
    }
  }

  // The click is dispatched at coordinates: record what it really lands on, so the runner can tell a
  // click that reached the element from one that hit whatever replaced or covered it meanwhile.
  function watchLanding(el, pointEl) {
    TOP.__clickpathLanding = { wanted: el, pointEl, desc: describe(el), text: clean(innerTextOf(el)), tag: tagOf(el), hit: null };
    const w = el.ownerDocument.defaultView;
    // Only the main button fires `click`; the others fire `auxclick`, and the right one first
    // opens the context menu.
    const event = req.button === 'right' ? 'contextmenu' : req.button === 'middle' ? 'auxclick' : 'click';
    const onClick = (e) => {
      const landing = TOP.__clickpathLanding;
      if (landing && landing.wanted === el && !landing.hit) landing.hit = e.composedPath ? e.composedPath()[0] : e.target;
    };
    setTimeout(listen(w, event, onClick, { capture: true, once: true }), 2000);
    // Synthetic shadow DOM retargets the event for a window listener to a light-DOM ancestor of
    // the component, so the window alone cannot tell a click on the element from one beside it:
    // a listener on the element itself (which fires after the window's, both capturing) can.
    for (const target of new Set([el, pointEl])) {
      const onTarget = () => { const landing = TOP.__clickpathLanding; if (landing && landing.wanted === el) landing.hit = target; };
      const stop = attempt(() => listen(target, event, onTarget, { capture: true, once: true }), null);
      if (stop) setTimeout(() => attempt(stop, null), 2000);
    }
  }

  // ---------------------------------------------------------------- results
  const elapsed = () => Math.round(performance.now() - started);
  const scrollOf = () => ({ x: Math.round(TOP.scrollX), y: Math.round(TOP.scrollY) });
  function candidateReport(c) {
    const el = c.el, pe = c.pointEl || el;
    return { description: describe(el), path: pathOf(el), visible: c.visible != null ? c.visible : isVisible(el), enabled: isEnabled(el), rect: roundRect(topRect(pe)) };
  }
  // The extent is the last walk's, also when the evaluation itself failed: what was searched.
  function common(world) {
    world = world || lastWorld;
    const skipped = world ? Array.from(world.skips.values()) : [];
    for (const s of skips.values()) if (!skipped.some((k) => k.what === s.what && k.error === s.error)) skipped.push(s);
    return { elapsed_ms: elapsed(), searched: world ? world.stats : { documents: 0, frames: 0, shadow_roots: 0 },
      cross_origin_frames: world ? attempt(() => crossOriginReport(world), []) : [], frame_relative: TOP !== TOP.top, realm: realmName,
      skipped: skipped.slice(0, 20) };
  }
  function successResult(r) {
    const c = r.c;
    const out = { ok: true, intent, point: null, rect: null, dpr: window.devicePixelRatio, scroll: scrollOf(), description: null,
      path: null, match: null, checked: null, option: null, count: r.cands ? r.cands.length : 1 };
    if (c) {
      const pe = c.pointEl || c.el;
      Object.assign(out, { point: r.point || clickPoint(pe), rect: roundRect(r.rect || topRect(pe)), description: describe(c.el),
        path: pathOf(c.el), match: r.match || (c.level === 2 ? 'exact' : 'normalized'), checked: r.checked != null ? r.checked : null,
        option: r.option != null ? r.option : null, point_from_label: pe !== c.el, opens_window: opensWindow(c.el),
        transformed: !!r.transformed,
        page_url: String(TOP.location.href) });
    }
    if (r.rects) out.rects = r.rects;
    if (r.forced) out.forced = r.forced;
    if (r.chosen) out.chosen = r.chosen;
    return Object.assign(out, common(r.world));
  }
  // A link or form that targets another browsing context: the click may open a tab the runner
  // should wait a moment for. Handlers calling window.open are caught by the runner's own check.
  function opensWindow(el) {
    const t = (el.closest && (el.closest('a[target], area[target]') || (el.form && el.form.hasAttribute('target') ? el.form : null)));
    const target = t ? (t.getAttribute('target') || '').toLowerCase() : '';
    return target !== '' && target !== '_self' && target !== '_parent' && target !== '_top';
  }
  function failureResult(r) {
    const out = { ok: false, intent, reason: r.reason, message: r.message, candidates: [], covered_by: r.covered_by || null, labels: [], options: r.options || [], final: !!r.final, scopes: r.scopes || [] };
    try { out.candidates = (r.cands || []).slice(0, 10).map(candidateReport); } catch (e) { /* page changed under us */ }
    out.count = (r.cands || []).length;
    if (req.collect_labels) { try { out.labels = collectLabels(r.world || collectWorld()); } catch (e) { /* best effort */ } }
    return Object.assign(out, common(r.world));
  }
  // The page's vocabulary, for "did you mean" suggestions on the Rust side.
  function collectLabels(world) {
    const seen = new Set(), out = [];
    for (const { root } of world.roots) {
      let els = [];
      try { els = root.querySelectorAll(LABEL_VOCAB); } catch (e) { continue; }
      for (const el of els) {
        const shown = tagOf(el) === 'option' ? el.closest('select') && isVisible(el.closest('select')) : isVisible(el);
        if (!shown) continue;
        const text = shorten(attempt(() => accName(el) || flatText(el), ''), 200);
        if (!text || text.length > 80 || seen.has(text)) continue;
        seen.add(text);
        out.push({ text, tag: tagOf(el), path: pathOf(el) });
        if (out.length >= 300) return out;
      }
    }
    if (PART) collectLines(world, seen, out);
    return out;
  }
  // For an expected text: the lines the page shows (a log, a toast, a paragraph), each text node's
  // lines where its element is visible, so a miss can say what the page says instead.
  function collectLines(world, seen, out) {
    for (const { root } of world.roots) {
      const doc = root.nodeType === 9 ? root : root.ownerDocument;
      let walker = null;
      try { walker = doc.createTreeWalker(root, 4); } catch (e) { continue; }
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement;
        if (!el || /^(script|style|noscript|template|title)$/.test(tagOf(el)) || !String(n.data).trim()) continue;
        if (!attempt(() => isVisible(el), false)) continue;
        for (const line of String(n.data).split('\n')) {
          const text = shorten(line, 200);
          if (text.length < 2 || text.length > 80 || seen.has(text)) continue;
          seen.add(text);
          out.push({ text, tag: tagOf(el), path: pathOf(el) });
          if (out.length >= 400) return;
        }
      }
    }
  }

  // ----------------------------------------------------------- waiting loop
  let finished = false, last = null, lastEval = -1e9, rafId = 0, asking = 0, pending = 0, ticker = 0, deadline = 0;
  // Our animation-frame callbacks so far, and since when the next one is asked for (null: none is).
  let framesSeen = 0, askedAt = null;
  const observers = [], observed = new Set();
  // Watch every searched root; new roots (frames loading, shadow roots attached) get
  // picked up by the next evaluation.
  function observe(world) {
    for (const { root } of world.roots) {
      if (observed.has(root)) continue;
      observed.add(root);
      try {
        const mo = new MutationObserver(onMutation);
        mo.observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
        observers.push(mo);
      } catch (e) { /* root went away */ }
    }
  }
  // Whether every mutation since the last evaluation only added or removed nodes.
  let onlyInsertions = true;
  function onMutation(records) {
    mutations++;
    if (records.some((r) => r.type === 'childList')) treeDirty = true;
    if (records.some((r) => r.type !== 'childList')) onlyInsertions = false;
    if (finished || pending) return;
    const wait = gap();
    if (wait <= 0) run(mutationKind());
    else pending = setTimeout(() => { pending = 0; run(mutationKind()); }, wait);
  }
  function mutationKind() {
    const kind = onlyInsertions ? 'insert' : null;
    onlyInsertions = true;
    return kind;
  }
  // Evaluating a huge, busy page can take tens of ms each time: keep our share of the
  // main thread to about half at worst, so the page can do the work we wait for. The
  // cheaper of the last two costs is used: the first walk is dear, the cached ones not.
  // Frame samples keep their own clock: on a page that mutates every frame, the
  // mutation-driven evaluations must not starve the samples that prove stability.
  let costs = [0, 0], lastSample = -1e9, seenMutations = -1, samples = 0;
  const cost = () => Math.min(costs[0], costs[1]);
  const gap = () => Math.max(10, cost() * 4) - (performance.now() - lastEval);
  const sampleGap = () => cost() * 3 - (performance.now() - lastSample);
  // kind: 'frame' (a frame sample), 'idle' (a timer's, while no frames come), 'insert' (after
  // insertions only) or null.
  function run(kind) {
    if (finished) return;
    const sample = kind === 'frame' || kind === 'idle';
    if (!sample && mutations === seenMutations) return;   // a sample already saw them
    seenMutations = mutations;
    const t0 = performance.now();
    try { evaluateOnce(kind); } finally {
      lastEval = performance.now();
      if (sample) { lastSample = lastEval; samples++; }
      costs = [costs[1], lastEval - t0];
    }
  }
  function evaluateOnce(kind) {
    sampleKind = kind;
    let r;
    try { r = evaluate(); } catch (e) { r = failure('script_error', `locate.js failed: ${String(e && e.stack || e).slice(0, 500)}`, []); }
    last = r;
    if (r.final) { finish(failureResult(r)); return; }
    if (r.ok) {
      try { const problem = act(r); finish(problem ? failureResult(problem) : successResult(r)); } catch (e) { finish(failureResult(failure('script_error', `locate.js failed while acting: ${String(e && e.message || e)}`, [], { final: true }))); }
    }
  }
  function finish(result) {
    if (finished) return;
    finished = true;
    for (const mo of observers) mo.disconnect();
    clearTimeout(ticker); clearTimeout(deadline); clearTimeout(pending); clearTimeout(asking);
    cancelAnimationFrame(rafId);
    afterFrame.port1.close();
    result.elapsed_ms = elapsed();
    done(result);
  }
  // Our frame callback only counts the frame and queues the sample, which runs once the frame
  // is rendered. The next callback is asked for from a timer: a page that asks for its own frame
  // callback from a timer (set in its last one) has asked before us, so every frame we sample has
  // run the page's callback too. Asked for at once, a frame could come (a busy page's next frame,
  // one a screenshot forces) before the page's timer ran, and show its element unmoved.
  const afterFrame = new MessageChannel();
  afterFrame.port1.onmessage = () => {
    if (finished) return;
    if (sampleGap() <= 0) run('frame');
    askFrame();
  };
  function askFrame() {
    if (finished) return;
    clearTimeout(asking);
    asking = setTimeout(() => {
      if (finished) return;
      askedAt = performance.now();
      rafId = requestAnimationFrame(onFrame);
    }, 0);
  }
  function onFrame() {
    if (finished) return;
    framesSeen++;
    askedAt = null;
    afterFrame.port2.postMessage(0);
  }
  // Stability needs two samples: even timeout_ms 0 waits for them (100 ms at most).
  function onDeadline() {
    if (finished) return;
    if (samples < 2 && performance.now() - started < timeoutMs + 100) { deadline = setTimeout(onDeadline, 10); return; }
    run(null);
    if (finished) return;
    // The wait is over: an element that was still moving never came to rest, and says why.
    if (last && last.unstable) {
      const waited = Math.max(timeoutMs, Number(req.step_timeout_ms) || 0) / 1000;
      last.message = `${describe(last.cands[0].el)} never came to rest within ${waited.toFixed(1)}s: ${motionText()}.`;
    }
    finish(failureResult(last));
  }
  // requestAnimationFrame does not fire in hidden or background tabs, nor in a frame the browser
  // stopped rendering (a cross-origin frame out of sight, whose timers it also slows to one a
  // second): then a 50 ms timer takes the samples instead. Only once our callback has waited a
  // second: frames 100 ms apart are only long (a busy page, a loaded machine), and a timer look
  // between two of them would see the last one again.
  function onTimer() {
    if (finished) return;
    const stopped = askedAt !== null && performance.now() - askedAt > 1000;
    if ((TOP.document.hidden || stopped) && sampleGap() <= 0) run('idle');
    if (!finished) ticker = setTimeout(onTimer, 50);
  }

  try {
    if (!/^(click|hover|fill|press|check|uncheck|choose|select|visible|absent|attached|detached|mask)$/.test(intent)) {
      return finish(failureResult(failure('bad_selector', `Unknown intent "${intent}".`, [])));
    }
    const problem = locatorProblem(req.target, 'The target') ||
      (req.within ? locatorProblem(req.within, 'The scope (within)') : null) ||
      (req.within_row != null && !String(req.within_row).trim() ? 'The scope within_row is empty' : null);
    if (problem) return finish(failureResult(failure('bad_selector', problem + '.', [])));
    run('frame');   // runs in a task, between frames: a valid first sample
    if (finished) return;
    askFrame();
    ticker = setTimeout(onTimer, 50);
    deadline = setTimeout(onDeadline, timeoutMs);
  } catch (e) {
    try { finish({ ok: false, intent, reason: 'script_error', message: `locate.js failed: ${String(e && e.stack || e).slice(0, 500)}`, candidates: [], labels: [], options: [], elapsed_ms: elapsed() }); } catch (e2) { /* nothing left to do */ }
  }
};

// The function runs in a realm of its own: a blank frame's, made and removed at once. Its literals,
// arrays, objects, Map, Set, JSON, Promise, Array.from and event constructors are that realm's, which
// the page cannot have replaced or patched (old libraries replace Array.from and Event, test pages
// replace anything); the page's window, document and clock are handed in as the parameters the
// source is compiled with. A removed frame's functions are never called back by the browser, so
// every callback goes through a trampoline made here, in the page's realm: timers, animation
// frames, observers, message ports and event listeners. A page whose policy forbids compiling code
// (CSP without unsafe-eval) keeps the function in the page's realm.
// The built-ins the function uses by name.
const INTRINSICS = ['Event', 'CSS', 'DOMRect', 'DOMMatrixReadOnly', 'URL', 'Map', 'Set', 'WeakMap', 'Array', 'Object', 'JSON', 'Promise',
  'String', 'Number', 'Math', 'Reflect', 'RegExp', 'Error', 'Symbol', 'Boolean', 'Date', 'parseFloat', 'parseInt',
  'isFinite', 'isNaN', 'Infinity', 'NaN', 'undefined'];
const PRISTINE = (() => {
  const params = ['window', 'document', 'performance', 'setTimeout', 'clearTimeout', 'requestAnimationFrame',
    'cancelAnimationFrame', 'MessageChannel', 'MutationObserver', 'isNative', 'realmName', 'listen'].concat(INTRINSICS);
  let realm = null;
  try {
    const host = document.documentElement || document.body;
    const frame = host ? document.createElement('iframe') : null;
    if (frame) {
      frame.style.display = 'none';
      frame.setAttribute('aria-hidden', 'true');
      host.appendChild(frame);
      try {
        const w = frame.contentWindow;
        realm = { Function: w.Function, toString: w.Function.prototype.toString, setTimeout: w.setTimeout,
          clearTimeout: w.clearTimeout, requestAnimationFrame: w.requestAnimationFrame,
          cancelAnimationFrame: w.cancelAnimationFrame, MutationObserver: w.MutationObserver,
          // A removed frame's global loses its interfaces: what the function names is taken now.
          intrinsics: INTRINSICS.map((name) => w[name]) };
      } finally { frame.remove(); }
    }
  } catch (e) { realm = null; }
  if (!realm) return LOCATE_SOURCE;
  const native = (fn) => { try { return typeof fn === 'function' && /\{\s*\[native code\]\s*\}\s*$/.test(realm.toString.call(fn)); } catch (e) { return false; } };
  pageIsNative = native;
  // The page's own function when it is the browser's, else the blank realm's, called on the page's window.
  const call = (name) => (native(window[name]) ? window[name].bind(window) : (...a) => realm[name].call(window, ...a));
  const timeout = call('setTimeout'), frame = call('requestAnimationFrame');
  const Observer = native(window.MutationObserver) ? window.MutationObserver : realm.MutationObserver;
  function TrampolineObserver(callback) { return new Observer((records, observer) => callback(records, observer)); }
  // A message port calls back whatever its onmessage holds: the setter keeps a trampoline there.
  function TrampolineChannel() {
    const mc = native(window.MessageChannel) ? new window.MessageChannel() : null;
    let handler = null;
    this.port1 = {
      set onmessage(fn) { handler = fn; if (mc) mc.port1.onmessage = fn ? (e) => handler && handler(e) : null; },
      get onmessage() { return handler; },
      close() { handler = null; if (mc) mc.port1.close(); },
    };
    this.port2 = { postMessage(data) { if (mc) mc.port2.postMessage(data); else timeout(() => handler && handler({ data }), 0); } };
  }
  const args = [window, document, window.performance, (f, ms) => timeout(() => f(), ms), call('clearTimeout'),
    (f) => frame((t) => f(t)), call('cancelAnimationFrame'), TrampolineChannel, TrampolineObserver, native,
    'pristine', listen].concat(realm.intrinsics);
  try {
    return realm.Function(...params, 'return (' + LOCATE_SOURCE.toString() + ');')(...args);
  } catch (e) {
    return LOCATE_SOURCE;   // compiling is forbidden here: the page's realm it is
  }
})();
try {
  Object.defineProperty(window, '__CLICKPATH_LOCATE_KEY__', { value: PRISTINE, configurable: false, enumerable: false, writable: false });
} catch (e) { /* already there (the same file, by its name), or a frozen window: the call below still runs */ }
PRISTINE(arguments.length > 1 ? arguments[0] : null, arguments[arguments.length - 1]);
