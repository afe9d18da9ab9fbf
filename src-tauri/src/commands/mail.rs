//! Teacher-site help e-mails and the hand-held ID photo (issue 8). The prepared photo is kept in
//! memory only (the kiosk's end of session clears it); the original file is only read.

use std::sync::Mutex;

use assistant_core::lang::Text;
use assistant_core::mail::{self, check, render, MailCase, MailDraft, MailForm, MailProblem, PasswordLine};
use assistant_core::photo::{self, PhotoInfo, PhotoOptions};
use base64::Engine;
use serde::Serialize;
use tauri::{AppHandle, Manager, State};

use super::{CommandError, ErrorCode};
use crate::clock::today_beijing;
use crate::mail::SmtpSettings;
use crate::state::AppState;
use crate::vault::Vault;
use assistant_core::vault::suggested_mail_server;

/// The last prepared photo (JPEG bytes), in memory only.
#[derive(Default)]
pub struct PhotoSlot(pub Mutex<Option<Vec<u8>>>);

impl PhotoSlot {
    pub fn clear(&self) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = None;
        }
    }
    fn get(&self) -> Option<Vec<u8>> {
        self.0.lock().ok().and_then(|s| s.clone())
    }
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct MailStart {
    pub case: MailCase,
    pub options: PhotoOptions,
    pub asks_password: bool,
    pub password_warning: Text,
}

/// What the e-mail page needs for a guide's e-mail step (`template` from the plan).
#[tauri::command]
#[specta::specta]
pub fn mail_start(template: String) -> Option<MailStart> {
    let case = MailCase::from_template(&template)?;
    Some(MailStart {
        case,
        options: PhotoOptions::default(),
        asks_password: case.asks_password(),
        password_warning: mail::password_warning(),
    })
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct PhotoPreview {
    pub info: Option<PhotoInfo>,
    /// `data:image/jpeg;base64,…` for the preview.
    pub data_url: Option<String>,
    pub problem: Option<Text>,
}

/// Prepares a photo the applicant chose (its bytes, base64): upright, downscaled, watermarked,
/// small enough. A bad file gets a clear message; nothing is written to disk.
#[tauri::command]
#[specta::specta]
pub async fn photo_prepare(app: AppHandle, data: String, options: PhotoOptions) -> PhotoPreview {
    let bytes = match base64::engine::general_purpose::STANDARD.decode(data.as_bytes()) {
        Ok(b) => b,
        Err(_) => return PhotoPreview { info: None, data_url: None, problem: Some(unreadable()) },
    };
    prepare_bytes(&app, bytes, options).await
}

/// Prepares a photo's bytes and keeps the result in memory for the mail.
pub(crate) async fn prepare_bytes(app: &AppHandle, bytes: Vec<u8>, options: PhotoOptions) -> PhotoPreview {
    // Off the async runtime's threads: a 12-megapixel photo takes a moment.
    let result = tauri::async_runtime::spawn_blocking(move || photo::prepare_photo(&bytes, &options)).await;
    match result {
        Ok(Ok(prepared)) => {
            let url =
                format!("data:image/jpeg;base64,{}", base64::engine::general_purpose::STANDARD.encode(&prepared.jpeg));
            if let Some(slot) = app.try_state::<PhotoSlot>() {
                if let Ok(mut s) = slot.0.lock() {
                    *s = Some(prepared.jpeg);
                }
            }
            PhotoPreview { info: Some(prepared.info), data_url: Some(url), problem: None }
        }
        Ok(Err(e)) => PhotoPreview { info: None, data_url: None, problem: Some(e.message()) },
        Err(_) => PhotoPreview { info: None, data_url: None, problem: Some(unreadable()) },
    }
}

fn unreadable() -> Text {
    Text::new(
        "这张照片读不出来。请换一张 JPEG、PNG 或 WebP 照片再试。",
        "這張照片讀不出來。請換一張 JPEG、PNG 或 WebP 照片再試。",
        "That photo cannot be read. Choose a JPEG, PNG or WebP photo and try again.",
    )
}

#[derive(Clone, Serialize, specta::Type)]
pub struct MailPreview {
    pub problems: Vec<MailProblem>,
    /// The mail as it will go out (the password masked).
    pub draft: Option<MailDraft>,
}

fn checked(form: &MailForm, photo: &PhotoSlot) -> Result<mail::CleanMail, Vec<MailProblem>> {
    check(form, photo.get().as_deref(), today_beijing())
}

/// Checks every field and shows the mail as it will be sent.
#[tauri::command]
#[specta::specta]
pub fn mail_preview(photo: State<'_, PhotoSlot>, form: MailForm) -> MailPreview {
    match checked(&form, &photo) {
        Ok(clean) => MailPreview { problems: Vec::new(), draft: render(&clean, PasswordLine::Masked).ok() },
        Err(problems) => MailPreview { problems, draft: None },
    }
}

/// Opens the copy panel with the mail, to paste into the applicant's own webmail (the password
/// line is a gap the applicant types into: the panel never holds it).
#[tauri::command]
#[specta::specta]
pub fn mail_copy_panel(
    app: AppHandle,
    photo: State<'_, PhotoSlot>,
    form: MailForm,
    look: assistant_core::prefs::Prefs,
) -> Result<MailPreview, CommandError> {
    let clean = match checked(&form, &photo) {
        Ok(clean) => clean,
        Err(problems) => return Ok(MailPreview { problems, draft: None }),
    };
    let draft =
        render(&clean, PasswordLine::Placeholder).map_err(|e| CommandError::new(ErrorCode::GuideRejected, e))?;
    crate::panel::open_alone(&app, mail::copy_panel(&draft), look)?;
    Ok(MailPreview { problems: Vec::new(), draft: render(&clean, PasswordLine::Masked).ok() })
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct MailSent {
    /// Set when nothing was sent: what went wrong and how to fix it.
    pub problem: Option<Text>,
    /// The reply date for the list of things waited on (none for the info fix).
    pub tracked: Option<super::feedback::TrackedView>,
    /// A "change your password" task was added to the jszg account in 我的账号.
    pub password_task: bool,
}

fn sent_ok(state: &AppState, vault: &Vault, case: MailCase) -> MailSent {
    let id = format!("m{}", chrono::Utc::now().timestamp_millis());
    let tracked = mail::tracked_item(id, case, today_beijing())
        .ok()
        .flatten()
        .and_then(|item| super::feedback::add_tracked(state, item).ok());
    let mut password_task = false;
    if case.asks_password() {
        // The login password went out by e-mail: flag the teacher-site account to change it.
        for account in vault.list().into_iter().filter(|a| a.kind == assistant_core::vault::AccountKind::Jszg) {
            password_task |= vault.mark(&account.id, false, today_beijing()).is_ok();
        }
    }
    MailSent { problem: None, tracked, password_task }
}

/// Sends the mail over SMTP, as the mailbox account chosen in 我的账号: its login, its password
/// (from the OS keychain) and its own outgoing server, all from the vault. The page names only
/// the account: it cannot send the password to a server of its choosing.
#[tauri::command]
#[specta::specta]
pub async fn mail_send(app: AppHandle, form: MailForm, mailbox_account: String) -> Result<MailSent, CommandError> {
    let photo = app.state::<PhotoSlot>();
    let vault = app.state::<Vault>();
    let clean = checked(&form, &photo).map_err(|_| CommandError::new(ErrorCode::GuideRejected, "mail not checked"))?;
    let account = vault
        .list()
        .into_iter()
        .find(|a| a.id == mailbox_account && a.kind == assistant_core::vault::AccountKind::Mailbox);
    let Some(account) = account else { return Ok(problem(no_mailbox_password())) };
    let server = account.mail_server.clone().unwrap_or_else(|| suggested_mail_server(&account.login));
    let mut smtp = SmtpSettings::new(server.host, server.security, account.login.trim());
    smtp.port = server.port;
    let password = match vault.reveal(&mailbox_account) {
        Ok(p) => p,
        Err(_) => return Ok(problem(no_mailbox_password())),
    };
    let message = mail::build_message(&clean, &mail::MessageOptions::smtp(std::time::SystemTime::now()))
        .map_err(|e| CommandError::new(ErrorCode::GuideRejected, e))?;
    let sent = tauri::async_runtime::spawn_blocking(move || crate::mail::send(&smtp, &password, &message)).await;
    match sent {
        Ok(Ok(_)) => {
            let state = app.state::<AppState>();
            Ok(sent_ok(&state, &vault, clean.case()))
        }
        Ok(Err(e)) => Ok(problem(e.text())),
        Err(e) => Err(CommandError::new(ErrorCode::SaveFailed, e)),
    }
}

fn problem(text: Text) -> MailSent {
    MailSent { problem: Some(text), tracked: None, password_task: false }
}

fn no_mailbox_password() -> Text {
    Text::new(
        "没有找到这个邮箱的密码。请在“我的账号”里添加你的邮箱账号和授权码，再发送。",
        "沒有找到這個郵箱的密碼。請在「我的帳號」裡新增你的郵箱帳號和授權碼，再傳送。",
        "No password was found for that mailbox. Add your mailbox account and its authorisation code in My accounts, then send.",
    )
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct EmlSaved {
    pub path: Option<String>,
    pub problem: Option<Text>,
    pub opened: bool,
}

/// Saves the mail as an `.eml` file with the photo (the password left as a gap to type in the
/// mail program) in Downloads, and opens it with the system's mail program.
#[tauri::command]
#[specta::specta]
pub fn mail_save_eml(
    app: AppHandle,
    state: State<'_, AppState>,
    photo: State<'_, PhotoSlot>,
    form: MailForm,
) -> Result<EmlSaved, CommandError> {
    use tauri_plugin_opener::OpenerExt;
    if state.kiosk.is_some() {
        // A kiosk starts no mail program and keeps no files: SMTP or the hall's desk only.
        return Err(CommandError::new(ErrorCode::NotAllowed, "no .eml files on a kiosk"));
    }
    let clean = checked(&form, &photo).map_err(|_| CommandError::new(ErrorCode::GuideRejected, "mail not checked"))?;
    let dir = app.path().download_dir().unwrap_or_else(|_| state.data_dir.join("mail"));
    let _ = std::fs::create_dir_all(&dir);
    match crate::mail::write_eml(&dir, &clean, std::time::SystemTime::now()) {
        Ok(path) => {
            let opened = app.opener().open_path(path.to_string_lossy(), None::<&str>).is_ok();
            Ok(EmlSaved { path: Some(path.to_string_lossy().into_owned()), problem: None, opened })
        }
        Err(e) => Ok(EmlSaved { path: None, problem: Some(e.text()), opened: false }),
    }
}

/// The applicant says the mail went out from their own mail program: record the reply date.
#[tauri::command]
#[specta::specta]
pub fn mail_sent_elsewhere(state: State<'_, AppState>, vault: State<'_, Vault>, mail_case: MailCase) -> MailSent {
    sent_ok(&state, &vault, mail_case)
}

/// Suggested SMTP settings for a mailbox, from its domain (the big Chinese providers).
#[tauri::command]
#[specta::specta]
pub fn mail_smtp_guess(email: String) -> SmtpSettings {
    let server = suggested_mail_server(&email);
    let mut settings = SmtpSettings::new(server.host, server.security, email.trim());
    settings.port = server.port;
    settings
}
