// On a failed step: the page's DOM as one HTML document a person can open later. Open shadow roots
// are written as declarative shadow DOM (<template shadowrootmode="open">), same-origin iframes as
// srcdoc, and fields show their current values. Scripts are dropped so the snapshot never runs code.
// Answers the HTML, cut at LIMIT characters.
const LIMIT = 8 * 1024 * 1024;
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const attr = (s) => String(s).replace(/&/g, '&amp;').replace(/"/g, '&quot;');
let size = 0;

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
  if (VOID.has(tag)) return out;
  if (el.shadowRoot) {
    out += '<template shadowrootmode="open">';
    for (const c of el.shadowRoot.childNodes) out += node(c);
    out += '</template>';
  }
  if (tag === 'textarea') out += esc(el.value);
  else for (const c of (tag === 'template' ? el.content.childNodes : el.childNodes)) out += node(c);
  return out + '</' + tag + '>';
}

function node(n) {
  if (size > LIMIT) return '';
  let out = '';
  if (n.nodeType === Node.ELEMENT_NODE) out = element(n);
  else if (n.nodeType === Node.TEXT_NODE) out = esc(n.nodeValue);
  else if (n.nodeType === Node.COMMENT_NODE) out = '';
  size += out.length;
  return out;
}

const base = '<base href="' + attr(document.baseURI) + '">';
let html = '<!doctype html>\n<!-- clickpath DOM snapshot of ' + esc(location.href) + ' at ' + new Date().toISOString() + ' -->\n' + node(document.documentElement);
html = html.replace(/<head>/i, '<head>' + base);
return html.length > LIMIT ? html.slice(0, LIMIT) + '\n<!-- cut at ' + LIMIT + ' characters -->' : html;
