// The only script of clickpath's HTML pages, inlined first in <head> so it sees every later failure.
// Errors, failed image loads (they don't bubble, hence capture) and anything the page's own
// Content-Security-Policy blocks are kept in window.__reportErrors: the tests read it, and a reader
// can see it in the console.
window.__reportErrors = [];
(function () {
  function record(text) {
    window.__reportErrors.push(String(text));
  }
  window.addEventListener('error', function (e) {
    var t = e.target;
    if (t && t !== window && (t.src || t.href)) {
      record('cannot load ' + (t.currentSrc || t.src || t.href));
    } else {
      record(e.message || 'script error');
    }
  }, true);
  window.addEventListener('unhandledrejection', function (e) {
    record(e.reason);
  });
  document.addEventListener('securitypolicyviolation', function (e) {
    record('blocked by the page policy: ' + (e.blockedURI || e.violatedDirective));
  });

  // The slider of a drifted step: this run's screenshot shown over its baseline up to the thumb.
  document.addEventListener('input', function (e) {
    var slider = e.target.closest && e.target.closest('.visual-slider');
    if (slider) slider.style.setProperty('--pos', e.target.value + '%');
  });

  // Screenshots open in a modal over the page; without script, or with a modifier key, the link
  // simply opens the image, which is the fallback printouts and old viewers get.
  document.addEventListener('click', function (e) {
    var box = document.getElementById('zoom');
    if (!box || typeof box.showModal !== 'function') return;
    if (box.open) {
      box.close();
      return;
    }
    var link = e.target.closest && e.target.closest('a[data-zoom]');
    if (!link || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    var img = document.createElement('img');
    img.src = link.getAttribute('href');
    img.alt = link.getAttribute('data-zoom');
    var caption = document.createElement('p');
    caption.textContent = link.getAttribute('data-zoom');
    box.replaceChildren(img, caption);
    box.showModal();
  });
})();
