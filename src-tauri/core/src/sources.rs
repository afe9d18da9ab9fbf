//! The public sources the app cites (`data/sources.toml`), declared once and referred to by id
//! from the guides, the portal registry, the checklists and the trackers (issue 16).
//!
//! A source is shown as the public knows it: the page's own title and the site that published
//! it, or a notice's number, with its date at the precision that is actually known (a day, a
//! month, a year or a range of years): never an internal file name, never an invented day.

use std::collections::HashSet;
use std::fmt;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize};
use thiserror::Error;

use crate::content::{Cached, ContentSet};
use crate::lang::{Lang, Text};

/// Where the sources live in the content pack.
const PATH: &str = "data/sources.toml";

/// When a source was published (or, for a rule, when it took effect), as precisely as known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceDate {
    Day(NaiveDate),
    Month {
        year: i32,
        month: u32,
    },
    Year(i32),
    /// The page is undated; what it says places it in these years (inclusive).
    Years(i32, i32),
}

impl SourceDate {
    /// `YYYY-MM-DD`, `YYYY-MM`, `YYYY` or `YYYY-YYYY` (a range of years).
    pub fn parse(s: &str) -> Option<SourceDate> {
        let parts: Vec<&str> = s.trim().split('-').collect();
        let year =
            |p: &str| (p.len() == 4 && p.chars().all(|c| c.is_ascii_digit())).then(|| p.parse::<i32>().ok()).flatten();
        match parts.as_slice() {
            [y] => year(y).map(SourceDate::Year),
            [y, m] if m.len() == 4 => {
                let (a, b) = (year(y)?, year(m)?);
                (a < b).then_some(SourceDate::Years(a, b))
            }
            [y, m] => {
                let y = year(y)?;
                (m.len() == 2 && (1..=12).contains(&m_num(m)?))
                    .then_some(SourceDate::Month { year: y, month: m_num(m)? })
            }
            [_, _, _] => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok().map(SourceDate::Day),
            _ => None,
        }
    }

    /// The latest day the source can be from: what staleness is judged against.
    pub fn latest_day(self) -> Option<NaiveDate> {
        match self {
            SourceDate::Day(d) => Some(d),
            SourceDate::Month { year, month } => {
                let next = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
                NaiveDate::from_ymd_opt(next.0, next.1, 1).and_then(|d| d.pred_opt())
            }
            SourceDate::Year(y) | SourceDate::Years(_, y) => NaiveDate::from_ymd_opt(y, 12, 31),
        }
    }

    /// The date in words, in the chosen language.
    pub fn display(self, lang: Lang) -> String {
        let zh = lang != Lang::En;
        match self {
            SourceDate::Day(d) if zh => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
            SourceDate::Day(d) => d.format("%-d %B %Y").to_string(),
            SourceDate::Month { year, month } if zh => format!("{year}年{month}月"),
            SourceDate::Month { year, month } => {
                NaiveDate::from_ymd_opt(year, month, 1).map(|d| d.format("%B %Y").to_string()).unwrap_or_default()
            }
            SourceDate::Year(y) if zh => format!("{y}年"),
            SourceDate::Year(y) => y.to_string(),
            SourceDate::Years(a, b) if lang == Lang::ZhTw => format!("{a}—{b}年間（頁面未註明日期）"),
            SourceDate::Years(a, b) if zh => format!("{a}—{b}年间（页面未注明日期）"),
            SourceDate::Years(a, b) => format!("between {a} and {b} (the page is undated)"),
        }
    }
}

fn m_num(m: &str) -> Option<u32> {
    m.chars().all(|c| c.is_ascii_digit()).then(|| m.parse().ok()).flatten()
}

impl fmt::Display for SourceDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SourceDate::Day(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            SourceDate::Month { year, month } => write!(f, "{year}-{month:02}"),
            SourceDate::Year(y) => write!(f, "{y}"),
            SourceDate::Years(a, b) => write!(f, "{a}-{b}"),
        }
    }
}

impl<'de> Deserialize<'de> for SourceDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        SourceDate::parse(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("`{s}` is not YYYY-MM-DD, YYYY-MM, YYYY or YYYY-YYYY")))
    }
}

/// One public source.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PublicSource {
    pub id: String,
    /// The page's own title, or a notice's title.
    pub title: Text,
    /// Who published it: the portal itself, a ministry, or the site that copied it.
    pub site: Text,
    /// A notice's number (文号), shown before the title.
    pub number: Option<String>,
    pub date: SourceDate,
    /// The date is when the rule took effect (施行), not when it was published.
    #[serde(default)]
    pub in_force: bool,
    /// The page copies the portal's (or a ministry's) own text: "as reported by `site`".
    #[serde(default)]
    pub reported: bool,
    /// The page's exact title could not be read: `title` then describes it in our words and is
    /// shown without title marks, so it never passes for the page's own title.
    #[serde(default)]
    pub described: bool,
    /// Where it can be read (not opened by the app: many are third-party pages).
    pub url: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SourcesFile {
    source: Vec<PublicSource>,
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum SourcesError {
    #[error("sources.toml does not parse: {0}")]
    Parse(String),
    #[error("source `{0}` is declared twice")]
    Duplicate(String),
    #[error("source `{0}` has a blank title or site in some language")]
    Blank(String),
    #[error("source `{0}` has a bad id (lower-case letters, digits and _ only)")]
    BadId(String),
}

fn parse(src: &str) -> Result<Vec<PublicSource>, SourcesError> {
    let file: SourcesFile = toml::from_str(src).map_err(|e| SourcesError::Parse(e.to_string()))?;
    let mut seen = HashSet::new();
    for s in &file.source {
        if s.id.is_empty() || !s.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') {
            return Err(SourcesError::BadId(s.id.clone()));
        }
        if !seen.insert(s.id.as_str()) {
            return Err(SourcesError::Duplicate(s.id.clone()));
        }
        if s.title.has_blank() || s.site.has_blank() {
            return Err(SourcesError::Blank(s.id.clone()));
        }
    }
    Ok(file.source)
}

fn all() -> Arc<Vec<PublicSource>> {
    static CELL: Cached<Vec<PublicSource>> = Cached::new();
    // Checked by `bundled_sources_are_valid` and before a pack is installed; empty is the safe fallback.
    CELL.get(|set| parse(set.text(PATH).unwrap_or_default()).unwrap_or_default())
}

/// The content check for packs.
pub(crate) fn check(set: &ContentSet) -> Result<(), String> {
    parse(set.text(PATH).unwrap_or_default()).map(|_| ()).map_err(|e| e.to_string())
}

/// The declared source `id`.
pub(crate) fn get(id: &str) -> Option<PublicSource> {
    all().iter().find(|s| s.id == id).cloned()
}

/// Every declared source id (for validation and tests).
pub fn ids() -> Vec<String> {
    all().iter().map(|s| s.id.clone()).collect()
}

/// A citation in data: `{ ref = "jszg_faq", section = "账号注册问题" }`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceRef {
    #[serde(rename = "ref")]
    pub id: String,
    /// The part of the page the fact comes from, as the page labels it.
    pub section: Option<String>,
}

/// A source as the UI shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct SourceView {
    /// The declared source's id (stable, for tests and links).
    pub id: String,
    pub title: String,
    pub site: String,
    pub number: Option<String>,
    pub section: Option<String>,
    /// The date as known, in words (`2025年5月30日`, `2021年`, …).
    pub date: String,
    /// The date as data: `2025-05-30`, `2025-05`, `2025` or `2021-2024`.
    pub date_iso: String,
    /// Where the page was read (for the curious; the app does not open third-party pages).
    pub url: Option<String>,
    /// One line for the page, in the chosen language.
    pub display: String,
}

impl SourceRef {
    pub fn new(id: &str, section: Option<&str>) -> SourceRef {
        SourceRef { id: id.to_owned(), section: section.map(str::to_owned) }
    }

    /// What is wrong with the citation, if anything.
    pub fn problem(&self) -> Option<String> {
        if !all().iter().any(|s| s.id == self.id) {
            return Some(format!("unknown source `{}` (declare it in data/sources.toml)", self.id));
        }
        if self.section.as_deref().is_some_and(|s| s.trim().is_empty()) {
            return Some("blank section".into());
        }
        None
    }

    pub fn view(&self, lang: Lang) -> SourceView {
        let Some(s) = get(&self.id) else {
            // Validation forbids unknown ids in bundled data.
            return SourceView {
                id: self.id.clone(),
                title: String::new(),
                site: String::new(),
                number: None,
                section: self.section.clone(),
                date: String::new(),
                date_iso: String::new(),
                url: None,
                display: String::new(),
            };
        };
        let title = s.title.get(lang).to_owned();
        let site = s.site.get(lang).to_owned();
        let date = s.date.display(lang);
        let display = display_line(&s, &title, &site, &date, self.section.as_deref(), lang);
        SourceView {
            id: s.id.clone(),
            title,
            site,
            number: s.number.clone(),
            section: self.section.clone(),
            date,
            date_iso: s.date.to_string(),
            url: s.url.clone(),
            display,
        }
    }
}

fn display_line(s: &PublicSource, title: &str, site: &str, date: &str, section: Option<&str>, lang: Lang) -> String {
    let number = s.number.as_deref().map(|n| format!("{n} ")).unwrap_or_default();
    match lang {
        Lang::ZhCn | Lang::ZhTw => {
            let tw = lang == Lang::ZhTw;
            let when = if s.in_force { format!("{date}起施行") } else { date.to_owned() };
            let by = if s.reported {
                if tw {
                    format!("{site}轉載")
                } else {
                    format!("{site}转载")
                }
            } else {
                site.to_owned()
            };
            let sec = section.map(|x| if tw { format!("·「{x}」") } else { format!("·“{x}”") }).unwrap_or_default();
            let lead = if tw { "來源" } else { "来源" };
            let name = if s.described { title.to_owned() } else { format!("《{title}》") };
            format!("{lead}：{number}{name}（{by}，{when}）{sec}")
        }
        Lang::En => {
            let when = if s.in_force { format!("in force from {date}") } else { date.to_owned() };
            let by = if s.reported { format!("as reported by {site}") } else { site.to_owned() };
            let sec = section.map(|x| format!(", section “{x}”")).unwrap_or_default();
            let name = if s.described { title.to_owned() } else { format!("“{title}”") };
            format!("Source: {number}{name} ({by}, {when}){sec}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_sources_are_valid() {
        let set = ContentSet::bundled();
        let s = parse(set.text(PATH).unwrap_or_default()).expect("bundled sources.toml must be valid");
        assert!(s.len() >= 10);
    }

    #[test]
    fn dates_keep_the_precision_that_is_known() {
        assert_eq!(SourceDate::parse("2025-05-30"), NaiveDate::from_ymd_opt(2025, 5, 30).map(SourceDate::Day));
        assert_eq!(SourceDate::parse("2021-12"), Some(SourceDate::Month { year: 2021, month: 12 }));
        assert_eq!(SourceDate::parse("2025"), Some(SourceDate::Year(2025)));
        assert_eq!(SourceDate::parse("2021-2024"), Some(SourceDate::Years(2021, 2024)));
        for bad in ["", "25", "2025-13", "2025-02-30", "2024-2021", "2025/05/30", "20255"] {
            assert_eq!(SourceDate::parse(bad), None, "{bad}");
        }
        assert_eq!(SourceDate::Year(2025).display(Lang::ZhCn), "2025年");
        assert_eq!(SourceDate::Month { year: 2021, month: 12 }.display(Lang::En), "December 2021");
        assert_eq!(SourceDate::Years(2020, 2024).display(Lang::En), "between 2020 and 2024 (the page is undated)");
        assert!(SourceDate::Years(2020, 2024).display(Lang::ZhCn).starts_with("2020—2024年"));
        assert_eq!(SourceDate::Month { year: 2024, month: 2 }.latest_day(), NaiveDate::from_ymd_opt(2024, 2, 29));
        assert_eq!(SourceDate::Years(2020, 2024).latest_day(), NaiveDate::from_ymd_opt(2024, 12, 31));
    }

    #[test]
    fn a_source_is_shown_by_its_public_title_site_and_date_never_an_internal_name() {
        for id in ids() {
            for lang in Lang::ALL {
                let v = SourceRef::new(&id, Some("一、忘记密码")).view(lang);
                assert!(!v.display.is_empty());
                for internal in
                    ["seed", "资料 0", "資料 0", "domain-facts", "本项目", "本專案", "document 0", "checked notes"]
                {
                    assert!(!v.display.contains(internal), "{id} {lang:?}: {}", v.display);
                }
                assert!(v.display.contains(&v.title) && v.display.contains(&v.date), "{}", v.display);
            }
        }
        let v = SourceRef::new("jszg_faq", Some("账号注册问题")).view(Lang::ZhCn);
        assert!(v.display.starts_with("来源：《常见问题解答》（中国教师资格网，"), "{}", v.display);
        assert!(v.display.ends_with("·“账号注册问题”"), "{}", v.display);
    }

    #[test]
    fn unknown_or_blank_citations_are_reported() {
        assert!(SourceRef::new("nope", None).problem().is_some());
        assert!(SourceRef::new("jszg_faq", Some(" ")).problem().is_some());
        assert_eq!(SourceRef::new("jszg_faq", Some("账号注册问题")).problem(), None);
    }

    #[test]
    fn broken_files_are_rejected() {
        let one = |id: &str, title: &str| {
            format!("[[source]]\nid = \"{id}\"\ntitle = {{ zh-CN = \"{title}\", zh-TW = \"a\", en = \"a\" }}\nsite = {{ zh-CN = \"a\", zh-TW = \"a\", en = \"a\" }}\ndate = \"2025\"\n")
        };
        assert_eq!(
            parse(&format!("{}{}", one("a", "x"), one("a", "y"))).err(),
            Some(SourcesError::Duplicate("a".into()))
        );
        assert_eq!(parse(&one("a", " ")).err(), Some(SourcesError::Blank("a".into())));
        assert_eq!(parse(&one("A b", "x")).err(), Some(SourcesError::BadId("A b".into())));
        assert!(matches!(parse(&one("a", "x").replace("\"2025\"", "\"2025-02-30\"")), Err(SourcesError::Parse(_))));
    }
}
