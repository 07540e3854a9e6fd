// Inline SVG icons drawn for the practice org (no icon font, no downloaded assets).
// P.icon(name) gives markup; <i data-icon="name"></i> in a template is replaced on load.
(function () {
  'use strict';
  const S = (body, vb) => `<svg viewBox="${vb || '0 0 24 24'}" aria-hidden="true" focusable="false">${body}</svg>`;
  const stroke = (d, w) => S(`<path d="${d}" fill="none" stroke="currentColor" stroke-width="${w || 2}" stroke-linecap="round" stroke-linejoin="round"/>`);
  const ICONS = {
    gear: S('<path fill="currentColor" d="M19.4 13a7.6 7.6 0 0 0 0-2l2.1-1.6a.5.5 0 0 0 .1-.6l-2-3.5a.5.5 0 0 0-.6-.2l-2.5 1a7.3 7.3 0 0 0-1.7-1l-.4-2.6a.5.5 0 0 0-.5-.5h-4a.5.5 0 0 0-.5.4l-.4 2.7a7.6 7.6 0 0 0-1.7 1l-2.5-1a.5.5 0 0 0-.6.2l-2 3.5a.5.5 0 0 0 .1.6L4.6 11a7.6 7.6 0 0 0 0 2l-2.1 1.6a.5.5 0 0 0-.1.6l2 3.5c.1.2.4.3.6.2l2.5-1c.5.4 1.1.8 1.7 1l.4 2.7c0 .2.2.4.5.4h4c.3 0 .5-.2.5-.4l.4-2.7c.6-.3 1.2-.6 1.7-1l2.5 1c.2.1.5 0 .6-.2l2-3.5a.5.5 0 0 0-.1-.6L19.4 13zM12 15.5a3.5 3.5 0 1 1 0-7 3.5 3.5 0 0 1 0 7z"/>'),
    search: stroke('M10.5 17a6.5 6.5 0 1 0 0-13 6.5 6.5 0 0 0 0 13zM15.5 15.5 21 21'),
    bell: S('<path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.4-2h-4.8a2.5 2.5 0 0 0 2.4 2zm7-6V11a7 7 0 0 0-5.5-6.8V3.5a1.5 1.5 0 0 0-3 0v.7A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2z"/>'),
    help: S('<circle cx="12" cy="12" r="9.2" fill="none" stroke="currentColor" stroke-width="2"/><path d="M9.4 9.4a2.7 2.7 0 0 1 5.2.9c0 1.8-2.6 2.3-2.6 4" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"/><circle cx="12" cy="17.3" r="1.2" fill="currentColor"/>'),
    star: S('<path fill="currentColor" d="m12 2.5 2.9 6.1 6.6.8-4.9 4.6 1.3 6.6L12 17.3l-5.9 3.3 1.3-6.6-4.9-4.6 6.6-.8z"/>'),
    staroutline: stroke('m12 3 2.7 5.6 6.1.8-4.5 4.2 1.2 6.1L12 16.8l-5.5 2.9 1.2-6.1-4.5-4.2 6.1-.8z', 1.6),
    plus: stroke('M12 5v14M5 12h14', 2.4),
    plusbox: S('<rect x="3" y="3" width="18" height="18" rx="4" fill="currentColor"/><path d="M12 7.5v9M7.5 12h9" stroke="#fff" stroke-width="2.2" stroke-linecap="round"/>'),
    waffle: S([3, 10, 17].flatMap((x) => [3, 10, 17].map((y) => `<circle cx="${x + 2}" cy="${y + 2}" r="2.2" fill="currentColor"/>`)).join('')),
    store: S('<path fill="currentColor" d="M4 4h16l1.5 5a3 3 0 0 1-5.5 1.7A3 3 0 0 1 12 12a3 3 0 0 1-4-1.3A3 3 0 0 1 2.5 9L4 4zm1 9.6V20h14v-6.4a4.4 4.4 0 0 1-3-.8 4.5 4.5 0 0 1-4 1.2 4.5 4.5 0 0 1-4-1.2 4.4 4.4 0 0 1-3 .8zM10 16h4v4h-4z"/>'),
    down: stroke('m6 9 6 6 6-6'),
    right: stroke('m9 6 6 6-6 6'),
    left: stroke('m15 6-6 6 6 6'),
    close: stroke('M6 6l12 12M18 6 6 18', 2.2),
    user: S('<circle cx="12" cy="8" r="4.2" fill="currentColor"/><path fill="currentColor" d="M3.5 21a8.5 8.5 0 0 1 17 0z"/>'),
    inbox: S('<path fill="currentColor" d="M19 3H5a2 2 0 0 0-2 2v14c0 1.1.9 2 2 2h14a2 2 0 0 0 2-2V5a2 2 0 0 0-2-2zm0 12h-4a3 3 0 0 1-6 0H5V5h14v10z"/>'),
    send: S('<path fill="currentColor" d="M3 20.5 21 12 3 3.5v6.6L15 12 3 13.9z"/>'),
    draft: S('<path fill="currentColor" d="M6 2h8l6 6v12a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V4c0-1.1.9-2 2-2zm7 1.5V9h5.5L13 3.5z"/>'),
    trash: S('<path fill="currentColor" d="M6 19a2 2 0 0 0 2 2h8a2 2 0 0 0 2-2V7H6v12zM19 4h-3.5l-1-1h-5l-1 1H5v2h14V4z"/>'),
    clock: S('<circle cx="12" cy="12" r="9" fill="none" stroke="currentColor" stroke-width="2"/><path d="M12 7v5.3l3.5 2" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"/>'),
    menu: stroke('M4 6h16M4 12h16M4 18h16'),
    reply: S('<path fill="currentColor" d="M10 9V5l-7 7 7 7v-4.1c5 0 8.5 1.6 11 5.1-1-5-4-10-11-11z"/>'),
    forward: S('<path fill="currentColor" d="M14 9V5l7 7-7 7v-4.1c-5 0-8.5 1.6-11 5.1 1-5 4-10 11-11z"/>'),
    more: S('<circle cx="12" cy="5" r="2" fill="currentColor"/><circle cx="12" cy="12" r="2" fill="currentColor"/><circle cx="12" cy="19" r="2" fill="currentColor"/>'),
    warning: S('<path fill="currentColor" d="M12 2.8 1.5 21h21L12 2.8zm1 15.2h-2v-2h2v2zm0-4h-2V9h2v5z"/>'),
    info: S('<circle cx="12" cy="12" r="10" fill="currentColor"/><path d="M12 10.5V17" stroke="#fff" stroke-width="2.2" stroke-linecap="round"/><circle cx="12" cy="7.3" r="1.4" fill="#fff"/>'),
    check: stroke('m5 12.5 4.5 4.5L19 7.5', 2.6),
    success: S('<circle cx="12" cy="12" r="10" fill="currentColor"/><path d="m7.5 12.3 3 3 6-6.3" fill="none" stroke="#fff" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"/>'),
    package: S('<path fill="currentColor" d="M12 2 3 6.5v11L12 22l9-4.5v-11L12 2zm0 2.2 6.6 3.3L12 10.8 5.4 7.5 12 4.2zM5 9.2l6 3v7.5l-6-3V9.2zm8 10.5v-7.5l6-3v7.5l-6 3z"/>'),
    // A generic cloud, standing for the Salesforce brand without copying its logo.
    cloud: S('<path fill="currentColor" d="M19.3 10.2A5.6 5.6 0 0 0 9 7.7a4.4 4.4 0 0 0-6.3 4 3.9 3.9 0 0 0 1.2 7.5h14.6a4.5 4.5 0 0 0 .8-9z"/>'),
    // A generic hub-and-spokes mark, standing for HubSpot's without copying its logo.
    sprocket: S('<circle cx="15" cy="14" r="4.2" fill="none" stroke="currentColor" stroke-width="2.6"/><path d="M15 9.8V5.5M11.7 16.7l-4.2 3.1M11.2 12 5.5 8" stroke="currentColor" stroke-width="2.4" stroke-linecap="round"/><circle cx="15" cy="4" r="2" fill="currentColor"/><circle cx="4.5" cy="7.3" r="2.1" fill="currentColor"/><circle cx="6.3" cy="20.6" r="1.8" fill="currentColor"/>'),
    setup: S('<rect x="1" y="1" width="22" height="22" rx="4" fill="currentColor"/><path fill="#fff" d="M16.8 12.7a5 5 0 0 0 0-1.4l1.4-1-1.3-2.3-1.6.6a5 5 0 0 0-1.2-.7L13.8 6h-2.6l-.3 1.9a5 5 0 0 0-1.2.7l-1.6-.6-1.3 2.3 1.4 1a5 5 0 0 0 0 1.4l-1.4 1 1.3 2.3 1.6-.6c.4.3.8.5 1.2.7l.3 1.9h2.6l.3-1.9c.4-.2.8-.4 1.2-.7l1.6.6 1.3-2.3-1.4-1zM12.5 14.3a2.3 2.3 0 1 1 0-4.6 2.3 2.3 0 0 1 0 4.6z"/>'),
    bars: stroke('M6 20V11M12 20V4M18 20v-6', 3),
    bulb: S('<path fill="currentColor" d="M12 2a7 7 0 0 0-4 12.7V17h8v-2.3A7 7 0 0 0 12 2zM9 19h6v1.5a1.5 1.5 0 0 1-1.5 1.5h-3A1.5 1.5 0 0 1 9 20.5V19z"/>'),
    home: S('<path fill="currentColor" d="M12 3 2 12h3v8h5v-6h4v6h5v-8h3z"/>'),
    lock: S('<path fill="currentColor" d="M17 9V7A5 5 0 0 0 7 7v2H5v12h14V9h-2zM9 7a3 3 0 0 1 6 0v2H9V7z"/>'),
    calendar: S('<path fill="currentColor" d="M19 4h-1V2h-2v2H8V2H6v2H5a2 2 0 0 0-2 2v14c0 1.1.9 2 2 2h14a2 2 0 0 0 2-2V6a2 2 0 0 0-2-2zm0 16H5V9h14v11z"/>'),
    task: S('<rect x="2" y="2" width="20" height="20" rx="4" fill="currentColor"/><path d="m7 12.3 3 3 7-7" fill="none" stroke="#fff" stroke-width="2.4" stroke-linecap="round" stroke-linejoin="round"/>'),
    chart: S('<rect x="2" y="2" width="20" height="20" rx="4" fill="currentColor"/><path d="M7 17v-5M12 17V7M17 17v-8" stroke="#fff" stroke-width="2.4" stroke-linecap="round"/>'),
  };
  const P = window.P || (window.P = {});
  P.icon = (name, cls) => {
    const svg = ICONS[name] || ICONS.info;
    return cls ? svg.replace('<svg ', `<svg class="${cls}" `) : svg;
  };
  P.iconEl = (name, cls) => {
    const span = document.createElement('span');
    span.className = 'ico' + (cls ? ' ' + cls : '');
    span.innerHTML = P.icon(name);
    return span;
  };
  const swap = (root) => root.querySelectorAll('i[data-icon]').forEach((i) => {
    const span = document.createElement('span');
    span.className = ('ico ' + (i.className || '')).trim();
    span.innerHTML = P.icon(i.dataset.icon);
    i.replaceWith(span);
  });
  P.swapIcons = swap;
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => swap(document));
  else swap(document);
})();
