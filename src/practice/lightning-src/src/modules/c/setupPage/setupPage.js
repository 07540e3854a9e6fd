import { LightningElement, api } from 'lwc';
import { t, orgState } from 'c/practice';

export default class SetupPage extends LightningElement {
    static renderMode = 'light';

    /** "home" or "packages". */
    @api view;

    breadcrumb = t('lx.setup.breadcrumb');
    l = {
        getStarted: t('lx.setup.get_started'),
        gs1: t('lx.setup.gs1'),
        gs2: t('lx.setup.gs2'),
        gs3: t('lx.setup.gs3'),
        users: t('lx.tree.users'),
        mobileApps: t('lx.tree.mobile_apps'),
        appexchange: t('lx.tree.appexchange'),
        recent: t('lx.setup.recent'),
        colName: t('lx.setup.col.name'),
        colType: t('lx.setup.col.type'),
        colObject: t('lx.setup.col.object'),
    };
    recent = [
        { id: 'r1', name: 'HubSpot Integration', type: t('sf.un.package'), object: '' },
        { id: 'r2', name: 'Chiara Moretti', type: t('lx.tree.users'), object: '' },
        { id: 'r3', name: 'Lead', type: t('lx.tree.objects'), object: 'Lead' },
    ];
    frameTitle;

    get isPackages() {
        return this.view === 'packages';
    }

    get title() {
        return this.isPackages ? t('sf.installed.title') : t('lx.setup.home');
    }

    get icon() {
        return this.isPackages ? 'standard:bundle_config' : 'standard:settings';
    }

    // Setup pages that Lightning has not rebuilt show the Classic page in an iframe (isdtp=p1: without
    // Classic's own header and sidebar).
    frameSrc = '/classic/setup/packages?isdtp=p1';

    connectedCallback() {
        const edition = (orgState().salesforce || {}).edition || '';
        // Lightning names its Setup iframe after the Classic page inside.
        this.frameTitle = `${t('sf.installed.title')} ~ Salesforce - ${edition}`;
        document.title = `${this.title} | ${t('lx.setup')} | Salesforce`;
    }

    // ...and renames it as that page changes (the uninstall page, its confirmation).
    handleFrameLoad(event) {
        const frame = event.target;
        try {
            const title = frame.contentDocument && frame.contentDocument.title;
            if (title) this.frameTitle = title;
        } catch (e) {
            // A cross-origin page keeps the last title.
        }
    }
}
