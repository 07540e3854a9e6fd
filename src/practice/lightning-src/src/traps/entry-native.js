// Native shadow DOM: the same components, without the synthetic-shadow polyfill.
import './main.js';
