//! What a read does with what it finds: records go to the sink (reading) or
//! nowhere (checking); problems stop the read (reading) or are collected up to
//! a limit (checking). The format readers are written once against this.

use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};

use partner_desk_core::records::Record;

use crate::error::{ErrorKind, ImportError, Position};
use crate::text::StreamState;
use crate::{FileSummary, Progress};

/// Progress is reported at least this often, in records...
const PROGRESS_RECORDS: u64 = 1_000;
/// ...and in bytes, so a stretch without records (skipped data) still moves the bar.
const PROGRESS_BYTES: u64 = 4 << 20;

pub(crate) struct Problems {
    pub(crate) list: Vec<ImportError>,
    pub(crate) limit: usize,
    pub(crate) more: usize,
}

impl Problems {
    pub(crate) fn push(&mut self, problem: ImportError) {
        if self.list.len() < self.limit {
            self.list.push(problem);
        } else {
            self.more += 1;
        }
    }
}

/// Where a whole read (one file or a folder) sends records, problems and progress.
pub(crate) struct Output<'o> {
    pub(crate) sink: Option<&'o mut dyn FnMut(Record) -> Result<(), String>>,
    pub(crate) problems: Option<Problems>,
    pub(crate) progress: Option<&'o mut dyn FnMut(Progress)>,
    pub(crate) cancel: Option<&'o AtomicBool>,
    /// Where each file read to its end goes at once (an import), instead of
    /// a list returned at the end (a check): an export folder has hundreds
    /// of thousands of files.
    pub(crate) on_file: Option<&'o mut dyn FnMut(FileSummary)>,
}

impl Output<'_> {
    /// A file read to its end: handed on at once, or kept in `files`.
    pub(crate) fn file_read(&mut self, summary: FileSummary, files: &mut Vec<FileSummary>) {
        match self.on_file.as_deref_mut() {
            Some(on_file) => on_file(summary),
            None => files.push(summary),
        }
    }

    pub(crate) fn cancelled(&self) -> bool {
        self.cancel.is_some_and(|flag| flag.load(Ordering::Relaxed))
    }

    /// A problem that ends one file: returned while reading, collected while checking.
    pub(crate) fn file_problem(&mut self, problem: ImportError) -> Result<(), ImportError> {
        match &mut self.problems {
            Some(problems) if problem.kind != ErrorKind::Cancelled => {
                problems.push(problem);
                Ok(())
            }
            _ => Err(problem),
        }
    }
}

/// One file being read.
pub(crate) struct FileRun<'r, 'o> {
    out: &'r mut Output<'o>,
    pub(crate) file: PathBuf,
    pub(crate) records: u64,
    state: Rc<StreamState>,
    bytes_total: u64,
    reported_bytes: u64,
}

impl<'r, 'o> FileRun<'r, 'o> {
    pub(crate) fn new(out: &'r mut Output<'o>, file: &Path, state: Rc<StreamState>, bytes_total: u64) -> Self {
        FileRun { out, file: file.to_path_buf(), records: 0, state, bytes_total, reported_bytes: 0 }
    }

    pub(crate) fn file(&self) -> &Path {
        &self.file
    }

    /// Hands a record to the sink; `position` names it if the sink refuses it.
    pub(crate) fn emit(&mut self, record: Record, position: impl FnOnce() -> Position) -> Result<(), ImportError> {
        self.records += 1;
        if let Some(sink) = self.out.sink.as_deref_mut() {
            sink(record).map_err(|reason| ImportError::new(ErrorKind::Sink, &self.file, position(), reason))?;
        }
        if self.records.is_multiple_of(PROGRESS_RECORDS) {
            self.report();
        }
        Ok(())
    }

    /// A problem with one record or field: stops a read, is collected by a check.
    pub(crate) fn problem(&mut self, problem: ImportError) -> Result<(), ImportError> {
        match &mut self.out.problems {
            Some(problems) => {
                problems.push(problem);
                Ok(())
            }
            None => Err(problem),
        }
    }

    pub(crate) fn problems(&mut self, problems: Vec<ImportError>) -> Result<(), ImportError> {
        problems.into_iter().try_for_each(|p| self.problem(p))
    }

    /// Called once per element or row: honours the cancel flag, keeps progress moving.
    pub(crate) fn tick(&mut self) -> Result<(), ImportError> {
        if self.out.cancelled() {
            return Err(ImportError::cancelled(&self.file));
        }
        if self.state.raw_bytes() >= self.reported_bytes + PROGRESS_BYTES {
            self.report();
        }
        Ok(())
    }

    fn report(&mut self) {
        let bytes_read = self.state.raw_bytes().min(self.bytes_total);
        self.reported_bytes = bytes_read;
        if let Some(progress) = self.out.progress.as_deref_mut() {
            progress(Progress {
                file: self.file.clone(),
                bytes_read,
                bytes_total: self.bytes_total,
                records: self.records,
            });
        }
    }

    /// The last report for the file, once everything is read.
    pub(crate) fn finish(&mut self) {
        self.report();
    }
}
