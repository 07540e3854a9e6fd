import { LightningElement } from 'lwc';
import { t } from 'c/practice';

// The home page's sample data: Italian companies, as in the rest of the practice org.
const DEALS = [
    ['d1', 'Rinnovo licenze 2025', 'Officine Lombarde S.p.A.', '€ 48.000'],
    ['d2', 'Espansione Blu Logistica', 'Blu Logistica', '€ 32.500'],
    ['d3', 'Pilota Tessuti Venturi', 'Tessuti Venturi', '€ 12.000'],
];

export default class Home extends LightningElement {
    static renderMode = 'light';

    l = {
        performance: t('lx.home.performance'),
        closed: t('lx.home.closed'),
        open: t('lx.home.open'),
        goal: t('lx.home.goal'),
        deals: t('lx.home.deals'),
        opportunities: t('lx.tab.opportunities'),
        accounts: t('lx.tab.accounts'),
        assistant: t('lx.home.assistant'),
        assist1: t('lx.home.assist1'),
        assist2: t('lx.home.assist2'),
        events: t('lx.home.events'),
        noEvents: t('lx.home.no_events'),
        tasks: t('lx.home.tasks'),
        task1: t('lx.home.task1'),
        task2: t('lx.home.task2'),
    };

    deals = DEALS.map(([id, name, account, amount]) => ({ id, name, account, amount }));
}
