//! `partner-desk-cli`: the app's features without a window.

mod args;
mod customer;
mod data;
mod output;
mod records;

use std::process::ExitCode;

use args::{BackupCommand, Cli, Command, ProfilesCommand};
use chrono::{NaiveDate, Utc};
use clap::Parser;
use output::{Failure, Output};
use partner_desk_core::ProfileSpec;
use partner_desk_store::{CustomerFilter, CustomerQuery, Profiles, data_dir};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let out = Output { json: cli.json };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            out.error(&failure);
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli) -> Result<(), Failure> {
    let out = Output { json: cli.json };
    let dir = data_dir::resolve(cli.data_dir).map_err(|message| Failure::new("data_dir", message))?;
    let profiles = Profiles::new(dir);
    match cli.command {
        Command::Profiles { command } => match command {
            ProfilesCommand::List => out.profile_list(&profiles.list()?),
            ProfilesCommand::Create { name, cloud, tenant_id, mpn_id, role } => {
                let spec =
                    ProfileSpec::from_input(&name, &cloud, tenant_id.as_deref(), mpn_id.as_deref(), role.as_deref())?;
                out.created(&profiles.create(&spec, Utc::now())?)
            }
            ProfilesCommand::Rename { profile, name } => out.profile(&profiles.rename(&profile, &name)?),
            ProfilesCommand::Delete { profile } => out.deleted(&profiles.delete(&profile, Utc::now())?),
        },
        Command::Demo { profile, customers, seed, today } => {
            let today = parse_today(today.as_deref())?;
            let mut db = profiles.open(&profile)?;
            let counts = db.fill_demo(customers, seed, today, Utc::now())?;
            out.demo(&counts)
        }
        Command::Import { profile, customer, check, paths } => {
            data::import(&out, &profiles, &profile, customer, check, &paths)
        }
        Command::Snapshots { profile } => data::snapshots(&out, &profiles, &profile),
        Command::Diff { profile, from, to } => data::diff(&out, &profiles, &profile, from, to),
        Command::Export { profile, what, format, out: path, search, today } => {
            let today = parse_today(today.as_deref())?;
            let request = data::ExportRequest {
                profile: &profile,
                what: &what,
                format: &format,
                path: &path,
                search: search.as_deref(),
                today,
            };
            data::export(&out, &profiles, request)
        }
        Command::Partner { command } => records::partner(&out, &profiles, command),
        Command::Link { command } => records::link(&out, &profiles, command),
        Command::Subscription { command } => records::subscription(&out, &profiles, command),
        Command::Audit { profile, limit } => records::audit(&out, &profiles, &profile, limit),
        Command::Customer { command } => match command {
            args::CustomerCommand::Show { profile, customer, today } => {
                let today = parse_today(today.as_deref())?;
                customer::show(&out, &profiles, &profile, &customer, today)
            }
            args::CustomerCommand::History { profile, customer } => {
                customer::history(&out, &profiles, &profile, &customer)
            }
            args::CustomerCommand::Tags { profile, customer, set, clear } => {
                let replace = (clear || !set.is_empty()).then_some(set);
                customer::tags(&out, &profiles, &profile, &customer, replace)
            }
            args::CustomerCommand::Note { profile, customer, set } => {
                customer::note(&out, &profiles, &profile, &customer, set)
            }
        },
        Command::Findings { profile, today } => {
            let today = parse_today(today.as_deref())?;
            customer::findings(&out, &profiles, &profile, today)
        }
        Command::Backup { command } => match command {
            BackupCommand::List { profile } => out.backups(&profiles.backups(&profile)?),
            BackupCommand::Create { profile } => out.backup(&profiles.create_backup(&profile, Utc::now())?),
            BackupCommand::Restore { profile, backup } => {
                out.restored(&profiles.restore_backup(&profile, &backup, Utc::now())?)
            }
        },
        Command::Customers {
            profile,
            search,
            relationship,
            partner,
            reseller,
            channel,
            tag,
            has_findings,
            sort,
            descending,
            limit,
            offset,
        } => {
            let sort = serde_json::from_value(serde_json::Value::String(sort.clone()))
                .map_err(|_| Failure::new("invalid_input", format!("--sort: unknown column {sort:?}")))?;
            let query = CustomerQuery {
                filter: CustomerFilter {
                    search,
                    relationship,
                    partner,
                    reseller,
                    channel,
                    tag,
                    has_findings,
                    ..Default::default()
                },
                sort,
                descending,
                limit,
                offset,
            };
            let db = profiles.open(&profile)?;
            out.customers(&db.customers(&query, Utc::now().date_naive())?)
        }
    }
}

fn parse_today(text: Option<&str>) -> Result<NaiveDate, Failure> {
    match text {
        None => Ok(Utc::now().date_naive()),
        Some(text) => Ok(partner_desk_core::ids::parse_date("--today", text)?),
    }
}
