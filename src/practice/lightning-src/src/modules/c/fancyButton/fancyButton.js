import { LightningElement } from 'lwc';

// A shadow-DOM button whose only content is a <slot>: its name comes from the host's light children.
export default class FancyButton extends LightningElement {}
