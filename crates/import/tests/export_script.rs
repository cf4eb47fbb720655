//! The PowerShell export script cannot run here, so its text is checked: every
//! file it writes is a place of the reader's folder layout, every place of the
//! layout is written, and a folder built from those names reads.

mod common;

use std::path::Path;

use common::*;
use partner_desk_import::layout;

/// The fixture folder's customer that has every per-customer file.
const CUSTOMER: &str = "2b6f8e41-0c3d-4a57-9e12-7f4d5a8c9b30";

fn script() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/export-partner-center.ps1");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The `-RelativePath` argument of every `Save-ExportJson` call, with
/// `$customerId` standing for a real tenant id.
fn written_paths(text: &str) -> Vec<String> {
    let mut paths = Vec::new();
    for line in text.lines().filter(|l| l.contains("Save-ExportJson -RelativePath")) {
        let after = line.split("-RelativePath").nth(1).unwrap_or_default().trim_start();
        let quote = after.chars().next().expect("a quoted path");
        assert!(quote == '\'' || quote == '"', "unquoted path in: {line}");
        let inner = after[1..].split(quote).next().unwrap_or_default();
        paths.push(inner.replace("$customerId", CUSTOMER));
    }
    paths
}

#[test]
fn every_file_the_script_writes_is_a_place_of_the_layout() {
    let paths = written_paths(&script());
    assert!(paths.len() >= 9, "{paths:?}");
    let mut roles: Vec<&str> = Vec::new();
    for path in &paths {
        let role =
            layout::role_of(path).unwrap_or_else(|| panic!("the script writes {path}, which the reader ignores"));
        roles.push(role);
    }
    for (place, _, _) in layout::FILES {
        assert!(roles.contains(place), "the script never writes {place}");
    }
}

#[test]
fn the_script_uses_the_readers_names_and_the_modules_cloud_names() {
    let text = script();
    for name in [
        layout::MANIFEST,
        layout::CUSTOMERS,
        layout::CUSTOMER,
        layout::SUBSCRIPTIONS,
        layout::CUSTOMER_RELATIONSHIPS,
        layout::INDIRECT_RESELLERS,
        layout::INDIRECT_PROVIDERS,
        layout::GDAP,
        layout::RELATIONSHIP_REQUEST,
        layout::MANIFEST_FORMAT,
    ] {
        assert!(text.contains(name), "{name} missing from the script");
    }
    for environment in ["AzureCloud", "AzureUSGovernment", "AzureGermanCloud", "AzureChinaCloud"] {
        assert!(text.contains(&format!("= '{environment}'")), "{environment}");
    }
    for parameter in ["$Cloud", "$OutputFolder", "$PartnerTenantId"] {
        assert!(text.contains(&format!("] {parameter}")), "parameter {parameter}");
    }
    assert!(text.contains("ConvertTo-Json -InputObject $InputObject -Depth 20"));
    assert!(text.contains("UTF8Encoding]::new($false)"));
}

#[test]
fn a_folder_with_the_scripts_file_names_reads() {
    let dir = scratch("script-layout");
    let source = fixture("export-folder");
    let paths = written_paths(&script());
    for path in &paths {
        let role = layout::role_of(path).expect("a layout place");
        // Content for the place from the fixture folder; it has no indirect providers file.
        let from = source.join(role.replace("{tenantId}", CUSTOMER));
        let content = std::fs::read_to_string(&from)
            .or_else(|_| std::fs::read_to_string(fixture("rest/indirect-providers.json")))
            .unwrap();
        let to = dir.join(path);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::write(&to, content).unwrap();
    }
    let (records, summaries) = read_with(&dir, None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(summaries.len(), paths.len(), "every written file is read");
    assert!(!records.is_empty());
}
