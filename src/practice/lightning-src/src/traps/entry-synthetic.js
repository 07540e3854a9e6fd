// Synthetic shadow (what production Lightning Experience runs): the polyfill MUST be evaluated
// before the LWC engine, so it is the first import.
import '@lwc/synthetic-shadow';
import './main.js';
