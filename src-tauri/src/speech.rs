//! Read-aloud (语音阅读) through the OS speech engine, via the `tts` crate: speech-dispatcher on
//! Linux, WinRT/SAPI on Windows, AVFoundation on macOS. The page uses the WebView's own
//! `speechSynthesis` when that has a voice for its language and comes here otherwise.
//!
//! `tts::Tts` is not `Send`, so one worker thread owns it; it is started on the first press
//! (nothing speech-related happens at start-up) and connects then.

use std::sync::mpsc;
use std::sync::Mutex;
use std::time::Duration;

use assistant_core::lang::Lang;
use assistant_core::speech;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SpeechError {
    /// No speech engine answers (speech-dispatcher missing or not starting, no SAPI …).
    #[error("no speech engine: {0}")]
    NoEngine(String),
    /// The engine runs but has no voice for the page's language.
    #[error("no voice for {0:?}")]
    NoVoice(Lang),
    #[error("the speech engine refused the text: {0}")]
    Failed(String),
}

enum Job {
    Speak { text: String, lang: Lang, done: mpsc::Sender<Result<(), SpeechError>> },
    Stop,
}

/// The handle the commands use; the worker thread exists from the first `speak`.
#[derive(Default)]
pub struct Speech {
    jobs: Mutex<Option<mpsc::Sender<Job>>>,
}

impl Speech {
    /// Reads `text` aloud in `lang`, interrupting whatever is being read. Returns once the
    /// engine has accepted the text (not when it has finished speaking).
    pub fn speak(&self, text: &str, lang: Lang) -> Result<(), SpeechError> {
        let text = speech::prepare(text);
        if text.is_empty() {
            return Ok(());
        }
        let (done, answer) = mpsc::channel();
        self.send(Job::Speak { text, lang, done })?;
        answer
            .recv_timeout(Duration::from_secs(15))
            .unwrap_or_else(|_| Err(SpeechError::NoEngine("the speech engine did not answer".into())))
    }

    /// Stops reading (a new page, the end of a kiosk session). Does nothing when idle.
    pub fn stop(&self) {
        if let Ok(guard) = self.jobs.lock() {
            if let Some(tx) = guard.as_ref() {
                let _ = tx.send(Job::Stop);
            }
        }
    }

    fn send(&self, job: Job) -> Result<(), SpeechError> {
        let mut guard = self.jobs.lock().map_err(|_| SpeechError::Failed("speech worker poisoned".into()))?;
        let job = match guard.as_ref() {
            None => job,
            Some(tx) => match tx.send(job) {
                Ok(()) => return Ok(()),
                Err(mpsc::SendError(job)) => job, // the worker ended: start a new one
            },
        };
        let (tx, rx) = mpsc::channel();
        std::thread::Builder::new()
            .name("read-aloud".into())
            .spawn(move || worker(rx))
            .map_err(|e| SpeechError::NoEngine(e.to_string()))?;
        tx.send(job).map_err(|_| SpeechError::NoEngine("speech worker did not start".into()))?;
        *guard = Some(tx);
        Ok(())
    }
}

fn worker(jobs: mpsc::Receiver<Job>) {
    let mut engine: Option<tts::Tts> = None;
    for job in jobs {
        match job {
            Job::Stop => {
                if let Some(tts) = engine.as_mut() {
                    let _ = tts.stop();
                }
            }
            Job::Speak { text, lang, done } => {
                let mut result = say(&mut engine, &text, lang);
                if matches!(result, Err(SpeechError::Failed(_))) {
                    // The engine may have gone away since the last press: connect again once.
                    engine = None;
                    result = say(&mut engine, &text, lang);
                }
                let _ = done.send(result);
            }
        }
    }
}

fn say(engine: &mut Option<tts::Tts>, text: &str, lang: Lang) -> Result<(), SpeechError> {
    if engine.is_none() {
        *engine = Some(connect()?);
    }
    let Some(tts) = engine.as_mut() else { return Err(SpeechError::NoEngine("not connected".into())) };
    if tts.supported_features().voice {
        let voices = tts.voices().map_err(|e| SpeechError::Failed(e.to_string()))?;
        let tags: Vec<String> = voices.iter().map(|v| v.language().to_string()).collect();
        let best = speech::pick_voice(lang, tags.iter().map(String::as_str)).ok_or(SpeechError::NoVoice(lang))?;
        tts.set_voice(&voices[best]).map_err(|e| SpeechError::Failed(e.to_string()))?;
    }
    tts.speak(text, true).map(|_| ()).map_err(|e| SpeechError::Failed(e.to_string()))
}

/// Connects to the engine. speech-dispatcher is started on demand by its client library, and
/// the first connection can be refused while it starts: try a few times.
fn connect() -> Result<tts::Tts, SpeechError> {
    let mut last = String::new();
    for attempt in 0..4 {
        if attempt > 0 {
            std::thread::sleep(Duration::from_millis(400));
        }
        match tts::Tts::default() {
            Ok(tts) => return Ok(tts),
            Err(e) => last = e.to_string(),
        }
    }
    Err(SpeechError::NoEngine(last))
}
