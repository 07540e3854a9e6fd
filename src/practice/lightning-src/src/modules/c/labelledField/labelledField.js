import { LightningElement } from 'lwc';

// An input named by aria-labelledby pointing at a span of the same (shadow) template: under
// synthetic shadow LWC rewrites both ids, and the root's getElementById is not allowed.
export default class LabelledField extends LightningElement {}
