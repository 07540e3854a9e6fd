// Before a screenshot: cover the given boxes (masks, fields that received a secret) and every place
// where a secret value shows as text or as a field's value, in the top document, same-origin frames
// and open shadow roots. Boxes are drawn by the top document in document coordinates, so they also
// hold in a full-page capture. Answers {boxes, secrets_found}; uncover by removing #__clickpath_masks.
//
// The TreeWalker reads the real tree: under synthetic shadow DOM (Lightning) component content is in
// the light DOM, already walked, and its patched shadowRoot is no Node a walker could start from; a
// part of the page that throws is left out, never the whole cover (the boxes must still be drawn).
const args = arguments[0] || {};
const rects = (args.rects || []).slice();
const secrets = (args.secrets || []).filter((s) => typeof s === 'string' && s.length > 0);
let secretsFound = 0;

// Where a document's viewport starts in the top viewport (same-origin frames only).
function origin(doc) {
  let x = 0, y = 0;
  for (let w = doc.defaultView; w && w !== window; w = w.parent) {
    const fe = w.frameElement;
    if (!fe) break;
    const r = fe.getBoundingClientRect(), st = fe.ownerDocument.defaultView.getComputedStyle(fe);
    x += r.left + fe.clientLeft + parseFloat(st.paddingLeft);
    y += r.top + fe.clientTop + parseFloat(st.paddingTop);
  }
  return { x, y };
}

function pushRect(r, o) {
  if (r.width > 0 && r.height > 0) rects.push({ x: r.left + o.x, y: r.top + o.y, width: r.width, height: r.height });
}

function scan(root, doc) {
  const o = origin(doc);
  const walker = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
  for (let n = walker.currentNode; n; n = walker.nextNode()) {
    if (n.nodeType === Node.TEXT_NODE) {
      const text = n.nodeValue || '';
      for (const s of secrets) {
        for (let at = text.indexOf(s); at >= 0; at = text.indexOf(s, at + s.length)) {
          const range = doc.createRange();
          range.setStart(n, at);
          range.setEnd(n, at + s.length);
          for (const r of range.getClientRects()) pushRect(r, o);
          secretsFound++;
        }
      }
      continue;
    }
    const el = n;
    if ((el.localName === 'input' || el.localName === 'textarea') && secrets.some((s) => String(el.value).includes(s))) {
      pushRect(el.getBoundingClientRect(), o);
      secretsFound++;
    }
    let sr = null;
    try { sr = el.shadowRoot; } catch (e) { /* a patched accessor */ }
    if (sr && !sr.synthetic) { try { scan(sr, doc); } catch (e) { /* this root only */ } }
    if (el.localName === 'iframe' || el.localName === 'frame') {
      let inner = null;
      try { inner = el.contentDocument; } catch (e) { /* another origin: the runner covers what it can see */ }
      if (inner && inner.documentElement) { try { scan(inner.documentElement, inner); } catch (e) { /* this frame only */ } }
    }
  }
}

if (secrets.length) { try { scan(document.documentElement, document); } catch (e) { /* the given boxes are drawn all the same */ } }

let root = document.getElementById('__clickpath_masks');
if (root) root.remove();
root = document.createElement('div');
root.id = '__clickpath_masks';
root.setAttribute('aria-hidden', 'true');
root.style.cssText = 'position:absolute;left:0;top:0;width:0;height:0;overflow:visible;pointer-events:none;z-index:2147483647;';
for (const r of rects) {
  const b = document.createElement('div');
  b.style.cssText = 'position:absolute;background:#3a3f47;pointer-events:none;' +
    'left:' + (r.x + window.scrollX - 2) + 'px;top:' + (r.y + window.scrollY - 2) + 'px;' +
    'width:' + (r.width + 4) + 'px;height:' + (r.height + 4) + 'px;';
  root.appendChild(b);
}
document.documentElement.appendChild(root);
return { boxes: root.children.length, wanted: rects.length, secrets_found: secretsFound,
  rects: rects.map((r) => ({ x: Math.round(r.x), y: Math.round(r.y), width: Math.round(r.width), height: Math.round(r.height) })) };
