//! Turning a file's bytes into UTF-8 text, a piece at a time.
//!
//! Partner Center and Excel write UTF-8 with or without a byte order mark, and
//! Excel's "Unicode text" is UTF-16 with one. Everything downstream (serde_json,
//! the csv crate) wants UTF-8, so UTF-16 is transcoded on the fly: a 1 GB file
//! is never held in memory. The same layers count raw bytes (progress), hash
//! them (the summary's SHA-256), watch the cancel flag, and meter how much text
//! one record may take, so an unclosed quote or a giant JSON value fails with
//! a clear message instead of eating memory.

use std::cell::{Cell, RefCell};
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};

use sha2::{Digest, Sha256};

use crate::error::{ErrorKind, ImportError, Position};

/// The longest single CSV field or JSON string accepted.
pub(crate) const FIELD_CAP: usize = 1 << 20;
/// The most text one record (a CSV record, a JSON array element, or a file's
/// top-level fields together) may take. Far above any real record, far below
/// what would hurt.
pub(crate) const RECORD_CAP: u64 = 8 << 20;
const RAW_BUFFER: usize = 64 << 10;

/// Why reading stopped from below the parser. The parsers see only an
/// `io::Error`; this says what it really was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Halt {
    Cancelled,
    TooLong,
    BadText(String),
}

/// Counters shared between the reading layers and the code that reports.
#[derive(Default)]
pub(crate) struct StreamState {
    raw_bytes: Cell<u64>,
    hasher: RefCell<Sha256>,
    metering: Cell<bool>,
    metered: Cell<u64>,
    halt: RefCell<Option<Halt>>,
}

impl StreamState {
    pub(crate) fn raw_bytes(&self) -> u64 {
        self.raw_bytes.get()
    }

    /// Starts counting text against [`RECORD_CAP`] from zero.
    pub(crate) fn meter_from_zero(&self) {
        self.metered.set(0);
        self.metering.set(true);
    }

    /// Counts on from where the meter stood (values read outside records).
    pub(crate) fn meter_on(&self) {
        self.metering.set(true);
    }

    /// Skipped text costs no memory, so it is not metered.
    pub(crate) fn meter_off(&self) {
        self.metering.set(false);
    }

    pub(crate) fn halt(&self) -> Option<Halt> {
        self.halt.borrow().clone()
    }

    pub(crate) fn set_halt(&self, halt: Halt) {
        self.halt.borrow_mut().get_or_insert(halt);
    }

    fn account_text(&self, n: usize) -> io::Result<()> {
        if self.metering.get() {
            let metered = self.metered.get() + n as u64;
            self.metered.set(metered);
            if metered > RECORD_CAP {
                self.set_halt(Halt::TooLong);
                return Err(io::Error::other("record too long"));
            }
        }
        Ok(())
    }
}

/// The file itself: counts, hashes and checks the cancel flag on every read.
struct RawFile<'c> {
    file: File,
    state: Rc<StreamState>,
    cancel: Option<&'c AtomicBool>,
}

impl Read for RawFile<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.cancel.is_some_and(|flag| flag.load(Ordering::Relaxed)) {
            self.state.set_halt(Halt::Cancelled);
            return Err(io::Error::other("cancelled"));
        }
        let n = self.file.read(buf)?;
        self.state.hasher.borrow_mut().update(&buf[..n]);
        self.state.raw_bytes.set(self.state.raw_bytes.get() + n as u64);
        Ok(n)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
}

enum Source<'c> {
    Utf8(BufReader<RawFile<'c>>),
    Utf16(Utf16Decoder<BufReader<RawFile<'c>>>),
}

/// A file as UTF-8 text, its byte order mark removed.
pub(crate) struct TextReader<'c> {
    source: Source<'c>,
    state: Rc<StreamState>,
    pub(crate) bytes_total: u64,
}

impl<'c> TextReader<'c> {
    pub(crate) fn open(path: &Path, cancel: Option<&'c AtomicBool>) -> Result<TextReader<'c>, ImportError> {
        let file = File::open(path).map_err(|e| ImportError::io(path, &e))?;
        let bytes_total = file.metadata().map_err(|e| ImportError::io(path, &e))?.len();
        if bytes_total == 0 {
            return Err(ImportError::new(ErrorKind::UnknownFormat, path, Position::File, "the file is empty"));
        }
        let state = Rc::new(StreamState::default());
        let raw = RawFile { file, state: Rc::clone(&state), cancel };
        let mut buffered = BufReader::with_capacity(RAW_BUFFER, raw);
        let head = buffered.fill_buf().map_err(|e| halt_or_io(&state, path, &e))?;
        let (encoding, bom) = match head {
            [0xEF, 0xBB, 0xBF, ..] => (Encoding::Utf8Bom, 3),
            [0xFF, 0xFE, ..] => (Encoding::Utf16Le, 2),
            [0xFE, 0xFF, ..] => (Encoding::Utf16Be, 2),
            _ => (Encoding::Utf8, 0),
        };
        buffered.consume(bom);
        let source = match encoding {
            Encoding::Utf8 | Encoding::Utf8Bom => Source::Utf8(buffered),
            Encoding::Utf16Le => Source::Utf16(Utf16Decoder::new(buffered, false, Rc::clone(&state))),
            Encoding::Utf16Be => Source::Utf16(Utf16Decoder::new(buffered, true, Rc::clone(&state))),
        };
        Ok(TextReader { source, state, bytes_total })
    }

    pub(crate) fn state(&self) -> Rc<StreamState> {
        Rc::clone(&self.state)
    }

    /// Reads what the parser left (trailing whitespace, an unread tail) so the
    /// hash covers the whole file; returns it as lowercase hex.
    pub(crate) fn finish(&mut self, path: &Path) -> Result<String, ImportError> {
        let raw = match &mut self.source {
            Source::Utf8(buffered) => buffered.get_mut(),
            Source::Utf16(decoder) => decoder.inner.get_mut(),
        };
        let mut scratch = vec![0u8; RAW_BUFFER];
        loop {
            match raw.read(&mut scratch) {
                Ok(0) => break,
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(halt_or_io(&self.state, path, &e)),
            }
        }
        let digest = std::mem::take(&mut *self.state.hasher.borrow_mut()).finalize();
        Ok(digest.iter().map(|b| format!("{b:02x}")).collect())
    }
}

impl Read for TextReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = match &mut self.source {
            Source::Utf8(buffered) => buffered.read(buf)?,
            Source::Utf16(decoder) => decoder.read(buf)?,
        };
        self.state.account_text(n)?;
        Ok(n)
    }
}

/// The error to report for an `io::Error` that came up through a parser: what
/// the layers below recorded, else a plain read error.
pub(crate) fn halt_or_io(state: &StreamState, path: &Path, error: &io::Error) -> ImportError {
    match state.halt() {
        Some(halt) => halt_error(&halt, path, Position::File),
        None => ImportError::io(path, error),
    }
}

pub(crate) fn halt_error(halt: &Halt, path: &Path, position: Position) -> ImportError {
    match halt {
        Halt::Cancelled => ImportError::cancelled(path),
        Halt::TooLong => ImportError::invalid(
            path,
            position,
            format!(
                "one record is longer than {} MiB (an unclosed quote, or a value far larger than Partner Center writes)",
                RECORD_CAP >> 20
            ),
        ),
        Halt::BadText(reason) => ImportError::invalid(path, position, reason.clone()),
    }
}

/// UTF-16 to UTF-8, one code unit pair at a time over a buffered reader.
struct Utf16Decoder<R> {
    inner: R,
    big_endian: bool,
    state: Rc<StreamState>,
    pending: [u8; 4],
    pending_len: usize,
    pending_pos: usize,
    units_read: u64,
}

impl<R: Read> Utf16Decoder<R> {
    fn new(inner: R, big_endian: bool, state: Rc<StreamState>) -> Self {
        Utf16Decoder { inner, big_endian, state, pending: [0; 4], pending_len: 0, pending_pos: 0, units_read: 0 }
    }

    fn bad(&self, reason: String) -> io::Error {
        self.state.set_halt(Halt::BadText(reason));
        io::Error::new(io::ErrorKind::InvalidData, "not UTF-16")
    }

    fn next_unit(&mut self) -> io::Result<Option<u16>> {
        let mut pair = [0u8; 2];
        let mut got = 0;
        while got < 2 {
            match self.inner.read(&mut pair[got..]) {
                Ok(0) if got == 0 => return Ok(None),
                Ok(0) => {
                    return Err(self.bad("the file is marked UTF-16 but ends in the middle of a character".into()));
                }
                Ok(n) => got += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        self.units_read += 1;
        Ok(Some(if self.big_endian { u16::from_be_bytes(pair) } else { u16::from_le_bytes(pair) }))
    }

    fn next_char(&mut self) -> io::Result<Option<char>> {
        let Some(unit) = self.next_unit()? else { return Ok(None) };
        let offset = (self.units_read - 1) * 2 + 2;
        let code = match unit {
            0xD800..=0xDBFF => match self.next_unit()? {
                Some(low @ 0xDC00..=0xDFFF) => 0x10000 + ((u32::from(unit) - 0xD800) << 10) + (u32::from(low) - 0xDC00),
                _ => return Err(self.bad(format!("not valid UTF-16: an unpaired surrogate at byte {offset}"))),
            },
            0xDC00..=0xDFFF => {
                return Err(self.bad(format!("not valid UTF-16: an unpaired surrogate at byte {offset}")));
            }
            _ => u32::from(unit),
        };
        match char::from_u32(code) {
            Some(c) => Ok(Some(c)),
            None => Err(self.bad(format!("not valid UTF-16 at byte {offset}"))),
        }
    }
}

impl<R: Read> Read for Utf16Decoder<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let mut written = 0;
        while written < out.len() {
            if self.pending_pos < self.pending_len {
                let n = (self.pending_len - self.pending_pos).min(out.len() - written);
                out[written..written + n].copy_from_slice(&self.pending[self.pending_pos..self.pending_pos + n]);
                self.pending_pos += n;
                written += n;
                continue;
            }
            match self.next_char() {
                Ok(Some(c)) => {
                    self.pending_len = c.encode_utf8(&mut self.pending).len();
                    self.pending_pos = 0;
                }
                Ok(None) => break,
                // Hand over what was decoded; the error comes again on the next call.
                Err(e) if written > 0 && e.kind() != io::ErrorKind::InvalidData => break,
                Err(e) => return Err(e),
            }
        }
        Ok(written)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8], big_endian: bool) -> io::Result<String> {
        let mut decoder = Utf16Decoder::new(bytes, big_endian, Rc::new(StreamState::default()));
        let mut out = String::new();
        decoder.read_to_string(&mut out)?;
        Ok(out)
    }

    fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
        text.encode_utf16().flat_map(|u| if big_endian { u.to_be_bytes() } else { u.to_le_bytes() }).collect()
    }

    #[test]
    fn utf16_both_byte_orders_including_surrogate_pairs() {
        let text = "株式会社さくら, ООО «Ветер», 臺北 😀\r\n";
        assert_eq!(decode(&utf16(text, false), false).unwrap(), text);
        assert_eq!(decode(&utf16(text, true), true).unwrap(), text);
    }

    #[test]
    fn unpaired_surrogates_and_odd_lengths_are_refused() {
        assert!(decode(&[0x00, 0xD8, 0x41, 0x00], false).is_err());
        assert!(decode(&[0x41, 0x00, 0x42], false).is_err());
    }

    #[test]
    fn tiny_reads_see_every_byte() {
        let text = "Ветер😀";
        let bytes = utf16(text, false);
        let mut decoder = Utf16Decoder::new(&bytes[..], false, Rc::new(StreamState::default()));
        let mut out = Vec::new();
        let mut one = [0u8; 1];
        while decoder.read(&mut one).unwrap() == 1 {
            out.push(one[0]);
        }
        assert_eq!(String::from_utf8(out).unwrap(), text);
    }
}
