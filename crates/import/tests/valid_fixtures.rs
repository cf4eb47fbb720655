//! Every valid fixture reads with the exact records, formats and coverage
//! listed in tests/fixtures/README.md.

mod common;

use chrono::NaiveDate;
use common::*;
use partner_desk_core::model::{
    BillingType, Channel, CustomerRelationship, GdapStatus, LinkKind, PartnerRelationshipType, SubscriptionStatus,
};
use partner_desk_import::{Coverage, Record, SourceFormat, detect};

fn counts(customers: usize, subscriptions: usize) -> Counts {
    Counts { customers, subscriptions, ..Counts::default() }
}

fn single(relative: &str) -> (Vec<Record>, partner_desk_import::FileSummary) {
    let (records, mut summaries) = read(relative);
    assert_eq!(summaries.len(), 1, "{relative}");
    (records, summaries.remove(0))
}

#[test]
fn rest_customer_list() {
    let (records, summary) = single("rest/customers.json");
    assert_eq!(Counts::of(&records), counts(4, 0));
    assert_eq!(summary.format, SourceFormat::RestCustomers);
    assert_eq!(summary.coverage, vec![Coverage::AllCustomers]);
    assert_eq!(summary.records, 4);
    let c = customers(&records);
    assert_eq!(c[0].company_name.as_deref(), Some("株式会社さくら商事"));
    assert_eq!(c[0].custom_domains.as_deref(), Some(&["sakura-shoji.co.jp".to_string(), "sakura-shoji.jp".into()][..]));
    assert_eq!(c[0].country.as_deref(), Some("JP"));
    assert_eq!(c[0].relationship, Some(CustomerRelationship::Reseller));
    assert_eq!(c[0].indirect_reseller_id.as_deref(), Some("c4a1e9b2-3d5f-4e6a-8b7c-0d1e2f3a4b5c"));
    // Upper-case GUIDs are normalised.
    assert_eq!(c[1].tenant_id, TW);
    // PascalCase (SDK-serialised) field names read the same.
    assert_eq!(c[2].tenant_id, KZ);
    assert_eq!(c[2].company_name.as_deref(), Some("ТОО «Северный Ветер»"));
    assert_eq!(c[2].relationship, Some(CustomerRelationship::Advisor));
    assert_eq!(c[2].custom_domains, None);
    // Unknown values are kept verbatim; a list never says allowDelegatedAccess.
    assert_eq!(c[3].relationship, Some(CustomerRelationship::Unknown("supportOnly".into())));
    assert_eq!(c[3].allow_delegated_access, None);
    assert!(c.iter().all(|c| c.tags.is_none() && c.allow_delegated_access.is_none()));
}

#[test]
fn a_page_of_the_customer_list_covers_nothing() {
    let (records, summary) = single("rest/customers-page1.json");
    assert_eq!(Counts::of(&records), counts(2, 0));
    assert_eq!(summary.coverage, Vec::<Coverage>::new());
}

#[test]
fn rest_single_customer_carries_delegated_access() {
    let (records, summary) = single("rest/customer.json");
    assert_eq!(summary.format, SourceFormat::RestCustomer);
    assert!(summary.coverage.is_empty());
    let c = customers(&records);
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].tenant_id, KZ);
    assert_eq!(c[0].allow_delegated_access, Some(false));
    assert_eq!(c[0].custom_domains, Some(vec![]));
}

#[test]
fn rest_subscriptions_take_the_customer_from_their_self_link() {
    let (records, summary) = single("rest/subscriptions.json");
    assert_eq!(Counts::of(&records), counts(0, 2));
    assert_eq!(summary.format, SourceFormat::RestSubscriptions);
    assert_eq!(summary.coverage, vec![Coverage::CustomerSubscriptions { customer_tenant_id: TW.into() }]);
    let s = subscriptions(&records);
    assert!(s.iter().all(|s| s.customer_tenant_id == TW && s.channel == Some(Channel::Csp)));
    assert_eq!(s[0].status, Some(SubscriptionStatus::Suspended));
    assert_eq!(s[0].partner_of_record.as_deref(), Some("-1"));
    assert_eq!(s[0].quantity, Some(40));
    assert_eq!(s[0].friendly_name.as_deref(), Some("郵件 臺北辦公室"));
    assert_eq!(s[1].status, Some(SubscriptionStatus::Unknown("pending_provisioning".into())));
    assert_eq!(s[1].billing_type, Some(BillingType::Unknown("one_time".into())));
    assert_eq!(s[1].commitment_end, NaiveDate::from_ymd_opt(2027, 6, 1));
    assert_eq!(s[1].partner_of_record, None);
}

#[test]
fn rest_subscriptions_without_links_take_the_customer_option() {
    let path = fixture("rest/subscriptions-no-links.json");
    let err = read_with(&path, None).unwrap_err();
    assert!(err.to_string().contains("--customer"), "{err}");
    let (records, summaries) = read_with(&path, Some(TW)).unwrap();
    assert_eq!(Counts::of(&records), counts(0, 2));
    assert_eq!(summaries[0].coverage, vec![Coverage::CustomerSubscriptions { customer_tenant_id: TW.into() }]);
    // The option may not contradict the file's own links.
    let err = read_with(&fixture("rest/subscriptions.json"), Some(JP)).unwrap_err();
    assert!(err.to_string().contains(TW) && err.to_string().contains("--customer"), "{err}");
}

#[test]
fn rest_indirect_resellers() {
    let (records, summary) = single("rest/indirect-resellers.json");
    assert_eq!(Counts::of(&records), Counts { partners: 2, partner_relationships: 2, ..Counts::default() });
    assert_eq!(summary.format, SourceFormat::RestPartnerRelationships);
    assert_eq!(
        summary.coverage,
        vec![Coverage::PartnerRelationships { relationship_type: "IsIndirectCloudSolutionProviderOf".into() }]
    );
    let Record::Partner(partner) = &records[2] else { panic!("{:?}", records[2]) };
    assert_eq!(partner.name, "ТОО «Северный Интегратор»");
    assert_eq!(partner.mpn_id.as_deref(), Some("5234567"));
    let Record::PartnerRelationship(relationship) = &records[3] else { panic!() };
    assert_eq!(relationship.relationship_type, PartnerRelationshipType::IsIndirectCloudSolutionProviderOf);
    assert_eq!(relationship.state.as_deref(), Some("Suspended"));
}

#[test]
fn rest_indirect_providers_without_links_cover_nothing() {
    let (records, summary) = single("rest/indirect-providers.json");
    assert_eq!(Counts::of(&records), Counts { partners: 2, partner_relationships: 2, ..Counts::default() });
    assert!(summary.coverage.is_empty());
    let Record::Partner(litware) = &records[2] else { panic!() };
    assert_eq!(litware.id, "mpn:6456789");
    assert_eq!(litware.tenant_id, None);
    let Record::PartnerRelationship(r) = &records[3] else { panic!() };
    assert_eq!(r.relationship_type, PartnerRelationshipType::Unknown("is_indirect_reseller_of_pending".into()));
    let Record::PartnerRelationship(r) = &records[1] else { panic!() };
    assert_eq!(r.relationship_type, PartnerRelationshipType::IsIndirectResellerOf);
}

#[test]
fn rest_customer_relationships_become_links() {
    let (records, summary) = single("rest/customer-relationships.json");
    assert_eq!(Counts::of(&records), Counts { partners: 2, links: 2, ..Counts::default() });
    assert_eq!(summary.format, SourceFormat::RestCustomerRelationships);
    assert_eq!(
        summary.coverage,
        vec![Coverage::CustomerLinks { customer_tenant_id: JP.into(), kind: "indirect-reseller".into() }]
    );
    let Record::Link(link) = &records[1] else { panic!() };
    assert_eq!(link.customer_tenant_id, JP);
    assert_eq!(link.kind, LinkKind::IndirectReseller);
    assert_eq!(link.partner_id, "c4a1e9b2-3d5f-4e6a-8b7c-0d1e2f3a4b5c");
    assert_eq!(link.source, "rest-customer-relationships");
}

#[test]
fn a_partner_relationship_list_with_a_customer_option_is_that_customers() {
    let (records, summaries) = read_with(&fixture("rest/indirect-providers.json"), Some(TW)).unwrap();
    assert_eq!(summaries[0].format, SourceFormat::RestCustomerRelationships);
    assert_eq!(Counts::of(&records), Counts { partners: 2, links: 2, ..Counts::default() });
}

#[test]
fn rest_relationship_request() {
    let (records, summary) = single("rest/relationship-request.json");
    assert_eq!(summary.format, SourceFormat::RestRelationshipRequest);
    let [Record::RelationshipRequest(request)] = records.as_slice() else { panic!("{records:?}") };
    assert!(!request.with_delegated_admin);
    assert!(request.url.contains("partnerId=8f3c1a52-4b7e-4d29-9a61-2c5e7b0d4f18"));
}

#[test]
fn graph_gdap() {
    let (records, summary) = single("graph/gdap.json");
    assert_eq!(Counts::of(&records), Counts { gdap: 3, ..Counts::default() });
    assert_eq!(summary.format, SourceFormat::GraphGdap);
    assert_eq!(summary.coverage, vec![Coverage::AllGdap]);
    let gdap: Vec<_> = records.iter().filter_map(|r| if let Record::Gdap(g) = r { Some(g) } else { None }).collect();
    assert_eq!(gdap[0].status, GdapStatus::Active);
    assert_eq!(gdap[0].roles, vec!["729827e3-9c14-49f7-bb1b-9608f156bbb8".to_string()]);
    assert_eq!(gdap[0].end_at.map(|t| t.to_rfc3339()), Some("2027-11-21T01:02:03.123456700+00:00".into()));
    assert_eq!(gdap[1].customer_tenant_id, None);
    assert_eq!(gdap[1].auto_extend_duration, "PT0S");
    assert_eq!(gdap[1].status, GdapStatus::Created);
    assert_eq!(gdap[2].status, GdapStatus::Unknown("unknownFutureValue".into()));
    assert_eq!(gdap[2].customer_tenant_id.as_deref(), Some(KZ));
    assert_eq!(gdap[2].display_name, "Северный Ветер — поддержка");
}

#[test]
fn a_graph_page_covers_nothing() {
    let (records, summary) = single("graph/gdap-page.json");
    assert_eq!(Counts::of(&records), Counts { gdap: 1, ..Counts::default() });
    assert!(summary.coverage.is_empty());
}

#[test]
fn portal_customer_csv() {
    let (records, summary) = single("portal/customers.csv");
    assert_eq!(Counts::of(&records), counts(4, 0));
    assert_eq!(summary.format, SourceFormat::PortalCustomersCsv);
    assert_eq!(summary.coverage, vec![Coverage::AllCustomers]);
    let c = customers(&records);
    assert_eq!(c[0].tags, Some(vec!["VIP".to_string(), "大阪".into()]));
    assert_eq!(c[1].tags, Some(vec![]));
    assert_eq!(c[2].company_name.as_deref(), Some("ТОО «Северный Ветер»"));
    // A quoted field that spans two lines (the file's CRLF read as a line break).
    assert_eq!(c[3].company_name.as_deref(), Some("Northwind Traders\n(旧 Fabrikam Holdings)"));
    assert_eq!(c[3].relationship, Some(CustomerRelationship::Unknown("Reseller and advisor".into())));
    assert_eq!(c[3].tags, Some(vec!["Renewal-Q1".to_string(), "\"Gold\"".into()]));
    assert!(c.iter().all(|c| c.commerce_id.is_none() && c.country.is_none()));
}

#[test]
fn portal_subscription_csv_takes_the_customer_from_the_option_or_its_folder() {
    let err = read_with(&fixture("portal/subscriptions.csv"), None).unwrap_err();
    assert!(err.to_string().contains("--customer"), "{err}");
    let (with_option, summaries) = read_with(&fixture("portal/subscriptions.csv"), Some(TW)).unwrap();
    assert_eq!(summaries[0].format, SourceFormat::PortalSubscriptionsCsv);
    assert_eq!(summaries[0].coverage, vec![Coverage::CustomerSubscriptions { customer_tenant_id: TW.into() }]);
    let (from_folder, _) = read(&format!("portal/{TW}/subscriptions.csv"));
    assert_eq!(with_option, from_folder);
    let s = subscriptions(&from_folder);
    assert_eq!(s.len(), 3);
    assert_eq!(s[1].id, "b8d2f3e4-5c6a-4d7e-8f9a-1b2c3d4e5f02");
    assert_eq!(s[1].partner_of_record.as_deref(), Some("5123456"));
    assert_eq!(s[2].status, Some(SubscriptionStatus::Unknown("Pending cancellation".into())));
    assert_eq!(s[2].offer_name.as_deref(), Some("Microsoft 365 商務進階版"));
    assert!(s.iter().all(|s| s.billing_type.is_none() && s.channel.is_none()));
}

#[test]
fn license_based_reconciliation() {
    let (records, summary) = single("reconciliation/license-based.csv");
    assert_eq!(Counts::of(&records), counts(2, 4));
    assert_eq!(summary.format, SourceFormat::ReconciliationLicenseCsv);
    assert!(summary.coverage.is_empty());
    let s = subscriptions(&records);
    // The Partner Center id (SyndicationPartnerSubscriptionNumber), not the billing SubscriptionId.
    assert_eq!(s[0].id, "a7c1e2d3-4b5f-4c6d-9e7f-0a1b2c3d4e01");
    assert_eq!(s[0].commitment_end, NaiveDate::from_ymd_opt(2027, 3, 1));
    assert_eq!(s[0].billing_type, Some(BillingType::License));
    assert_eq!(s[0].partner_of_record.as_deref(), Some("5123456"));
    assert_eq!(s[0].friendly_name.as_deref(), Some("E3 本社"));
    assert_eq!(s[0].quantity, None);
    assert_eq!(s[1].partner_of_record.as_deref(), Some("-1"));
    assert_eq!(s[2].partner_of_record.as_deref(), Some("4810011"));
    assert_eq!(s[2].customer_tenant_id, TW);
    let c = customers(&records);
    assert_eq!(c[1].company_name.as_deref(), Some("臺北雲端科技股份有限公司"));
    assert_eq!(c[0].primary_domain.as_deref(), Some("sakurashoji.onmicrosoft.com"));
}

#[test]
fn new_commerce_reconciliation() {
    let (records, summary) = single("reconciliation/new-commerce.csv");
    assert_eq!(Counts::of(&records), counts(2, 3));
    assert_eq!(summary.format, SourceFormat::ReconciliationNewCommerceCsv);
    assert!(summary.coverage.is_empty());
    let s = subscriptions(&records);
    assert_eq!(s[0].offer_id.as_deref(), Some("CFQ7TTC0LFLZ:0002"));
    assert_eq!(s[0].term_duration.as_deref(), Some("P1Y"));
    assert_eq!(s[0].billing_cycle.as_deref(), Some("Monthly"));
    assert_eq!(s[0].commitment_end, NaiveDate::from_ymd_opt(2027, 1, 31));
    assert_eq!(s[1].partner_of_record.as_deref(), Some("-1"));
    assert_eq!(s[1].term_duration.as_deref(), Some("P1M"));
    assert_eq!(s[2].term_duration.as_deref(), Some("P3Y"));
    let c = customers(&records);
    assert_eq!(c[0].country.as_deref(), Some("KZ"));
    assert_eq!(c[0].company_name.as_deref(), Some("ТОО «Северный Ветер»"));
}

#[test]
fn partner_desk_export() {
    let (records, summary) = single("own/partner-desk-export.json");
    assert_eq!(
        Counts::of(&records),
        Counts {
            customers: 3,
            partners: 2,
            partner_relationships: 2,
            links: 2,
            subscriptions: 3,
            gdap: 2,
            relationship_requests: 1
        }
    );
    assert_eq!(summary.format, SourceFormat::PartnerDeskJson);
    // An export may be partial (one kind, a search): it removes nothing unless it says it is complete.
    assert!(summary.coverage.is_empty());
    let dir = scratch("complete-export");
    let complete = dir.join("export.json");
    let text = std::fs::read_to_string(fixture("own/partner-desk-export.json")).unwrap();
    std::fs::write(&complete, text.replacen("\"version\": 1,", "\"version\": 1,\n  \"complete\": true,", 1)).unwrap();
    let (again, summaries) = read_with(&complete, None).unwrap();
    assert_eq!(again, records);
    let mut expected = vec![Coverage::AllCustomers];
    expected.extend([JP, TW, KZ].map(|c| Coverage::CustomerSubscriptions { customer_tenant_id: c.into() }));
    expected.extend(
        ["IsIndirectResellerOf", "IsIndirectCloudSolutionProviderOf"]
            .map(|t| Coverage::PartnerRelationships { relationship_type: t.into() }),
    );
    expected.push(Coverage::AllGdap);
    assert_eq!(summaries[0].coverage, expected);
    let s = subscriptions(&records);
    assert_eq!(s[1].channel, Some(Channel::Ea));
    assert_eq!(s[2].status, Some(SubscriptionStatus::Unknown("migrating".into())));
    let link =
        records.iter().find_map(|r| if let Record::Link(l) = r { (l.source == "manual").then_some(l) } else { None });
    assert_eq!(link.map(|l| l.kind.clone()), Some(LinkKind::Unknown("co-sell".into())));
}

#[test]
fn export_folder() {
    let (records, summaries) = read("export-folder");
    assert_eq!(
        Counts::of(&records),
        Counts {
            customers: 4,
            partners: 3,
            partner_relationships: 2,
            links: 1,
            subscriptions: 6,
            gdap: 4,
            relationship_requests: 1
        }
    );
    let names: Vec<String> = summaries
        .iter()
        .map(|s| {
            let relative = s.path.strip_prefix(fixture("export-folder")).unwrap_or(&s.path);
            relative.to_string_lossy().replace('\\', "/")
        })
        .collect();
    assert_eq!(
        names,
        vec![
            "manifest.json".to_string(),
            "customers.json".into(),
            format!("customers/{JP}/customer.json"),
            format!("customers/{JP}/subscriptions.json"),
            format!("customers/{JP}/relationships.json"),
            format!("customers/{TW}/subscriptions.json"),
            format!("customers/{KZ}/subscriptions.json"),
            "relationships/indirect-resellers.json".into(),
            "gdap.json".into(),
            "relationship-request.json".into(),
        ]
    );
    let formats: Vec<SourceFormat> = summaries.iter().map(|s| s.format).collect();
    use SourceFormat::*;
    assert_eq!(
        formats,
        vec![
            ExportFolderManifest,
            RestCustomers,
            RestCustomer,
            RestSubscriptions,
            RestCustomerRelationships,
            RestSubscriptions,
            RestSubscriptions,
            RestPartnerRelationships,
            GraphGdap,
            RestRelationshipRequest
        ]
    );
    let coverage: Vec<Coverage> = summaries.iter().flat_map(|s| s.coverage.clone()).collect();
    assert_eq!(
        coverage,
        vec![
            Coverage::AllCustomers,
            Coverage::CustomerSubscriptions { customer_tenant_id: JP.into() },
            Coverage::CustomerLinks { customer_tenant_id: JP.into(), kind: "indirect-reseller".into() },
            Coverage::CustomerSubscriptions { customer_tenant_id: TW.into() },
            Coverage::CustomerSubscriptions { customer_tenant_id: KZ.into() },
            Coverage::PartnerRelationships { relationship_type: "IsIndirectCloudSolutionProviderOf".into() },
            Coverage::AllGdap,
        ]
    );
    // Customers first, then each customer's own files.
    assert!(matches!(&records[0], Record::Customer(c) if c.tenant_id == JP));
    // The JP customer: ours as reseller, Fabrikam as its indirect reseller, an E3 ending 2027-03-01.
    let jp = customers(&records).into_iter().find(|c| c.allow_delegated_access.is_some()).map(|c| c.tenant_id.clone());
    assert_eq!(jp.as_deref(), Some(JP));
    let e3 = subscriptions(&records).into_iter().find(|s| s.offer_name.as_deref() == Some("Office 365 E3")).cloned();
    let e3 = e3.expect("E3");
    assert_eq!(e3.commitment_end, NaiveDate::from_ymd_opt(2027, 3, 1));
    assert_eq!(e3.billing_type, Some(BillingType::License));
    assert_eq!(e3.auto_renew, Some(false));
    assert!(summaries.iter().all(|s| s.sha256.len() == 64 && s.sha256.chars().all(|c| c.is_ascii_hexdigit())));
    let statuses: Vec<GdapStatus> =
        records.iter().filter_map(|r| if let Record::Gdap(g) = r { Some(g.status.clone()) } else { None }).collect();
    assert_eq!(
        statuses,
        vec![GdapStatus::Active, GdapStatus::ApprovalPending, GdapStatus::Expired, GdapStatus::Terminated]
    );
}

#[test]
fn reading_the_manifest_reads_its_folder() {
    let (by_folder, _) = read("export-folder");
    let (by_manifest, summaries) = read("export-folder/manifest.json");
    assert_eq!(by_folder, by_manifest);
    assert_eq!(summaries.len(), 10);
    let manifest = partner_desk_import::read_manifest(&fixture("export-folder")).unwrap();
    assert_eq!(manifest.cloud, partner_desk_core::Cloud::Global);
    assert_eq!(manifest.partner_tenant_id, "8f3c1a52-4b7e-4d29-9a61-2c5e7b0d4f18");
}

#[test]
fn a_file_of_the_folder_read_alone_takes_its_customer_from_the_folder_name() {
    let (records, summaries) = read(&format!("export-folder/customers/{TW}/subscriptions.json"));
    assert_eq!(Counts::of(&records), counts(0, 2));
    assert_eq!(summaries[0].coverage, vec![Coverage::CustomerSubscriptions { customer_tenant_id: TW.into() }]);
    let (records, summaries) = read(&format!("export-folder/customers/{JP}/relationships.json"));
    assert_eq!(summaries[0].format, SourceFormat::RestCustomerRelationships);
    assert_eq!(Counts::of(&records), Counts { partners: 1, links: 1, ..Counts::default() });
}

#[test]
fn detection_by_content() {
    use SourceFormat::*;
    let cases = [
        ("rest/customers.json", RestCustomers),
        ("rest/customers-page1.json", RestCustomers),
        ("rest/customer.json", RestCustomer),
        ("rest/subscriptions.json", RestSubscriptions),
        ("rest/subscriptions-no-links.json", RestSubscriptions),
        ("rest/indirect-resellers.json", RestPartnerRelationships),
        ("rest/indirect-providers.json", RestPartnerRelationships),
        ("rest/customer-relationships.json", RestCustomerRelationships),
        ("rest/relationship-request.json", RestRelationshipRequest),
        ("graph/gdap.json", GraphGdap),
        ("graph/gdap-page.json", GraphGdap),
        ("portal/customers.csv", PortalCustomersCsv),
        ("portal/customers-semicolon.csv", PortalCustomersCsv),
        ("portal/customers-bom.csv", PortalCustomersCsv),
        ("portal/customers-utf16le.txt", PortalCustomersCsv),
        ("portal/customers-utf16be.txt", PortalCustomersCsv),
        ("portal/subscriptions.csv", PortalSubscriptionsCsv),
        ("reconciliation/license-based.csv", ReconciliationLicenseCsv),
        ("reconciliation/new-commerce.csv", ReconciliationNewCommerceCsv),
        ("own/partner-desk-export.json", PartnerDeskJson),
        ("export-folder", ExportFolderManifest),
        ("export-folder/manifest.json", ExportFolderManifest),
        ("export-folder/customers.json", RestCustomers),
        ("export-folder/gdap.json", GraphGdap),
    ];
    for (relative, expected) in cases {
        assert_eq!(detect(&fixture(relative)).map_err(|e| e.to_string()), Ok(expected), "{relative}");
    }
}

#[test]
fn the_same_customers_in_every_encoding_and_separator() {
    let (plain, _) = read("portal/customers.csv");
    for variant in [
        "portal/customers-semicolon.csv",
        "portal/customers-bom.csv",
        "portal/customers-utf16le.txt",
        "portal/customers-utf16be.txt",
    ] {
        let (records, summaries) = read(variant);
        assert_eq!(records, plain, "{variant}");
        assert_eq!(summaries[0].format, SourceFormat::PortalCustomersCsv, "{variant}");
    }
}

#[test]
fn names_in_every_script_round_trip_exactly() {
    let (records, _) = read("export-folder");
    let names: Vec<&str> = customers(&records).iter().filter_map(|c| c.company_name.as_deref()).collect();
    for expected in ["株式会社さくら商事", "臺北雲端科技股份有限公司", "ТОО «Северный Ветер»"]
    {
        assert!(names.contains(&expected), "{expected} not in {names:?}");
    }
    // Through JSON and back (what the store's snapshot does), byte for byte.
    let json = serde_json::to_string(&records).unwrap();
    let back: Vec<Record> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, records);
    assert!(json.contains("株式会社さくら商事") && json.contains("臺北雲端") && json.contains("Северный"));
}

#[test]
fn the_summary_hash_is_of_the_raw_bytes() {
    use sha2::{Digest, Sha256};
    let path = fixture("portal/customers-utf16le.txt");
    let (_, summaries) = read("portal/customers-utf16le.txt");
    let bytes = std::fs::read(&path).unwrap();
    let expected: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(summaries[0].sha256, expected);
    assert_eq!(summaries[0].bytes, bytes.len() as u64);
}
