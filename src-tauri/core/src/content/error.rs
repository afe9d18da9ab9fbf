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
    #[error("the pack's {part} are invalid: {detail}")]
    Invalid { part: ContentPart, detail: String },
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
            PackError::Invalid { part: ContentPart::Guides, .. } => Text::new(
                "下载到的指南内容更新里有一份指南走不通（例如有走不到的步骤），已丢弃。应用继续使用原来的内容。",
                "下載到的指南內容更新裡有一份指南走不通（例如有走不到的步驟），已捨棄。應用程式繼續使用原來的內容。",
                "A guide in the downloaded guide-content update cannot be followed (for example, it has a step \
                 that can never be reached), so the update was discarded. The app keeps using its current content.",
            ),
            PackError::Invalid { part, .. } => {
                let what = part.name();
                Text::new(
                    format!("下载到的指南内容更新中的{}有错误，没有通过应用的检查，已丢弃。应用继续使用原来的内容。", what.zh_cn),
                    format!("下載到的指南內容更新中的{}有錯誤，沒有通過應用程式的檢查，已捨棄。應用程式繼續使用原來的內容。", what.zh_tw),
                    format!(
                        "The {} in the downloaded guide-content update failed the app's checks, so the update was \
                         discarded. The app keeps using its current content.",
                        what.en
                    ),
                )
            }
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

/// The part of a pack a check covers, named in a refusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContentPart {
    /// Files that are not valid TOML or JSON.
    Syntax,
    Sources,
    Topics,
    Portals,
    Holidays,
    PhotoPresets,
    Forms,
    FeedbackCases,
    MailTemplates,
    Guides,
    SearchKeywords,
    Checklist,
}

impl ContentPart {
    /// The part in the applicant's words.
    pub fn name(self) -> Text {
        let (zh_cn, zh_tw, en) = match self {
            ContentPart::Syntax => ("文件格式", "檔案格式", "file format"),
            ContentPart::Sources => ("资料来源清单", "資料來源清單", "list of sources"),
            ContentPart::Topics => ("主题清单", "主題清單", "list of topics"),
            ContentPart::Portals => ("网站清单", "網站清單", "list of official sites"),
            ContentPart::Holidays => ("节假日数据", "節假日資料", "public-holiday data"),
            ContentPart::PhotoPresets => ("照片规格", "照片規格", "photo specifications"),
            ContentPart::Forms => ("表单说明", "表單說明", "form descriptions"),
            ContentPart::FeedbackCases => ("留言反馈的分类", "留言回饋的分類", "feedback categories"),
            ContentPart::MailTemplates => ("邮件模板", "郵件範本", "e-mail templates"),
            ContentPart::Guides => ("指南", "指南", "guides"),
            ContentPart::SearchKeywords => ("搜索关键词", "搜尋關鍵詞", "search keywords"),
            ContentPart::Checklist => ("材料清单", "材料清單", "checklists"),
        };
        Text::new(zh_cn, zh_tw, en)
    }
}

impl std::fmt::Display for ContentPart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name().en)
    }
}
