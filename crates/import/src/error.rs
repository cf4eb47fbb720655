//! What went wrong, and where: every problem names the file, the place in it
//! (a CSV line or a JSON path) and the field, so a user can open the file and
//! fix it.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

/// Where in a file a problem is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "at", rename_all = "snake_case")]
pub enum Position {
    /// A CSV line, 1-based; the header is line 1. A record whose quoted field
    /// spans lines is reported at the line where it starts.
    Line(u64),
    /// A JSON path such as `items[12].companyProfile.tenantId`.
    JsonPath(String),
    /// The file as a whole.
    File,
}

/// `line 3`, `at items[1].id`, or nothing for the file as a whole: how every
/// message (the CLI's, the app's problems table) names a place in a file.
impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Position::Line(line) => write!(f, "line {line}"),
            Position::JsonPath(path) if !path.is_empty() => write!(f, "at {path}"),
            Position::JsonPath(_) | Position::File => Ok(()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The file is of a known format but a value or its structure is wrong.
    Invalid,
    /// The file is of no format Partner Desk reads.
    UnknownFormat,
    /// The file could not be read.
    Io,
    /// The caller set the cancel flag.
    Cancelled,
    /// The sink (the store) refused a record.
    Sink,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportError {
    /// The file as the caller named it (a folder's files joined to the folder as given).
    pub file: PathBuf,
    pub position: Position,
    pub field: Option<String>,
    /// The offending value, cut to about 200 characters.
    pub value: Option<String>,
    pub reason: String,
    pub kind: ErrorKind,
}

/// Values quoted in messages are cut here: a 1 MiB field must not become a 1 MiB message.
const VALUE_CHARS: usize = 200;

impl ImportError {
    pub(crate) fn new(kind: ErrorKind, file: &Path, position: Position, reason: impl Into<String>) -> Self {
        ImportError { file: file.to_path_buf(), position, field: None, value: None, reason: reason.into(), kind }
    }

    pub(crate) fn invalid(file: &Path, position: Position, reason: impl Into<String>) -> Self {
        ImportError::new(ErrorKind::Invalid, file, position, reason)
    }

    pub(crate) fn io(file: &Path, error: &std::io::Error) -> Self {
        ImportError::new(ErrorKind::Io, file, Position::File, format!("cannot be read: {error}"))
    }

    pub(crate) fn cancelled(file: &Path) -> Self {
        ImportError::new(ErrorKind::Cancelled, file, Position::File, "reading was cancelled")
    }

    pub(crate) fn with_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    pub(crate) fn with_value(mut self, value: &str) -> Self {
        self.value = Some(truncate(value));
        self
    }
}

fn truncate(value: &str) -> String {
    match value.char_indices().nth(VALUE_CHARS) {
        Some((cut, _)) => format!("{}…", &value[..cut]),
        None => value.to_string(),
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        let position = self.position.to_string();
        if !position.is_empty() {
            write!(f, " {position}")?;
        }
        let path_names_field = match &self.position {
            Position::JsonPath(path) => self.field.as_deref().is_some_and(|field| path.ends_with(field)),
            _ => false,
        };
        if let Some(field) = self.field.as_deref().filter(|_| !path_names_field) {
            write!(f, ", field \"{field}\"")?;
        }
        if let Some(value) = &self.value {
            write!(f, " ({value:?})")?;
        }
        write!(f, ": {}", self.reason)
    }
}

impl std::error::Error for ImportError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_problems_read_like_a_sentence() {
        let err = ImportError::invalid(Path::new("customers.csv"), Position::Line(14), "must be a GUID")
            .with_field("Microsoft ID")
            .with_value("abc");
        assert_eq!(err.to_string(), r#"customers.csv line 14, field "Microsoft ID" ("abc"): must be a GUID"#);
    }

    #[test]
    fn json_paths_that_end_in_the_field_do_not_repeat_it() {
        let err = ImportError::invalid(
            Path::new("customers.json"),
            Position::JsonPath("items[12].companyProfile.tenantId".into()),
            "must be a GUID",
        )
        .with_field("companyProfile.tenantId")
        .with_value("abc");
        assert_eq!(err.to_string(), r#"customers.json at items[12].companyProfile.tenantId ("abc"): must be a GUID"#);
    }

    #[test]
    fn long_values_are_cut_on_a_character_boundary() {
        let long = "株".repeat(500);
        let err = ImportError::invalid(Path::new("a.csv"), Position::File, "too long").with_value(&long);
        let value = err.value.unwrap_or_default();
        assert_eq!(value.chars().count(), VALUE_CHARS + 1);
        assert!(value.ends_with('…'));
    }
}
