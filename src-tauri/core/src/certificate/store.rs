//! The applicant's certificates and their annotations, kept in one JSON file.
//!
//! Shaped like the feedback tracker's `TrackedFile`: versioned, read strictly (a file that does
//! not parse is an error the shell shows, never an empty list that would overwrite it), and
//! written with [`crate::atomic::write_atomic`] so a crash leaves the old file or the new one.

use std::path::Path;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::Certificate;
use crate::annotation::{self, Annotation, AnnotationRequest, Assessment, Refusal, Warning};
use crate::atomic::write_atomic;
use crate::lang::Text;

/// One certificate with the annotations applied for on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct StoredCertificate {
    pub certificate: Certificate,
    #[serde(default)]
    pub annotations: Vec<Annotation>,
}

#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StoreError {
    #[error("certificate file does not parse: {detail}")]
    Parse { detail: String },
    #[error("unsupported certificate file version {version}")]
    Version { version: u32 },
    #[error("certificate file cannot be read or written: {detail}")]
    Io { detail: String },
    #[error("certificate {id} is already in the list")]
    AlreadyExists { id: String },
    #[error("no certificate {id}")]
    NoSuchCertificate { id: String },
    #[error("annotation {id} already exists")]
    DuplicateAnnotation { id: String },
    #[error("no annotation {id}")]
    NoSuchAnnotation { id: String },
    /// The application breaks the rules; each refusal carries its own message.
    #[error("annotation refused")]
    Refused { refusals: Vec<Refusal> },
}

impl StoreError {
    pub fn message(&self) -> Text {
        match self {
            StoreError::Parse { .. } | StoreError::Version { .. } => Text::new(
                "保存证书和加注记录的文件无法读取，没有改动它。请把这个文件交给技术支持，或删除后重新添加证书。",
                "儲存證書和加注紀錄的檔案無法讀取，沒有改動它。請把這個檔案交給技術支援，或刪除後重新加入證書。",
                "The file that keeps your certificates and annotations cannot be read; it was left untouched. Hand it to support, or delete it and add the certificates again.",
            ),
            StoreError::Io { .. } => Text::new(
                "无法读写保存证书记录的文件，请检查磁盘空间和权限。",
                "無法讀寫儲存證書紀錄的檔案，請檢查磁碟空間和權限。",
                "The certificate records file cannot be read or written: check disk space and permissions.",
            ),
            StoreError::AlreadyExists { .. } => Text::new(
                "这份证书文件已经添加过了。",
                "這份證書檔案已經加入過了。",
                "This certificate file has already been added.",
            ),
            StoreError::NoSuchCertificate { .. } => {
                Text::new("找不到这份证书。", "找不到這份證書。", "There is no such certificate.")
            }
            StoreError::DuplicateAnnotation { .. } => {
                Text::new("这条加注已经记录过了。", "這筆加注已經記錄過了。", "This annotation is already recorded.")
            }
            StoreError::NoSuchAnnotation { .. } => {
                Text::new("找不到这条加注。", "找不到這筆加注。", "There is no such annotation.")
            }
            StoreError::Refused { refusals } => {
                let pick = |f: fn(&Text) -> &str, sep: &str| refusals.iter().map(|r| f(&r.message)).collect::<Vec<_>>().join(sep);
                Text { zh_cn: pick(|t| &t.zh_cn, ""), zh_tw: pick(|t| &t.zh_tw, ""), en: pick(|t| &t.en, " ") }
            }
        }
    }
}

/// Every certificate the applicant added, newest last.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct CertificateStore {
    pub version: u32,
    pub certificates: Vec<StoredCertificate>,
}

impl CertificateStore {
    pub const VERSION: u32 = 1;

    pub fn new() -> CertificateStore {
        CertificateStore { version: Self::VERSION, certificates: Vec::new() }
    }

    /// Reads the file's contents; anything unreadable is an error (never an empty store).
    pub fn from_json(bytes: &[u8]) -> Result<Self, StoreError> {
        let store: CertificateStore =
            serde_json::from_slice(bytes).map_err(|e| StoreError::Parse { detail: e.to_string() })?;
        if store.version != Self::VERSION {
            return Err(StoreError::Version { version: store.version });
        }
        Ok(store)
    }

    pub fn to_json(&self) -> Vec<u8> {
        // Strings, dates and booleans always serialise.
        serde_json::to_vec_pretty(self).unwrap_or_default()
    }

    /// Reads the store at `path`; a missing file is an empty store (first use).
    pub fn load(path: &Path) -> Result<Self, StoreError> {
        match std::fs::read(path) {
            Ok(bytes) => Self::from_json(&bytes),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::new()),
            Err(e) => Err(StoreError::Io { detail: e.to_string() }),
        }
    }

    /// Writes the store to `path` atomically.
    pub fn save(&self, path: &Path) -> Result<(), StoreError> {
        write_atomic(path, &self.to_json()).map_err(|e| StoreError::Io { detail: e.to_string() })
    }

    pub fn list(&self) -> &[StoredCertificate] {
        &self.certificates
    }

    /// The certificate with this SHA-256 id.
    pub fn get(&self, id: &str) -> Option<&StoredCertificate> {
        self.certificates.iter().find(|c| c.certificate.sha256 == id)
    }

    fn get_mut(&mut self, id: &str) -> Result<&mut StoredCertificate, StoreError> {
        self.certificates
            .iter_mut()
            .find(|c| c.certificate.sha256 == id)
            .ok_or_else(|| StoreError::NoSuchCertificate { id: id.to_owned() })
    }

    /// Adds a certificate; the same file (same SHA-256) twice is refused, keeping one entry.
    pub fn add_certificate(&mut self, certificate: Certificate) -> Result<(), StoreError> {
        if self.get(&certificate.sha256).is_some() {
            return Err(StoreError::AlreadyExists { id: certificate.sha256 });
        }
        self.certificates.push(StoredCertificate { certificate, annotations: Vec::new() });
        Ok(())
    }

    /// Replaces what the applicant corrected (number, holder, issue date); the id stays.
    pub fn update_certificate(&mut self, certificate: Certificate) -> Result<(), StoreError> {
        let entry = self.get_mut(&certificate.sha256)?;
        entry.certificate = certificate;
        Ok(())
    }

    /// Removes a certificate with its annotations; false when there is no such id.
    pub fn remove_certificate(&mut self, id: &str) -> bool {
        let before = self.certificates.len();
        self.certificates.retain(|c| c.certificate.sha256 != id);
        self.certificates.len() != before
    }

    /// Records an annotation applied for at `now`, after [`annotation::check_request`] passes.
    /// Returns the check's warnings.
    pub fn add_annotation(
        &mut self,
        cert_id: &str,
        annotation_id: &str,
        request: &AnnotationRequest,
        now: DateTime<Utc>,
    ) -> Result<Vec<Warning>, StoreError> {
        let entry = self.get_mut(cert_id)?;
        if entry.annotations.iter().any(|a| a.id == annotation_id) {
            return Err(StoreError::DuplicateAnnotation { id: annotation_id.to_owned() });
        }
        let warnings = annotation::check_request(&entry.certificate, &entry.annotations, request, now)
            .map_err(|refusals| StoreError::Refused { refusals })?;
        entry.annotations.push(Annotation {
            id: annotation_id.to_owned(),
            scenario: request.scenario.trim().to_owned(),
            requested_at: now,
            valid_from: request.valid_from,
            valid_to: request.valid_to,
            completed_at: None,
        });
        Ok(warnings)
    }

    /// Marks an annotation processed at `at` (the portal finished before the 24 hours were up).
    pub fn mark_completed(&mut self, cert_id: &str, annotation_id: &str, at: DateTime<Utc>) -> Result<(), StoreError> {
        let entry = self.get_mut(cert_id)?;
        let a = entry
            .annotations
            .iter_mut()
            .find(|a| a.id == annotation_id)
            .ok_or_else(|| StoreError::NoSuchAnnotation { id: annotation_id.to_owned() })?;
        a.completed_at = Some(at);
        Ok(())
    }

    /// Removes an annotation recorded by mistake; false when there is no such one.
    pub fn remove_annotation(&mut self, cert_id: &str, annotation_id: &str) -> bool {
        self.get_mut(cert_id).is_ok_and(|e| {
            let before = e.annotations.len();
            e.annotations.retain(|a| a.id != annotation_id);
            e.annotations.len() != before
        })
    }

    /// Where one certificate stands at `now`.
    pub fn assess(&self, cert_id: &str, now: DateTime<Utc>) -> Option<Assessment> {
        self.get(cert_id).map(|e| annotation::assess(&e.certificate, &e.annotations, now))
    }
}
