#![no_main]

use libfuzzer_sys::fuzz_target;
use partner_desk_import::fuzzing::{Reader, run_bytes};

fuzz_target!(|data: &[u8]| run_bytes(Reader::Detect, data));
