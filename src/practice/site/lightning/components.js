// Lightning Experience as custom elements with open shadow roots (the stricter case of LWC's shadow
// DOM): global header with the Setup gear and its menu, app navigation, home cards, the Setup tree with
// Quick Find, and Setup pages that show Classic pages in an iframe. Styles live in each shadow root.
(function () {
  'use strict';
  const P = window.P;
  const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  const t = (key) => esc(P.t(key));

  const BASE = `
    :host { font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; font-size: 13px; color: #181818; }
    * { box-sizing: border-box; }
    a { color: #0176d3; text-decoration: none; }
    a:hover { text-decoration: underline; }
    svg { width: 100%; height: 100%; display: block; }
    .ico { display: inline-flex; width: 16px; height: 16px; flex: none; }
    .btn-icon { width: 32px; height: 32px; border-radius: 4px; border: 0; background: none; color: #747474; display: inline-flex; align-items: center;
      justify-content: center; cursor: pointer; padding: 0; }
    .btn-icon:hover { background: #f3f3f3; color: #444; }
    .btn-icon .ico { width: 20px; height: 20px; }
    .button { font: inherit; border: 1px solid #c9c9c9; background: #fff; color: #0176d3; border-radius: 4px; padding: 0 16px; height: 32px; line-height: 30px;
      cursor: pointer; display: inline-flex; align-items: center; gap: 6px; }
    .button:hover { background: #f3f3f3; }
    .brand { background: #0176d3; border-color: #0176d3; color: #fff; }
    .card { background: #fff; border: 1px solid #e5e5e5; border-radius: 4px; box-shadow: 0 2px 2px 0 rgba(0, 0, 0, .1); }
    .card-head { display: flex; align-items: center; gap: 10px; padding: 12px 16px 8px; }
    .card-head h2 { font-size: 14px; font-weight: 700; margin: 0; }
    .tile { width: 24px; height: 24px; border-radius: 4px; color: #fff; display: inline-flex; align-items: center; justify-content: center; flex: none; }
    .tile .ico, .tile svg { width: 16px; height: 16px; }
    .card-body { padding: 4px 16px 14px; }
    table { width: 100%; border-collapse: collapse; }
    th { text-align: left; font-size: 12px; font-weight: 600; color: #444; background: #f3f3f3; padding: 6px 8px; border-bottom: 1px solid #e5e5e5;
      border-top: 1px solid #e5e5e5; }
    td { padding: 7px 8px; border-bottom: 1px solid #e5e5e5; }
  `;
  class Lx extends HTMLElement {
    constructor() { super(); this.attachShadow({ mode: 'open' }); }
    render(css, html) { this.shadowRoot.innerHTML = `<style>${BASE}${css}</style>${html}`; }
  }
  const define = (name, cls) => { if (!customElements.get(name)) customElements.define(name, cls); };

  // ------------------------------------------------------------------ spinner
  define('lx-spinner', class extends Lx {
    connectedCallback() {
      const dots = Array.from({ length: 8 }, (_, i) => `<i style="transform:rotate(${i * 45}deg);opacity:${(0.25 + i * 0.1).toFixed(2)}"></i>`).join('');
      this.render(`
        .veil { position: fixed; inset: 0; background: rgba(255, 255, 255, .75); display: flex; align-items: center; justify-content: center; }
        .dots { width: 48px; height: 48px; position: relative; animation: spin 1.1s linear infinite; }
        .dots i { position: absolute; width: 10px; height: 10px; border-radius: 50%; background: #1b96ff; left: 19px; top: 0; transform-origin: 5px 24px; }
        @keyframes spin { to { transform: rotate(360deg); } }`,
      `<div class="veil" role="status" aria-label="${t('lx.loading')}"><div class="dots">${dots}</div></div>`);
      P.lx.loaded.then(() => this.remove());
    }
  });

  // ------------------------------------------------------------------ global header
  define('lx-global-header', class extends Lx {
    connectedCallback() {
      this.render(`
        header { height: 50px; background: #fff; display: flex; align-items: center; padding: 0 12px 0 16px; box-shadow: 0 2px 3px rgba(0, 0, 0, .1);
          border-bottom: 1px solid #e5e5e5; }
        .logo { width: 52px; height: 36px; color: #0b5cab; display: inline-flex; }
        .search { position: absolute; left: 50%; transform: translateX(-50%); width: 38%; max-width: 560px; height: 32px; border: 1px solid #c9c9c9;
          border-radius: 4px; display: flex; align-items: center; gap: 8px; padding: 0 10px; color: #747474; background: #fff; }
        .search .ico { width: 14px; height: 14px; }
        .search input { border: 0; outline: none; font: inherit; flex: 1; color: #181818; background: none; }
        .right { margin-left: auto; display: flex; align-items: center; gap: 4px; }
        .fav { display: inline-flex; border: 1px solid #c9c9c9; border-radius: 4px; height: 26px; }
        .fav .btn-icon { width: 26px; height: 24px; }
        .fav .btn-icon .ico { width: 14px; height: 14px; }
        .add { width: 22px; height: 22px; color: #747474; }
        .menu-wrap { position: relative; }
        .menu { position: absolute; right: -6px; top: 40px; background: #fff; border: 1px solid #e5e5e5; border-radius: 4px; box-shadow: 0 2px 8px rgba(0, 0, 0, .16);
          min-width: 260px; padding: 6px 0; z-index: 10; }
        .menu[hidden] { display: none; }
        .menu::before { content: ""; position: absolute; top: -7px; right: 15px; width: 12px; height: 12px; background: #fff; border-left: 1px solid #e5e5e5;
          border-top: 1px solid #e5e5e5; transform: rotate(45deg); }
        .menu a { display: flex; align-items: center; gap: 10px; padding: 8px 14px; color: #181818; text-decoration: none; }
        .menu a:hover, .menu a:focus { background: #f3f3f3; outline: none; }
        .menu a .ico { width: 16px; height: 16px; color: #747474; }
        .menu .sub { display: block; font-size: 12px; color: #747474; }
        .gear[aria-expanded=true] { background: #f3f3f3; color: #0176d3; }
        .avatar { width: 32px; height: 32px; border-radius: 50%; background: #8a9ab0; color: #fff; display: inline-flex; align-items: center;
          justify-content: center; margin-left: 6px; border: 0; cursor: pointer; font-weight: 600; font-size: 12px; }
        .avatar .ico { width: 22px; height: 22px; }`,
      `<header>
        <a class="logo" href="/lightning/page/home" aria-label="Home">${P.icon('cloud')}</a>
        <label class="search"><span class="ico">${P.icon('search')}</span><input type="search" placeholder="${t('lx.search')}" aria-label="${t('lx.search')}"></label>
        <div class="right">
          <span class="fav"><button class="btn-icon" type="button" aria-label="${t('lx.favorites')}" title="${t('lx.favorites')}"><span class="ico">${P.icon('star')}</span></button><button class="btn-icon" type="button" aria-label="${t('lx.favorites')}" title="${t('lx.favorites')}"><span class="ico">${P.icon('down')}</span></button></span>
          <button class="btn-icon" type="button" aria-label="${t('lx.global_actions')}" title="${t('lx.global_actions')}"><span class="ico add">${P.icon('plusbox')}</span></button>
          <button class="btn-icon" type="button" aria-label="${t('lx.help')}" title="${t('lx.help')}"><span class="ico">${P.icon('help')}</span></button>
          <div class="menu-wrap">
            <button class="btn-icon gear" type="button" aria-label="${t('lx.setup')}" title="${t('lx.setup')}" aria-haspopup="menu" aria-expanded="false"><span class="ico">${P.icon('gear')}</span></button>
            <div class="menu" role="menu" hidden>
              <a role="menuitem" href="/lightning/setup/SetupOneHome/home" target="_blank"><span class="ico">${P.icon('gear')}</span><span><span>${t('lx.setup')}</span><span class="sub">${t('lx.setup_for_app')}</span></span></a>
              <a role="menuitem" href="#"><span class="ico">${P.icon('draft')}</span><span>${t('lx.devconsole')}</span></a>
              <a role="menuitem" href="#"><span class="ico">${P.icon('menu')}</span><span>${t('lx.edit_page')}</span></a>
            </div>
          </div>
          <button class="btn-icon" type="button" aria-label="${t('lx.notifications')}" title="${t('lx.notifications')}"><span class="ico">${P.icon('bell')}</span></button>
          <button class="avatar" type="button" aria-label="${t('lx.profile')}" title="${t('lx.profile')}"><span class="ico">${P.icon('user')}</span></button>
        </div>
      </header>`);
      const root = this.shadowRoot;
      const gear = root.querySelector('.gear');
      const menu = root.querySelector('.menu');
      const set = (open) => { menu.hidden = !open; gear.setAttribute('aria-expanded', String(open)); };
      gear.addEventListener('click', (e) => { e.stopPropagation(); set(menu.hidden); });
      // The Setup item opens a new tab; the menu closes behind it as in the real header.
      menu.addEventListener('click', () => setTimeout(() => set(false), 0));
      document.addEventListener('click', (e) => { if (!e.composedPath().includes(this)) set(false); });
    }
  });

  // ------------------------------------------------------------------ app navigation
  const SALES_TABS = ['lx.tab.home', 'lx.tab.opportunities', 'lx.tab.leads', 'lx.tab.tasks', 'lx.tab.files', 'lx.tab.accounts', 'lx.tab.contacts',
    'lx.tab.campaigns', 'lx.tab.dashboards', 'lx.tab.reports'];
  define('lx-app-nav', class extends Lx {
    connectedCallback() {
      const setup = this.getAttribute('app') === 'setup';
      const tabs = setup ? [['lx.setup.home', '/lightning/setup/SetupOneHome/home'], ['lx.tab.object_manager', '#']]
        : SALES_TABS.map((k) => [k, k === 'lx.tab.home' ? '/lightning/page/home' : '#']);
      const active = setup ? (this.getAttribute('active') === 'home' ? 'lx.setup.home' : '') : 'lx.tab.home';
      this.render(`
        nav { height: 40px; background: #fff; display: flex; align-items: stretch; padding: 0 0 0 12px; border-bottom: 1px solid #d8dde6; }
        .launcher { align-self: center; width: 32px; height: 32px; color: #747474; margin-right: 10px; }
        .launcher .ico { width: 18px; height: 18px; }
        .app { align-self: center; font-size: 18px; padding-right: 22px; display: flex; align-items: center; gap: 8px; white-space: nowrap; }
        .app .tile { width: 26px; height: 26px; background: #7f8de1; }
        .tabs { display: flex; align-items: stretch; }
        .tabs a { display: flex; align-items: center; gap: 4px; padding: 0 12px; color: #181818; border-bottom: 3px solid transparent; border-top: 3px solid transparent;
          text-decoration: none; white-space: nowrap; }
        .tabs a:hover { background: #f3f3f3; border-bottom-color: #d8dde6; }
        .tabs a.active { border-bottom-color: #0176d3; font-weight: 600; background: #f8fafc; }
        .tabs a .ico { width: 12px; height: 12px; color: #747474; }`,
      `<nav aria-label="App">
        <button class="btn-icon launcher" type="button" aria-label="${t('lx.app_launcher')}" title="${t('lx.app_launcher')}"><span class="ico">${P.icon('waffle')}</span></button>
        <span class="app">${setup ? `<span class="tile">${P.icon('gear')}</span>${t('lx.setup')}` : t('lx.app.sales')}</span>
        <div class="tabs">${tabs.map(([k, href]) => `<a href="${href}" class="${k === active ? 'active' : ''}">${t(k)}${setup || k === 'lx.tab.home' ? '' : `<span class="ico">${P.icon('down')}</span>`}</a>`).join('')}</div>
      </nav>`);
    }
  });

  // ------------------------------------------------------------------ home
  define('lx-home', class extends Lx {
    async connectedCallback() {
      await P.lx.loaded;
      const card = (title, color, icon, body) => `<section class="card"><div class="card-head"><span class="tile" style="background:${color}">${P.icon(icon)}</span><h2>${title}</h2></div><div class="card-body">${body}</div></section>`;
      const deals = [['Rinnovo licenze 2025', 'Officine Lombarde S.p.A.', '€ 48.000'], ['Espansione Blu Logistica', 'Blu Logistica', '€ 32.500'], ['Pilota Tessuti Venturi', 'Tessuti Venturi', '€ 12.000']];
      this.render(`
        .grid { display: grid; grid-template-columns: 2fr 1fr; gap: 12px; align-items: start; }
        .col { display: flex; flex-direction: column; gap: 12px; }
        .chart { height: 190px; position: relative; border-left: 1px solid #c9c9c9; border-bottom: 1px solid #c9c9c9; margin: 8px 0 8px 30px; }
        .chart svg { position: absolute; inset: 0; }
        .legend { display: flex; gap: 18px; font-size: 12px; color: #444; margin-left: 30px; }
        .legend i { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 5px; vertical-align: -1px; }
        .kpis { display: flex; gap: 30px; margin: 4px 0 6px; }
        .kpis div { font-size: 12px; color: #444; }
        .kpis b { display: block; font-size: 18px; color: #181818; font-weight: 400; }
        ul { list-style: none; margin: 0; padding: 0; }
        li { padding: 9px 0; border-bottom: 1px solid #f3f3f3; display: flex; gap: 10px; align-items: center; }
        li:last-child { border-bottom: 0; }
        .check { width: 16px; height: 16px; border: 1px solid #c9c9c9; border-radius: 3px; flex: none; }
        .empty { color: #444; padding: 14px 0 6px; text-align: center; }`,
      `<div class="grid">
        <div class="col">
          ${card(t('lx.home.performance'), '#ff9a3c', 'bars', `
            <div class="kpis"><div>${t('lx.home.closed')}<b>€ 92.500</b></div><div>${t('lx.home.open')}<b>€ 80.500</b></div><div>${t('lx.home.goal')}<b>€ 250.000</b></div></div>
            <div class="chart"><svg viewBox="0 0 600 190" preserveAspectRatio="none">
              <line x1="0" y1="40" x2="600" y2="40" stroke="#e5e5e5"/><line x1="0" y1="95" x2="600" y2="95" stroke="#e5e5e5"/><line x1="0" y1="150" x2="600" y2="150" stroke="#e5e5e5"/>
              <line x1="0" y1="30" x2="600" y2="30" stroke="#2e844a" stroke-dasharray="6 4" stroke-width="2"/>
              <polyline points="0,185 100,170 200,150 300,120 400,108 500,96" fill="none" stroke="#ff9a3c" stroke-width="3"/>
              <polyline points="0,185 100,160 200,135 300,100 400,84 500,70" fill="none" stroke="#0176d3" stroke-width="3"/></svg></div>
            <div class="legend"><span><i style="background:#ff9a3c"></i>${t('lx.home.closed')}</span><span><i style="background:#0176d3"></i>${t('lx.home.open')}</span><span><i style="background:#2e844a"></i>${t('lx.home.goal')}</span></div>`)}
          ${card(t('lx.home.deals'), '#ff5d2d', 'star', `<table><thead><tr><th>${t('lx.tab.opportunities')}</th><th>${t('lx.tab.accounts')}</th><th></th></tr></thead>
            <tbody>${deals.map(([o, a, v]) => `<tr><td><a href="#">${esc(o)}</a></td><td>${esc(a)}</td><td style="text-align:right">${esc(v)}</td></tr>`).join('')}</tbody></table>`)}
        </div>
        <div class="col">
          ${card(t('lx.home.assistant'), '#3ba755', 'bulb', `<ul><li>${t('lx.home.assist1')}</li><li>${t('lx.home.assist2')}</li></ul>`)}
          ${card(t('lx.home.events'), '#cb65ff', 'calendar', `<div class="empty">${t('lx.home.no_events')}</div>`)}
          ${card(t('lx.home.tasks'), '#3ba755', 'check', `<ul><li><span class="check"></span>${t('lx.home.task1')}</li><li><span class="check"></span>${t('lx.home.task2')}</li></ul>`)}
        </div>
      </div>`);
    }
  });

  // ------------------------------------------------------------------ Setup tree
  const TREE = [
    ['lx.tree.administration', [
      ['lx.tree.users', ['lx.tree.users', 'lx.tree.profiles', 'lx.tree.permission_sets']],
      ['lx.tree.data', ['lx.tree.import', 'lx.tree.export']],
      ['lx.tree.email', ['lx.tree.deliverability', 'lx.tree.templates']]]],
    ['lx.tree.platform_tools', [
      ['lx.tree.apps', ['lx.tree.app_manager', 'lx.tree.appexchange', 'lx.tree.connected_apps', 'lx.tree.installed_packages', 'lx.tree.mobile_apps', 'lx.tree.packaging']],
      ['lx.tree.feature_settings', []],
      ['lx.tree.objects', []],
      ['lx.tree.automation', ['lx.tree.flows']],
      ['lx.tree.ui', []],
      ['lx.tree.custom_code', ['lx.tree.apex']],
      ['lx.tree.environments', ['lx.tree.sandboxes']]]],
    ['lx.tree.settings', [
      ['lx.tree.company', ['lx.tree.company_info']],
      ['lx.tree.security', ['lx.tree.password', 'lx.tree.sessions']],
      ['lx.tree.identity', ['lx.tree.sso']]]],
  ];
  const LEAF_URLS = { 'lx.tree.installed_packages': '/lightning/setup/ImportedPackage/home' };

  define('lx-setup-tree', class extends Lx {
    async connectedCallback() {
      await P.lx.loaded;
      const current = this.getAttribute('current') || '';
      let level1 = 0;
      const sections = TREE.map(([title, nodes]) => `<div class="section"><h2 class="title">${t(title)}</h2><ul role="group">${nodes.map(([node, leaves]) => {
        level1++;
        const open = leaves.includes(current);
        if (!leaves.length) return `<li role="treeitem" aria-level="1" data-label="${t(node)}"><div class="item"><span class="chev"></span><a href="#" class="label">${t(node)}</a></div></li>`;
        return `<li role="treeitem" aria-level="1" aria-expanded="${open}" data-label="${t(node)}"><div class="item" data-toggle><span class="chev">${P.icon('right')}</span><span class="label">${t(node)}</span></div>
          <ul role="group">${leaves.map((leaf) => `<li role="treeitem" aria-level="2" aria-selected="${leaf === current}" data-label="${t(leaf)}"><a href="${LEAF_URLS[leaf] || '#'}">${t(leaf)}</a></li>`).join('')}</ul></li>`;
      }).join('')}</ul></div>`).join('');
      this.render(`
        .panel { height: 100%; background: #fff; border-right: 1px solid #e5e5e5; display: flex; flex-direction: column; }
        .qf { padding: 12px 12px 8px; }
        .qf label { display: flex; align-items: center; gap: 8px; border: 1px solid #c9c9c9; border-radius: 4px; height: 32px; padding: 0 10px; color: #747474; }
        .qf .ico { width: 14px; height: 14px; }
        .qf input { border: 0; outline: none; font: inherit; flex: 1; background: none; }
        .scroll { overflow: auto; flex: 1; padding-bottom: 20px; }
        .title { font-size: 12px; font-weight: 700; color: #444; text-transform: uppercase; letter-spacing: .05em; margin: 14px 0 4px; padding: 0 16px; }
        ul { list-style: none; margin: 0; padding: 0; }
        .item { display: flex; align-items: center; gap: 6px; padding: 6px 12px 6px 12px; cursor: pointer; color: #181818; }
        .item:hover { background: #f3f3f3; }
        .item .label { color: #181818; text-decoration: none; }
        .chev { width: 14px; height: 14px; color: #747474; transition: transform .1s; display: inline-flex; }
        li[aria-expanded=true] > .item .chev { transform: rotate(90deg); }
        li[aria-level="1"] > ul { display: none; }
        li[aria-expanded=true] > ul { display: block; }
        li[aria-level="2"] a { display: block; padding: 6px 12px 6px 44px; color: #181818; text-decoration: none; }
        li[aria-level="2"] a:hover { background: #f3f3f3; }
        li[aria-selected=true] a { background: #eef4ff; box-shadow: inset 4px 0 0 #0176d3; font-weight: 600; }
        .hidden { display: none !important; }
        .none { padding: 10px 16px; color: #747474; display: none; }`,
      `<div class="panel">
        <div class="qf"><label><span class="ico">${P.icon('search')}</span><input type="search" placeholder="${t('lx.setup.quickfind')}" aria-label="${t('lx.setup.quickfind')}"></label></div>
        <div class="scroll" role="tree" aria-label="${t('lx.setup')}">${sections}<div class="none">${t('lx.setup.no_results')}</div></div>
      </div>`);
      const root = this.shadowRoot;
      root.querySelectorAll('[data-toggle]').forEach((item) => item.addEventListener('click', () => {
        const li = item.parentElement;
        li.setAttribute('aria-expanded', String(li.getAttribute('aria-expanded') !== 'true'));
      }));
      this.wireQuickFind(root);
    }

    wireQuickFind(root) {
      const input = root.querySelector('.qf input');
      const saved = new Map();
      input.addEventListener('input', () => {
        const q = input.value.trim().toLowerCase();
        const nodes = root.querySelectorAll('li[aria-level="1"]');
        if (q && !saved.size) nodes.forEach((n) => saved.set(n, n.getAttribute('aria-expanded')));
        let any = false;
        root.querySelectorAll('.section').forEach((sec) => {
          let secHit = false;
          sec.querySelectorAll('li[aria-level="1"]').forEach((n) => {
            const own = n.dataset.label.toLowerCase().includes(q);
            let childHit = false;
            n.querySelectorAll('li[aria-level="2"]').forEach((c) => {
              const hit = c.dataset.label.toLowerCase().includes(q);
              c.classList.toggle('hidden', Boolean(q) && !own && !hit);
              childHit = childHit || hit;
            });
            const show = !q || own || childHit;
            n.classList.toggle('hidden', !show);
            if (q && childHit && n.hasAttribute('aria-expanded')) n.setAttribute('aria-expanded', 'true');
            secHit = secHit || show;
          });
          sec.classList.toggle('hidden', !secHit);
          any = any || secHit;
        });
        if (!q) { saved.forEach((v, n) => v != null && n.setAttribute('aria-expanded', v)); saved.clear(); }
        root.querySelector('.none').style.display = any ? 'none' : 'block';
      });
    }
  });

  // ------------------------------------------------------------------ Setup pages
  define('lx-setup-page', class extends Lx {
    async connectedCallback() {
      await P.lx.loaded;
      const view = this.getAttribute('view');
      const edition = P.state.salesforce.edition;
      const header = (title, color, icon) => `<div class="card head"><span class="tile big" style="background:${color}">${P.icon(icon)}</span>
        <div><p class="crumb">${t('lx.setup.breadcrumb')}</p><h1>${title}</h1></div></div>`;
      const css = `
        :host { height: 100%; }
        .wrap { height: 100%; display: flex; flex-direction: column; padding: 12px; gap: 12px; overflow: auto; }
        .head { display: flex; align-items: center; gap: 12px; padding: 14px 16px; flex: none; }
        .tile.big { width: 36px; height: 36px; }
        .tile.big .ico, .tile.big svg { width: 24px; height: 24px; }
        .crumb { margin: 0; font-size: 12px; color: #444; text-transform: uppercase; letter-spacing: .02em; }
        h1 { margin: 2px 0 0; font-size: 18px; font-weight: 700; }
        .frame { flex: 1; min-height: 360px; padding: 0; overflow: hidden; display: flex; }
        iframe { border: 0; width: 100%; flex: 1; background: #fff; border-radius: 4px; }
        .cols { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
        .gs { display: grid; grid-template-columns: repeat(3, 1fr); gap: 12px; padding: 4px 16px 16px; }
        .gs div { border: 1px solid #e5e5e5; border-radius: 4px; padding: 16px; min-height: 90px; background: linear-gradient(135deg, #f4f6fe, #fff); }
        .gs b { display: block; margin-bottom: 8px; }`;
      if (view === 'packages') {
        const title = P.t('sf.installed.title');
        document.title = `${title} | ${P.t('lx.setup')} | Salesforce`;
        this.render(css, `<div class="wrap">${header(esc(title), '#e38b2f', 'package')}
          <div class="card frame"><iframe title="${esc(title)} ~ Salesforce - ${esc(edition)}" src="/classic/setup/packages?isdtp=p1"></iframe></div></div>`);
        const frame = this.shadowRoot.querySelector('iframe');
        // Lightning names its Setup iframe after the Classic page inside, and renames it as that page changes.
        frame.addEventListener('load', () => {
          try { if (frame.contentDocument && frame.contentDocument.title) frame.title = frame.contentDocument.title; } catch (e) { /* cross-origin */ }
        });
        return;
      }
      document.title = `${P.t('lx.setup.home')} | ${P.t('lx.setup')} | Salesforce`;
      const recent = [['HubSpot Integration', P.t('sf.un.package'), ''], ['Chiara Moretti', P.t('lx.tree.users'), ''], ['Lead', P.t('lx.tree.objects'), 'Lead']];
      this.render(css, `<div class="wrap">${header(t('lx.setup.home'), '#7f8de1', 'gear')}
        <section class="card"><div class="card-head"><h2>${t('lx.setup.get_started')}</h2></div>
          <div class="gs"><div><b>${t('lx.setup.gs1')}</b><a href="#">${t('lx.tree.users')}</a></div><div><b>${t('lx.setup.gs2')}</b><a href="#">${t('lx.tree.mobile_apps')}</a></div><div><b>${t('lx.setup.gs3')}</b><a href="#">${t('lx.tree.appexchange')}</a></div></div></section>
        <section class="card"><div class="card-head"><span class="tile" style="background:#7f8de1">${P.icon('clock')}</span><h2>${t('lx.setup.recent')}</h2></div>
          <table><thead><tr><th>${t('lx.setup.col.name')}</th><th>${t('lx.setup.col.type')}</th><th>${t('lx.setup.col.object')}</th></tr></thead>
          <tbody>${recent.map(([n, ty, o]) => `<tr><td><a href="#">${esc(n)}</a></td><td>${esc(ty)}</td><td>${esc(o)}</td></tr>`).join('')}</tbody></table></section></div>`);
    }
  });
})();
