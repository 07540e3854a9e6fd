// HubSpot pages: the navigation's Marketplace menu, connected apps, the Salesforce integration page
// (disconnect dialog, owner clean-up) and the record reassignment page. Everything renders from P.state.
(function () {
  'use strict';
  const { h } = P;
  const SF_PAGE = '/hubspot/settings/integrations/connected-apps/salesforce';
  const CLEANUP_PAGE = SF_PAGE + '/owner-cleanup';

  function icon(name) { return P.iconEl(name); }

  // ------------------------------------------------------------------ navigation
  function wireMenu() {
    const button = document.getElementById('hs-marketplace');
    const menu = document.getElementById('hs-marketplace-menu');
    if (!button || !menu) return;
    const set = (open) => { menu.hidden = !open; button.setAttribute('aria-expanded', String(open)); };
    button.addEventListener('click', (e) => { e.stopPropagation(); set(menu.hidden); });
    document.addEventListener('click', (e) => { if (!menu.contains(e.target)) set(false); });
    document.addEventListener('keydown', (e) => { if (e.key === 'Escape') set(false); });
  }

  function toast(text) {
    const el = h('div', { class: 'hs-toast', role: 'status' }, text);
    document.body.appendChild(el);
    setTimeout(() => el.remove(), 4000);
  }

  function alertBox(kind, title, body, actions) {
    const ico = { success: 'success', warning: 'warning', danger: 'warning', info: 'info' }[kind];
    return h('div', { class: 'hs-alert ' + kind, role: kind === 'danger' ? 'alert' : 'status' }, icon(ico),
      h('div', null, title ? h('b', null, title) : null, body ? h('div', null, body) : null, actions ? h('div', { class: 'actions' }, actions) : null));
  }

  // ------------------------------------------------------------------ connected apps
  const OTHER_APPS = [
    ['Gmail', 'Google', '#ea4335', 'G'], ['Zoom', 'Zoom Video Communications', '#2d8cff', 'Z'],
    ['Slack', 'Slack Technologies', '#4a154b', 'S'], ['Google Calendar', 'Google', '#1a73e8', '31'],
    ['Mailchimp', 'Intuit Mailchimp', '#241c15', 'M'],
  ];
  function renderApps() {
    const hs = P.state.hubspot;
    const tiles = [h('a', { class: 'hs-tile', href: SF_PAGE, 'data-app': 'salesforce' },
      h('span', { class: 'app-logo', style: 'background:#1798c1' }, icon('cloud')),
      h('span', null, h('span', { class: 'name' }, 'Salesforce'), h('span', { class: 'by' }, P.t('hs.apps.by') + ' HubSpot'),
        h('span', { class: 'hs-badge ' + (hs.connected ? 'ok' : 'off') }, hs.connected ? P.t('hs.apps.connected') : P.t('hs.apps.disconnected'))))];
    for (const [name, by, color, mark] of OTHER_APPS) {
      tiles.push(h('a', { class: 'hs-tile', href: '#', 'data-app': name.toLowerCase() },
        h('span', { class: 'app-logo', style: `background:${color}` }, mark),
        h('span', null, h('span', { class: 'name' }, name), h('span', { class: 'by' }, P.t('hs.apps.by') + ' ' + by),
          h('span', { class: 'hs-badge ok' }, P.t('hs.apps.connected')))));
    }
    const grid = document.getElementById('apps');
    P.fill(grid, tiles);
    P.fill(document.getElementById('app-count'), `${tiles.length} ${P.t('hs.apps.count')}`);
    const search = document.getElementById('app-search');
    search.addEventListener('input', () => {
      const q = search.value.trim().toLowerCase();
      grid.querySelectorAll('.hs-tile').forEach((t) => { t.style.display = !q || t.textContent.toLowerCase().includes(q) ? '' : 'none'; });
    });
  }

  // ------------------------------------------------------------------ Salesforce integration page
  const overlay = () => document.getElementById('overlay');
  function modal(title, body, footer, onClose) {
    const close = () => { overlay().hidden = true; P.fill(overlay()); if (onClose) onClose(); };
    const dialog = h('div', { class: 'hs-modal', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'modal-title' },
      h('header', null, h('h2', { id: 'modal-title' }, title),
        h('button', { class: 'x', type: 'button', 'aria-label': P.t('hs.close'), title: P.t('hs.close'), onclick: close }, icon('close'))),
      h('div', { class: 'body' }, body), h('footer', null, footer));
    P.fill(overlay(), dialog);
    overlay().hidden = false;
    return close;
  }

  function disconnectStep1() {
    let close = null;
    const list = (keys) => h('ul', null, keys.map((k) => h('li', null, P.t(k))));
    close = modal(P.t('hs.dlg.title'), [
      h('p', null, P.t('hs.dlg.intro')),
      h('h4', null, P.t('hs.dlg.removed')), list(['hs.dlg.r1', 'hs.dlg.r2', 'hs.dlg.r3', 'hs.dlg.r4']),
      h('h4', null, P.t('hs.dlg.kept')), list(['hs.dlg.k1', 'hs.dlg.k2', 'hs.dlg.k3', 'hs.dlg.k4', 'hs.dlg.k5', 'hs.dlg.k6', 'hs.dlg.k7', 'hs.dlg.k8']),
    ], [
      h('button', { class: 'btn btn-primary', type: 'button', onclick: () => disconnectStep2() }, P.t('hs.continue')),
      h('button', { class: 'btn btn-tertiary', type: 'button', onclick: () => close() }, P.t('hs.cancel')),
    ]);
  }

  function disconnectStep2() {
    const phrase = P.t('hs.uninstall_button');
    const reasons = ['switching_crm', 'sync_errors', 'no_longer_salesforce', 'reinstall', 'too_complex', 'other'];
    const select = h('select', { class: 'hs-select', id: 'reason', required: true },
      h('option', { value: '', selected: true, disabled: true }, P.t('hs.dlg.reason_placeholder')),
      reasons.map((r) => h('option', { value: r }, P.t('hs.reason.' + r))));
    const input = h('input', { class: 'hs-input', id: 'confirm-text', type: 'text', autocomplete: 'off', spellcheck: 'false' });
    const error = h('div', { id: 'dlg-error' });
    const uninstall = h('button', { class: 'btn btn-danger', type: 'button', disabled: true }, phrase);
    // The button acts only for a reason and exactly the phrase, as the real dialog does.
    const update = () => { uninstall.disabled = !(select.value && input.value === phrase); };
    select.addEventListener('change', update);
    input.addEventListener('input', update);
    uninstall.addEventListener('click', async () => {
      uninstall.disabled = true;
      try {
        await P.act('/api/hubspot/disconnect', { reason: select.value, confirmation: input.value, lang: P.lang });
        close();
        renderSalesforce();
        toast(P.t('hs.sf.uninstalled_toast'));
      } catch (e) {
        P.fill(error, alertBox('danger', P.t('hs.error'), e.message));
        update();
      }
    });
    const close = modal(P.t('hs.dlg.title'), [
      error,
      h('div', { class: 'hs-field' }, h('label', { for: 'reason' }, P.t('hs.dlg.reason')), h('p', { class: 'hs-help' }, P.t('hs.dlg.reason_help')), select),
      h('p', null, P.t('hs.dlg.phrase_before') + ' ', h('span', { class: 'hs-phrase' }, '«' + phrase + '»'), ' ' + P.t('hs.dlg.phrase_after')),
      h('div', { class: 'hs-field' }, h('label', { for: 'confirm-text' }, P.t('hs.dlg.phrase_label')), input),
      alertBox('warning', null, P.t('hs.dlg.warning')),
    ], [
      uninstall,
      h('button', { class: 'btn btn-tertiary', type: 'button', onclick: () => disconnectStep1() }, P.t('hs.back')),
    ]);
  }

  function cleanupDialog() {
    let close = null;
    const gotIt = h('button', { class: 'btn btn-primary', type: 'button' }, P.t('hs.cleanup.got_it'));
    const error = h('div');
    gotIt.addEventListener('click', async () => {
      gotIt.disabled = true;
      try {
        await P.act('/api/hubspot/owner-cleanup');
        close();
        renderSalesforce();
      } catch (e) {
        gotIt.disabled = false;
        P.fill(error, alertBox('danger', P.t('hs.error'), e.message));
      }
    });
    close = modal(P.t('hs.cleanup.dlg.title'), [error, h('p', null, P.t('hs.cleanup.dlg.body'))], [gotIt]);
  }

  function salesforceOwners() {
    const hs = P.state.hubspot;
    return hs.owners.filter((o) => o.salesforce_only && !o.removed).map((o) => {
      const own = (kind) => hs.records.filter((r) => r.owner_id === o.id && r.kind === kind).length;
      return { owner: o, contacts: own('contact'), companies: own('company'), deals: own('deal') };
    });
  }

  function renderSalesforce() {
    const hs = P.state.hubspot;
    const view = document.body.dataset.view;
    P.fill(document.getElementById('sf-status'),
      h('span', { class: 'hs-badge ' + (hs.connected ? 'ok' : 'off') }, hs.connected ? P.t('hs.sf.status_connected') : P.t('hs.sf.status_disconnected')));
    P.fill(document.getElementById('sf-account'), hs.connected ? P.t('hs.sf.connected_as') : '');
    document.querySelectorAll('#tabs a').forEach((a) => a.classList.toggle('active', a.dataset.tab === view));
    const actions = document.getElementById('head-actions');
    const content = document.getElementById('content');
    if (view === 'cleanup') {
      const owners = salesforceOwners();
      const canRemove = !hs.connected && !hs.owner_cleanup_done;
      P.fill(actions, h('button', { class: 'btn btn-primary', type: 'button', disabled: !canRemove, onclick: cleanupDialog }, P.t('hs.cleanup.remove')));
      P.fill(content,
        hs.connected ? alertBox('warning', null, P.t('hs.cleanup.connected')) : null,
        hs.owner_cleanup_done ? alertBox('success', P.t('hs.cleanup.done')) : null,
        h('section', { class: 'hs-card' },
          h('div', { class: 'hs-card-pad' }, h('h3', null, P.t('hs.cleanup.title')), h('p', { class: 'hs-muted', style: 'margin:0' }, P.t('hs.cleanup.intro'))),
          owners.length ? h('table', { class: 'hs-table' },
            h('thead', null, h('tr', null, ['hs.cleanup.col.owner', 'hs.cleanup.col.email', 'hs.cleanup.col.contacts', 'hs.cleanup.col.companies', 'hs.cleanup.col.deals'].map((k) => h('th', null, P.t(k))))),
            h('tbody', null, owners.map((o) => h('tr', null, h('td', null, h('b', null, o.owner.name)), h('td', null, o.owner.email),
              h('td', null, o.contacts), h('td', null, o.companies), h('td', null, o.deals)))))
            : h('div', { class: 'hs-card-pad hs-muted', style: 'border-top:1px solid var(--hs-border-soft)' }, P.t('hs.cleanup.none'))));
      return;
    }
    if (hs.connected) {
      P.fill(actions, h('button', { class: 'btn btn-secondary', type: 'button', onclick: disconnectStep1 }, P.t('hs.disconnect')));
      const rows = [['hs.sf.prop.firstname', 'First Name', 'hs.sf.rule.prefer_sf'], ['hs.sf.prop.lastname', 'Last Name', 'hs.sf.rule.prefer_sf'],
        ['hs.sf.prop.email', 'Email', 'hs.sf.rule.two_way'], ['hs.sf.prop.phone', 'Phone', 'hs.sf.rule.prefer_sf'],
        ['hs.sf.prop.owner', 'Owner ID', 'hs.sf.rule.always_sf'], ['hs.sf.prop.lifecycle', 'Lead Status', 'hs.sf.rule.two_way']];
      P.fill(content, h('div', { class: 'grid-2' },
        h('section', { class: 'hs-card hs-card-pad' }, h('h3', null, P.t('hs.sf.health')), h('div', { class: 'hs-muted' }, P.t('hs.sf.last_sync')),
          h('div', { class: 'hs-stats' }, h('div', null, h('b', null, '1.248'), h('span', null, P.t('hs.sf.synced'))),
            h('div', null, h('b', null, '0'), h('span', null, P.t('hs.sf.errors'))), h('div', null, h('b', null, '3.902'), h('span', null, P.t('hs.sf.api_calls'))))),
        h('section', { class: 'hs-card' }, h('div', { class: 'hs-card-pad', style: 'padding-bottom:8px' }, h('h3', { style: 'margin:0' }, P.t('hs.sf.mappings'))),
          h('table', { class: 'hs-table' }, h('thead', null, h('tr', null, h('th', null, P.t('hs.sf.col.hubspot')), h('th', null, P.t('hs.sf.col.salesforce')), h('th', null, P.t('hs.sf.col.rule')))),
            h('tbody', null, rows.map(([p, f, r]) => h('tr', null, h('td', null, P.t(p)), h('td', null, f), h('td', null, P.t(r)))))))));
    } else {
      P.fill(actions, h('button', { class: 'btn btn-primary', type: 'button', onclick: () => toast(P.t('hs.sf.connect_unavailable')) }, P.t('hs.sf.connect')));
      P.fill(content, alertBox('warning', P.t('hs.sf.disconnected_title'), P.t('hs.sf.disconnected_body')));
    }
  }

  // ------------------------------------------------------------------ reassignment
  let reassigned = null;
  function renderReassign() {
    const hs = P.state.hubspot;
    const content = document.getElementById('content');
    const owners = hs.owners.filter((o) => !o.salesforce_only && !o.removed);
    const sfOwner = (id) => hs.owners.find((o) => o.id === id && o.salesforce_only && !o.removed);
    const records = hs.records.filter((r) => r.owner_id && sfOwner(r.owner_id));
    const next = h('a', { class: 'btn btn-primary', href: CLEANUP_PAGE }, P.t('mail.goto_cleanup'));
    if (!records.length) {
      P.fill(content, reassigned != null
        ? alertBox('success', `${P.t('hs.re.done')} ${reassigned}`, P.t('hs.re.next'), next)
        : alertBox('info', P.t('hs.re.none'), P.t('hs.re.next'), next));
      return;
    }
    const options = (label) => [h('option', { value: '' }, label), owners.map((o) => h('option', { value: o.id }, o.name))];
    const rowSelects = [];
    const submit = h('button', { class: 'btn btn-primary', type: 'button', disabled: true }, P.t('hs.re.submit'));
    const update = () => { submit.disabled = !rowSelects.some((s) => s.value); };
    const all = h('select', { class: 'hs-select', id: 'assign-all', style: 'width:260px' }, options(P.t('hs.re.choose_owner')));
    all.addEventListener('change', () => { rowSelects.forEach((s) => { s.value = all.value; }); update(); });
    const kind = (k) => P.t('hs.kind.' + k);
    const rows = records.map((r) => {
      const sel = h('select', { class: 'hs-select', 'aria-label': `${P.t('hs.re.new_for')} ${r.name}`, 'data-record': r.id }, options(P.t('hs.re.choose_owner')));
      sel.addEventListener('change', update);
      rowSelects.push(sel);
      return h('tr', null, h('td', null, h('a', { href: '#' }, r.name)), h('td', null, kind(r.kind)), h('td', null, sfOwner(r.owner_id).name), h('td', { style: 'width:280px' }, sel));
    });
    const error = h('div');
    submit.addEventListener('click', async () => {
      const assignments = rowSelects.filter((s) => s.value).map((s) => ({ record: s.dataset.record, owner: s.value }));
      submit.disabled = true;
      try {
        await P.act('/api/hubspot/reassign', { assignments });
        reassigned = assignments.length;
        renderReassign();
      } catch (e) {
        P.fill(error, alertBox('danger', P.t('hs.error'), e.message));
        update();
      }
    });
    P.fill(content, error, h('section', { class: 'hs-card' },
      h('div', { class: 'hs-card-pad', style: 'display:flex;align-items:center;gap:14px' },
        h('label', { for: 'assign-all', style: 'font-weight:600' }, P.t('hs.re.assign_all')), all, h('span', { style: 'margin-left:auto' }, submit)),
      h('table', { class: 'hs-table' },
        h('thead', null, h('tr', null, ['hs.re.col.name', 'hs.re.col.kind', 'hs.re.col.current', 'hs.re.col.new'].map((k) => h('th', null, P.t(k))))),
        h('tbody', null, rows))));
  }

  // ------------------------------------------------------------------ start
  wireMenu();
  const page = document.body.dataset.page;
  if (page === 'apps') renderApps();
  if (page === 'salesforce') renderSalesforce();
  if (page === 'reassign') renderReassign();
})();
