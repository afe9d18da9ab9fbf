//! Why a content pack was refused, with the message shown to the applicant (or the hall's
//! administrator) in the three languages. A refused pack never changes what the app shows.

use thiserror::Error;

use crate::lang::Text;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PackError {
    #[error("the pack is not a readable archive: {0}")]
    Archive(String),
    #[error("{bytes} bytes is over the {limit}-byte limit")]
    TooLarge { bytes: u64, limit: u64 },
    #[error("more than {0} files")]
    TooManyFiles(usize),
    #[error("`{0}` is not a plain file")]
    NotAFile(String),
    #[error("`{0}` is not a path a pack may hold")]
    BadPath(String),
    #[error("`{0}` appears twice")]
    Duplicate(String),
    #[error("`{0}` is not UTF-8 text")]
    NotText(String),
    #[error("the pack has no manifest (data/content.toml)")]
    NoManifest,
    #[error("the manifest is invalid: {0}")]
    BadManifest(String),
    #[error("the signature file is not a minisign signature")]
    BadSignatureFile,
    #[error("the signature does not match the pack's bytes")]
    SignatureMismatch,
    #[error("the pack is signed with a key this app does not trust")]
    UnknownKey,
    #[error("a trusted key is not a minisign public key")]
    BadKey,
    #[error("pack version {pack} is not newer than the content in use ({active})")]
    NotNewer { pack: u32, active: u32 },
    #[error("pack schema {pack} is not the schema this app reads ({app})")]
    Schema { pack: u32, app: u32 },
    #[error("the pack needs app {need} or newer (this is {have})")]
    AppTooOld { need: String, have: String },
    #[error("the pack's content is invalid: {0}")]
    Invalid(String),
    #[error("cannot write the pack to disk: {0}")]
    Io(String),
}

impl PackError {
    /// What happened, for the about panel and the update notice. Technical detail stays in the
    /// English log line (`Display`); the applicant learns that nothing changed.
    pub fn message(&self) -> Text {
        match self {
            PackError::SignatureMismatch | PackError::BadSignatureFile => Text::new(
                "下载到的指南内容更新与它的签名不符（可能被篡改或下载不完整），已丢弃。应用继续使用原来的内容。",
                "下載到的指南內容更新與它的簽章不符（可能遭竄改或下載不完整），已捨棄。應用程式繼續使用原來的內容。",
                "The downloaded guide-content update does not match its signature (it may have been tampered with \
                 or cut short) and was discarded. The app keeps using its current content.",
            ),
            PackError::UnknownKey | PackError::BadKey => Text::new(
                "下载到的指南内容更新不是由本应用的维护者签名的，已丢弃。应用继续使用原来的内容。",
                "下載到的指南內容更新不是由本應用程式的維護者簽署的，已捨棄。應用程式繼續使用原來的內容。",
                "The downloaded guide-content update was not signed by this app's maintainers and was discarded. \
                 The app keeps using its current content.",
            ),
            PackError::NotNewer { pack, active } => Text::new(
                format!("下载到的指南内容（第 {pack} 版）不比正在使用的（第 {active} 版）新，未使用。"),
                format!("下載到的指南內容（第 {pack} 版）不比正在使用的（第 {active} 版）新，未使用。"),
                format!(
                    "The downloaded guide content (version {pack}) is not newer than the one in use \
                     (version {active}); it was not used."
                ),
            ),
            PackError::Schema { .. } => Text::new(
                "有新的指南内容，但它的格式需要新版的应用才能读取。请更新应用；在那之前继续使用原来的内容。",
                "有新的指南內容，但它的格式需要新版的應用程式才能讀取。請更新應用程式；在那之前繼續使用原來的內容。",
                "New guide content is available in a format that needs a newer version of the app. Update the \
                 app; until then the current content stays in use.",
            ),
            PackError::AppTooOld { need, .. } => Text::new(
                format!("有新的指南内容，但需要 {need} 或更新版本的应用。请更新应用；在那之前继续使用原来的内容。"),
                format!("有新的指南內容，但需要 {need} 或更新版本的應用程式。請更新應用程式；在那之前繼續使用原來的內容。"),
                format!(
                    "New guide content is available but needs app version {need} or newer. Update the app; until \
                     then the current content stays in use."
                ),
            ),
            PackError::Invalid(_) => Text::new(
                "下载到的指南内容更新没有通过应用的检查（其中的指南有错误），已丢弃。应用继续使用原来的内容。",
                "下載到的指南內容更新沒有通過應用程式的檢查（其中的指南有錯誤），已捨棄。應用程式繼續使用原來的內容。",
                "The downloaded guide-content update failed the app's checks (a guide in it has an error) and was \
                 discarded. The app keeps using its current content.",
            ),
            PackError::Io(_) => Text::new(
                "指南内容更新无法保存到这台电脑上（磁盘已满或没有权限）。应用继续使用原来的内容；腾出空间后会再试。",
                "指南內容更新無法儲存到這台電腦上（磁碟已滿或沒有權限）。應用程式繼續使用原來的內容；騰出空間後會再試。",
                "The guide-content update could not be saved on this computer (disk full or no permission). The \
                 app keeps using its current content and will try again later.",
            ),
            _ => Text::new(
                "下载到的指南内容更新已损坏或不完整，已丢弃。应用继续使用原来的内容。",
                "下載到的指南內容更新已損壞或不完整，已捨棄。應用程式繼續使用原來的內容。",
                "The downloaded guide-content update is damaged or incomplete and was discarded. The app keeps \
                 using its current content.",
            ),
        }
    }
}
