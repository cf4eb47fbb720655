use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// Partner Desk without a window: profiles, demo data and customers, with
/// stable `--json` output (see docs/cli.md).
#[derive(Debug, Parser)]
#[command(name = "partner-desk-cli", version)]
pub struct Cli {
    /// Where profiles live; defaults to $PARTNER_DESK_DATA_DIR, then the platform's app data dir.
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Print JSON instead of text (errors too, on stderr).
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create, list, rename and delete profiles.
    Profiles {
        #[command(subcommand)]
        command: ProfilesCommand,
    },
    /// Fill a profile with deterministic synthetic data for its cloud.
    Demo {
        /// Profile id or exact name.
        #[arg(long)]
        profile: String,
        #[arg(long, default_value_t = 300)]
        customers: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Lay dates out around this day (YYYY-MM-DD); defaults to today.
        #[arg(long)]
        today: Option<String>,
    },
    /// Read Partner Center exports (files or an export folder) into a profile, as one snapshot.
    Import {
        #[arg(long)]
        profile: String,
        /// The customer a subscription file is about, when the file does not say.
        #[arg(long)]
        customer: Option<String>,
        /// Validate only: list every problem, write nothing.
        #[arg(long)]
        check: bool,
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// List a profile's snapshots (imports and demo fills).
    Snapshots {
        #[arg(long)]
        profile: String,
    },
    /// What changed between two snapshots (B defaults to the latest).
    Diff {
        #[arg(long)]
        profile: String,
        from: i64,
        to: Option<i64>,
    },
    /// Write customers, subscriptions, partner links or GDAP relationships to a file.
    Export {
        #[arg(long)]
        profile: String,
        /// customers, subscriptions, links, gdap, findings, or all (JSON only).
        #[arg(long)]
        what: String,
        /// csv, json or xlsx.
        #[arg(long)]
        format: String,
        #[arg(long)]
        out: PathBuf,
        /// Only customers matching this text (and what hangs off them).
        #[arg(long)]
        search: Option<String>,
        /// Date findings as of this day (YYYY-MM-DD); defaults to today.
        #[arg(long)]
        today: Option<String>,
    },
    /// Partners entered by hand.
    Partner {
        #[command(subcommand)]
        command: PartnerCommand,
    },
    /// Customer–partner links entered by hand (the multi-partner view).
    Link {
        #[command(subcommand)]
        command: LinkCommand,
    },
    /// Subscriptions bought through other channels, entered by hand (MC-4).
    Subscription {
        #[command(subcommand)]
        command: SubscriptionCommand,
    },
    /// The log of local changes, newest first.
    Audit {
        #[arg(long)]
        profile: String,
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
    /// One customer: its partners (ours and others), subscriptions by channel, and what we may do.
    Customer {
        #[command(subcommand)]
        command: CustomerCommand,
    },
    /// What needs attention across the profile.
    Findings {
        #[arg(long)]
        profile: String,
        /// Evaluate as of this day (YYYY-MM-DD); defaults to today.
        #[arg(long)]
        today: Option<String>,
    },
    /// Copies of a profile kept before imports and migrations, or on request.
    Backup {
        #[command(subcommand)]
        command: BackupCommand,
    },
    /// List a profile's customers, sorted by name.
    Customers {
        #[arg(long)]
        profile: String,
        /// Part of a name, domain or tenant id, in any script.
        #[arg(long)]
        search: Option<String>,
        /// A relationship word: active, inactive, …
        #[arg(long)]
        relationship: Option<String>,
        /// Customers linked to this partner id in any way.
        #[arg(long)]
        partner: Option<String>,
        /// The indirect reseller's MPN id.
        #[arg(long)]
        reseller: Option<String>,
        /// Customers with a subscription in this channel.
        #[arg(long)]
        channel: Option<String>,
        #[arg(long)]
        tag: Option<String>,
        /// Only customers with findings (true) or without (false), as of today.
        #[arg(long)]
        has_findings: Option<bool>,
        /// name, domain, tenant_id, country, relationship, reseller, partners, subscriptions
        #[arg(long, default_value = "name")]
        sort: String,
        #[arg(long)]
        descending: bool,
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[arg(long, default_value_t = 0)]
        offset: u32,
    },
}

#[derive(Debug, Subcommand)]
pub enum ProfilesCommand {
    List,
    /// Create a profile and print its id.
    Create {
        #[arg(long)]
        name: String,
        /// global, us-gov, germany or china.
        #[arg(long)]
        cloud: String,
        /// The partner's own tenant id (a GUID).
        #[arg(long)]
        tenant_id: Option<String>,
        /// The partner's MPN id (digits).
        #[arg(long)]
        mpn_id: Option<String>,
        /// direct (default), indirect-provider, indirect-reseller or dual.
        #[arg(long)]
        role: Option<String>,
    },
    /// Rename a profile (PROFILE is its id or exact name).
    Rename {
        profile: String,
        name: String,
    },
    /// Delete a profile; its file is kept under <data dir>/deleted/.
    Delete {
        profile: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum BackupCommand {
    /// A profile's backups, newest first (PROFILE is its id or exact name).
    List { profile: String },
    /// Take a backup now.
    Create { profile: String },
    /// Replace the profile with one of its backups; the current file is kept as a backup first.
    Restore { profile: String, backup: String },
}

#[derive(Debug, Subcommand)]
pub enum PartnerCommand {
    Add {
        #[arg(long)]
        profile: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        tenant_id: Option<String>,
        #[arg(long)]
        mpn_id: Option<String>,
        #[arg(long)]
        location: Option<String>,
    },
    Edit {
        #[arg(long)]
        profile: String,
        id: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        location: Option<String>,
    },
    Remove {
        #[arg(long)]
        profile: String,
        id: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum LinkCommand {
    Add {
        #[arg(long)]
        profile: String,
        /// The customer's tenant id.
        #[arg(long)]
        customer: String,
        /// The partner's id (its tenant id, or mpn:ID).
        #[arg(long)]
        partner: String,
        /// reseller, indirect-reseller, indirect-provider, dap, gdap, advisor, syndication, pal, dpor, support.
        #[arg(long)]
        kind: String,
        /// What the partner covers, e.g. "Azure" or "Office 365".
        #[arg(long)]
        scope: Option<String>,
    },
    Remove {
        #[arg(long)]
        profile: String,
        #[arg(long)]
        customer: String,
        #[arg(long)]
        partner: String,
        #[arg(long)]
        kind: String,
        #[arg(long)]
        scope: Option<String>,
    },
}

#[derive(Debug, clap::Args)]
pub struct SubscriptionFields {
    #[arg(long)]
    pub offer_name: Option<String>,
    /// license or usage.
    #[arg(long)]
    pub billing: Option<String>,
    /// csp, microsoft-direct, advisor, open, ea, third-party, syndication.
    #[arg(long)]
    pub channel: Option<String>,
    #[arg(long)]
    pub quantity: Option<i64>,
    /// YYYY-MM-DD.
    #[arg(long)]
    pub commitment_end: Option<String>,
    /// MPN id of the reseller of record.
    #[arg(long)]
    pub partner_of_record: Option<String>,
    #[arg(long)]
    pub status: Option<String>,
    #[arg(long)]
    pub auto_renew: Option<bool>,
}

#[derive(Debug, Subcommand)]
pub enum SubscriptionCommand {
    Add {
        #[arg(long)]
        profile: String,
        #[arg(long)]
        customer: String,
        #[command(flatten)]
        fields: SubscriptionFields,
    },
    Edit {
        #[arg(long)]
        profile: String,
        id: String,
        #[command(flatten)]
        fields: SubscriptionFields,
    },
    Remove {
        #[arg(long)]
        profile: String,
        id: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum CustomerCommand {
    /// CUSTOMER is a tenant id, an exact company name or a primary domain.
    Show {
        #[arg(long)]
        profile: String,
        customer: String,
        /// Evaluate as of this day (YYYY-MM-DD); defaults to today.
        #[arg(long)]
        today: Option<String>,
    },
    /// What each snapshot changed about the customer, newest first.
    History {
        #[arg(long)]
        profile: String,
        customer: String,
    },
    /// Show the customer's tags, or replace them (imported ones included; kept across imports).
    Tags {
        #[arg(long)]
        profile: String,
        customer: String,
        /// The tags to keep, repeated (`--set vip --set "renewal Q1"`).
        #[arg(long = "set", value_name = "TAG", conflicts_with = "clear")]
        set: Vec<String>,
        /// Take every tag off.
        #[arg(long)]
        clear: bool,
    },
    /// Show the customer's local note, or replace it (an empty text removes it).
    Note {
        #[arg(long)]
        profile: String,
        customer: String,
        #[arg(long = "set", value_name = "TEXT")]
        set: Option<String>,
    },
}
