//! The e-certificate vault (issue 6): CPTA certificates kept in the app's data dir under their
//! SHA-256, each with its annotations (加注) and where it stands today. Import by file dialog,
//! drag and drop, or straight from the official site's download in an app window.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use assistant_core::annotation::{AnnotationRequest, Assessment, Warning};
use assistant_core::certificate::preview::{self, PagePicture};
use assistant_core::certificate::{self, CertificateFormat, CertificateStore, StoreError, StoredCertificate};
use assistant_core::lang::{Lang, Text};
use assistant_core::local_file::read_regular;
use chrono::{NaiveDate, Utc};
use serde::Serialize;
use tauri::{AppHandle, Manager, State};

use super::{CommandError, ErrorCode};
use crate::official;
use crate::state::AppState;

/// The CPTA site, where the e-certificate is downloaded (guides/cpta.toml). Its plain-http
/// address is upgraded to https like every official address (`portals::official_url`); the
/// window may go to every CPTA host (`*.cpta.com.cn`): the certificate system is on
/// zs.cpta.com.cn, the account on zg.cpta.com.cn.
const CPTA_URL: &str = "http://www.cpta.com.cn/";

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct CertificateView {
    pub stored: StoredCertificate,
    pub assessment: Assessment,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct CertificatesView {
    pub items: Vec<CertificateView>,
    /// The saved list could not be read (it is left untouched); nothing can be added until fixed.
    pub problem: Option<Text>,
    /// The usage scenarios (使用场景) the portal offers, from the annotation rules.
    pub scenarios: Vec<String>,
}

/// What happened to the last file: imported (new or already there) or refused with a reason.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct ImportOutcome {
    pub id: Option<String>,
    pub already_had: bool,
    pub problem: Option<Text>,
    /// Increases with every capture from the official site, so the UI sees a new one.
    pub seq: u32,
}

/// The last capture from the official window, for the UI to pick up.
#[derive(Default)]
pub struct Captures(pub Mutex<Option<ImportOutcome>>);

fn dir(state: &AppState) -> PathBuf {
    state.data_dir.join("certificates")
}

fn store_path(state: &AppState) -> PathBuf {
    dir(state).join("certificates.json")
}

/// The kept copy of a certificate. Ids come from `certificates.json`, which anyone with the disk
/// can edit: only a SHA-256 in lower-case hex (what the app itself writes) is joined into a path.
fn file_path(state: &AppState, id: &str, format: CertificateFormat) -> Option<PathBuf> {
    let ext = match format {
        CertificateFormat::Pdf => "pdf",
        CertificateFormat::Ofd => "ofd",
    };
    valid_id(id).then(|| dir(state).join(format!("{id}.{ext}")))
}

fn valid_id(id: &str) -> bool {
    id.len() == 64 && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

fn load(state: &AppState) -> Result<CertificateStore, StoreError> {
    CertificateStore::load(&store_path(state))
}

fn err(e: StoreError) -> CommandError {
    CommandError::new(ErrorCode::SaveFailed, e)
}

fn scenarios() -> Vec<String> {
    assistant_core::annotation::OFFERED_SCENARIOS.iter().map(|s| (*s).to_owned()).collect()
}

fn view_of(store: &CertificateStore) -> CertificatesView {
    let now = Utc::now();
    let items = store
        .list()
        .iter()
        .filter_map(|s| {
            store.assess(&s.certificate.sha256, now).map(|assessment| CertificateView { stored: s.clone(), assessment })
        })
        .collect();
    CertificatesView { items, problem: None, scenarios: scenarios() }
}

#[tauri::command]
#[specta::specta]
pub fn certificate_list(state: State<'_, AppState>) -> CertificatesView {
    list_for(&state)
}

pub(crate) fn list_for(state: &AppState) -> CertificatesView {
    match load(state) {
        Ok(store) => view_of(&store),
        Err(e) => CertificatesView { items: Vec::new(), problem: Some(e.message()), scenarios: scenarios() },
    }
}

/// Reads a file the applicant chose and keeps a copy named by its SHA-256. The original is
/// never changed or moved.
pub(crate) fn import_file(state: &AppState, path: &Path) -> ImportOutcome {
    let outcome = |id: Option<String>, already_had, problem| ImportOutcome { id, already_had, problem, seq: 0 };
    // A regular file only (not /dev/zero, a FIFO or a symlink), read with a hard cap.
    let bytes = match read_regular(path, certificate::MAX_FILE_BYTES as u64, None) {
        Ok(b) => b,
        Err(e) => return outcome(None, false, Some(e.message())),
    };
    import_bytes(state, bytes)
}

/// Keeps a copy of a certificate's bytes named by its SHA-256.
pub(crate) fn import_bytes(state: &AppState, bytes: Vec<u8>) -> ImportOutcome {
    let outcome = |id: Option<String>, already_had, problem| ImportOutcome { id, already_had, problem, seq: 0 };
    let imported = match certificate::import(&bytes) {
        Ok(i) => i,
        Err(e) => return outcome(None, false, Some(e.message())),
    };
    let cert = imported.certificate;
    let id = cert.sha256.clone();
    let mut store = match load(state) {
        Ok(s) => s,
        Err(e) => return outcome(None, false, Some(e.message())),
    };
    if store.get(&id).is_some() {
        return outcome(Some(id), true, None);
    }
    let Some(kept) = file_path(state, &id, cert.format) else { return outcome(None, false, Some(unreadable())) };
    if state.persist(&kept, &bytes).is_err() {
        return outcome(None, false, Some(disk_full()));
    }
    if let Err(e) = store.add_certificate(cert).and_then(|()| store.save(&store_path(state))) {
        return outcome(None, false, Some(e.message()));
    }
    outcome(Some(id), false, None)
}

fn unreadable() -> Text {
    Text::new(
        "这个文件打不开。请确认文件还在原处，然后重新选择。",
        "這個檔案打不開。請確認檔案還在原處，然後重新選擇。",
        "That file cannot be opened. Check that it is still there, then choose it again.",
    )
}

fn disk_full() -> Text {
    Text::new(
        "证书没有保存：磁盘无法写入。请检查磁盘空间后再试。",
        "證書沒有儲存：磁碟無法寫入。請檢查磁碟空間後再試。",
        "The certificate was not saved: the disk refused the write. Check the free space and try again.",
    )
}

/// Import by path (file dialog or a file dropped on the window).
#[tauri::command]
#[specta::specta]
pub fn certificate_import(state: State<'_, AppState>, path: String) -> ImportOutcome {
    import_file(&state, Path::new(&path))
}

/// Opens the system's file dialog for PDF/OFD files and imports the chosen one. Never on a kiosk
/// (no OS dialog there: files come from removable media through the app's own list).
#[tauri::command]
#[specta::specta]
pub async fn certificate_choose(app: AppHandle) -> Option<ImportOutcome> {
    use tauri_plugin_dialog::DialogExt;
    if app.state::<AppState>().kiosk.is_some() {
        return None;
    }
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog().file().add_filter("PDF / OFD", &["pdf", "ofd", "PDF", "OFD"]).pick_file(move |f| {
        let _ = tx.send(f);
    });
    let picked = rx.await.ok().flatten()?;
    let path = picked.into_path().ok()?;
    let state = app.state::<AppState>();
    Some(import_file(&state, &path))
}

/// Fills in what the file did not say (certificate number, holder, issue date).
#[tauri::command]
#[specta::specta]
pub fn certificate_update(
    state: State<'_, AppState>,
    id: String,
    number: Option<String>,
    holder: Option<String>,
    issue_date: Option<NaiveDate>,
) -> Result<CertificatesView, CommandError> {
    let mut store = load(&state).map_err(err)?;
    let mut cert = store.get(&id).map(|s| s.certificate.clone()).ok_or_else(|| no_such(&id))?;
    cert.number = number.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    cert.holder = holder.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    cert.issue_date = issue_date;
    store.update_certificate(cert).map_err(err)?;
    store.save(&store_path(&state)).map_err(err)?;
    Ok(view_of(&store))
}

fn no_such(id: &str) -> CommandError {
    CommandError::new(ErrorCode::GuideRejected, format!("no certificate {id}"))
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct AnnotationOutcome {
    /// The annotation breaks a rule: nothing was recorded; each reason in every language.
    pub refusals: Vec<Text>,
    pub warnings: Vec<Warning>,
    pub view: CertificatesView,
}

/// Records an annotation applied for now, after checking every rule.
#[tauri::command]
#[specta::specta]
pub fn certificate_annotate(
    state: State<'_, AppState>,
    id: String,
    request: AnnotationRequest,
) -> Result<AnnotationOutcome, CommandError> {
    let mut store = load(&state).map_err(err)?;
    let annotation_id = format!("a{}", Utc::now().timestamp_millis());
    match store.add_annotation(&id, &annotation_id, &request, Utc::now()) {
        Ok(warnings) => {
            store.save(&store_path(&state)).map_err(err)?;
            Ok(AnnotationOutcome { refusals: Vec::new(), warnings, view: view_of(&store) })
        }
        Err(StoreError::Refused { refusals }) => Ok(AnnotationOutcome {
            refusals: refusals.into_iter().map(|r| r.message).collect(),
            warnings: Vec::new(),
            view: view_of(&store),
        }),
        Err(e) => Err(err(e)),
    }
}

/// Marks an annotation done before its 24 hours (the portal showed it), or removes one.
#[tauri::command]
#[specta::specta]
pub fn certificate_annotation_update(
    state: State<'_, AppState>,
    id: String,
    annotation_id: String,
    remove: bool,
) -> Result<CertificatesView, CommandError> {
    let mut store = load(&state).map_err(err)?;
    if remove {
        if !store.remove_annotation(&id, &annotation_id) {
            return Err(no_such(&annotation_id));
        }
    } else {
        store.mark_completed(&id, &annotation_id, Utc::now()).map_err(err)?;
    }
    store.save(&store_path(&state)).map_err(err)?;
    Ok(view_of(&store))
}

/// Opens the kept copy with the system's PDF/OFD viewer. Refused on a kiosk, which starts no other
/// program (the page shows [`certificate_view`] instead).
#[tauri::command]
#[specta::specta]
pub fn certificate_open(app: AppHandle, state: State<'_, AppState>, id: String) -> Result<(), CommandError> {
    use tauri_plugin_opener::OpenerExt;
    if state.kiosk.is_some() {
        return Err(CommandError::new(ErrorCode::NotAllowed, "a kiosk starts no other program"));
    }
    let store = load(&state).map_err(err)?;
    let cert = store.get(&id).ok_or_else(|| no_such(&id))?;
    let path = file_path(&state, &id, cert.certificate.format).ok_or_else(|| no_such(&id))?;
    app.opener()
        .open_path(path.to_string_lossy(), None::<&str>)
        .map_err(|e| CommandError::new(ErrorCode::WindowFailed, e))
}

/// The first page of a certificate, for the app to show itself.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct CertificatePicture {
    /// `data:image/png;base64,…`, or `None` with `problem` set.
    pub data_url: Option<String>,
    pub picture: Option<PagePicture>,
    pub problem: Option<Text>,
}

/// Renders the first page of the kept copy (in core, off the UI thread).
#[tauri::command]
#[specta::specta]
pub async fn certificate_view(app: AppHandle, id: String) -> Result<CertificatePicture, CommandError> {
    let state = app.state::<AppState>();
    let store = load(&state).map_err(err)?;
    let format = store.get(&id).map(|s| s.certificate.format).ok_or_else(|| no_such(&id))?;
    let path = file_path(&state, &id, format).ok_or_else(|| no_such(&id))?;
    let rendered = tauri::async_runtime::spawn_blocking(move || {
        let bytes = read_regular(&path, certificate::MAX_FILE_BYTES as u64, None).map_err(|e| e.message())?;
        preview::first_page(format, &bytes).map_err(|e| e.message())
    })
    .await
    .map_err(|e| CommandError::new(ErrorCode::SaveFailed, e))?;
    Ok(match rendered {
        Ok(picture) => {
            use base64::Engine;
            let url =
                format!("data:image/png;base64,{}", base64::engine::general_purpose::STANDARD.encode(&picture.png));
            CertificatePicture { data_url: Some(url), picture: Some(picture), problem: None }
        }
        Err(problem) => CertificatePicture { data_url: None, picture: None, problem: Some(problem) },
    })
}

/// Deletes a certificate and its kept copy (the UI asks first).
#[tauri::command]
#[specta::specta]
pub fn certificate_delete(state: State<'_, AppState>, id: String) -> Result<CertificatesView, CommandError> {
    let mut store = load(&state).map_err(err)?;
    let format = store.get(&id).map(|s| s.certificate.format).ok_or_else(|| no_such(&id))?;
    store.remove_certificate(&id);
    store.save(&store_path(&state)).map_err(err)?;
    if let Some(kept) = file_path(&state, &id, format) {
        let _ = std::fs::remove_file(kept);
    }
    Ok(view_of(&store))
}

/// Opens the CPTA site in an app window limited to CPTA's hosts; a certificate downloaded in
/// any window of it (an attachment, or the PDF viewer's own download) is imported into the vault
/// (see [`certificate_capture_status`]).
#[tauri::command]
#[specta::specta]
pub fn certificate_capture(app: AppHandle, state: State<'_, AppState>, lang: Lang) -> Result<(), CommandError> {
    let url = official::official_url(CPTA_URL).map_err(|e| CommandError::new(ErrorCode::NotAllowed, e))?;
    let hosts = official::hosts_for(&app, &url).map_err(|e| CommandError::new(ErrorCode::NotAllowed, e))?;
    let incoming = dir(&state).join("incoming");
    let on_finished = Arc::new(|app: &AppHandle, file: Option<PathBuf>| {
        let (Some(state), Some(captures)) = (app.try_state::<AppState>(), app.try_state::<Captures>()) else {
            return;
        };
        let mut outcome = match &file {
            Some(path) => import_file(&state, path),
            None => ImportOutcome { id: None, already_had: false, problem: Some(download_failed()), seq: 0 },
        };
        // The download was only a way in: the vault keeps its own copy.
        if let Some(path) = &file {
            let _ = std::fs::remove_file(path);
        }
        let lock = captures.0.lock();
        if let Ok(mut last) = lock {
            outcome.seq = last.as_ref().map_or(1, |o| o.seq + 1);
            *last = Some(outcome);
        };
    });
    official::open(
        &app,
        official::OfficialWindow {
            url,
            hosts,
            title: "申请助手 · 中国人事考试网".to_owned(),
            lang,
            downloads: Some(official::Downloads { dir: incoming, on_finished }),
            beside_panel: false,
        },
    )
    .map(|_| ())
    .map_err(|e| CommandError::new(ErrorCode::WindowFailed, e))
}

fn download_failed() -> Text {
    Text::new(
        "下载没有完成。请在网站上再下载一次。",
        "下載沒有完成。請在網站上再下載一次。",
        "The download did not finish. Download it again on the site.",
    )
}

/// The last certificate captured from the official window, if any.
#[tauri::command]
#[specta::specta]
pub fn certificate_capture_status(captures: State<'_, Captures>) -> Option<ImportOutcome> {
    captures.0.lock().ok().and_then(|l| l.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(name: &str) -> AppState {
        let d = std::env::temp_dir().join(format!("aa-cert-cmd-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        AppState::new(d, None)
    }

    #[test]
    fn a_device_named_by_the_page_is_refused_without_reading_it() {
        let s = state("dev");
        // /dev/zero reports a length of 0 and never ends: the old check read it until memory ran out.
        // (Windows has no such device in its file system: a folder stands in for it there.)
        #[cfg(unix)]
        let not_a_file = std::path::PathBuf::from("/dev/zero");
        #[cfg(not(unix))]
        let not_a_file = std::env::temp_dir();
        let o = import_file(&s, &not_a_file);
        assert!(o.id.is_none());
        assert!(o.problem.is_some_and(|p| p.en.contains("not an ordinary file")));
        let o = import_file(&s, Path::new("/nonexistent/cert.pdf"));
        assert!(o.problem.is_some_and(|p| p.en.contains("not there")));
        let _ = std::fs::remove_dir_all(&s.data_dir);
    }

    #[test]
    fn ids_from_the_store_are_checked_before_any_path_is_made() {
        let s = state("ids");
        assert!(file_path(&s, "../../../etc/passwd", CertificateFormat::Pdf).is_none());
        assert!(file_path(&s, &"AB".repeat(32), CertificateFormat::Pdf).is_none(), "upper case is not ours");
        assert!(file_path(&s, &"ab".repeat(33), CertificateFormat::Pdf).is_none());
        let ok = file_path(&s, &"ab".repeat(32), CertificateFormat::Ofd).expect("a real id");
        assert!(ok.starts_with(dir(&s)) && ok.extension().is_some_and(|e| e == "ofd"));
    }
}
