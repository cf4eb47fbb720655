//! A page deep in the whole customer list (no search, no filter, by name)
//! starts from a mark kept every thousand customers instead of walking the
//! list up to it: it must give the same rows as the list walked whole, both
//! ways, and follow a change.

mod common;

use common::{indirect_provider_profile, today};
use partner_desk_store::{CustomerQuery, CustomerSort, ProfileDb};

fn add_customers(db: &ProfileDb, from: u32, to: u32) {
    let conn = rusqlite::Connection::open(db.path()).unwrap();
    let tx = conn.unchecked_transaction().unwrap();
    for n in from..to {
        // Names that tie, differ only in case, and sort apart from their tenant ids.
        let name = match n % 4 {
            0 => format!("Contoso {}", n % 97),
            1 => format!("contoso {}", n % 97),
            2 => format!("Fabrikam {n}"),
            _ => "Northwind".to_string(),
        };
        tx.execute(
            "INSERT INTO customers (tenant_id, company_name, relationship, source) VALUES (?1, ?2, 'active', 'test')",
            rusqlite::params![format!("{:08x}-0000", n.wrapping_mul(2_654_435_761)), name],
        )
        .unwrap();
    }
    tx.commit().unwrap();
}

fn every_tenant(db: &ProfileDb, descending: bool) -> Vec<String> {
    let query = CustomerQuery { sort: CustomerSort::Name, descending, limit: 1, offset: 0, ..Default::default() };
    let mut all = Vec::new();
    db.for_each_customer_row(&query, today(), |row| {
        all.push(row.tenant_id);
        Ok(())
    })
    .unwrap();
    all
}

fn page(db: &ProfileDb, descending: bool, offset: u32, limit: u32) -> Vec<String> {
    let query = CustomerQuery { sort: CustomerSort::Name, descending, limit, offset, ..Default::default() };
    db.customers(&query, today()).unwrap().items.into_iter().map(|row| row.tenant_id).collect()
}

fn check_pages(db: &ProfileDb) {
    for descending in [false, true] {
        let all = every_tenant(db, descending);
        for (offset, limit) in
            [(0, 200), (999, 200), (1_000, 200), (1_001, 3), (1_950, 200), (2_399, 200), (2_599, 200)]
        {
            let start = (offset as usize).min(all.len());
            let end = (start + limit as usize).min(all.len());
            assert_eq!(
                page(db, descending, offset, limit),
                all[start..end],
                "descending {descending}, offset {offset}"
            );
        }
        assert!(page(db, descending, 5_000, 200).is_empty());
    }
}

#[test]
fn deep_pages_of_the_whole_list_equal_the_list_walked_whole() {
    let (_dir, db) = indirect_provider_profile();
    add_customers(&db, 0, 2_500);
    check_pages(&db);
    // A commit by another connection moves the marks.
    add_customers(&db, 2_500, 2_650);
    check_pages(&db);
}
