// The seeded pop-up of this page load, when the server chose one (boot.interruption): HubSpot's
// "What's new", Classic's "Switch to Lightning Experience", Lightning's In-App Guidance prompt. Like
// the products' own, it is plain DOM appended to document.body over the app (in Lightning outside
// every component, so it is the same in synthetic and native shadow), a modal dialog whose overlay
// covers the page until it is closed.
(function () {
  'use strict';
  let boot = null;
  try {
    const el = document.getElementById('practice-boot');
    if (el) boot = JSON.parse(el.textContent);
  } catch (e) {
    return;
  }
  const kind = boot && boot.interruption;
  const texts = {
    hubspot: ['int.hs.name', 'int.hs.body', 'int.hs.close'],
    classic: ['int.cl.name', 'int.cl.body', 'int.cl.close'],
    lightning: ['int.lx.name', 'int.lx.body', 'int.lx.dismiss'],
  }[kind];
  if (!texts) return;
  const t = (k) => (boot.t && boot.t[k]) || '[[' + k + ']]';
  const css = `
.pi-overlay { position: fixed; inset: 0; z-index: 2147483000; display: flex; align-items: center; justify-content: center; background: rgba(33, 51, 67, .55); }
.pi-dialog { width: 440px; max-width: calc(100vw - 32px); background: #fff; border-radius: 6px; box-shadow: 0 8px 32px rgba(0,0,0,.3); font: 14px/1.5 Arial, sans-serif; color: #33475b; overflow: hidden; }
.pi-dialog header { display: flex; align-items: center; justify-content: space-between; padding: 16px 20px; color: #fff; }
.pi-dialog h2 { margin: 0; font-size: 18px; }
.pi-dialog p { margin: 0; padding: 20px; }
.pi-dialog footer { display: flex; justify-content: flex-end; padding: 12px 20px 16px; }
.pi-dialog button { font: inherit; font-weight: 600; padding: 8px 16px; border-radius: 4px; cursor: pointer; }
.pi-hubspot header { background: #00a4bd; }
.pi-hubspot button { background: #ff7a59; color: #fff; border: 0; }
.pi-classic header { background: #1797c0; }
.pi-classic button { background: #f4f6f9; color: #015ba7; border: 1px solid #c4c4c4; }
.pi-lightning { background: rgba(8, 7, 7, .4); }
.pi-lightning header { background: #0176d3; }
.pi-lightning button { background: #fff; color: #0176d3; border: 1px solid #c9c9c9; }
`;
  function show() {
    const style = document.createElement('style');
    style.textContent = css;
    document.head.appendChild(style);
    const id = 'pi-title-' + kind;
    const overlay = document.createElement('div');
    overlay.className = 'pi-overlay pi-' + kind;
    overlay.setAttribute('data-practice-interruption', kind);
    const dialog = document.createElement('section');
    dialog.className = 'pi-dialog';
    dialog.setAttribute('role', 'dialog');
    dialog.setAttribute('aria-modal', 'true');
    dialog.setAttribute('aria-labelledby', id);
    const header = document.createElement('header');
    const title = document.createElement('h2');
    title.id = id;
    title.textContent = t(texts[0]);
    header.appendChild(title);
    const body = document.createElement('p');
    body.textContent = t(texts[1]);
    const footer = document.createElement('footer');
    const close = document.createElement('button');
    close.type = 'button';
    close.textContent = t(texts[2]);
    footer.appendChild(close);
    dialog.append(header, body, footer);
    overlay.appendChild(dialog);
    const dismiss = () => {
      overlay.remove();
      style.remove();
      document.removeEventListener('keydown', onKey, true);
    };
    const onKey = (e) => { if (e.key === 'Escape') dismiss(); };
    close.addEventListener('click', dismiss);
    document.addEventListener('keydown', onKey, true);
    document.body.appendChild(overlay);
    close.focus();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', show);
  else show();
})();
