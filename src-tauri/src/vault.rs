//! The credential vault: account records in the app's data dir, passwords only in the OS
//! keychain (one entry per account, named by the record's id). Where no keychain answers, and
//! always in kiosk mode, everything lives in memory for this session only: there is no
//! plain-text fallback file.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};

use assistant_core::vault::{check_input, Account, AccountInput, AccountsFile, FieldProblem};
use chrono::NaiveDate;
use serde::Serialize;

use crate::keychain::{self, KeychainError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum VaultMode {
    /// Records on disk, passwords in the OS keychain.
    Keychain,
    /// No keychain answered: nothing is written anywhere; all is gone when the app closes.
    SessionOnly,
    /// A shared service-hall machine: as session-only, by design.
    Kiosk,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct VaultStatus {
    pub mode: VaultMode,
    /// Why the keychain is not used (technical detail, for the help text), if it is not.
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Serialize, specta::Type, thiserror::Error)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum VaultError {
    #[error("the form has problems")]
    Invalid { problems: Vec<FieldProblem> },
    #[error("no such account")]
    NotFound,
    #[error("the keychain is not available: {detail}")]
    KeychainUnavailable { detail: String },
    #[error("the keychain refused: {detail}")]
    KeychainRefused { detail: String },
    #[error("the account list could not be saved: {detail}")]
    SaveFailed { detail: String },
    #[error("the clipboard refused: {detail}")]
    ClipboardFailed { detail: String },
}

impl From<KeychainError> for VaultError {
    fn from(e: KeychainError) -> Self {
        match e {
            KeychainError::NotFound => VaultError::NotFound,
            KeychainError::Unavailable(detail) => VaultError::KeychainUnavailable { detail },
            KeychainError::Refused(detail) => VaultError::KeychainRefused { detail },
        }
    }
}

#[derive(Default)]
struct Inner {
    accounts: Vec<Account>,
    /// Passwords held for this session when the keychain is not used.
    memory: HashMap<String, String>,
}

pub struct Vault {
    records: PathBuf,
    kiosk: bool,
    /// Probing the keychain is a D-Bus round trip (or more, when the Secret Service must be
    /// started): done on first use, or by `warm` once the first screen shows, never during
    /// start-up.
    opened: OnceLock<Opened>,
}

struct Opened {
    mode: VaultMode,
    reason: Option<String>,
    inner: Mutex<Inner>,
}

impl Vault {
    /// The vault of `data_dir`; the keychain is probed and the records read on first use.
    pub fn open(data_dir: PathBuf, kiosk: bool) -> Vault {
        Vault { records: data_dir.join("accounts.json"), kiosk, opened: OnceLock::new() }
    }

    /// Opens the vault now (off the UI thread, after start-up), so the first use is instant.
    pub fn warm(&self) {
        self.opened();
    }

    fn opened(&self) -> &Opened {
        self.opened.get_or_init(|| Self::probe_and_read(&self.records, self.kiosk))
    }

    /// Probes the keychain (unless in kiosk mode) and reads the records.
    fn probe_and_read(records: &std::path::Path, kiosk: bool) -> Opened {
        let (mode, reason) = if kiosk {
            (VaultMode::Kiosk, None)
        } else {
            match keychain::probe() {
                Ok(()) => (VaultMode::Keychain, None),
                Err(e) => (VaultMode::SessionOnly, Some(e.to_string())),
            }
        };
        let mut inner = Inner::default();
        if mode == VaultMode::Keychain {
            if let Ok(bytes) = std::fs::read(records) {
                match AccountsFile::from_json(&bytes) {
                    Ok(file) => inner.accounts = file.accounts,
                    // Keep the unreadable file for the applicant or support to look at; start empty.
                    Err(e) => {
                        eprintln!("accounts.json unreadable ({e}); kept as accounts.json.unreadable");
                        let _ = std::fs::rename(records, records.with_extension("json.unreadable"));
                    }
                }
            }
        }
        Opened { mode, reason, inner: Mutex::new(inner) }
    }

    fn mode(&self) -> VaultMode {
        self.opened().mode
    }

    /// Forgets every account and password held in memory (kiosk: the next applicant starts clean).
    /// Only meaningful outside keychain mode, where nothing else holds them.
    pub fn wipe(&self) {
        if self.mode() != VaultMode::Keychain {
            let mut inner = self.lock();
            inner.accounts.clear();
            inner.memory.clear();
        }
    }

    pub fn status(&self) -> VaultStatus {
        VaultStatus { mode: self.mode(), reason: self.opened().reason.clone() }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic while holding the lock cannot leave the records half-written (writes are
        // atomic), so the data is still usable.
        self.opened().inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn list(&self) -> Vec<Account> {
        self.lock().accounts.clone()
    }

    fn save(&self, inner: &Inner) -> Result<(), VaultError> {
        if self.mode() != VaultMode::Keychain {
            return Ok(());
        }
        let file = AccountsFile { version: AccountsFile::VERSION, accounts: inner.accounts.clone() };
        assistant_core::atomic::write_atomic(&self.records, &file.to_json())
            .map_err(|e| VaultError::SaveFailed { detail: e.to_string() })
    }

    fn put_secret(&self, inner: &mut Inner, id: &str, password: &str) -> Result<(), VaultError> {
        if self.mode() == VaultMode::Keychain {
            keychain::store(id, password)?;
        } else {
            inner.memory.insert(id.to_owned(), password.to_owned());
        }
        Ok(())
    }

    fn drop_secret(&self, inner: &mut Inner, id: &str) -> Result<(), VaultError> {
        if self.mode() == VaultMode::Keychain {
            match keychain::delete(id) {
                Ok(()) | Err(KeychainError::NotFound) => {}
                Err(e) => return Err(e.into()),
            }
        } else {
            inner.memory.remove(id);
        }
        Ok(())
    }

    pub fn add(&self, input: &AccountInput, password: &str, today: NaiveDate) -> Result<Account, VaultError> {
        let clean = check_input(input, Some(password)).map_err(|problems| VaultError::Invalid { problems })?;
        let mut inner = self.lock();
        let account = Account {
            id: new_id(),
            kind: clean.kind,
            login: clean.login,
            phone: clean.phone,
            email: clean.email,
            password_changed: today,
            mail_server: clean.mail_server,
            change_due: false,
        };
        self.put_secret(&mut inner, &account.id, password)?;
        inner.accounts.push(account.clone());
        if let Err(e) = self.save(&inner) {
            // Leave no orphan secret behind a record that was not written.
            inner.accounts.pop();
            let _ = self.drop_secret(&mut inner, &account.id);
            return Err(e);
        }
        Ok(account)
    }

    /// Edits a record; a `Some` password replaces the stored one and counts as a change.
    pub fn update(
        &self,
        id: &str,
        input: &AccountInput,
        password: Option<&str>,
        today: NaiveDate,
    ) -> Result<Account, VaultError> {
        let clean = check_input(input, password).map_err(|problems| VaultError::Invalid { problems })?;
        let mut inner = self.lock();
        let index = inner.accounts.iter().position(|a| a.id == id).ok_or(VaultError::NotFound)?;
        let before = inner.accounts[index].clone();
        if let Some(p) = password {
            self.put_secret(&mut inner, id, p)?;
        }
        let a = &mut inner.accounts[index];
        a.kind = clean.kind;
        a.login = clean.login;
        a.phone = clean.phone;
        a.email = clean.email;
        a.mail_server = clean.mail_server;
        if password.is_some() {
            a.password_changed = today;
            a.change_due = false;
        }
        let after = a.clone();
        if let Err(e) = self.save(&inner) {
            inner.accounts[index] = before;
            return Err(e);
        }
        Ok(after)
    }

    pub fn delete(&self, id: &str) -> Result<(), VaultError> {
        let mut inner = self.lock();
        let index = inner.accounts.iter().position(|a| a.id == id).ok_or(VaultError::NotFound)?;
        self.drop_secret(&mut inner, id)?;
        let removed = inner.accounts.remove(index);
        if let Err(e) = self.save(&inner) {
            inner.accounts.insert(index, removed);
            return Err(e);
        }
        Ok(())
    }

    pub fn reveal(&self, id: &str) -> Result<String, VaultError> {
        let inner = self.lock();
        if !inner.accounts.iter().any(|a| a.id == id) {
            return Err(VaultError::NotFound);
        }
        if self.mode() == VaultMode::Keychain {
            Ok(keychain::read(id)?)
        } else {
            inner.memory.get(id).cloned().ok_or(VaultError::NotFound)
        }
    }

    /// "I changed this password" (done = true) or "this password must be changed" (done = false).
    pub fn mark(&self, id: &str, done: bool, today: NaiveDate) -> Result<Account, VaultError> {
        let mut inner = self.lock();
        let index = inner.accounts.iter().position(|a| a.id == id).ok_or(VaultError::NotFound)?;
        let before = inner.accounts[index].clone();
        let a = &mut inner.accounts[index];
        a.change_due = !done;
        if done {
            a.password_changed = today;
        }
        let after = a.clone();
        if let Err(e) = self.save(&inner) {
            inner.accounts[index] = before;
            return Err(e);
        }
        Ok(after)
    }
}

/// A record id that is unique on this machine: time, process and a counter. Not secret.
fn new_id() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    format!("acc-{nanos:x}-{:x}-{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed))
}
