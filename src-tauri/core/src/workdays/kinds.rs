//! The answers the calendar gives, in the shapes the UI receives over IPC.

use serde::Serialize;

/// What kind of day a date is in mainland China.
///
/// `name` is the holiday's name as the State Council notice gives it (e.g. `春节`, `国庆节、中秋节`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DayKind {
    /// Monday to Friday, not an official day off.
    Workday,
    /// Saturday or Sunday, not an official working day.
    Weekend,
    /// An official day off (法定节假日 or a day moved into the holiday by 调休), on any weekday.
    Holiday { name: String },
    /// A Saturday or Sunday that is an official working day (调休上班), named for the holiday it pays for.
    MakeUpWorkday { name: String },
}

impl DayKind {
    /// Whether offices are open: ordinary workdays and make-up working days.
    pub fn is_working(&self) -> bool {
        matches!(self, DayKind::Workday | DayKind::MakeUpWorkday { .. })
    }
}

/// A result together with the years it touched for which no official holiday notice is bundled.
///
/// For those years only weekends were counted, so the UI can say e.g. "for 2027 only weekends were
/// counted — official holidays are not yet published".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct Counted<T> {
    pub value: T,
    /// Sorted, without repeats; empty when every year involved has official data.
    pub years_without_data: Vec<i32>,
}

impl<T> Counted<T> {
    /// True when official holidays were known for every day involved.
    pub fn is_complete(&self) -> bool {
        self.years_without_data.is_empty()
    }
}
