import { LightningElement, api } from 'lwc';
import { t, withShadow } from 'c/practice';

const SALES_TABS = ['lx.tab.home', 'lx.tab.opportunities', 'lx.tab.leads', 'lx.tab.tasks', 'lx.tab.files', 'lx.tab.accounts',
    'lx.tab.contacts', 'lx.tab.campaigns', 'lx.tab.dashboards', 'lx.tab.reports'];

export default class AppNav extends LightningElement {
    static renderMode = 'light';

    /** "sales" or "setup". */
    @api app;
    /** Setup's current view ("home" marks the Home tab). */
    @api active;

    launcher = t('lx.app_launcher');

    get appName() {
        return this.app === 'setup' ? t('lx.setup') : t('lx.app.sales');
    }

    get isSetup() {
        return this.app === 'setup';
    }

    get tabs() {
        const tab = (key, href, active, menu) => ({
            key,
            label: t(key),
            href,
            menu,
            className: `slds-context-bar__item${active ? ' slds-is-active' : ''}`,
        });
        if (this.isSetup) {
            return [
                tab('lx.setup.home', withShadow('/lightning/setup/SetupOneHome/home'), this.active === 'home', false),
                tab('lx.tab.object_manager', 'javascript:void(0)', false, false),
            ];
        }
        return SALES_TABS.map((k) =>
            k === 'lx.tab.home' ? tab(k, withShadow('/lightning/page/home'), true, false) : tab(k, 'javascript:void(0)', false, true),
        );
    }
}
