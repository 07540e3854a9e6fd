// Mounts <c-app> into the page's #lx-root; the server's template says which page it is.
import { createElement } from 'lwc';
import App from 'c/app';

const root = document.getElementById('lx-root');
if (root) {
    const app = createElement('c-app', { is: App });
    app.page = root.dataset.page || 'home';
    app.view = root.dataset.view || '';
    app.node = root.dataset.node || '';
    root.appendChild(app);
}
