//! The credential vault's commands. Passwords cross IPC only when the applicant asks to see one.

use std::sync::Mutex;
use std::time::Duration;

use assistant_core::vault::{Account, AccountInput, AccountView};
use tauri::{AppHandle, Manager, State};

use super::{CommandError, ErrorCode};
use crate::clock::today_beijing;
use crate::vault::{Vault, VaultError, VaultStatus};

/// How long a copied password stays on the clipboard. The `AA_CLIPBOARD_CLEAR_SECONDS` test hook
/// shortens it for the end-to-end tests (test builds only).
fn clipboard_seconds() -> u64 {
    crate::test_hooks::var("AA_CLIPBOARD_CLEAR_SECONDS").and_then(|s| s.parse().ok()).unwrap_or(30)
}

#[tauri::command]
#[specta::specta]
pub fn vault_status(vault: State<'_, Vault>) -> VaultStatus {
    vault.status()
}

#[tauri::command]
#[specta::specta]
pub fn vault_list(vault: State<'_, Vault>) -> Vec<AccountView> {
    vault.list().into_iter().map(AccountView::of).collect()
}

#[tauri::command]
#[specta::specta]
pub fn vault_add(vault: State<'_, Vault>, input: AccountInput, password: String) -> Result<Account, VaultError> {
    vault.add(&input, &password, today_beijing())
}

#[tauri::command]
#[specta::specta]
pub fn vault_update(
    vault: State<'_, Vault>,
    id: String,
    input: AccountInput,
    password: Option<String>,
) -> Result<Account, VaultError> {
    vault.update(&id, &input, password.as_deref(), today_beijing())
}

#[tauri::command]
#[specta::specta]
pub fn vault_delete(vault: State<'_, Vault>, id: String) -> Result<(), VaultError> {
    vault.delete(&id)
}

#[tauri::command]
#[specta::specta]
pub fn vault_reveal(vault: State<'_, Vault>, id: String) -> Result<String, VaultError> {
    vault.reveal(&id)
}

/// Marks the password as changed today (`done`), or as due for a change.
#[tauri::command]
#[specta::specta]
pub fn vault_mark(vault: State<'_, Vault>, id: String, done: bool) -> Result<Account, VaultError> {
    vault.mark(&id, done, today_beijing())
}

/// The clipboard the app writes passwords to: held for the app's life, because on X11 and Wayland
/// the app itself serves what it copied (arboard, the crate the clipboard plugin wraps).
#[derive(Default)]
pub struct ClipboardHold(Mutex<Option<arboard::Clipboard>>);

fn with_clipboard<T>(
    app: &AppHandle,
    f: impl FnOnce(&mut arboard::Clipboard) -> Result<T, arboard::Error>,
) -> Result<T, String> {
    let hold = app.try_state::<ClipboardHold>().ok_or("no clipboard")?;
    let mut guard = hold.0.lock().map_err(|_| "clipboard lock poisoned")?;
    if guard.is_none() {
        *guard = Some(arboard::Clipboard::new().map_err(|e| e.to_string())?);
    }
    let cb = guard.as_mut().ok_or("no clipboard")?;
    f(cb).map_err(|e| e.to_string())
}

/// Puts a secret on the clipboard marked for clipboard managers to leave out of their history
/// (Windows: not in Win+V history nor cloud sync; macOS: the concealed type; Linux: KDE's
/// password-manager hint, which Klipper and GNOME's managers honour).
fn put_secret(app: &AppHandle, secret: &str) -> Result<(), String> {
    let text = secret.to_owned();
    with_clipboard(app, move |cb| {
        let set = cb.set();
        #[cfg(target_os = "linux")]
        let set = {
            use arboard::SetExtLinux;
            set.exclude_from_history()
        };
        #[cfg(windows)]
        let set = {
            use arboard::SetExtWindows;
            set.exclude_from_history().exclude_from_cloud()
        };
        #[cfg(target_os = "macos")]
        let set = {
            use arboard::SetExtApple;
            set.exclude_from_history()
        };
        set.text(text)
    })
}

/// Puts an ordinary value (a name, an ID number the applicant typed) on the clipboard.
pub(crate) fn copy_text(app: &AppHandle, text: &str) -> Result<(), String> {
    let text = text.to_owned();
    with_clipboard(app, move |cb| cb.set_text(text))
}

fn clipboard_text(app: &AppHandle) -> Option<String> {
    with_clipboard(app, |cb| cb.get_text()).ok()
}

/// Empties the clipboard and, on X11, the PRIMARY selection (what was last selected, which a
/// middle click pastes: a revealed password, for one).
pub fn clear_clipboards(app: &AppHandle) {
    let _ = with_clipboard(app, |cb| {
        #[cfg(target_os = "linux")]
        {
            use arboard::{ClearExtLinux, LinuxClipboardKind};
            let _ = cb.clear_with().clipboard(LinuxClipboardKind::Primary);
        }
        cb.clear()
    });
}

/// The login helper: opens the login page of the account's portal in an official window, with
/// the copy panel beside it (the login to copy, the password to copy or to have typed into the
/// page straight from the keychain).
#[tauri::command]
#[specta::specta]
pub fn vault_login(
    app: AppHandle,
    vault: State<'_, Vault>,
    id: String,
    look: assistant_core::prefs::Prefs,
) -> Result<(), CommandError> {
    let account = vault
        .list()
        .into_iter()
        .find(|a| a.id == id)
        .ok_or_else(|| CommandError::new(ErrorCode::GuideRejected, "no such account"))?;
    let portal = super::panel::portal_of(account.kind)
        .ok_or_else(|| CommandError::new(ErrorCode::NotAllowed, "a mailbox has no portal login"))?;
    let form = assistant_core::form::login_form(portal).map_err(|e| CommandError::new(ErrorCode::GuideRejected, e))?;
    let url = crate::official::official_url(&form.entry).map_err(|e| CommandError::new(ErrorCode::NotAllowed, e))?;
    let values = vec![("username".to_owned(), account.login.clone())];
    let panel = assistant_core::form::Panel::for_form(&form, &[("username", account.login.as_str())], false);
    let title = format!("申请助手 · {}", form.title.zh_cn);
    crate::panel::open_with_official(
        &app,
        panel,
        look,
        crate::panel::Beside { url, title, values, account: Some(account.id) },
    )
}

/// Copies a password to the clipboard and clears it after the delay, but only if the
/// clipboard still holds that password (the applicant may have copied something else since).
/// Returns the delay in seconds for the UI to say.
#[tauri::command]
#[specta::specta]
pub fn vault_copy(app: AppHandle, vault: State<'_, Vault>, id: String) -> Result<u32, VaultError> {
    let secret = vault.reveal(&id)?;
    copy_secret(&app, secret).map_err(|detail| VaultError::ClipboardFailed { detail })
}

/// Puts a secret on the clipboard and takes it off again after the delay (if still there).
pub(crate) fn copy_secret(app: &AppHandle, secret: String) -> Result<u32, String> {
    put_secret(app, &secret)?;
    let seconds = clipboard_seconds();
    let app = app.clone();
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_secs(seconds));
        if clipboard_text(&app).as_deref() == Some(secret.as_str()) {
            let _ = with_clipboard(&app, |cb| cb.clear());
        }
    });
    Ok(u32::try_from(seconds).unwrap_or(u32::MAX))
}
