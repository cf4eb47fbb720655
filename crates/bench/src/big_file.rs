//! The 1 GiB file: a Partner Desk export written by one process and imported
//! by another, so the import's peak memory is its own.

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::time::Instant;

use chrono::{NaiveDate, Utc};
use partner_desk_core::demo::{Demo, DemoOptions};
use partner_desk_core::{Cloud, PartnerRole, ProfileSpec};
use partner_desk_import::ReadOptions;
use partner_desk_store::Profiles;

use crate::{Counted, io, option, peak_rss_mib};

/// Streams arrays of the export format by hand, so the writer's memory stays
/// flat however many customers it writes.
pub fn make_export(args: &[String]) -> Result<(), String> {
    let path = PathBuf::from(args.first().ok_or("make-export needs a FILE")?);
    let megabytes: u64 =
        option(args, "--megabytes").unwrap_or_else(|| "1024".into()).parse().map_err(io("--megabytes"))?;
    let seed: u64 = option(args, "--seed").unwrap_or_else(|| "1".into()).parse().map_err(io("--seed"))?;
    let target = megabytes * 1024 * 1024;
    // Enough customers that the file passes the target; the loop stops there.
    let demo = Demo::new(DemoOptions {
        cloud: Cloud::Global,
        role: PartnerRole::Dual,
        own_tenant_id: None,
        own_mpn_id: Some("1234567".into()),
        customers: (target / 1500) as usize + 1_000,
        seed,
        today: NaiveDate::from_ymd_opt(2026, 11, 21).unwrap_or_default(),
    });
    let file = std::fs::File::create(&path).map_err(io("creating the file"))?;
    let mut out = Counting { inner: BufWriter::with_capacity(1 << 20, file), written: 0 };
    let network = demo.network();
    let partners: Vec<_> = std::iter::once(network.own.clone()).chain(network.partners.iter().cloned()).collect();
    let json = |value: &dyn erased::Json| value.to_json();
    write!(
        out,
        "{{\n\"format\": \"partner-desk-export\",\n\"version\": 1,\n\"complete\": true,\n\"partners\": {}",
        json(&partners)
    )
    .map_err(io("writing"))?;
    write!(out, ",\n\"partner_relationships\": {}", json(&network.partner_relationships)).map_err(io("writing"))?;
    // Customers first, then what hangs off them (the reader's order): the
    // other arrays go to side files while customers stream, then are appended.
    let parts_dir = path.with_extension("parts");
    std::fs::create_dir_all(&parts_dir).map_err(io("creating the parts folder"))?;
    let names = ["links", "subscriptions", "gdap"];
    let mut parts = Vec::new();
    for name in names {
        let f = std::fs::File::create(parts_dir.join(name)).map_err(io("creating a part"))?;
        parts.push(Counting { inner: BufWriter::with_capacity(1 << 20, f), written: 0 });
    }
    write!(out, ",\n\"customers\": [\n").map_err(io("writing"))?;
    let mut customers = 0u64;
    for bundle in demo.customers() {
        let total = out.written + parts.iter().map(|p| p.written).sum::<u64>();
        if total >= target {
            break;
        }
        let separator = if customers > 0 { ",\n" } else { "" };
        write!(out, "{separator}{}", json(&bundle.customer)).map_err(io("writing"))?;
        customers += 1;
        let items: [Vec<String>; 3] = [
            bundle.links.iter().map(|x| json(x)).collect(),
            bundle.subscriptions.iter().map(|x| json(x)).collect(),
            bundle.gdap.iter().map(|x| json(x)).collect(),
        ];
        for (part, list) in parts.iter_mut().zip(items) {
            for item in list {
                let separator = if part.written > 0 { ",\n" } else { "" };
                write!(part, "{separator}{item}").map_err(io("writing a part"))?;
            }
        }
    }
    for mut part in parts {
        part.flush().map_err(io("flushing a part"))?;
    }
    for name in names {
        write!(out, "\n],\n\"{name}\": [\n").map_err(io("writing"))?;
        let mut reader = std::fs::File::open(parts_dir.join(name)).map_err(io("reading a part"))?;
        std::io::copy(&mut reader, &mut out).map_err(io("copying a part"))?;
    }
    write!(out, "\n],\n\"relationship_requests\": []\n}}\n").map_err(io("writing"))?;
    out.flush().map_err(io("flushing"))?;
    let _ = std::fs::remove_dir_all(&parts_dir);
    let written = out.written;
    println!("{}", serde_json::json!({ "file": path.display().to_string(), "bytes": written, "customers": customers }));
    Ok(())
}

pub fn import(args: &[String]) -> Result<(), String> {
    let path = PathBuf::from(args.first().ok_or("import needs a FILE")?);
    let data_dir = match option(args, "--data-dir") {
        Some(dir) => PathBuf::from(dir),
        None => std::env::temp_dir().join(format!("partner-desk-bench-{}", std::process::id())),
    };
    let profiles = Profiles::new(&data_dir);
    let spec =
        ProfileSpec::from_input("bench", "global", None, Some("1234567"), Some("dual")).map_err(io("profile"))?;
    let profile = profiles.create(&spec, Utc::now()).map_err(io("creating the profile"))?;
    let mut db = profiles.open(&profile.id).map_err(io("opening the profile"))?;
    let bytes = std::fs::metadata(&path).map_err(io("reading the file size"))?.len();
    let started = Instant::now();
    let mut session = db.begin_import(Utc::now()).map_err(io("starting the import"))?;
    let bulk = session.writes_in_bulk();
    let mut counted = Counted { inner: &mut session, records: 0 };
    partner_desk_import::read_into(std::slice::from_ref(&path), &mut ReadOptions::default(), &mut counted)
        .map_err(io("reading"))?;
    let records = counted.records;
    let read_done = started.elapsed();
    let summary = session.finish().map_err(io("finishing the import"))?;
    let elapsed = started.elapsed();
    let report = serde_json::json!({
        "file_bytes": bytes,
        "records": records,
        "seconds": elapsed.as_secs_f64(),
        "read_and_write_seconds": read_done.as_secs_f64(),
        "records_per_second": records as f64 / elapsed.as_secs_f64(),
        "megabytes_per_second": bytes as f64 / 1_048_576.0 / elapsed.as_secs_f64(),
        "peak_rss_mib": peak_rss_mib(),
        "written_in_bulk": bulk,
        "counts": summary.counts,
    });
    println!("{report}");
    if option(args, "--data-dir").is_none() {
        let _ = std::fs::remove_dir_all(&data_dir);
    }
    Ok(())
}

/// Counts what passes through, so the writer knows when the file is big enough.
struct Counting<W: Write> {
    inner: W,
    written: u64,
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.written += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

mod erased {
    /// Any serialisable value as one line of JSON.
    pub trait Json {
        fn to_json(&self) -> String;
    }
    impl<T: serde::Serialize> Json for T {
        fn to_json(&self) -> String {
            serde_json::to_string(self).unwrap_or_else(|_| "null".into())
        }
    }
}
