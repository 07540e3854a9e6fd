import { LightningElement } from 'lwc';
import { t, withShadow } from 'c/practice';

export default class GlobalHeader extends LightningElement {
    static renderMode = 'light';

    labels = {
        search: t('lx.search'),
        favorites: t('lx.favorites'),
        globalActions: t('lx.global_actions'),
        help: t('lx.help'),
        setup: t('lx.setup'),
        devconsole: t('lx.devconsole'),
        editPage: t('lx.edit_page'),
        notifications: t('lx.notifications'),
        profile: t('lx.profile'),
    };

    // The gear's Setup item is a link with target=_blank: Lightning opens Setup in a new tab.
    setupHref = withShadow('/lightning/setup/SetupOneHome/home');
    homeHref = withShadow('/lightning/page/home');
}
