//! Read-aloud (语音阅读) through the OS speech engine, for pages whose language the WebView
//! cannot speak itself.

use assistant_core::lang::Lang;
use tauri::State;

use super::{CommandError, ErrorCode};
use crate::speech::{Speech, SpeechError};

/// Reads `text` aloud in `lang`. The error says whether the computer has no speech engine at
/// all or no voice for this language, so the button can say which.
#[tauri::command]
#[specta::specta]
pub async fn speak(speech: State<'_, Speech>, text: String, lang: Lang) -> Result<(), CommandError> {
    speech.speak(&text, lang).map_err(|e| {
        let code = match e {
            SpeechError::NoEngine(_) => ErrorCode::NoSpeechEngine,
            SpeechError::NoVoice(_) => ErrorCode::NoVoice,
            SpeechError::Failed(_) => ErrorCode::SpeechFailed,
        };
        CommandError::new(code, e)
    })
}

/// Stops reading aloud.
#[tauri::command]
#[specta::specta]
pub fn stop_speaking(speech: State<'_, Speech>) {
    speech.stop();
}
