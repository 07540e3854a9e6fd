// Salesforce Classic pages (also shown chromeless inside Lightning's Setup iframe with ?isdtp=p1): the
// user menu, the Setup tree with Quick Find, Installed Packages and the uninstall page.
(function () {
  'use strict';
  const { h } = P;
  const FRAMED = document.documentElement.classList.contains('isdtp');
  // Links inside the Lightning iframe stay chromeless, as Salesforce keeps `isdtp` on its links.
  const link = (path) => FRAMED ? path + (path.includes('?') ? '&' : '?') + 'isdtp=p1' : path;

  // ------------------------------------------------------------------ header
  function wireUserMenu() {
    const button = document.getElementById('userNav');
    const menu = document.getElementById('userNav-menu');
    if (!button || !menu) return;
    const set = (open) => { menu.hidden = !open; button.setAttribute('aria-expanded', String(open)); };
    button.addEventListener('click', (e) => { e.stopPropagation(); set(menu.hidden); });
    document.addEventListener('click', (e) => { if (!menu.contains(e.target)) set(false); });
    const tab = document.body.dataset.tab;
    if (tab) document.querySelectorAll(`.cl-tabs a[data-tab="${tab}"]`).forEach((a) => a.classList.add('on'));
  }

  // ------------------------------------------------------------------ Setup tree
  function wireTree() {
    const tree = document.getElementById('setup-tree');
    if (!tree) return;
    const toggles = () => tree.querySelectorAll('.node > a[aria-expanded]');
    tree.addEventListener('click', (e) => {
      const a = e.target.closest('.node > a[aria-expanded]');
      if (!a) return;
      e.preventDefault();
      a.setAttribute('aria-expanded', String(a.getAttribute('aria-expanded') !== 'true'));
    });
    document.querySelectorAll('[data-tree]').forEach((a) => a.addEventListener('click', (e) => {
      e.preventDefault();
      toggles().forEach((t) => t.setAttribute('aria-expanded', String(a.dataset.tree === 'expand')));
    }));
    // The page being shown is highlighted and its branch open, as Setup does.
    const current = document.body.dataset.leaf && tree.querySelector(`[data-leaf="${document.body.dataset.leaf}"]`);
    if (current) {
      current.classList.add('current');
      const node = current.closest('.node');
      if (node) node.querySelector(':scope > a').setAttribute('aria-expanded', 'true');
    }
    const quick = document.getElementById('quickfind');
    const saved = new Map();
    quick.addEventListener('input', () => {
      const q = quick.value.trim().toLowerCase();
      if (q && !saved.size) toggles().forEach((t) => saved.set(t, t.getAttribute('aria-expanded')));
      let any = false;
      tree.querySelectorAll('.cl-sec').forEach((sec) => {
        let secHit = false;
        sec.querySelectorAll(':scope > ul > li').forEach((li) => {
          const own = li.querySelector(':scope > a').textContent.toLowerCase().includes(q);
          let childHit = false;
          li.querySelectorAll(':scope > ul > li').forEach((c) => {
            const hit = !q || own || c.textContent.toLowerCase().includes(q);
            c.classList.toggle('hidden', !hit);
            childHit = childHit || (q && c.textContent.toLowerCase().includes(q));
          });
          const show = !q || own || childHit;
          li.classList.toggle('hidden', !show);
          if (q && childHit) li.querySelector(':scope > a').setAttribute('aria-expanded', 'true');
          secHit = secHit || show;
        });
        sec.classList.toggle('hidden', !secHit);
        any = any || secHit;
      });
      if (!q) { saved.forEach((v, t) => t.setAttribute('aria-expanded', v)); saved.clear(); }
      document.getElementById('tree-empty').style.display = any ? 'none' : 'block';
    });
  }

  // ------------------------------------------------------------------ Installed Packages
  const sep = () => h('span', { class: 'sep' }, '|');
  let polling = null;

  function renderPackages() {
    const sf = P.state.salesforce;
    const installed = document.getElementById('installed');
    const cols = ['sf.col.action', 'sf.col.name', 'sf.col.publisher', 'sf.col.version', 'sf.col.namespace', 'sf.col.installed', 'sf.col.apps', 'sf.col.tabs', 'sf.col.objects'];
    P.fill(installed, sf.installed.length ? h('table', { class: 'list', id: 'installedPackages' },
      h('thead', null, h('tr', null, cols.map((k) => h('th', { scope: 'col' }, P.t(k))))),
      h('tbody', null, sf.installed.map((p) => h('tr', { 'data-package': p.id },
        h('td', { class: 'actionColumn' },
          h('a', { class: 'actionLink', href: link('/classic/setup/packages/uninstall?id=' + encodeURIComponent(p.id)) }, P.t('sf.uninstall')), sep(),
          h('a', { class: 'actionLink', href: '#' }, P.t('sf.manage_licenses'))),
        h('th', { scope: 'row' }, h('a', { href: '#' }, p.name)),
        h('td', null, p.publisher), h('td', null, p.version), h('td', null, p.namespace), h('td', null, P.sfDate(p.installed_on)),
        h('td', null, p.apps), h('td', null, p.tabs), h('td', null, p.objects)))))
      : h('div', { class: 'empty' }, P.t('sf.no_installed')));

    const uninstalled = document.getElementById('uninstalled');
    const ucols = ['sf.col.action', 'sf.col.name', 'sf.col.namespace', 'sf.col.uninstalled', 'sf.col.status', 'sf.col.export', 'sf.col.expires'];
    P.fill(uninstalled, sf.uninstalled.length ? h('table', { class: 'list', id: 'uninstalledPackages' },
      h('thead', null, h('tr', null, ucols.map((k) => h('th', { scope: 'col' }, P.t(k))))),
      h('tbody', null, sf.uninstalled.map((u) => {
        const done = u.status === 'complete';
        const ex = u.export;
        return h('tr', { 'data-package': u.package.id },
          h('td', { class: 'actionColumn' }, done && ex ? [
            h('a', { class: 'actionLink', href: '/classic/setup/packages/export/' + encodeURIComponent(u.package.id) }, P.t('sf.download')), sep(),
            h('a', { class: 'actionLink', href: '#', onclick: (e) => { e.preventDefault(); deleteExport(u.package.id); } }, P.t('sf.del'))] : null),
          h('th', { scope: 'row' }, u.package.name), h('td', null, u.package.namespace), h('td', null, P.sfDateTime(u.uninstalled_ms)),
          h('td', null, h('span', { class: done ? 'status-complete' : 'status-progress' }, P.t(done ? 'sf.status.complete' : 'sf.status.in_progress'))),
          h('td', null, ex ? `${ex.file_name} (${Math.round(ex.size_bytes / 1024)} KB)` : P.t('sf.no_export')),
          h('td', null, ex ? P.sfDateTime(ex.expires_ms) : ''));
      })))
      : h('div', { class: 'empty' }, P.t('sf.no_uninstalled')));

    // An uninstall finishes on the server: keep the page current until nothing is in progress.
    const busy = sf.uninstalled.some((u) => u.status !== 'complete');
    if (busy && !polling) polling = setInterval(async () => { await P.reload(); renderPackages(); }, 400);
    if (!busy && polling) { clearInterval(polling); polling = null; }
  }

  async function deleteExport(id) {
    if (!window.confirm(P.t('sf.del_confirm'))) return;
    try {
      await P.act('/api/salesforce/exports/' + encodeURIComponent(id) + '/delete');
    } catch (e) {
      window.alert(P.t('sf.error') + ' ' + e.message);
    }
    renderPackages();
  }

  // ------------------------------------------------------------------ uninstall page
  function renderUninstall() {
    const id = P.query.get('id') || '';
    const pkg = P.state.salesforce.installed.find((p) => p.id === id);
    const content = document.getElementById('content');
    if (!pkg) {
      P.fill(content, h('div', { class: 'msg info' }, P.iconEl('info'), h('div', null, P.t('sf.un.not_installed'), ' ',
        h('a', { href: link('/classic/setup/packages') }, P.t('sf.un.back')))));
      return;
    }
    P.fill(document.getElementById('package-name'), `${P.t('sf.un.package')}: ${pkg.name}`);
    const submit = h('input', { class: 'btn', type: 'submit', value: P.t('sf.uninstall'), name: 'uninstall', disabled: true });
    const confirmBox = h('input', { type: 'checkbox', id: 'confirm', name: 'confirm', value: '1' });
    // Like the real page: the Uninstall button acts only once the box is ticked.
    confirmBox.addEventListener('change', () => { submit.disabled = !confirmBox.checked; });
    const error = P.query.get('error') === 'not_confirmed'
      ? h('div', { class: 'msg error', role: 'alert' }, P.iconEl('warning'), h('div', null, P.t('sf.error') + ' ' + P.t('sf.un.confirm'))) : null;
    P.fill(content, error,
      h('div', { class: 'pb' }, h('div', { class: 'pbHeader' }, h('h3', null, P.t('sf.un.components'))),
        h('div', { class: 'pbBody' },
          h('div', { class: 'msg warning' }, P.iconEl('warning'), h('div', null, P.t('sf.un.warning'))),
          h('table', { class: 'list' }, h('thead', null, h('tr', null, ['sf.un.col.name', 'sf.un.col.parent', 'sf.un.col.type'].map((k) => h('th', null, P.t(k))))),
            h('tbody', null, pkg.components.map((c) => h('tr', null, h('td', null, c.name), h('td', null, c.parent), h('td', null, P.t('sf.type.' + c.kind)))))))),
      h('form', { method: 'post', action: '/classic/setup/packages/uninstall', class: 'pb' },
        h('input', { type: 'hidden', name: 'id', value: pkg.id }),
        FRAMED ? h('input', { type: 'hidden', name: 'isdtp', value: 'p1' }) : null,
        h('div', { class: 'pbHeader' }, h('h3', null, P.t('sf.un.confirmation'))),
        h('div', { class: 'pbBody' },
          h('div', { class: 'pbSub' }, P.t('sf.un.data')),
          h('div', { class: 'choice' }, h('input', { type: 'radio', name: 'keep', id: 'keep-yes', value: 'yes', checked: true }), h('label', { for: 'keep-yes' }, P.t('sf.un.keep'))),
          h('div', { class: 'choice' }, h('input', { type: 'radio', name: 'keep', id: 'keep-no', value: 'no' }), h('label', { for: 'keep-no' }, P.t('sf.un.discard'))),
          h('p', { class: 'note' }, P.t('sf.un.discard_note')),
          h('div', { class: 'choice confirm' }, confirmBox, h('label', { for: 'confirm' }, P.t('sf.un.confirm')))),
        h('div', { class: 'pbButtons' }, submit,
          h('input', { class: 'btn', type: 'button', value: P.t('sf.un.cancel'), onclick: () => { location.href = link('/classic/setup/packages'); } }))));
  }

  // ------------------------------------------------------------------ start
  function render() {
    const page = document.body.dataset.page;
    if (page === 'packages') renderPackages();
    if (page === 'uninstall') renderUninstall();
  }
  wireUserMenu();
  wireTree();
  if (FRAMED) {
    // Inside Lightning the content arrives late, behind a spinner, like everything in Lightning.
    const dots = h('div', { class: 'dots' }, [0, 1, 2, 3, 4, 5, 6, 7].map((i) => h('i', { style: `transform:rotate(${i * 45}deg);opacity:${0.3 + i * 0.1}` })));
    const spinner = h('div', { class: 'frame-spinner', role: 'status', 'aria-label': P.t('lx.loading') }, dots);
    document.body.appendChild(spinner);
    setTimeout(() => { render(); spinner.remove(); }, 200 + Math.random() * 400);
  } else {
    render();
  }
})();
