//! The profile file's schema, as an ordered list of migrations. A file's
//! `PRAGMA user_version` is the number of migrations applied to it.

/// Never edit a released migration: add a new one at the end.
pub const MIGRATIONS: &[&str] =
    &[MIGRATION_1, MIGRATION_2, MIGRATION_3, MIGRATION_4, MIGRATION_5, MIGRATION_6, MIGRATION_7];

pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

const MIGRATION_1: &str = r#"
CREATE TABLE profile (
    singleton      INTEGER PRIMARY KEY CHECK (singleton = 1),
    id             TEXT NOT NULL,
    name           TEXT NOT NULL,
    cloud          TEXT NOT NULL,
    tenant_id      TEXT,
    mpn_id         TEXT,
    role           TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    last_import_at TEXT,
    last_opened_at TEXT
);

-- `source` on every imported entity: the import that wrote it, `demo`, or
-- `manual`. Imports never overwrite manual records.
CREATE TABLE partners (
    id        TEXT PRIMARY KEY,
    tenant_id TEXT,
    mpn_id    TEXT,
    name      TEXT NOT NULL,
    location  TEXT,
    is_self   INTEGER NOT NULL DEFAULT 0,
    source    TEXT NOT NULL
);
CREATE INDEX partners_mpn ON partners (mpn_id);

CREATE TABLE customers (
    tenant_id              TEXT PRIMARY KEY,
    commerce_id            TEXT,
    company_name           TEXT NOT NULL,
    primary_domain         TEXT,
    custom_domains         TEXT NOT NULL DEFAULT '[]',
    country                TEXT,
    relationship           TEXT NOT NULL,
    allow_delegated_access INTEGER,
    indirect_reseller_id   TEXT,
    tags                   TEXT NOT NULL DEFAULT '[]',
    source                 TEXT NOT NULL
);
CREATE INDEX customers_name ON customers (company_name COLLATE NOCASE);

CREATE TABLE customer_partner_links (
    id                 INTEGER PRIMARY KEY,
    customer_tenant_id TEXT NOT NULL REFERENCES customers (tenant_id) ON DELETE CASCADE,
    partner_id         TEXT NOT NULL REFERENCES partners (id),
    kind               TEXT NOT NULL,
    scope              TEXT,
    source             TEXT NOT NULL,
    start_date         TEXT,
    end_date           TEXT
);
CREATE UNIQUE INDEX links_identity
    ON customer_partner_links (customer_tenant_id, partner_id, kind, COALESCE(scope, ''));
CREATE INDEX links_partner ON customer_partner_links (partner_id);

CREATE TABLE partner_relationships (
    partner_id        TEXT NOT NULL REFERENCES partners (id),
    relationship_type TEXT NOT NULL,
    state             TEXT,
    source            TEXT NOT NULL,
    PRIMARY KEY (partner_id, relationship_type)
);

CREATE TABLE subscriptions (
    id                     TEXT PRIMARY KEY,
    customer_tenant_id     TEXT NOT NULL REFERENCES customers (tenant_id) ON DELETE CASCADE,
    offer_id               TEXT,
    offer_name             TEXT NOT NULL,
    friendly_name          TEXT,
    quantity               INTEGER NOT NULL,
    unit_type              TEXT,
    status                 TEXT NOT NULL,
    billing_type           TEXT NOT NULL,
    contract_type          TEXT,
    auto_renew             INTEGER,
    creation_date          TEXT,
    effective_start        TEXT,
    commitment_end         TEXT,
    term_duration          TEXT,
    billing_cycle          TEXT,
    partner_of_record      TEXT,
    parent_subscription_id TEXT,
    order_id               TEXT,
    is_trial               INTEGER NOT NULL DEFAULT 0,
    channel                TEXT NOT NULL,
    source                 TEXT NOT NULL
);
CREATE INDEX subscriptions_customer ON subscriptions (customer_tenant_id);

-- No foreign key on the customer: Graph may omit it, or name a customer the
-- profile has not imported yet.
CREATE TABLE gdap_relationships (
    id                   TEXT PRIMARY KEY,
    display_name         TEXT NOT NULL,
    customer_tenant_id   TEXT,
    customer_name        TEXT,
    status               TEXT NOT NULL,
    duration             TEXT NOT NULL,
    auto_extend_duration TEXT NOT NULL,
    created_at           TEXT,
    activated_at         TEXT,
    end_at               TEXT,
    roles                TEXT NOT NULL DEFAULT '[]',
    source               TEXT NOT NULL
);
CREATE INDEX gdap_customer ON gdap_relationships (customer_tenant_id);

CREATE TABLE relationship_requests (
    id                   INTEGER PRIMARY KEY,
    url                  TEXT NOT NULL,
    with_delegated_admin INTEGER NOT NULL,
    created_at           TEXT,
    sent_at              TEXT,
    accepted_at          TEXT
);

-- One row per import (or demo fill): what it wrote, for history and diff.
CREATE TABLE snapshots (
    id         INTEGER PRIMARY KEY,
    created_at TEXT NOT NULL,
    kind       TEXT NOT NULL,
    summary    TEXT NOT NULL
);

CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id TEXT,
    before    TEXT,
    after     TEXT
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"#;

/// Snapshots record their source files, and every change an import or a demo
/// fill makes is logged per record, so the state at any snapshot can be
/// rebuilt and two snapshots compared.
const MIGRATION_2: &str = r#"
CREATE TABLE snapshot_files (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots (id),
    path        TEXT NOT NULL,
    format      TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    bytes       INTEGER NOT NULL,
    records     INTEGER NOT NULL
);
CREATE INDEX snapshot_files_snapshot ON snapshot_files (snapshot_id);

-- One row per record version: `data` is the record as JSON after the
-- snapshot, NULL when the snapshot removed it.
CREATE TABLE history (
    entity      TEXT NOT NULL,
    key         TEXT NOT NULL,
    snapshot_id INTEGER NOT NULL,
    data        TEXT,
    PRIMARY KEY (entity, key, snapshot_id)
) WITHOUT ROWID;
CREATE INDEX history_snapshot ON history (snapshot_id);
"#;

/// Local work that imports never touch: workflows (MC-3 to MC-5) with their
/// steps, relationship requests tied to a customer and a language, and notes.
const MIGRATION_3: &str = r#"
CREATE TABLE workflows (
    id                 INTEGER PRIMARY KEY,
    rule               TEXT NOT NULL,
    action             TEXT NOT NULL,
    customer_tenant_id TEXT NOT NULL,
    subscription_id    TEXT NOT NULL,
    option             TEXT,
    due_date           TEXT,
    created_at         TEXT NOT NULL,
    closed_at          TEXT
);
CREATE INDEX workflows_customer ON workflows (customer_tenant_id);

CREATE TABLE workflow_steps (
    workflow_id INTEGER NOT NULL REFERENCES workflows (id),
    position    INTEGER NOT NULL,
    key         TEXT NOT NULL,
    params      TEXT NOT NULL,
    message     TEXT NOT NULL,
    done_at     TEXT,
    note        TEXT,
    PRIMARY KEY (workflow_id, position)
) WITHOUT ROWID;

ALTER TABLE relationship_requests ADD COLUMN customer_tenant_id TEXT;
ALTER TABLE relationship_requests ADD COLUMN language TEXT;

CREATE TABLE customer_notes (
    customer_tenant_id TEXT PRIMARY KEY,
    note               TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);

CREATE INDEX customers_reseller ON customers (indirect_reseller_id);
"#;

/// The customer list's default order with the search's columns: a page deep
/// in the list and a search of one or two characters (a scan) read this
/// index alone, not every customer's row.
///
/// A trigram index over what the customer search matches (name, domain,
/// tenant id, reseller), so a search of three or more characters reads the
/// customers that contain it instead of every customer. It holds no text of
/// its own (`content='customers'`) and follows the customers' rowids, kept
/// in step by triggers, whoever writes the table. Rowids of a table without
/// an INTEGER PRIMARY KEY may change on VACUUM: whatever vacuums a profile
/// must then run `INSERT INTO customer_search(customer_search) VALUES ('rebuild')`.
const MIGRATION_4: &str = r#"
CREATE INDEX customers_list ON customers (company_name COLLATE NOCASE, tenant_id, primary_domain, indirect_reseller_id);
CREATE VIRTUAL TABLE customer_search USING fts5(
    company_name, primary_domain, tenant_id, indirect_reseller_id,
    content = 'customers', content_rowid = 'rowid', tokenize = 'trigram'
);
INSERT INTO customer_search (customer_search) VALUES ('rebuild');
CREATE TRIGGER customers_search_insert AFTER INSERT ON customers BEGIN
    INSERT INTO customer_search (rowid, company_name, primary_domain, tenant_id, indirect_reseller_id)
    VALUES (new.rowid, new.company_name, new.primary_domain, new.tenant_id, new.indirect_reseller_id);
END;
CREATE TRIGGER customers_search_delete AFTER DELETE ON customers BEGIN
    INSERT INTO customer_search (customer_search, rowid, company_name, primary_domain, tenant_id, indirect_reseller_id)
    VALUES ('delete', old.rowid, old.company_name, old.primary_domain, old.tenant_id, old.indirect_reseller_id);
END;
CREATE TRIGGER customers_search_update
AFTER UPDATE OF company_name, primary_domain, tenant_id, indirect_reseller_id ON customers
WHEN old.company_name IS NOT new.company_name OR old.primary_domain IS NOT new.primary_domain
  OR old.tenant_id IS NOT new.tenant_id OR old.indirect_reseller_id IS NOT new.indirect_reseller_id
BEGIN
    INSERT INTO customer_search (customer_search, rowid, company_name, primary_domain, tenant_id, indirect_reseller_id)
    VALUES ('delete', old.rowid, old.company_name, old.primary_domain, old.tenant_id, old.indirect_reseller_id);
    INSERT INTO customer_search (rowid, company_name, primary_domain, tenant_id, indirect_reseller_id)
    VALUES (new.rowid, new.company_name, new.primary_domain, new.tenant_id, new.indirect_reseller_id);
END;
"#;

/// Local tags, kept across imports: an import writes the portal's tags into
/// `customers.tags`; here `added` 1 is a tag the user put on the customer and
/// 0 an imported tag the user took off. What shows is the imported tags
/// without those taken off, then the added ones (`crate::tags`).
///
/// A customer's subscriptions and GDAP relationships are keyed in `history`
/// by their own ids: the index finds every version that named the customer,
/// removed records included, for the customer's history across snapshots.
const MIGRATION_5: &str = r#"
CREATE TABLE customer_tag_edits (
    customer_tenant_id TEXT NOT NULL,
    tag                TEXT NOT NULL,
    added              INTEGER NOT NULL CHECK (added IN (0, 1)),
    updated_at         TEXT NOT NULL,
    PRIMARY KEY (customer_tenant_id, tag)
) WITHOUT ROWID;
CREATE INDEX customer_tag_edits_tag ON customer_tag_edits (tag, added);

CREATE INDEX history_customer ON history (json_extract(data, '$.customer_tenant_id'))
    WHERE data IS NOT NULL AND entity IN ('subscription', 'gdap');
"#;

/// The customer list at distributor scale, and findings kept per customer.
///
/// - One index per sort the list offers, each way, in the sort's own order
///   (NULLs last both ways, hence the `IS NULL` terms): a page walks an index
///   instead of sorting every match. The name's is `customers_list`, walked
///   backwards for the descending sort.
/// - Subscriptions by customer and channel: the channel filter reads the index.
/// - Each customer's findings as of `computed_for`, holding until
///   `valid_until` (NULL: no date can change them), and those of GDAP
///   relationships tied to no customer; kept by the store
///   (crates/store/src/findings.rs). `kept_findings_state.complete` is 0 until
///   they have been computed for every customer once: this migration cannot
///   run the rules, so the first read after it computes them.
const MIGRATION_6: &str = r#"
CREATE INDEX customers_by_domain ON customers
    (primary_domain IS NULL, primary_domain COLLATE NOCASE, tenant_id);
CREATE INDEX customers_by_domain_desc ON customers
    (primary_domain IS NULL, primary_domain COLLATE NOCASE DESC, tenant_id DESC);
CREATE INDEX customers_by_country ON customers
    (country IS NULL, country, company_name COLLATE NOCASE, tenant_id);
CREATE INDEX customers_by_country_desc ON customers
    (country IS NULL, country DESC, company_name COLLATE NOCASE, tenant_id);
CREATE INDEX customers_by_relationship ON customers
    (relationship, company_name COLLATE NOCASE, tenant_id);
CREATE INDEX customers_by_relationship_desc ON customers
    (relationship DESC, company_name COLLATE NOCASE, tenant_id);
CREATE INDEX customers_by_reseller ON customers
    (indirect_reseller_id IS NULL, indirect_reseller_id, company_name COLLATE NOCASE, tenant_id);
CREATE INDEX customers_by_reseller_desc ON customers
    (indirect_reseller_id IS NULL, indirect_reseller_id DESC, company_name COLLATE NOCASE, tenant_id);

DROP INDEX subscriptions_customer;
CREATE INDEX subscriptions_customer_channel ON subscriptions (customer_tenant_id, channel);

CREATE TABLE customer_findings (
    tenant_id     TEXT PRIMARY KEY,
    finding_count INTEGER NOT NULL,
    findings      TEXT NOT NULL,
    computed_for  TEXT NOT NULL,
    valid_until   TEXT
) WITHOUT ROWID;
CREATE INDEX customer_findings_until ON customer_findings (valid_until) WHERE valid_until IS NOT NULL;
CREATE INDEX customer_findings_for ON customer_findings (computed_for);

CREATE TABLE gdap_findings (
    gdap_id       TEXT PRIMARY KEY,
    finding_count INTEGER NOT NULL,
    findings      TEXT NOT NULL,
    computed_for  TEXT NOT NULL,
    valid_until   TEXT
) WITHOUT ROWID;
CREATE INDEX gdap_findings_until ON gdap_findings (valid_until) WHERE valid_until IS NOT NULL;
CREATE INDEX gdap_findings_for ON gdap_findings (computed_for);

CREATE TABLE kept_findings_state (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    complete  INTEGER NOT NULL
);
INSERT INTO kept_findings_state (singleton, complete) VALUES (1, 0);
"#;

/// Kept findings one row each, in the order the findings over the profile
/// are read (most severe first, then the earliest date, undated last, then
/// by customer or GDAP relationship and the order the rules gave within it),
/// so a read walks the table instead of parsing a JSON array per customer
/// and sorting. `due` is the day number from the common era's first day (0
/// when `undated`); `owner_kind` 0 is a customer (`owner` its tenant id), 1
/// a GDAP relationship tied to no customer (`owner` its id); `params` is the
/// store's compact form of the finding's params (crates/store/src/findings.rs).
/// The sentence, key and rule follow from the kind and are not kept.
///
/// The per-customer and per-relationship rows keep their count and the days
/// they hold; their JSON goes. The rows are computed again on the first read.
const MIGRATION_7: &str = r#"
DELETE FROM customer_findings;
DELETE FROM gdap_findings;
UPDATE kept_findings_state SET complete = 0;
ALTER TABLE customer_findings DROP COLUMN findings;
ALTER TABLE gdap_findings DROP COLUMN findings;

CREATE TABLE kept_findings (
    severity           INTEGER NOT NULL,
    undated            INTEGER NOT NULL,
    due                INTEGER NOT NULL,
    owner_kind         INTEGER NOT NULL,
    owner              TEXT NOT NULL,
    seq                INTEGER NOT NULL,
    kind               TEXT NOT NULL,
    customer_tenant_id TEXT,
    subscription_id    TEXT,
    gdap_id            TEXT,
    params             BLOB NOT NULL,
    PRIMARY KEY (severity DESC, undated, due, owner_kind, owner, seq)
) WITHOUT ROWID;
CREATE INDEX kept_findings_owner ON kept_findings (owner_kind, owner);
"#;
