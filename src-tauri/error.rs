use partner_desk_core::InvalidInput;
use partner_desk_store::StoreError;
use serde::Serialize;

/// An error as it crosses the IPC boundary: a stable code the UI can branch on
/// and a message it shows as is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct AppError {
    pub code: String,
    pub message: String,
}

impl AppError {
    pub fn new(code: &str, message: impl Into<String>) -> AppError {
        AppError { code: code.to_string(), message: message.into() }
    }
}

impl From<StoreError> for AppError {
    fn from(err: StoreError) -> AppError {
        AppError::new(err.code(), err.to_string())
    }
}

impl From<InvalidInput> for AppError {
    fn from(err: InvalidInput) -> AppError {
        StoreError::from(err).into()
    }
}

impl From<tauri::Error> for AppError {
    fn from(err: tauri::Error) -> AppError {
        AppError::new("internal", err.to_string())
    }
}

impl From<partner_desk_import::ImportError> for AppError {
    fn from(err: partner_desk_import::ImportError) -> AppError {
        let code = match err.kind {
            partner_desk_import::ErrorKind::Cancelled => "cancelled",
            partner_desk_import::ErrorKind::Io => "io",
            partner_desk_import::ErrorKind::UnknownFormat => "unknown_format",
            _ => "invalid_file",
        };
        AppError::new(code, err.to_string())
    }
}
