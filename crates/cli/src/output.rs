//! Text and `--json` output. The JSON shapes are the store's serialised types
//! and are documented in docs/cli.md.

use partner_desk_core::InvalidInput;
use partner_desk_store::{
    BackupInfo, CustomerPage, DeletedProfile, DemoCounts, ProfileList, ProfileSummary, RestoredBackup, StoreError,
};
use serde::Serialize;

/// An error as the CLI reports it: a stable code and a one-line message.
#[derive(Debug, Serialize)]
pub struct Failure {
    pub code: String,
    pub message: String,
}

impl Failure {
    pub fn new(code: &str, message: impl Into<String>) -> Failure {
        Failure { code: code.to_string(), message: message.into() }
    }
}

impl From<StoreError> for Failure {
    fn from(err: StoreError) -> Failure {
        Failure::new(err.code(), err.to_string())
    }
}

impl From<InvalidInput> for Failure {
    fn from(err: InvalidInput) -> Failure {
        StoreError::from(err).into()
    }
}

pub struct Output {
    pub json: bool,
}

impl Output {
    fn print_json<T: Serialize>(&self, value: &T) -> Result<(), Failure> {
        let text = serde_json::to_string_pretty(value).map_err(|e| Failure::new("internal", e.to_string()))?;
        println!("{text}");
        Ok(())
    }

    /// JSON in `--json` mode, else the text `render` makes.
    pub fn emit<T: Serialize>(&self, value: &T, render: impl FnOnce(&T) -> String) -> Result<(), Failure> {
        if self.json {
            return self.print_json(value);
        }
        let text = render(value);
        if !text.is_empty() {
            println!("{}", text.trim_end());
        }
        Ok(())
    }

    pub fn error(&self, failure: &Failure) {
        let one_line = failure.message.replace('\n', " ");
        if self.json {
            let text = serde_json::json!({ "error": { "code": failure.code, "message": one_line } });
            eprintln!("{text}");
        } else {
            eprintln!("partner-desk-cli: {one_line}");
        }
    }

    pub fn profile_list(&self, list: &ProfileList) -> Result<(), Failure> {
        if self.json {
            return self.print_json(list);
        }
        if list.profiles.is_empty() && list.unreadable.is_empty() {
            println!("No profiles yet. Create one with: partner-desk-cli profiles create --name NAME --cloud CLOUD");
        }
        for p in &list.profiles {
            let imported = p.last_import_at.map(|t| t.format("%Y-%m-%d %H:%M").to_string());
            println!(
                "{}  {:<8} {:<18} {:>7} customers {:>8} subscriptions  last import {}  {}",
                p.id,
                p.cloud.id(),
                p.role.id(),
                p.customer_count,
                p.subscription_count,
                imported.as_deref().unwrap_or("never"),
                p.name
            );
        }
        for u in &list.unreadable {
            println!("unreadable  {}  {}", u.file, u.message);
        }
        Ok(())
    }

    pub fn created(&self, profile: &ProfileSummary) -> Result<(), Failure> {
        if self.json {
            return self.print_json(profile);
        }
        println!("{}", profile.id);
        Ok(())
    }

    pub fn profile(&self, profile: &ProfileSummary) -> Result<(), Failure> {
        if self.json {
            return self.print_json(profile);
        }
        println!("{}  {}  {}", profile.id, profile.cloud.id(), profile.name);
        Ok(())
    }

    pub fn deleted(&self, deleted: &DeletedProfile) -> Result<(), Failure> {
        if self.json {
            return self.print_json(deleted);
        }
        println!("Deleted {} ({}); its file is kept at {}", deleted.name, deleted.id, deleted.backup_path);
        Ok(())
    }

    pub fn demo(&self, counts: &DemoCounts) -> Result<(), Failure> {
        if self.json {
            return self.print_json(counts);
        }
        println!(
            "Wrote {} customers, {} partners, {} links, {} subscriptions, {} GDAP relationships",
            counts.customers, counts.partners, counts.links, counts.subscriptions, counts.gdap_relationships
        );
        Ok(())
    }

    pub fn customers(&self, page: &CustomerPage) -> Result<(), Failure> {
        if self.json {
            return self.print_json(page);
        }
        for c in &page.items {
            println!(
                "{}  {:<3} {:<18} {}  {}",
                c.tenant_id,
                c.country.as_deref().unwrap_or("-"),
                c.relationship.as_str(),
                c.company_name,
                c.primary_domain.as_deref().unwrap_or("")
            );
        }
        println!("{} of {} customers", page.items.len(), page.total);
        Ok(())
    }

    pub fn backups(&self, backups: &[BackupInfo]) -> Result<(), Failure> {
        if self.json {
            return self.print_json(&backups);
        }
        if backups.is_empty() {
            println!("No backups yet.");
        }
        for b in backups {
            println!("{}  {:<9} {:>12} bytes  {}", b.id, b.reason.id(), b.bytes, b.path);
        }
        Ok(())
    }

    pub fn backup(&self, backup: &BackupInfo) -> Result<(), Failure> {
        if self.json {
            return self.print_json(backup);
        }
        println!("{}", backup.id);
        Ok(())
    }

    pub fn restored(&self, restored: &RestoredBackup) -> Result<(), Failure> {
        if self.json {
            return self.print_json(restored);
        }
        match &restored.previous {
            Some(previous) => {
                println!("Restored {}; the file it replaced is kept as backup {}", restored.restored.id, previous.id)
            }
            None => println!("Restored {}", restored.restored.id),
        }
        Ok(())
    }
}
