//! Files from removable media, listed by the app itself (issue 19): a kiosk opens no OS file
//! dialog, whose "recent files", file-manager and network entries are ways out. The page sees
//! names and numbers, never paths: it picks a file by its place in the last listing.

use std::path::PathBuf;
use std::sync::Mutex;

use assistant_core::lang::Text;
use assistant_core::local_file::{self, MediaFile, MediaKind};
use assistant_core::photo::PhotoOptions;
use serde::Serialize;
use tauri::{AppHandle, Manager};

use super::certificate::{import_bytes, ImportOutcome};
use super::mail::PhotoPreview;
use crate::state::AppState;

/// Largest file listed: a certificate or a phone photo is far smaller.
const MAX_MEDIA_BYTES: u64 = 30 * 1024 * 1024;

/// The last listing, whose numbers the page refers to.
#[derive(Default)]
pub struct MediaList(Mutex<Vec<MediaFile>>);

impl MediaList {
    pub fn clear(&self) {
        if let Ok(mut l) = self.0.lock() {
            l.clear();
        }
    }
}

/// One file as the page shows it.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct MediaEntry {
    pub index: u32,
    /// Its path on the medium, e.g. `证书/张三.pdf`.
    pub name: String,
    /// The medium's name (the USB stick's label).
    pub medium: String,
    pub size_kb: u32,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct MediaListing {
    /// False when no removable medium is mounted at all.
    pub media_found: bool,
    pub files: Vec<MediaEntry>,
}

/// Where the OS mounts removable media for this user.
fn media_roots() -> Vec<PathBuf> {
    if let Some(root) = crate::test_hooks::var("AA_MEDIA_ROOT") {
        return vec![PathBuf::from(root)];
    }
    let mut roots = Vec::new();
    #[cfg(target_os = "linux")]
    {
        let user = std::env::var("USER").or_else(|_| std::env::var("LOGNAME")).unwrap_or_default();
        if !user.is_empty() && !user.contains('/') {
            roots.push(PathBuf::from("/media").join(&user));
            roots.push(PathBuf::from("/run/media").join(&user));
        }
        roots.push(PathBuf::from("/media"));
    }
    #[cfg(target_os = "macos")]
    roots.push(PathBuf::from("/Volumes"));
    #[cfg(windows)]
    {
        // Every drive but the system's (removable ones cannot be told apart without unsafe Win32 calls).
        let system = std::env::var("SystemDrive").unwrap_or_else(|_| "C:".to_owned()).to_ascii_uppercase();
        for letter in b'D'..=b'Z' {
            let drive = format!("{}:", letter as char);
            if drive != system {
                roots.push(PathBuf::from(format!("{drive}\\")));
            }
        }
    }
    roots
}

fn list(kind: MediaKind) -> (bool, Vec<MediaFile>) {
    let mut found = false;
    let mut files = Vec::new();
    for root in media_roots() {
        if std::fs::read_dir(&root).is_ok_and(|mut d| d.next().is_some()) {
            found = true;
        }
        files.extend(local_file::list_media(&root, MAX_MEDIA_BYTES).into_iter().filter(|f| f.kind == kind));
    }
    files.dedup_by(|a, b| a.path == b.path);
    files.truncate(local_file::MEDIA_MAX_FILES);
    (found, files)
}

/// Lists the certificates (PDF, OFD) or photos (JPEG, PNG, WebP) on the mounted media.
#[tauri::command]
#[specta::specta]
pub async fn media_list(app: AppHandle, kind: MediaKind) -> MediaListing {
    let (found, files) = tauri::async_runtime::spawn_blocking(move || list(kind)).await.unwrap_or_default();
    let entries = files
        .iter()
        .enumerate()
        .map(|(i, f)| MediaEntry {
            index: u32::try_from(i).unwrap_or(u32::MAX),
            name: f.shown.clone(),
            medium: f.medium.clone(),
            size_kb: u32::try_from(f.size.div_ceil(1024)).unwrap_or(u32::MAX),
        })
        .collect();
    if let Some(slot) = app.try_state::<MediaList>() {
        if let Ok(mut l) = slot.0.lock() {
            *l = files;
        }
    }
    MediaListing { media_found: found, files: entries }
}

/// Reads file `index` of the last listing: still a regular file, still on the medium, capped.
fn read_listed(list: &MediaList, index: u32, kind: MediaKind) -> Result<Vec<u8>, Text> {
    let file =
        list.0.lock().ok().and_then(|l| l.get(index as usize).cloned()).filter(|f| f.kind == kind).ok_or_else(gone)?;
    let medium_root = media_roots().into_iter().find(|r| file.path.starts_with(r)).ok_or_else(gone)?;
    local_file::read_regular(&file.path, MAX_MEDIA_BYTES, Some(&medium_root)).map_err(|e| e.message())
}

fn gone() -> Text {
    Text::new(
        "找不到这个文件了。U 盘是不是拔出了？请插好后刷新列表。",
        "找不到這個檔案了。隨身碟是不是拔出了？請插好後重新整理清單。",
        "That file is no longer there. Was the USB stick removed? Plug it in and refresh the list.",
    )
}

/// Adds certificate `index` of the last listing to the vault.
#[tauri::command]
#[specta::specta]
pub async fn media_import_certificate(app: AppHandle, index: u32) -> ImportOutcome {
    let state = app.state::<AppState>();
    let list = app.state::<MediaList>();
    match read_listed(&list, index, MediaKind::Document) {
        Ok(bytes) => import_bytes(&state, bytes),
        Err(problem) => ImportOutcome { id: None, already_had: false, problem: Some(problem), seq: 0 },
    }
}

/// Prepares photo `index` of the last listing for the help e-mail (as if chosen in a dialog).
#[tauri::command]
#[specta::specta]
pub async fn media_photo(app: AppHandle, index: u32, options: PhotoOptions) -> PhotoPreview {
    let read = read_listed(&app.state::<MediaList>(), index, MediaKind::Photo);
    match read {
        Ok(bytes) => super::mail::prepare_bytes(&app, bytes, options).await,
        Err(problem) => PhotoPreview { info: None, data_url: None, problem: Some(problem) },
    }
}

/// A photo's bytes (base64), for pages that prepare it themselves (the upload presets).
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct MediaBytes {
    pub data: Option<String>,
    pub problem: Option<Text>,
}

/// Reads photo `index` of the last listing (regular file, still on the medium, capped).
#[tauri::command]
#[specta::specta]
pub async fn media_photo_bytes(app: AppHandle, index: u32) -> MediaBytes {
    use base64::Engine;
    match read_listed(&app.state::<MediaList>(), index, MediaKind::Photo) {
        Ok(bytes) => MediaBytes { data: Some(base64::engine::general_purpose::STANDARD.encode(bytes)), problem: None },
        Err(problem) => MediaBytes { data: None, problem: Some(problem) },
    }
}
