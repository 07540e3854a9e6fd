// Mounts <c-traps> into the page's #traps-root.
import { createElement } from 'lwc';
import Traps from 'c/traps';

const root = document.getElementById('traps-root');
if (root) {
    const app = createElement('c-traps', { is: Traps });
    root.appendChild(app);
}
