//! The practice org's state: what the UI's actions change, serialized as `GET /__practice/state` shows it.
//! The rules that change it are in `transitions.rs`.

use serde::{Deserialize, Serialize};

use super::i18n::Lang;

/// How long an uninstall stays "In Progress" before it is complete.
pub const UNINSTALL_MS: u64 = 1_000;
/// How long a saved data copy is kept after an uninstall.
pub const EXPORT_KEEP_MS: u64 = 48 * 3_600_000;

/// Everything the practice org remembers; a snapshot of it is what `GET /__practice/state` returns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PracticeState {
    /// The user's UI language setting (a page's `?lang=` or the browser's cookie overrides it).
    pub language: Lang,
    /// The HubSpot portal.
    pub hubspot: HubSpot,
    /// The user's mailbox.
    pub inbox: Vec<Email>,
    /// The Salesforce org (one org for Classic and Lightning).
    pub salesforce: Salesforce,
}

/// The HubSpot portal: the Salesforce integration, owners and CRM records.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HubSpot {
    /// Whether the Salesforce integration is connected.
    pub connected: bool,
    /// The reason chosen when it was disconnected (a key of [`DISCONNECT_REASONS`]).
    pub disconnect_reason: Option<String>,
    /// Record owners: HubSpot users and owners that exist only in Salesforce.
    pub owners: Vec<Owner>,
    /// Contacts, companies and deals.
    pub records: Vec<CrmRecord>,
    /// Whether the Salesforce owners were removed on the owner clean-up page.
    pub owner_cleanup_done: bool,
}

/// A record owner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Owner {
    /// Stable id.
    pub id: String,
    /// Full name.
    pub name: String,
    /// E-mail address.
    pub email: String,
    /// True for owners synced from Salesforce that have no HubSpot user.
    pub salesforce_only: bool,
    /// Removed by the owner clean-up.
    pub removed: bool,
}

/// The kind of a CRM record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    /// A contact.
    Contact,
    /// A company.
    Company,
    /// A deal.
    Deal,
}

/// A contact, company or deal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CrmRecord {
    /// Stable id.
    pub id: String,
    /// What it is.
    pub kind: RecordKind,
    /// Display name.
    pub name: String,
    /// The owner's id; `None` when unassigned.
    pub owner_id: Option<String>,
}

/// An e-mail in the user's inbox.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Email {
    /// Stable id (used in the message URL).
    pub id: String,
    /// Which message it is; subject and body are rendered in the page's language.
    pub kind: EmailKind,
    /// When it arrived (ms since the Unix epoch).
    pub received_ms: u64,
    /// Opened at least once.
    pub read: bool,
    /// For the reassignment e-mail: the records owned by Salesforce-only users when it was sent.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub records: Vec<EmailRecord>,
}

/// The messages the inbox knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EmailKind {
    /// HubSpot's "reassign contacts, companies and deals to HubSpot owners".
    ReassignOwners,
    /// Filler: an IT maintenance notice.
    Maintenance,
    /// Filler: a colleague's meeting invitation.
    Meeting,
    /// Filler: a newsletter.
    Newsletter,
}

/// A record as the reassignment e-mail lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EmailRecord {
    /// The record's id.
    pub id: String,
    /// What it is.
    pub kind: RecordKind,
    /// Display name.
    pub name: String,
    /// The Salesforce owner's name at the time.
    pub owner_name: String,
}

/// The Salesforce org.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Salesforce {
    /// The logged-in user's name (Classic's "[Name] > Setup").
    pub user_name: String,
    /// The edition shown in page titles ("Enterprise Edition").
    pub edition: String,
    /// Installed packages, in display order.
    pub installed: Vec<Package>,
    /// Uninstalled packages, newest first.
    pub uninstalled: Vec<Uninstalled>,
}

/// An installed package.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Package {
    /// Salesforce-style id (used in the uninstall URL).
    pub id: String,
    /// Package name.
    pub name: String,
    /// Publisher.
    pub publisher: String,
    /// Version number.
    pub version: String,
    /// Namespace prefix (empty for unmanaged packages).
    pub namespace: String,
    /// Install date, `YYYY-MM-DD`.
    pub installed_on: String,
    /// Number of apps, tabs and objects.
    pub apps: u32,
    /// Number of tabs.
    pub tabs: u32,
    /// Number of custom objects.
    pub objects: u32,
    /// What the uninstall page lists as deleted.
    pub components: Vec<Component>,
}

/// A package component.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Component {
    /// API name.
    pub name: String,
    /// Component type key (translated by the page: `custom_object`, `apex_class`, ...).
    pub kind: String,
    /// The object it belongs to, if any.
    pub parent: String,
}

/// Where an uninstall stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UninstallStatus {
    /// Just started.
    InProgress,
    /// Done.
    Complete,
}

/// An uninstalled package, with the data copy when one was saved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Uninstalled {
    /// The package as it was installed.
    pub package: Package,
    /// Where the uninstall stands.
    pub status: UninstallStatus,
    /// When it was uninstalled (ms since the Unix epoch).
    pub uninstalled_ms: u64,
    /// The saved data copy; `None` when the user chose not to save one (or deleted it).
    pub export: Option<DataExport>,
}

/// A package's data saved for 48 hours after the uninstall.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DataExport {
    /// File name offered by Download.
    pub file_name: String,
    /// Size in bytes, as shown.
    pub size_bytes: u64,
    /// When it expires (ms since the Unix epoch).
    pub expires_ms: u64,
}

/// The reasons offered when disconnecting the integration (keys; the page shows them translated).
pub const DISCONNECT_REASONS: &[&str] = &[
    "switching_crm",
    "sync_errors",
    "no_longer_salesforce",
    "reinstall",
    "too_complex",
    "other",
];

/// Why an action was refused; the message is what the page shows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// Disconnecting twice.
    #[error("the Salesforce integration is not connected")]
    NotConnected,
    /// A reason outside [`DISCONNECT_REASONS`].
    #[error("unknown disconnect reason {0:?}")]
    UnknownReason(String),
    /// The confirmation text is not the phrase.
    #[error("the confirmation text must be exactly {expected:?}")]
    WrongPhrase {
        /// The phrase the page asked for.
        expected: String,
    },
    /// Owner clean-up while the integration is still connected.
    #[error("disconnect the Salesforce integration before removing Salesforce owners")]
    StillConnected,
    /// Owner clean-up twice.
    #[error("the Salesforce owners were already removed")]
    CleanupDone,
    /// No such record.
    #[error("no record {0:?}")]
    UnknownRecord(String),
    /// Reassigning to an owner that is not an active HubSpot user.
    #[error("{0:?} is not a HubSpot owner")]
    NotHubSpotOwner(String),
    /// No installed package with that id (already uninstalled, or never there).
    #[error("no installed package {0:?}")]
    NotInstalled(String),
    /// The uninstall confirmation box was not ticked.
    #[error("tick the confirmation box to uninstall the package")]
    NotConfirmed,
    /// No saved data copy for that package.
    #[error("no saved data for package {0:?}")]
    NoExport(String),
}

/// Now, in ms since the Unix epoch.
pub fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
        .unwrap_or(0)
}
