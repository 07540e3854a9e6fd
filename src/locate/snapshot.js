// On a failed step: the page's DOM as one HTML document a person can open later. Open shadow roots
// are written as declarative shadow DOM (<template shadowrootmode="open">) with the style sheets
// they adopted, same-origin iframes as srcdoc, and fields show their current values. Scripts are
// dropped so the snapshot never runs code. Answers the HTML, cut at LIMIT characters.
//
// Synthetic shadow DOM (Lightning's @lwc/synthetic-shadow) keeps component content in the light DOM
// and patches childNodes & co. to hide it: there the real tree is read with a TreeWalker (which it
// leaves alone) and written as it is, since that is the tree the page's global CSS styles.
const LIMIT = 8 * 1024 * 1024;
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const attr = (s) => String(s).replace(/&/g, '&amp;').replace(/"/g, '&quot;');
let size = 0;
const attempt = (fn, fallback) => { try { return fn(); } catch (e) { return fallback; } };
// Children as the document really holds them, past patched accessors.
function realChildren(n) {
  const out = [];
  const tw = attempt(() => (n.ownerDocument || document).createTreeWalker(n, NodeFilter.SHOW_ALL), null);
  if (!tw) return attempt(() => Array.from(n.childNodes), []);
  for (let c = tw.firstChild(); c; c = tw.nextSibling()) out.push(c);
  return out;
}
// Lightning components carry their own copy of the SLDS rules they need: past a budget, roots
// go without theirs rather than crowd the content out of the snapshot.
let cssBudget = 4 * 1024 * 1024;
function adoptedCss(root) {
  if (cssBudget <= 0) return '';
  let css = '';
  for (const sheet of attempt(() => Array.from(root.adoptedStyleSheets || []), [])) {
    css += attempt(() => Array.from(sheet.cssRules).map((r) => r.cssText).join('\n'), '') + '\n';
  }
  cssBudget -= css.length;
  size += css.length;
  return css.trim() ? '<style>' + css.replace(/<\//g, '<\\/') + '</style>' : '';
}

function element(el) {
  const tag = el.localName;
  if (tag === 'script' || tag === 'noscript') return '';
  let out = '<' + tag;
  for (const a of el.attributes) {
    if (/^on/i.test(a.name)) continue;
    if ((tag === 'input' || tag === 'textarea') && a.name === 'value') continue;
    if (tag === 'iframe' && (a.name === 'srcdoc')) continue;
    out += ' ' + a.name + '="' + attr(a.value) + '"';
  }
  if (tag === 'input') {
    const type = (el.getAttribute('type') || 'text').toLowerCase();
    if (type === 'password') out += ' value="•••"';
    else if (type !== 'checkbox' && type !== 'radio' && type !== 'file') out += ' value="' + attr(el.value) + '"';
    if (el.checked) out += ' checked';
  }
  if (tag === 'option' && el.selected) out += ' selected';
  if (tag === 'iframe' || tag === 'frame') {
    let doc = null;
    try { doc = el.contentDocument; } catch (e) { /* another origin: keep its src */ }
    if (doc && doc.documentElement) out += ' srcdoc="' + attr('<!doctype html>' + node(doc.documentElement)) + '"';
  }
  out += '>';
  size += out.length;
  if (VOID.has(tag)) return out;
  const sr = attempt(() => el.shadowRoot, null);
  // A synthetic root's content is among the host's real children, written below.
  if (sr && !sr.synthetic) {
    out += '<template shadowrootmode="open">' + adoptedCss(sr);
    for (const c of realChildren(sr)) out += node(c);
    out += '</template>';
  }
  if (tag === 'textarea') out += esc(el.value);
  else for (const c of (tag === 'template' ? realChildren(el.content) : realChildren(el))) out += node(c);
  return out + '</' + tag + '>';
}

function node(n) {
  if (size > LIMIT) return '';
  let out = '';
  // size grows by what each node adds itself (an element's tag, a text), not by its subtree again.
  if (n.nodeType === Node.ELEMENT_NODE) out = element(n);
  else if (n.nodeType === Node.TEXT_NODE) { out = esc(n.nodeValue); size += out.length; }
  return out;
}

const base = '<base href="' + attr(document.baseURI) + '">';
let html = '<!doctype html>\n<!-- clickpath DOM snapshot of ' + esc(location.href) + ' at ' + new Date().toISOString() + ' -->\n' + node(document.documentElement);
html = html.replace(/<head>/i, '<head>' + base);
return html.length > LIMIT ? html.slice(0, LIMIT) + '\n<!-- cut at ' + LIMIT + ' characters -->' : html;
