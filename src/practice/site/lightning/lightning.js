// Lightning page boot: every page load waits a random 200–600 ms before its content arrives (the
// spinner covers the page meanwhile), like the real app fetching its components.
(function () {
  'use strict';
  const P = window.P;
  const delay = 200 + Math.floor(Math.random() * 400);
  P.lx = { delay, loaded: new Promise((resolve) => setTimeout(resolve, delay)) };
})();
