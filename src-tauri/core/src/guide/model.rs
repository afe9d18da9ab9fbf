//! The guide data as it is written in `guides/*.toml`, and the sources that the steps cite.
//!
//! Nodes are read into one flat struct so that a node holding a field that does not belong
//! to its kind, or lacking one it needs, is reported by validation with the node's name
//! instead of failing the whole file with a generic parse error.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::lang::{Lang, Text};

/// One guide file: the flows of one portal.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct GuideFile {
    #[serde(default)]
    pub flow: Vec<Flow>,
}

/// One flow: a small decision graph that starts at `start` and ends in outcomes.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Flow {
    pub id: String,
    pub title: Text,
    pub start: String,
    /// Messages the portal shows that lead the applicant to this flow (issue 12).
    #[serde(default)]
    pub message: Vec<Message>,
    #[serde(default)]
    pub node: Vec<Node>,
}

/// A message the portal shows the applicant, quoted verbatim (simplified Chinese, as the
/// portal writes it) so that message search can match what the applicant saw.
///
/// Each message is declared once, on the flow it leads to; `node` points at the question or
/// step inside the flow that deals with it. A status value too short to search on its own
/// (`有效`) carries the `label` of the field it appears in (`证书状态`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Message {
    pub text: String,
    pub label: Option<String>,
    pub node: Option<String>,
    /// Where the message is quoted: a seed document and section.
    pub source: Option<Source>,
}

impl Message {
    /// The message as the applicant sees it: `label：text` for a status value, else the text.
    pub fn display(&self) -> String {
        match &self.label {
            Some(l) => format!("{l}：{}", self.text),
            None => self.text.clone(),
        }
    }
}

/// What a node is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    /// A question with fixed choices.
    Question,
    /// A question answered with a date, branching on a cutoff.
    DateQuestion,
    /// Something the applicant should know.
    Fact,
    /// Something the applicant should do, usually on an official page.
    Action,
    /// Time the applicant has to wait.
    Wait,
    /// The end of the flow: the plan.
    Outcome,
}

impl NodeKind {
    pub fn is_question(self) -> bool {
        matches!(self, NodeKind::Question | NodeKind::DateQuestion)
    }

    pub fn is_step(self) -> bool {
        matches!(self, NodeKind::Fact | NodeKind::Action | NodeKind::Wait)
    }
}

/// One node, flat: validation checks which fields each kind must and must not have.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Node {
    pub id: String,
    pub kind: NodeKind,
    /// The question, the fact, the instruction, the reason to wait, or the outcome summary.
    pub text: Text,
    /// Outcome heading.
    pub title: Option<Text>,
    /// Extra explanation under a question.
    pub help: Option<Text>,
    #[serde(default)]
    pub choices: Vec<Choice>,
    /// Date questions: answers before this date go to `before`, others to `on_or_after`.
    pub cutoff: Option<NaiveDate>,
    pub before: Option<String>,
    pub on_or_after: Option<String>,
    pub next: Option<String>,
    pub source: Option<Source>,
    /// Bullet points under a fact or action (form fields, things to check).
    #[serde(default)]
    pub details: Vec<Text>,
    /// The official page (or app) where an action happens.
    pub page: Option<Text>,
    /// The official page's address; opened in the system browser.
    pub url: Option<String>,
    /// Menu items to click, in order, as the portal labels them.
    #[serde(default)]
    pub menu_path: Vec<Text>,
    pub hours: Option<u32>,
    pub working_days: Option<u32>,
    /// Hook for the e-mail drafting issue: which e-mail this step asks for.
    pub template: Option<String>,
    /// Hook for form helpers: which official form this step fills in.
    pub form: Option<String>,
    /// Waits the app can track (等待答复): what is waited on, so the step offers a reminder.
    pub track: Option<crate::feedback::TrackKind>,
    /// Hook for the ID checker: this step asks for ID numbers or validity dates.
    #[serde(default)]
    pub identity_check: bool,
    /// Hook for the upload presets (issue 22): the step links to the photo or scan tool with this
    /// preset (`jszg_photo`, `putonghua_scan`, `degree_scan`).
    pub upload: Option<String>,
    /// Hook for 我的日期 (issue 22): the step links to adding a date of this kind
    /// (e.g. `registration_renewal`).
    pub dates: Option<crate::dates::DateKind>,
    /// What to put in an e-mail the applicant has to send.
    pub email: Option<Email>,
}

impl Node {
    /// The nodes this node can lead to, in data order.
    pub fn successors(&self) -> Vec<&str> {
        match self.kind {
            NodeKind::Question => self.choices.iter().map(|c| c.next.as_str()).collect(),
            NodeKind::DateQuestion => {
                [&self.before, &self.on_or_after].into_iter().flatten().map(String::as_str).collect()
            }
            NodeKind::Fact | NodeKind::Action | NodeKind::Wait => self.next.iter().map(String::as_str).collect(),
            NodeKind::Outcome => Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Choice {
    pub id: String,
    pub label: Text,
    pub next: String,
}

/// An e-mail the applicant writes: to whom, the subject, the lines the body must contain,
/// and what to attach. Texts are shown in the UI language; the zh-CN text is what to type.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Email {
    pub to: String,
    pub subject: Text,
    #[serde(default)]
    pub lines: Vec<Text>,
    pub attachment: Option<Text>,
}

/// Where a step's facts come from.
///
/// - `doc = "seed 000"` (… `"seed 002"`): one of the project's seed documents; `section` required.
/// - `doc = "domain-facts"`: the project's checked notes on public sources; `section` required.
/// - anything else: a named public source; `date` required, `title` optional.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Source {
    pub doc: String,
    pub section: Option<String>,
    pub date: Option<NaiveDate>,
    pub title: Option<Text>,
}

/// A seed document the flows cite.
pub(crate) struct SeedDoc {
    pub doc: &'static str,
    pub file: &'static str,
    pub title: [&'static str; 3],
}

pub(crate) const SEEDS: [SeedDoc; 3] = [
    SeedDoc {
        doc: "seed 000",
        file: "000_a7b1b141e89bc158.txt",
        title: [
            "国家药监局网上办事大厅：执业药师登录与实名问题说明",
            "國家藥監局網上辦事大廳：執業藥師登入與實名問題說明",
            "NMPA online service hall: help for pharmacists with login and real-name checks",
        ],
    },
    SeedDoc {
        doc: "seed 001",
        file: "001_d472a74530f3e898.txt",
        title: [
            "执业药师电子证书的下载、加注与注册（备考网站文章）",
            "執業藥師電子證書的下載、加註與註冊（備考網站文章）",
            "Pharmacist e-certificates: download, annotation and registration (exam-prep site article)",
        ],
    },
    SeedDoc {
        doc: "seed 002",
        file: "002_22a4ec1bf11b965f.txt",
        title: [
            "中国教师资格网常见问题解答",
            "中國教師資格網常見問題解答",
            "中国教师资格网 (teacher qualification site) FAQ",
        ],
    },
];

pub(crate) const DOMAIN_FACTS: &str = "domain-facts";

fn lang_index(lang: Lang) -> usize {
    match lang {
        Lang::ZhCn => 0,
        Lang::ZhTw => 1,
        Lang::En => 2,
    }
}

/// A source as the UI shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct SourceView {
    /// `seed 000`, `domain-facts` or the public source's name.
    pub doc: String,
    /// The seed's file name under `seeds/`, for seed sources.
    pub file: Option<String>,
    pub section: Option<String>,
    pub date: Option<NaiveDate>,
    /// One line for the page, in the chosen language.
    pub display: String,
}

impl Source {
    pub fn seed(&self) -> Option<&'static SeedDoc> {
        SEEDS.iter().find(|s| s.doc == self.doc)
    }

    pub fn view(&self, lang: Lang) -> SourceView {
        let seed = self.seed();
        let section = self.section.clone();
        let display = match (seed, self.doc.as_str()) {
            (Some(s), _) => {
                let num = s.doc.trim_start_matches("seed ");
                let title = s.title[lang_index(lang)];
                let sec = section.as_deref().unwrap_or("");
                match lang {
                    Lang::ZhCn => format!("来源：资料 {num}《{title}》·“{sec}”"),
                    Lang::ZhTw => format!("來源：資料 {num}《{title}》·「{sec}」"),
                    Lang::En => format!("Source: document {num}, {title}, section “{sec}”"),
                }
            }
            (None, DOMAIN_FACTS) => {
                let sec = section.as_deref().unwrap_or("");
                match lang {
                    Lang::ZhCn => format!("来源：本项目核实的公开资料汇编·“{sec}”"),
                    Lang::ZhTw => format!("來源：本專案核實的公開資料彙編·「{sec}」"),
                    Lang::En => format!("Source: this project's checked notes on public sources, “{sec}”"),
                }
            }
            (None, doc) => {
                let name = match &self.title {
                    Some(t) => match lang {
                        Lang::En => format!("{} ({doc})", t.get(lang)),
                        _ => format!("{}（{doc}）", t.get(lang)),
                    },
                    None => doc.to_owned(),
                };
                let date = self.date.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
                match lang {
                    Lang::ZhCn => format!("来源：{name}，{date}"),
                    Lang::ZhTw => format!("來源：{name}，{date}"),
                    Lang::En => format!("Source: {name}, {date}"),
                }
            }
        };
        SourceView { doc: self.doc.clone(), file: seed.map(|s| s.file.to_owned()), section, date: self.date, display }
    }
}
