//! The CPTA electronic certificate as a file on the applicant's computer: recognising it,
//! fingerprinting it, and reading what it says about itself.
//!
//! The portal hands out a PDF carrying an electronic seal (a PDF signature); an OFD version was
//! not found, but OFD is China's own format for official electronic documents, so a file in it is
//! recognised rather than rejected (domain-facts.md, "CPTA e-certificate and annotation").
//! Nothing here checks the seal cryptographically: a full PDF reader shows whether it is intact,
//! and the app only says whether a signature is present at all.
//!
//! Whatever the file does not say plainly (number, holder, issue date) stays `None`, and the UI
//! asks the applicant; a guess that might be wrong is worse than a question.

mod guess;
mod ofd;
mod pdf;
pub mod preview;
pub mod store;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use thiserror::Error;

use crate::lang::Text;

pub use guess::{guess_fields, Guessed, DATE_LABELS, HOLDER_LABELS, NUMBER_LABELS};
pub use pdf::PdfInfo;
pub use store::{CertificateStore, StoreError, StoredCertificate};

/// Files above this are refused before parsing: a certificate is a page or two, and a PDF
/// reader given a huge file would hold the app up for nothing.
pub const MAX_FILE_BYTES: usize = 30 * 1024 * 1024;

/// The container of the downloaded file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum CertificateFormat {
    Pdf,
    Ofd,
}

/// One certificate the applicant keeps track of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Certificate {
    /// SHA-256 of the file, lower-case hex: the certificate's id, so the same file added twice is
    /// recognised.
    pub sha256: String,
    pub format: CertificateFormat,
    pub size_bytes: u32,
    /// 管理号 or 证书编号, when the file says it plainly.
    pub number: Option<String>,
    pub holder: Option<String>,
    /// The issue date decides whether annotation is needed ([`crate::annotation::need`]).
    pub issue_date: Option<chrono::NaiveDate>,
    /// The document title, shown to tell certificates apart.
    pub title: Option<String>,
    /// The file carries a signature (electronic seal). Not verified here.
    pub has_signature: bool,
}

/// The result of reading a downloaded file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Imported {
    pub certificate: Certificate,
    /// The PDF's document information, for the UI to show what was read.
    pub pdf_info: Option<PdfInfo>,
}

/// Why a file could not be read as a certificate.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ImportError {
    #[error("the file is empty")]
    Empty,
    #[error("the file has {size_mb} MB, more than {max_mb} MB")]
    TooLarge { size_mb: u32, max_mb: u32 },
    #[error("not a PDF or OFD file")]
    NotACertificate,
    #[error("the PDF ends early (no %%EOF): the download was cut off")]
    Truncated,
    #[error("the PDF cannot be read: {detail}")]
    CorruptPdf { detail: String },
    #[error("the OFD package cannot be read")]
    CorruptOfd,
}

impl ImportError {
    /// What to tell the applicant, and what to do about it.
    pub fn message(&self) -> Text {
        match self {
            ImportError::Empty => Text::new(
                "这个文件是空的。请重新从中国人事考试网下载证书。",
                "這個檔案是空的。請重新從中國人事考試網下載證書。",
                "The file is empty. Download the certificate again from the CPTA site.",
            ),
            ImportError::TooLarge { size_mb, max_mb } => Text {
                zh_cn: format!("文件有 {size_mb} MB，超过 {max_mb} MB，不像是电子证书。请选择下载的证书文件。"),
                zh_tw: format!("檔案有 {size_mb} MB，超過 {max_mb} MB，不像是電子證書。請選擇下載的證書檔案。"),
                en: format!("The file is {size_mb} MB, over {max_mb} MB: not an e-certificate. Choose the downloaded certificate file."),
            },
            ImportError::NotACertificate => Text::new(
                "这不是证书文件：电子证书是 PDF（或 OFD）文件。请选择从“证书查验—证书下载”下载的文件。",
                "這不是證書檔案：電子證書是 PDF（或 OFD）檔案。請選擇從「证书查验—证书下载」下載的檔案。",
                "This is not a certificate file: the e-certificate is a PDF (or OFD) file. Choose the file downloaded from 证书查验—证书下载.",
            ),
            ImportError::Truncated => Text::new(
                "这个 PDF 不完整，下载可能中断了。请在加注有效期内重新下载。",
                "這個 PDF 不完整，下載可能中斷了。請在加注有效期內重新下載。",
                "This PDF is incomplete: the download was probably cut off. Download it again while the annotation is valid.",
            ),
            ImportError::CorruptPdf { .. } => Text::new(
                "这个 PDF 已损坏，无法读取。请重新下载证书。",
                "這個 PDF 已損壞，無法讀取。請重新下載證書。",
                "This PDF is damaged and cannot be read. Download the certificate again.",
            ),
            ImportError::CorruptOfd => Text::new(
                "这个 OFD 文件已损坏，无法读取。请重新下载证书。",
                "這個 OFD 檔案已損壞，無法讀取。請重新下載證書。",
                "This OFD file is damaged and cannot be read. Download the certificate again.",
            ),
        }
    }
}

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether `bytes` start like a PDF. The header may follow a little junk (the PDF reference
/// lets readers look within the first 1024 bytes).
fn looks_like_pdf(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(1024)].windows(5).any(|w| w == b"%PDF-")
}

/// Reads a downloaded certificate file. Never panics on any input.
pub fn import(bytes: &[u8]) -> Result<Imported, ImportError> {
    if bytes.is_empty() {
        return Err(ImportError::Empty);
    }
    if bytes.len() > MAX_FILE_BYTES {
        let mb = |n: usize| u32::try_from(n.div_ceil(1024 * 1024)).unwrap_or(u32::MAX);
        return Err(ImportError::TooLarge { size_mb: mb(bytes.len()), max_mb: mb(MAX_FILE_BYTES) });
    }
    let size_bytes = u32::try_from(bytes.len()).unwrap_or(u32::MAX);
    let sha256 = sha256_hex(bytes);
    if looks_like_pdf(bytes) {
        let read = pdf::read(bytes)?;
        let guessed = guess_fields(&read.haystack());
        let title = read.info.title.clone().filter(|t| !t.trim().is_empty());
        Ok(Imported {
            certificate: Certificate {
                sha256,
                format: CertificateFormat::Pdf,
                size_bytes,
                number: guessed.number,
                holder: guessed.holder,
                issue_date: guessed.issue_date,
                title,
                has_signature: read.has_signature,
            },
            pdf_info: Some(read.info),
        })
    } else if ofd::is_zip(bytes) {
        let names = ofd::entry_names(bytes).ok_or(ImportError::CorruptOfd)?;
        if !names.iter().any(|n| n == "OFD.xml") {
            return Err(ImportError::NotACertificate);
        }
        let has_signature = names.iter().any(|n| n.ends_with("Signatures.xml"));
        Ok(Imported {
            certificate: Certificate {
                sha256,
                format: CertificateFormat::Ofd,
                size_bytes,
                number: None,
                holder: None,
                issue_date: None,
                title: None,
                has_signature,
            },
            pdf_info: None,
        })
    } else {
        Err(ImportError::NotACertificate)
    }
}

#[cfg(test)]
mod tests;
