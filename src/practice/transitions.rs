//! The state transitions, each checking what a real org would check before it changes anything, so that a
//! runbook run twice fails where a real org would. Time is passed in (milliseconds since the Unix epoch)
//! so that the transitions can be tested without waiting.

use super::i18n::Lang;
use super::state::{
    DISCONNECT_REASONS, DataExport, EXPORT_KEEP_MS, Email, EmailKind, EmailRecord, Owner, Package,
    PracticeState, Refusal, UNINSTALL_MS, UninstallStatus, Uninstalled,
};

impl PracticeState {
    /// Brings time-driven changes up to `now_ms`: uninstalls complete, data copies expire.
    pub fn advance(&mut self, now_ms: u64) {
        for u in &mut self.salesforce.uninstalled {
            if u.status == UninstallStatus::InProgress
                && now_ms >= u.uninstalled_ms.saturating_add(UNINSTALL_MS)
            {
                u.status = UninstallStatus::Complete;
            }
            if u.export.as_ref().is_some_and(|e| now_ms >= e.expires_ms) {
                u.export = None;
            }
        }
    }

    /// Disconnects the HubSpot-Salesforce integration; mails the reassignment e-mail when Salesforce-only
    /// owners still own records.
    pub fn disconnect(
        &mut self,
        reason: &str,
        confirmation: &str,
        lang: Lang,
        now_ms: u64,
    ) -> Result<(), Refusal> {
        if !self.hubspot.connected {
            return Err(Refusal::NotConnected);
        }
        if !DISCONNECT_REASONS.contains(&reason) {
            return Err(Refusal::UnknownReason(reason.to_owned()));
        }
        let expected = lang.uninstall_phrase();
        if confirmation != expected {
            return Err(Refusal::WrongPhrase {
                expected: expected.to_owned(),
            });
        }
        self.hubspot.connected = false;
        self.hubspot.disconnect_reason = Some(reason.to_owned());
        let records = self.records_of_salesforce_owners();
        if !records.is_empty() {
            self.inbox.insert(
                0,
                Email {
                    id: format!("m{}", self.inbox.len() + 1),
                    kind: EmailKind::ReassignOwners,
                    received_ms: now_ms,
                    read: false,
                    records,
                },
            );
        }
        Ok(())
    }

    /// The records currently owned by Salesforce-only owners, as the e-mail lists them.
    pub fn records_of_salesforce_owners(&self) -> Vec<EmailRecord> {
        self.hubspot
            .records
            .iter()
            .filter_map(|r| {
                let owner = self.owner(r.owner_id.as_deref()?)?;
                owner.salesforce_only.then(|| EmailRecord {
                    id: r.id.clone(),
                    kind: r.kind,
                    name: r.name.clone(),
                    owner_name: owner.name.clone(),
                })
            })
            .collect()
    }

    fn owner(&self, id: &str) -> Option<&Owner> {
        self.hubspot.owners.iter().find(|o| o.id == id)
    }

    /// Reassigns records to HubSpot owners; all or nothing.
    pub fn reassign(&mut self, assignments: &[(String, String)]) -> Result<usize, Refusal> {
        for (record, owner) in assignments {
            if !self.hubspot.records.iter().any(|r| &r.id == record) {
                return Err(Refusal::UnknownRecord(record.clone()));
            }
            match self.owner(owner) {
                Some(o) if !o.salesforce_only && !o.removed => {}
                _ => return Err(Refusal::NotHubSpotOwner(owner.clone())),
            }
        }
        for (record, owner) in assignments {
            if let Some(r) = self.hubspot.records.iter_mut().find(|r| &r.id == record) {
                r.owner_id = Some(owner.clone());
            }
        }
        Ok(assignments.len())
    }

    /// Removes the Salesforce-only owners (the owner clean-up); records they still own become unassigned.
    pub fn remove_salesforce_owners(&mut self) -> Result<usize, Refusal> {
        if self.hubspot.connected {
            return Err(Refusal::StillConnected);
        }
        if self.hubspot.owner_cleanup_done {
            return Err(Refusal::CleanupDone);
        }
        let mut removed = Vec::new();
        for o in &mut self.hubspot.owners {
            if o.salesforce_only && !o.removed {
                o.removed = true;
                removed.push(o.id.clone());
            }
        }
        for r in &mut self.hubspot.records {
            if r.owner_id.as_ref().is_some_and(|id| removed.contains(id)) {
                r.owner_id = None;
            }
        }
        self.hubspot.owner_cleanup_done = true;
        Ok(removed.len())
    }

    /// Uninstalls a package, saving a copy of its data for 48 hours when `keep_data`.
    pub fn uninstall(
        &mut self,
        package_id: &str,
        keep_data: bool,
        confirmed: bool,
        now_ms: u64,
    ) -> Result<(), Refusal> {
        let Some(at) = self
            .salesforce
            .installed
            .iter()
            .position(|p| p.id == package_id)
        else {
            return Err(Refusal::NotInstalled(package_id.to_owned()));
        };
        if !confirmed {
            return Err(Refusal::NotConfirmed);
        }
        let package = self.salesforce.installed.remove(at);
        let export = keep_data.then(|| DataExport {
            file_name: export_file_name(&package),
            size_bytes: 48_213 + 1_024 * u64::from(package.objects) * 37,
            expires_ms: now_ms.saturating_add(EXPORT_KEEP_MS),
        });
        self.salesforce.uninstalled.insert(
            0,
            Uninstalled {
                package,
                status: UninstallStatus::InProgress,
                uninstalled_ms: now_ms,
                export,
            },
        );
        Ok(())
    }

    /// Deletes a saved data copy (the *Del* action).
    pub fn delete_export(&mut self, package_id: &str) -> Result<(), Refusal> {
        match self
            .salesforce
            .uninstalled
            .iter_mut()
            .find(|u| u.package.id == package_id && u.export.is_some())
        {
            Some(u) => {
                u.export = None;
                Ok(())
            }
            None => Err(Refusal::NoExport(package_id.to_owned())),
        }
    }

    /// The saved data copy of an uninstalled package, once the uninstall is complete.
    pub fn export_of(&self, package_id: &str) -> Option<(&Uninstalled, &DataExport)> {
        self.salesforce
            .uninstalled
            .iter()
            .find(|u| u.package.id == package_id && u.status == UninstallStatus::Complete)
            .and_then(|u| u.export.as_ref().map(|e| (u, e)))
    }

    /// Marks an e-mail as read; false when there is no such e-mail.
    pub fn mark_read(&mut self, email_id: &str) -> bool {
        match self.inbox.iter_mut().find(|e| e.id == email_id) {
            Some(e) => {
                e.read = true;
                true
            }
            None => false,
        }
    }
}

fn export_file_name(package: &Package) -> String {
    let stem = if package.namespace.is_empty() {
        package.name.replace(' ', "_")
    } else {
        package.namespace.clone()
    };
    format!("{stem}_data_export.csv")
}
