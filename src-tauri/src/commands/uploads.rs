//! Upload presets (issue 22): the 认定 photo and the document scans, made through a crop frame.
//!
//! The applicant's file and the made JPEG are kept in memory only ([`UploadSlot`], cleared by the
//! kiosk's end of session). On a desktop the made file is saved where the applicant chooses (the
//! dialog plugin's save dialog). On a kiosk no OS dialog opens and nothing is written: the file goes
//! to the hall printer (CUPS `lp` reading standard input) or, once issue 19's removable-media
//! handling lands, to the applicant's own medium through [`kiosk_medium_hook`].

use std::sync::Mutex;

use assistant_core::lang::Text;
use assistant_core::photo::preset::{self, Preset};
use assistant_core::photo::{self as core_photo, CropRect, PhotoError, PresetPhotoInfo};
use base64::Engine;
use serde::Serialize;
use tauri::{AppHandle, Manager, State};

use crate::state::AppState;

/// The chosen file and the last made JPEG, in memory only.
#[derive(Default)]
pub struct UploadSlot(Mutex<Slot>);

#[derive(Default)]
struct Slot {
    source: Option<Vec<u8>>,
    made: Option<(String, Vec<u8>)>,
}

impl UploadSlot {
    pub fn clear(&self) {
        if let Ok(mut s) = self.0.lock() {
            *s = Slot::default();
        }
    }
}

/// The presets the page offers, in data order.
#[tauri::command]
#[specta::specta]
pub fn upload_presets() -> Vec<Preset> {
    preset::presets().to_vec()
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct UploadSource {
    /// Upright size at full resolution (after the applicant's quarter turns).
    pub width: u32,
    pub height: u32,
    /// `data:image/jpeg;base64,…` of the upright preview the frame is drawn on.
    pub preview_url: Option<String>,
    pub suggested: Option<CropRect>,
    pub problem: Option<Text>,
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn unreadable() -> Text {
    Text::new(
        "这张照片读不出来。请换一张 JPEG、PNG 或 WebP 照片再试。",
        "這張照片讀不出來。請換一張 JPEG、PNG 或 WebP 照片再試。",
        "That photo cannot be read. Choose a JPEG, PNG or WebP photo and try again.",
    )
}

fn source_problem(problem: Text) -> UploadSource {
    UploadSource { width: 0, height: 0, preview_url: None, suggested: None, problem: Some(problem) }
}

/// Reads the chosen file (`data`, base64) or, with `data` empty, the one chosen before (after a
/// quarter turn), and returns the upright preview with a first frame for `preset_id`.
#[tauri::command]
#[specta::specta]
pub async fn upload_open(app: AppHandle, data: String, preset_id: String, quarter_turns: u8) -> UploadSource {
    let Some(p) = preset::preset(&preset_id) else { return source_problem(PhotoError::UnknownPreset.message()) };
    let slot = app.state::<UploadSlot>();
    let bytes = if data.is_empty() {
        match slot.0.lock().ok().and_then(|s| s.source.clone()) {
            Some(b) => b,
            None => return source_problem(unreadable()),
        }
    } else {
        match base64::engine::general_purpose::STANDARD.decode(data.as_bytes()) {
            Ok(b) => b,
            Err(_) => return source_problem(unreadable()),
        }
    };
    let work = bytes.clone();
    let opened = tauri::async_runtime::spawn_blocking(move || core_photo::open_source(&work, quarter_turns, &p)).await;
    match opened {
        Ok(Ok(source)) => {
            if let Ok(mut s) = slot.0.lock() {
                s.source = Some(bytes);
                s.made = None;
            }
            UploadSource {
                width: source.width,
                height: source.height,
                preview_url: Some(format!("data:image/jpeg;base64,{}", b64(&source.preview))),
                suggested: Some(source.suggested),
                problem: None,
            }
        }
        Ok(Err(e)) => source_problem(e.message()),
        Err(_) => source_problem(unreadable()),
    }
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct UploadMade {
    pub info: Option<PresetPhotoInfo>,
    /// The warnings' messages, in the order of `info.warnings`.
    pub warnings: Vec<Text>,
    pub data_url: Option<String>,
    /// Set when nothing was made: why, and what to do.
    pub problem: Option<Text>,
}

/// Makes the preset's file from the chosen picture and frame, and keeps it in memory to save.
#[tauri::command]
#[specta::specta]
pub async fn upload_make(app: AppHandle, preset_id: String, crop: CropRect, quarter_turns: u8) -> UploadMade {
    let failed =
        |problem: Text| UploadMade { info: None, warnings: Vec::new(), data_url: None, problem: Some(problem) };
    let Some(p) = preset::preset(&preset_id) else { return failed(PhotoError::UnknownPreset.message()) };
    let slot = app.state::<UploadSlot>();
    let Some(bytes) = slot.0.lock().ok().and_then(|s| s.source.clone()) else { return failed(unreadable()) };
    let made =
        tauri::async_runtime::spawn_blocking(move || core_photo::make_for_preset(&bytes, &p, &crop, quarter_turns))
            .await;
    match made {
        Ok(Ok(photo)) => {
            let url = format!("data:image/jpeg;base64,{}", b64(&photo.jpeg));
            if let Ok(mut s) = slot.0.lock() {
                s.made = Some((preset_id, photo.jpeg));
            }
            let warnings = photo.info.warnings.iter().map(|w| w.message()).collect();
            UploadMade { info: Some(photo.info), warnings, data_url: Some(url), problem: None }
        }
        Ok(Err(e)) => failed(e.message()),
        Err(_) => failed(unreadable()),
    }
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct UploadSaved {
    /// Where the file went (desktop).
    pub path: Option<String>,
    /// The applicant closed the dialog without choosing.
    pub cancelled: bool,
    pub problem: Option<Text>,
}

/// The file name offered: what it is and its size, e.g. `认定照片-295x413.jpg`.
fn file_name(p: &Preset, jpeg: &[u8]) -> String {
    let size = image_size(jpeg).map(|(w, h)| format!("-{w}x{h}")).unwrap_or_default();
    let stem = match p.id.as_str() {
        "jszg_photo" => "认定照片",
        "putonghua_scan" => "普通话证书",
        "degree_scan" => "学历证书",
        other => other,
    };
    format!("{stem}{size}.jpg")
}

fn image_size(jpeg: &[u8]) -> Option<(u32, u32)> {
    // SOF0/SOF2: the frame header holds height then width.
    let i = jpeg.windows(2).position(|w| w == [0xFF, 0xC0] || w == [0xFF, 0xC2])?;
    let h = u16::from_be_bytes([*jpeg.get(i + 5)?, *jpeg.get(i + 6)?]);
    let w = u16::from_be_bytes([*jpeg.get(i + 7)?, *jpeg.get(i + 8)?]);
    Some((u32::from(w), u32::from(h)))
}

fn save_failed() -> Text {
    Text::new(
        "文件没能保存（磁盘已满、没有权限或位置不可写）。请换一个位置再试。",
        "檔案沒能儲存（磁碟已滿、沒有權限或位置不可寫）。請換一個位置再試。",
        "The file could not be saved (disk full, no permission, or a place that cannot be written). Choose another place.",
    )
}

/// Desktop: asks where to save the made file (the system's save dialog) and writes it there
/// atomically. A kiosk never opens the dialog (use `upload_print` or the medium hook instead).
#[tauri::command]
#[specta::specta]
pub async fn upload_save(app: AppHandle) -> UploadSaved {
    use tauri_plugin_dialog::DialogExt;
    let outcome = |path, cancelled, problem| UploadSaved { path, cancelled, problem };
    if app.state::<AppState>().kiosk.is_some() {
        return outcome(None, false, Some(kiosk_no_save()));
    }
    let Some((preset_id, jpeg)) = app.state::<UploadSlot>().0.lock().ok().and_then(|s| s.made.clone()) else {
        return outcome(None, false, Some(unreadable()));
    };
    let Some(p) = preset::preset(&preset_id) else { return outcome(None, false, Some(unreadable())) };
    let mut dialog = app.dialog().file().set_file_name(file_name(&p, &jpeg)).add_filter("JPEG", &["jpg", "jpeg"]);
    if let Ok(dir) = app.path().picture_dir().or_else(|_| app.path().download_dir()) {
        dialog = dialog.set_directory(dir);
    }
    let (tx, rx) = tokio::sync::oneshot::channel();
    dialog.save_file(move |f| {
        let _ = tx.send(f);
    });
    let Some(chosen) = rx.await.ok().flatten() else { return outcome(None, true, None) };
    let Ok(mut path) = chosen.into_path() else { return outcome(None, false, Some(save_failed())) };
    if path.extension().is_none() {
        path.set_extension("jpg");
    }
    match assistant_core::atomic::write_atomic(&path, &jpeg) {
        Ok(()) => outcome(Some(path.to_string_lossy().into_owned()), false, None),
        Err(_) => outcome(None, false, Some(save_failed())),
    }
}

fn kiosk_no_save() -> Text {
    Text::new(
        "服务厅的电脑不保存你的文件：请打印，或存到你自己的 U 盘。",
        "服務廳的電腦不儲存你的檔案：請列印，或存到你自己的隨身碟。",
        "The hall's computer keeps none of your files: print it, or save it to your own USB drive.",
    )
}

/// Kiosk: prints the made file on the hall's printer, from memory (it never touches the disk).
/// False when the machine has no print system.
#[tauri::command]
#[specta::specta]
pub fn upload_print(state: State<'_, AppState>, slot: State<'_, UploadSlot>) -> Result<bool, super::CommandError> {
    let Some(kiosk) = state.kiosk.clone() else { return Ok(false) };
    let Some((_, jpeg)) = slot.0.lock().ok().and_then(|s| s.made.clone()) else { return Ok(false) };
    crate::kiosk::print(kiosk.config.printer.as_deref(), &jpeg)
        .map_err(|e| super::CommandError::new(super::ErrorCode::SaveFailed, e))
}

/// Whether the kiosk can hand the made file to the applicant's own medium (a USB drive).
///
/// Hook for issue 19 (the kiosk's removable-media handling): it decides which media count as the
/// applicant's own and how to write to them without an OS dialog. Until it lands this answers
/// `false` and the page offers printing only; the made file stays in [`UploadSlot`] for it.
pub fn kiosk_medium_hook(_app: &AppHandle) -> bool {
    false
}

#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct UploadOutputs {
    pub kiosk: bool,
    /// A kiosk can write to the applicant's own medium (issue 19).
    pub medium: bool,
}

/// Where the made file can go on this machine, for the page to offer the right buttons.
#[tauri::command]
#[specta::specta]
pub fn upload_outputs(app: AppHandle, state: State<'_, AppState>) -> UploadOutputs {
    let kiosk = state.kiosk.is_some();
    UploadOutputs { kiosk, medium: kiosk && kiosk_medium_hook(&app) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_say_what_and_how_big() {
        let p = &preset::preset("jszg_photo").expect("preset");
        // SOI, SOF0 with height 413 and width 295.
        let jpeg = [0xFF, 0xD8, 0xFF, 0xC0, 0, 17, 8, 0x01, 0x9D, 0x01, 0x27];
        assert_eq!(file_name(p, &jpeg), "认定照片-295x413.jpg");
        assert_eq!(file_name(p, &[]), "认定照片.jpg");
    }
}
