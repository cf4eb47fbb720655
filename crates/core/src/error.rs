use std::fmt;

/// A value from a user or a file that the model refuses, with what was wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidInput {
    pub field: &'static str,
    pub value: String,
    pub reason: String,
}

impl InvalidInput {
    pub fn new(field: &'static str, value: &str, reason: impl Into<String>) -> Self {
        InvalidInput { field, value: value.to_string(), reason: reason.into() }
    }
}

impl fmt::Display for InvalidInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {:?} {}", self.field, self.value, self.reason)
    }
}

impl std::error::Error for InvalidInput {}
