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
    /// List a profile's customers, sorted by name.
    Customers {
        #[arg(long)]
        profile: String,
        /// Part of a name, domain or tenant id, in any script.
        #[arg(long)]
        search: Option<String>,
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
