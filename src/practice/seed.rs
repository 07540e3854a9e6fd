//! The practice org's starting data: an org where the procedure has not been done yet, and presets.
//!
//! Names, publishers, versions and namespaces are invented; they only need to look plausible next to
//! the one package the procedure is about, "HubSpot Integration" by HubSpot.

use super::i18n::Lang;
use super::state::{
    Component, CrmRecord, Email, EmailKind, HubSpot, Owner, Package, PracticeState, RecordKind,
    Salesforce,
};

/// The id of the "HubSpot Integration" package.
pub const HUBSPOT_PACKAGE_ID: &str = "0A3Hs00000B7kQp";

impl PracticeState {
    /// The org before the procedure: integration connected, records owned by Salesforce-only users,
    /// the HubSpot Integration package installed among others.
    pub fn fresh() -> Self {
        PracticeState {
            language: Lang::It,
            hubspot: HubSpot {
                connected: true,
                disconnect_reason: None,
                owners: owners(),
                records: records(),
                owner_cleanup_done: false,
            },
            inbox: filler_mail(),
            salesforce: Salesforce {
                user_name: "Chiara Moretti".into(),
                edition: "Enterprise Edition".into(),
                installed: packages(),
                uninstalled: Vec::new(),
            },
        }
    }

    /// The org after the whole procedure ran (data copy saved): re-running it must fail.
    pub fn after_procedure(now_ms: u64) -> Self {
        let mut s = Self::fresh();
        // The preset is built from the same transitions the UI uses, so it cannot drift from them.
        let steps = s
            .disconnect(
                "switching_crm",
                Lang::It.uninstall_phrase(),
                Lang::It,
                now_ms,
            )
            .and_then(|()| {
                let to: Vec<(String, String)> = s
                    .records_of_salesforce_owners()
                    .into_iter()
                    .map(|r| (r.id, "o1".to_owned()))
                    .collect();
                s.reassign(&to)
            })
            .and_then(|_| s.remove_salesforce_owners())
            .and_then(|_| {
                s.uninstall(
                    HUBSPOT_PACKAGE_ID,
                    true,
                    true,
                    now_ms.saturating_sub(super::state::UNINSTALL_MS),
                )
            });
        debug_assert!(
            steps.is_ok(),
            "the after-procedure preset no longer applies: {steps:?}"
        );
        s.advance(now_ms);
        s
    }

    /// This state with another UI language.
    pub fn with_language(mut self, language: Lang) -> Self {
        self.language = language;
        self
    }
}

fn owner(id: &str, name: &str, email: &str, salesforce_only: bool) -> Owner {
    Owner {
        id: id.into(),
        name: name.into(),
        email: email.into(),
        salesforce_only,
        removed: false,
    }
}

fn owners() -> Vec<Owner> {
    vec![
        owner("o1", "Giulia Romano", "giulia.romano@example.com", false),
        owner("o2", "Marco Bianchi", "marco.bianchi@example.com", false),
        owner("o3", "Elena Ricci", "elena.ricci@example.com", false),
        owner("o4", "Luca Ferri", "luca.ferri@example.com", true),
        owner("o5", "Sara Conti", "sara.conti@example.com", true),
    ]
}

fn record(id: &str, kind: RecordKind, name: &str, owner: &str) -> CrmRecord {
    CrmRecord {
        id: id.into(),
        kind,
        name: name.into(),
        owner_id: Some(owner.into()),
    }
}

fn records() -> Vec<CrmRecord> {
    use RecordKind::{Company, Contact, Deal};
    vec![
        record("c101", Contact, "Anna Galli", "o4"),
        record("c102", Contact, "Paolo De Luca", "o1"),
        record("c103", Contact, "Francesca Marino", "o5"),
        record("c104", Contact, "Roberto Greco", "o2"),
        record("c105", Contact, "Silvia Bruno", "o4"),
        record("a201", Company, "Officine Lombarde S.p.A.", "o5"),
        record("a202", Company, "Tessuti Venturi", "o1"),
        record("a203", Company, "Blu Logistica", "o4"),
        record(
            "d301",
            Deal,
            "Rinnovo licenze 2025 – Officine Lombarde",
            "o5",
        ),
        record("d302", Deal, "Espansione Blu Logistica", "o4"),
        record("d303", Deal, "Pilota Tessuti Venturi", "o3"),
    ]
}

fn filler_mail() -> Vec<Email> {
    // Received "earlier": fixed offsets keep the inbox order stable whatever the clock says.
    let mail = |id: &str, kind, received_ms| Email {
        id: id.into(),
        kind,
        received_ms,
        read: true,
        records: Vec::new(),
    };
    vec![
        mail("m3", EmailKind::Meeting, 1_735_810_200_000),
        mail("m2", EmailKind::Maintenance, 1_735_640_100_000),
        mail("m1", EmailKind::Newsletter, 1_735_551_000_000),
    ]
}

fn component(name: &str, kind: &str, parent: &str) -> Component {
    Component {
        name: name.into(),
        kind: kind.into(),
        parent: parent.into(),
    }
}

#[allow(clippy::too_many_arguments)]
fn package(
    id: &str,
    name: &str,
    publisher: &str,
    version: &str,
    namespace: &str,
    installed_on: &str,
    counts: (u32, u32, u32),
    components: Vec<Component>,
) -> Package {
    Package {
        id: id.into(),
        name: name.into(),
        publisher: publisher.into(),
        version: version.into(),
        namespace: namespace.into(),
        installed_on: installed_on.into(),
        apps: counts.0,
        tabs: counts.1,
        objects: counts.2,
        components,
    }
}

fn packages() -> Vec<Package> {
    vec![
        package(
            "0A3Dc00000A1mZr",
            "Data Bridge Connector",
            "Meridian Cloud Systems",
            "2.8",
            "mrdn",
            "2023-03-14",
            (1, 2, 3),
            vec![
                component("mrdn__External_Source__c", "custom_object", ""),
                component("mrdn__SyncJob", "apex_class", ""),
            ],
        ),
        package(
            HUBSPOT_PACKAGE_ID,
            "HubSpot Integration",
            "HubSpot",
            "4.12",
            "hubspot_sync",
            "2022-09-27",
            (1, 3, 2),
            vec![
                component("hubspot_sync__Sync_Log__c", "custom_object", ""),
                component("hubspot_sync__Engagement__c", "custom_object", ""),
                component("hubspot_sync__HubSpot_Score__c", "custom_field", "Lead"),
                component("hubspot_sync__Last_Activity__c", "custom_field", "Contact"),
                component("hubspot_sync__Contact_Insights", "visualforce_page", ""),
                component("hubspot_sync__InboundQueue", "apex_class", ""),
                component("hubspot_sync__RecordTimeline", "lightning_component", ""),
                component("hubspot_sync__HubSpot_User", "permission_set", ""),
                component("hubspot_sync__HubSpot_API", "remote_site", ""),
            ],
        ),
        package(
            "0A3Fh00000C9tWe",
            "Field History Archive",
            "Tidewater Apps",
            "1.12.3",
            "fharch",
            "2024-01-08",
            (0, 1, 1),
            vec![component("fharch__Archived_Change__c", "custom_object", "")],
        ),
        package(
            "0A3Sg00000D4pLx",
            "SignFlow eSignature",
            "SignFlow Inc.",
            "7.4.1",
            "sgnflw",
            "2021-11-30",
            (1, 4, 5),
            vec![
                component("sgnflw__Envelope__c", "custom_object", ""),
                component("sgnflw__Recipient__c", "custom_object", ""),
            ],
        ),
        package(
            "0A3Qp00000E2hYk",
            "Quick Lead Updater",
            "Quillpoint",
            "3.0",
            "",
            "2024-06-19",
            (0, 0, 0),
            vec![component("QuickLeadUpdate", "apex_class", "")],
        ),
    ]
}
