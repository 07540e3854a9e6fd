// The practice inbox: the message list and an opened message. The reassignment e-mail lists the records
// that were owned by Salesforce-only users when the integration was disconnected.
(function () {
  'use strict';
  const { h } = P;
  const SENDERS = {
    reassign_owners: { key: 'mail.reassign', address: 'noreply@notifications.hubspot.example', color: '#ff7a59' },
    meeting: { key: 'mail.meeting', address: 'marco.bianchi@acme-italia.example', color: '#0b8043' },
    maintenance: { key: 'mail.maint', address: 'it@acme-italia.example', color: '#5f6368' },
    newsletter: { key: 'mail.news', address: 'news@acme-italia.example', color: '#1a73e8' },
  };
  const info = (mail) => SENDERS[mail.kind] || SENDERS.newsletter;
  const subject = (mail) => P.t(info(mail).key + '.subject');
  const from = (mail) => P.t(info(mail).key + '.from');
  const snippet = (mail) => mail.kind === 'reassign_owners' ? `${P.t('mail.reassign.hello')} ${P.t('mail.reassign.p1')}` : P.t(info(mail).key + '.body');
  const sorted = () => P.state.inbox.slice().sort((a, b) => b.received_ms - a.received_ms);

  function shortDate(ms) {
    const d = new Date(ms), now = new Date();
    if (d.toDateString() === now.toDateString()) return d.toLocaleTimeString(P.lang === 'it' ? 'it-IT' : 'en-US', { hour: '2-digit', minute: '2-digit' });
    return d.toLocaleDateString(P.lang === 'it' ? 'it-IT' : 'en-US', { day: 'numeric', month: 'short' });
  }
  function unread() {
    const n = P.state.inbox.filter((m) => !m.read).length;
    P.fill(document.getElementById('unread'), n ? String(n) : '');
  }

  function renderList() {
    const mails = sorted();
    P.fill(document.getElementById('count'), mails.length ? `1–${mails.length} ${P.t('mail.count')} ${mails.length}` : '');
    P.fill(document.getElementById('list'), mails.length ? mails.map((m) => h('li', null,
      h('a', { class: 'm-row' + (m.read ? '' : ' unread'), href: '/inbox/message/' + encodeURIComponent(m.id) },
        P.iconEl('staroutline', 'star'),
        h('span', { class: 'from' }, from(m)),
        h('span', { class: 'text' }, h('span', { class: 'subj' }, subject(m)), h('span', { class: 'snippet' }, ' – ' + snippet(m))),
        h('span', { class: 'when' }, shortDate(m.received_ms)))))
      : h('li', { class: 'm-empty' }, P.t('mail.empty')));
    unread();
  }

  function reassignBody(mail) {
    const kind = (k) => P.t('hs.kind.' + k);
    return h('div', { class: 'hm' },
      h('div', { class: 'hm-top' }, P.iconEl('sprocket'), h('span', { class: 'name' }, 'HubSpot')),
      h('div', { class: 'hm-in' },
        h('p', null, P.t('mail.reassign.hello')),
        h('p', null, P.t('mail.reassign.p1')),
        h('table', null,
          h('thead', null, h('tr', null, h('th', null, P.t('mail.reassign.col.record')), h('th', null, P.t('mail.reassign.col.kind')), h('th', null, P.t('mail.reassign.col.owner')))),
          h('tbody', null, mail.records.map((r) => h('tr', null, h('td', null, r.name), h('td', null, kind(r.kind)), h('td', null, r.owner_name))))),
        h('p', null, P.t('mail.reassign.p2')),
        h('a', { class: 'hm-btn', href: '/hubspot/owners/reassign', target: '_blank', rel: 'noopener' }, P.t('mail.reassign.open')),
        h('p', null, P.t('mail.reassign.p3')),
        h('a', { class: 'hm-btn alt', href: '/hubspot/settings/integrations/connected-apps/salesforce/owner-cleanup', target: '_blank', rel: 'noopener' }, P.t('mail.goto_cleanup')),
        h('p', { style: 'margin-top:18px' }, P.t('mail.reassign.sign'))),
      h('div', { class: 'hm-foot' }, 'HubSpot, Inc. · 25 First Street, Cambridge, MA 02141'));
  }

  function renderMessage() {
    const id = decodeURIComponent(location.pathname.split('/').pop() || '');
    const mail = P.state.inbox.find((m) => m.id === id);
    const box = document.getElementById('message');
    if (!mail) { P.fill(box, h('p', { class: 'm-empty' }, P.t('mail.not_found'))); unread(); return; }
    document.title = subject(mail) + ' - chiara.moretti@acme-italia.example';
    const i = info(mail);
    P.fill(box,
      h('h1', null, subject(mail), h('span', { class: 'm-label' }, P.t('mail.inbox'))),
      h('div', { class: 'm-from' },
        h('span', { class: 'pic', style: `background:${i.color}` }, from(mail).charAt(0)),
        h('div', { class: 'who' }, h('b', null, from(mail)), h('span', null, ` <${i.address}>`), h('div', null, h('span', null, P.t('mail.to_me')))),
        h('span', { class: 'when' }, P.date(mail.received_ms, true))),
      h('div', { class: 'm-text' }, mail.kind === 'reassign_owners' ? reassignBody(mail) : h('p', null, P.t(i.key + '.body'))),
      h('div', { class: 'm-actions' }, h('button', { type: 'button' }, P.iconEl('reply'), P.t('mail.reply')), h('button', { type: 'button' }, P.iconEl('forward'), P.t('mail.forward'))));
    if (!mail.read) P.act(`/api/inbox/${encodeURIComponent(mail.id)}/read`).then(unread, () => {});
    unread();
  }

  const page = document.body.dataset.page;
  if (page === 'list') renderList();
  if (page === 'message') renderMessage();
})();
