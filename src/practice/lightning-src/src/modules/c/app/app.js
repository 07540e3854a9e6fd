import { LightningElement, api } from 'lwc';
import { t } from 'c/practice';

export default class App extends LightningElement {
    static renderMode = 'light';

    /** "home" or "setup". */
    @api page;
    /** Setup's view: "home" or "packages". */
    @api view;
    /** The Setup tree node the page is about. */
    @api node;

    loading = true;
    loadingLabel = t('lx.loading');

    get isHome() {
        return this.page !== 'setup';
    }

    get navApp() {
        return this.isHome ? 'sales' : 'setup';
    }

    renderedCallback() {
        if (this._scheduled) return;
        this._scheduled = true;
        // Like the real app fetching its components, every page load waits a random 200–600 ms with
        // the spinner over the page, counted from the first frame that shows the spinner (a slow first
        // paint would otherwise eat the wait).
        const delay = 200 + Math.floor(Math.random() * 400);
        // eslint-disable-next-line @lwc/lwc/no-async-operation
        requestAnimationFrame(() => {
            // eslint-disable-next-line @lwc/lwc/no-async-operation
            this._timer = setTimeout(() => {
                this.loading = false;
                document.documentElement.dataset.appReady = 'true';
            }, delay);
        });
    }

    disconnectedCallback() {
        clearTimeout(this._timer);
    }
}
