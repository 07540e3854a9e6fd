import { LightningElement } from 'lwc';

const ROWS = [
    { id: 'pkg-1', name: 'HubSpot Integration', publisher: 'HubSpot', version: '4.62' },
    { id: 'pkg-2', name: 'DocuSign eSignature', publisher: 'DocuSign, Inc.', version: '7.5' },
];

// One section per locator trap; each writes what it was asked to do into its own status line.
export default class Traps extends LightningElement {
    static renderMode = 'light';

    mode = document.documentElement.dataset.shadow || 'synthetic';
    english = new URLSearchParams(window.location.search).get('lang') === 'en';
    rows = ROWS;
    menuStatus = '';
    slottedStatus = '';
    saveStatus = '';
    tableStatus = '';

    get columns() {
        const uninstall = this.english ? 'Uninstall' : 'Disinstalla';
        return [
            { label: this.english ? 'Action' : 'Azione', type: 'button', fixedWidth: 140,
                typeAttributes: { label: uninstall, name: 'uninstall', variant: 'base', title: uninstall } },
            { label: this.english ? 'Package Name' : 'Nome pacchetto', fieldName: 'name', type: 'text' },
            { label: this.english ? 'Publisher' : 'Editore', fieldName: 'publisher', type: 'text' },
            { label: this.english ? 'Version' : 'Versione', fieldName: 'version', type: 'text', fixedWidth: 120 },
        ];
    }

    handleMenu(event) {
        this.menuStatus = `selected ${event.detail.value}`;
    }

    handleSlotted(event) {
        this.slottedStatus = `selected ${event.detail.value}`;
    }

    handleSave() {
        this.saveStatus = 'saved';
    }

    handleRowAction(event) {
        this.tableStatus = `uninstall ${event.detail.row.name}`;
    }
}
