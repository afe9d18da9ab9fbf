//! The OS keychain (macOS Keychain, Windows Credential Manager, Linux Secret Service).
//!
//! Secrets go only here, never to disk, logs or IPC errors. One service name for the app,
//! one entry per account.

use thiserror::Error;

pub const SERVICE: &str = "org.applicant-assistant.app";

#[derive(Debug, Error, PartialEq, Eq)]
pub enum KeychainError {
    /// No keychain service answered (e.g. a Linux desktop without Secret Service) or it is locked.
    #[error("the system keychain is not available: {0}")]
    Unavailable(String),
    #[error("no secret is stored for this account")]
    NotFound,
    #[error("the system keychain refused the request: {0}")]
    Refused(String),
}

impl From<keyring::Error> for KeychainError {
    fn from(e: keyring::Error) -> Self {
        match e {
            keyring::Error::NoEntry => KeychainError::NotFound,
            keyring::Error::PlatformFailure(_) | keyring::Error::NoStorageAccess(_) => {
                KeychainError::Unavailable(e.to_string())
            }
            other => KeychainError::Refused(other.to_string()),
        }
    }
}

fn entry(account: &str) -> Result<keyring::Entry, KeychainError> {
    keyring::Entry::new(SERVICE, account).map_err(KeychainError::from)
}

pub fn store(account: &str, secret: &str) -> Result<(), KeychainError> {
    entry(account)?.set_password(secret).map_err(KeychainError::from)
}

pub fn read(account: &str) -> Result<String, KeychainError> {
    entry(account)?.get_password().map_err(KeychainError::from)
}

pub fn delete(account: &str) -> Result<(), KeychainError> {
    entry(account)?.delete_credential().map_err(KeychainError::from)
}

/// Checks that a keychain answers, without storing anything: a lookup of an entry that does
/// not exist must come back as "no entry".
pub fn probe() -> Result<(), KeychainError> {
    match read("__applicant-assistant-probe__") {
        Ok(_) | Err(KeychainError::NotFound) => Ok(()),
        Err(e) => Err(e),
    }
}
