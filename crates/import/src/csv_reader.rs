//! CSV as the portal, the reconciliation downloads and Excel write it: comma,
//! semicolon (Excel in locales with a decimal comma) or tab ("Unicode text")
//! separated, the separator told by the header line; quoted fields may hold
//! separators and newlines. Rows are read one at a time with the `csv` crate.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Chain, Cursor, Read};
use std::path::Path;
use std::rc::Rc;

use chrono::{DateTime, NaiveDate, Utc};
use partner_desk_core::records::SourceFormat;

use crate::error::{ErrorKind, ImportError, Position};
use crate::run::FileRun;
use crate::text::{FIELD_CAP, StreamState, TextReader, halt_error};
use crate::values;

/// The header line must end within this many bytes.
const HEADER_CAP: u64 = 64 << 10;

/// One CSV format: the columns that identify it and those it cannot do without.
pub(crate) struct CsvSpec {
    pub(crate) format: SourceFormat,
    pub(crate) name: &'static str,
    /// Columns found in this format's header and in no other's; two present
    /// make a file a candidate.
    pub(crate) markers: &'static [&'static str],
    pub(crate) required: &'static [&'static str],
}

pub(crate) struct Header {
    pub(crate) names: Vec<String>,
}

impl Header {
    fn new(names: Vec<String>) -> Header {
        Header { names }
    }

    /// The first column of that name, without regard to case (a scan: headers
    /// are a few dozen names, and this runs for every field of every row).
    pub(crate) fn position(&self, column: &str) -> Option<usize> {
        self.names.iter().position(|name| name.eq_ignore_ascii_case(column))
    }

    pub(crate) fn has(&self, column: &str) -> bool {
        self.position(column).is_some()
    }

    /// The header as found, for messages.
    pub(crate) fn describe(&self) -> String {
        let shown: Vec<String> = self
            .names
            .iter()
            .take(12)
            .map(|n| match n.char_indices().nth(40) {
                Some((cut, _)) => format!("{:?}…", &n[..cut]),
                None => format!("{n:?}"),
            })
            .collect();
        let more = self.names.len().saturating_sub(12);
        if more > 0 { format!("{} and {more} more", shown.join(", ")) } else { shown.join(", ") }
    }
}

type Input<'t, 'c> = LineEnds<Chain<Cursor<Vec<u8>>, BufReader<&'t mut TextReader<'c>>>>;

/// CRLF read as LF, and where each line break is.
///
/// The csv crate miscounts lines after CRLF line ends (the portal's and
/// Excel's), and counts blank lines before a record as the record's own. So
/// CRLF becomes LF (a line break inside a quoted field too: the break is
/// kept, its file-system spelling is not), and the offsets of the breaks are
/// kept until the reader has passed them, to step over blank lines.
pub(crate) struct LineEnds<R> {
    inner: R,
    pending_cr: bool,
    emitted: u64,
    breaks: Rc<RefCell<VecDeque<u64>>>,
}

impl<R> LineEnds<R> {
    pub(crate) fn new(inner: R) -> Self {
        LineEnds { inner, pending_cr: false, emitted: 0, breaks: Rc::default() }
    }
}

/// Writes one byte of output, noting where line breaks fall.
fn put(out: &mut [u8], at: &mut usize, emitted: &mut u64, breaks: &RefCell<VecDeque<u64>>, byte: u8) {
    out[*at] = byte;
    *at += 1;
    if byte == b'\n' {
        breaks.borrow_mut().push_back(*emitted);
    }
    *emitted += 1;
}

impl<R: BufRead> Read for LineEnds<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let LineEnds { inner, pending_cr, emitted, breaks } = self;
        let mut written = 0;
        while written < out.len() {
            let buf = inner.fill_buf()?;
            if buf.is_empty() {
                if *pending_cr {
                    *pending_cr = false;
                    put(out, &mut written, emitted, breaks, b'\r');
                }
                break;
            }
            let mut used = 0;
            for &byte in buf {
                if written == out.len() {
                    break;
                }
                if *pending_cr {
                    *pending_cr = false;
                    if byte != b'\n' {
                        put(out, &mut written, emitted, breaks, b'\r');
                        if written == out.len() {
                            break;
                        }
                    }
                }
                used += 1;
                if byte == b'\r' {
                    *pending_cr = true;
                } else {
                    put(out, &mut written, emitted, breaks, byte);
                }
            }
            inner.consume(used);
        }
        Ok(written)
    }
}

/// A CSV file positioned after its header.
pub(crate) struct CsvInput<'t, 'c> {
    reader: csv::Reader<Input<'t, 'c>>,
    pub(crate) header: Header,
    state: Rc<StreamState>,
    breaks: Rc<RefCell<VecDeque<u64>>>,
}

/// The separator is whichever of `,` `;` tab occurs most in the header line outside quotes.
fn delimiter_of(line: &[u8]) -> u8 {
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for &byte in line {
        if byte == b'"' {
            quoted = !quoted;
        } else if !quoted && let Some(entry) = counts.iter_mut().find(|(d, _)| *d == byte) {
            entry.1 += 1;
        }
    }
    counts.iter().rev().max_by_key(|(_, n)| *n).filter(|(_, n)| *n > 0).map_or(b',', |(d, _)| *d)
}

impl<'t, 'c> CsvInput<'t, 'c> {
    pub(crate) fn open(text: &'t mut TextReader<'c>, file: &Path) -> Result<CsvInput<'t, 'c>, ImportError> {
        let state = text.state();
        let mut buffered = BufReader::with_capacity(64 << 10, text);
        let mut first_line = Vec::new();
        (&mut buffered)
            .take(HEADER_CAP)
            .read_until(b'\n', &mut first_line)
            .map_err(|e| crate::text::halt_or_io(&state, file, &e))?;
        if !first_line.ends_with(b"\n") && first_line.len() as u64 >= HEADER_CAP {
            return Err(ImportError::new(
                ErrorKind::UnknownFormat,
                file,
                Position::Line(1),
                format!("the first line is longer than {} KiB, so it is no CSV header", HEADER_CAP >> 10),
            ));
        }
        let delimiter = delimiter_of(&first_line);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .has_headers(true)
            .from_reader(LineEnds::new(Cursor::new(first_line).chain(buffered)));
        let breaks = Rc::clone(&reader.get_ref().breaks);
        let raw = reader.byte_headers().map_err(|e| csv_error(&state, file, Position::Line(1), &e))?;
        let mut names = Vec::with_capacity(raw.len());
        for field in raw {
            match std::str::from_utf8(field) {
                Ok(name) => names.push(name.trim().to_string()),
                Err(_) => {
                    return Err(ImportError::new(
                        ErrorKind::UnknownFormat,
                        file,
                        Position::Line(1),
                        "the first line is not UTF-8 or UTF-16 text, so it is no CSV header",
                    ));
                }
            }
        }
        Ok(CsvInput { reader, header: Header::new(names), state, breaks })
    }

    /// Every required column of `spec` present, else an error naming the first missing one.
    pub(crate) fn require(&self, spec: &CsvSpec, file: &Path) -> Result<(), ImportError> {
        match spec.required.iter().find(|column| !self.header.has(column)) {
            None => Ok(()),
            Some(missing) => Err(ImportError::invalid(
                file,
                Position::Line(1),
                format!("the {} has no column {missing:?} (its header has {})", spec.name, self.header.describe()),
            )
            .with_field(*missing)),
        }
    }

    /// Calls `each` for every row that is not blank. Problems the callback
    /// finds go through `run`; a row that cannot be read at all ends the file.
    pub(crate) fn for_each_row(
        &mut self,
        run: &mut FileRun<'_, '_>,
        mut each: impl FnMut(&mut Row<'_>, &mut FileRun<'_, '_>) -> Result<(), ImportError>,
    ) -> Result<(), ImportError> {
        let mut record = csv::ByteRecord::new();
        let file = run.file().to_path_buf();
        loop {
            run.tick()?;
            self.state.meter_from_zero();
            let next_line = self.reader.position().line();
            match self.reader.read_byte_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => return Err(csv_error(&self.state, &file, Position::Line(next_line), &e)),
            }
            let line = record.position().map_or(next_line, |p| self.start_line(p));
            let mut row = Row::new(&file, &self.header, &record, line);
            if row.blank {
                continue;
            }
            each(&mut row, run)?;
        }
        self.state.meter_off();
        Ok(())
    }
}

impl CsvInput<'_, '_> {
    /// The line a record starts on: the csv crate's count, moved past the
    /// blank lines it counts as the record's.
    fn start_line(&self, position: &csv::Position) -> u64 {
        let mut breaks = self.breaks.borrow_mut();
        let (mut byte, mut line) = (position.byte(), position.line());
        while breaks.front().is_some_and(|&b| b < byte) {
            breaks.pop_front();
        }
        while breaks.front() == Some(&byte) {
            breaks.pop_front();
            byte += 1;
            line += 1;
        }
        line
    }
}

fn csv_error(state: &StreamState, file: &Path, position: Position, error: &csv::Error) -> ImportError {
    if let Some(halt) = state.halt() {
        return halt_error(&halt, file, position);
    }
    match error.kind() {
        csv::ErrorKind::Io(io) => ImportError::io(file, io),
        _ => ImportError::invalid(file, position, format!("not valid CSV: {error}")),
    }
}

/// One CSV row, with the problems found in it so far.
pub(crate) struct Row<'a> {
    file: &'a Path,
    header: &'a Header,
    fields: Vec<Option<&'a str>>,
    pub(crate) line: u64,
    blank: bool,
    pub(crate) issues: Vec<ImportError>,
}

impl<'a> Row<'a> {
    fn new(file: &'a Path, header: &'a Header, record: &'a csv::ByteRecord, line: u64) -> Row<'a> {
        let mut row =
            Row { file, header, fields: Vec::with_capacity(record.len()), line, blank: true, issues: Vec::new() };
        for (i, bytes) in record.iter().enumerate() {
            let column = header.names.get(i).cloned().unwrap_or_else(|| format!("column {}", i + 1));
            let text = match std::str::from_utf8(bytes) {
                Ok(text) => Some(text),
                Err(_) => {
                    row.issue(&column, None, "is not UTF-8 text (save the file as UTF-8 or Unicode text)");
                    None
                }
            };
            if bytes.len() > FIELD_CAP {
                row.issue(&column, None, format!("is longer than {} MiB", FIELD_CAP >> 20));
            }
            if !bytes.iter().all(u8::is_ascii_whitespace) {
                row.blank = false;
            }
            row.fields.push(text);
        }
        if !row.blank {
            let extra = row.fields.iter().skip(header.names.len()).any(|f| f.is_some_and(|t| !t.trim().is_empty()));
            if row.fields.len() < header.names.len() || extra {
                let reason = format!("has {} fields where the header has {}", row.fields.len(), header.names.len());
                row.issues.push(ImportError::invalid(file, Position::Line(line), reason));
            }
        }
        row
    }

    pub(crate) fn failed(&self) -> bool {
        !self.issues.is_empty()
    }

    /// The row's problems in the order of its columns.
    pub(crate) fn take_issues(&mut self) -> Vec<ImportError> {
        let mut issues = std::mem::take(&mut self.issues);
        let header = self.header;
        issues.sort_by_key(|issue| {
            issue.field.as_deref().map_or(0, |f| header.position(f).map_or(usize::MAX, |p| p + 1))
        });
        issues
    }

    pub(crate) fn issue(&mut self, column: &str, value: Option<&str>, reason: impl Into<String>) {
        let mut error = ImportError::invalid(self.file, Position::Line(self.line), reason).with_field(column);
        if let Some(value) = value {
            error = error.with_value(value);
        }
        self.issues.push(error);
    }

    /// The field as written, `None` when the column is absent or the field blank.
    pub(crate) fn raw(&self, column: &str) -> Option<&'a str> {
        let i = self.header.position(column)?;
        self.fields.get(i).copied().flatten().filter(|t| !t.trim().is_empty())
    }

    /// The field trimmed.
    pub(crate) fn text(&self, column: &str) -> Option<String> {
        self.raw(column).map(|t| t.trim().to_string())
    }

    pub(crate) fn required(&mut self, column: &str) -> Option<String> {
        let text = self.text(column);
        if text.is_none() && self.header.has(column) {
            self.issue(column, None, "is empty");
        }
        text
    }

    pub(crate) fn required_tenant(&mut self, column: &str) -> Option<String> {
        let text = self.required(column)?;
        self.check(column, &text, values::tenant_id)
    }

    pub(crate) fn integer(&mut self, column: &str) -> Option<i64> {
        let text = self.text(column)?;
        self.check(column, &text, values::integer)
    }

    pub(crate) fn date(&mut self, column: &str) -> Option<NaiveDate> {
        let text = self.text(column)?;
        self.check(column, &text, values::date)
    }

    pub(crate) fn datetime(&mut self, column: &str) -> Option<DateTime<Utc>> {
        let text = self.text(column)?;
        self.check(column, &text, values::datetime)
    }

    fn check<T>(&mut self, column: &str, text: &str, parse: impl Fn(&str) -> Result<T, String>) -> Option<T> {
        match parse(text) {
            Ok(value) => Some(value),
            Err(reason) => {
                self.issue(column, Some(text), reason);
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unify(input: &[u8], chunk: usize) -> Vec<u8> {
        let mut reader = LineEnds::new(std::io::BufReader::with_capacity(3, input));
        let mut out = Vec::new();
        let mut buf = vec![0u8; chunk];
        loop {
            let n = reader.read(&mut buf).unwrap();
            if n == 0 {
                break;
            }
            out.extend_from_slice(&buf[..n]);
        }
        out
    }

    #[test]
    fn crlf_becomes_lf_whatever_the_buffer_sizes() {
        let input = b"a,b\r\n\r\n\"x\r\ny\",z\r\nlone\rcr\r";
        for chunk in 1..6 {
            assert_eq!(unify(input, chunk), b"a,b\n\n\"x\ny\",z\nlone\rcr\r", "chunk {chunk}");
        }
    }

    #[test]
    fn the_separator_is_the_one_the_header_uses_most() {
        assert_eq!(delimiter_of(b"Microsoft ID,Company name,Primary domain name\r\n"), b',');
        assert_eq!(delimiter_of(b"Microsoft ID;Company name;\"Tags, comma\"\n"), b';');
        assert_eq!(delimiter_of(b"Microsoft ID\tCompany name\tTags\n"), b'\t');
        assert_eq!(delimiter_of(b"OnlyOneColumn\n"), b',');
    }
}
