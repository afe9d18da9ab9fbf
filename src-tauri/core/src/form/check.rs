//! Field checks shared by every form the app drafts: what can be wrong with a value (one error
//! type), where it is (a problem names its field), and the rules per kind of field (a line of
//! text, a block of text, a choice, an ID number, a mobile number, an e-mail address, a secret).
//! The feedback form and the teacher-site e-mail both check through [`Checker`]; each keeps only
//! the rules that are its own (which fields, cross-field rules).

use std::fmt;

use serde::Serialize;
use thiserror::Error;

use crate::contact::{normalize_email, normalize_mobile};
use crate::identity::{check_document, DocumentKind, IdError, Sex, Span};
use crate::lang::{Lang, Text};

/// A field of some form, as messages name it.
pub trait FormField: Copy + Eq + fmt::Debug {
    /// The field's name inside a message, quoted as the page or form shows it.
    fn name(self) -> Text;
    /// Chosen from a list (a missing value reads "请选择…" rather than "请填写…").
    fn picks(self) -> bool {
        false
    }
    /// A message of its own for a missing value, where "fill in X" would not say enough.
    fn missing(self) -> Option<Text> {
        None
    }
}

/// What is wrong with one field's value. `Display` is a short English summary for logs; the
/// applicant sees [`Problem::message`].
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, specta::Type)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum FieldError {
    #[error("missing")]
    Missing,
    #[error("{found} characters, at most {max}")]
    TooLong { max: u32, found: u32 },
    /// A one-line field holds a line break.
    #[error("line break in a one-line field")]
    LineBreak,
    /// A control character (tab, NUL, …) that no name, title or password contains.
    #[error("control character")]
    ControlCharacter,
    /// Not one of the list's options.
    #[error("not an option of the list")]
    NotAnOption,
    /// The identity module's finding about the number, for the chosen document type.
    #[error("ID number: {id_error}")]
    IdNumber { id_error: IdError },
    #[error("not a mainland mobile number")]
    MobileInvalid,
    #[error("not a valid e-mail address")]
    EmailInvalid,
    /// An "old" value equals the new one: then nothing changed.
    #[error("same as the new value")]
    SameAsNew,
    /// A gender must be 男 or 女.
    #[error("gender must be 男 or 女")]
    GenderInvalid,
    /// The ID number says the other sex: one of the two is mistyped.
    #[error("the ID number says {on_id:?}")]
    GenderDisagreesWithId { on_id: Sex },
    /// The photo does not start like a JPEG file.
    #[error("not a JPEG file")]
    NotJpeg,
    #[error("{found_bytes} bytes, at most {max_bytes}")]
    AttachmentTooLarge { max_bytes: u32, found_bytes: u32 },
}

impl FieldError {
    /// The message for this error on `field`, in every language.
    pub fn text<F: FormField>(&self, field: F) -> Text {
        let n = field.name();
        match self {
            Self::Missing => match field.missing() {
                Some(own) => own,
                None if field.picks() => Text {
                    zh_cn: format!("请选择{}", n.zh_cn),
                    zh_tw: format!("請選擇{}", n.zh_tw),
                    en: format!("Choose {}", n.en),
                },
                None => Text {
                    zh_cn: format!("请填写{}", n.zh_cn),
                    zh_tw: format!("請填寫{}", n.zh_tw),
                    en: format!("Fill in {}", n.en),
                },
            },
            Self::TooLong { max, found } => {
                let cut = found.saturating_sub(*max);
                Text {
                    zh_cn: format!("{}最多 {max} 个字，现在有 {found} 个字，请删掉 {cut} 个字", n.zh_cn),
                    zh_tw: format!("{}最多 {max} 個字，現在有 {found} 個字，請刪掉 {cut} 個字", n.zh_tw),
                    en: format!("{} takes at most {max} characters; it has {found}: remove {cut}", cap(&n.en)),
                }
            }
            Self::LineBreak => Text {
                zh_cn: format!("{}只能写一行，请去掉换行", n.zh_cn),
                zh_tw: format!("{}只能寫一行，請去掉換行", n.zh_tw),
                en: format!("{} is one line only: remove the line break", cap(&n.en)),
            },
            Self::ControlCharacter => Text {
                zh_cn: format!("{}里有看不见的控制字符（例如制表符），请重新输入", n.zh_cn),
                zh_tw: format!("{}裡有看不見的控制字元（例如定位字元），請重新輸入", n.zh_tw),
                en: format!("{} contains an invisible control character (such as a tab): type it again", cap(&n.en)),
            },
            Self::NotAnOption => Text {
                zh_cn: format!("{}请从列表里选一项", n.zh_cn),
                zh_tw: format!("{}請從清單裡選一項", n.zh_tw),
                en: format!("For {}, pick one of the listed options", n.en),
            },
            Self::IdNumber { id_error } => {
                let m = id_error.text();
                Text {
                    zh_cn: format!("{}：{}", n.zh_cn, m.zh_cn),
                    zh_tw: format!("{}：{}", n.zh_tw, m.zh_tw),
                    en: format!("{}: {}", cap(&n.en), m.en),
                }
            }
            Self::MobileInvalid => Text {
                zh_cn: format!("{}必须是 11 位的大陆手机号码，例如 13812345678", n.zh_cn),
                zh_tw: format!("{}必須是 11 位的大陸手機號碼，例如 13812345678", n.zh_tw),
                en: format!("{} must be an 11-digit mainland mobile number, like 13812345678", cap(&n.en)),
            },
            Self::EmailInvalid => Text {
                zh_cn: format!("{}格式不对，例如 liming@163.com", n.zh_cn),
                zh_tw: format!("{}格式不對，例如 liming@163.com", n.zh_tw),
                en: format!("{} is not a valid address; it should look like liming@163.com", cap(&n.en)),
            },
            Self::SameAsNew => Text {
                zh_cn: format!("{}和现在的一样。没有变化就不用填，或者检查是不是填错了", n.zh_cn),
                zh_tw: format!("{}和現在的一樣。沒有變化就不用填，或者檢查是不是填錯了", n.zh_tw),
                en: format!("{} is the same as the current one: leave it empty if it did not change", cap(&n.en)),
            },
            Self::GenderInvalid => Text::new(
                "正确的性别请填“男”或“女”",
                "正確的性別請填「男」或「女」",
                "For the correct gender enter 男 (male) or 女 (female)",
            ),
            Self::GenderDisagreesWithId { on_id } => {
                let (zh, en) = match on_id {
                    Sex::Male => ("男", "male"),
                    Sex::Female => ("女", "female"),
                };
                Text {
                    zh_cn: format!("证件号码显示的性别是“{zh}”，和填写的正确性别不一致。请核对证件号码和性别"),
                    zh_tw: format!("證件號碼顯示的性別是「{zh}」，和填寫的正確性別不一致。請核對證件號碼和性別"),
                    en: format!("The ID number says {en} ({zh}), which differs from the gender entered: check both"),
                }
            }
            Self::NotJpeg => Text::new(
                "照片必须是 JPEG 格式（.jpg）。可以先用本应用的证件照工具处理一下",
                "照片必須是 JPEG 格式（.jpg）。可以先用本應用程式的證件照工具處理一下",
                "The photo must be a JPEG (.jpg). The app's ID photo tool can convert it",
            ),
            Self::AttachmentTooLarge { max_bytes, found_bytes } => {
                let mb = |b: &u32| format!("{:.1}", f64::from(*b) / 1_048_576.0);
                let (max, found) = (mb(max_bytes), mb(found_bytes));
                Text {
                    zh_cn: format!("照片有 {found} MB，最多 {max} MB。请用本应用的证件照工具缩小"),
                    zh_tw: format!("照片有 {found} MB，最多 {max} MB。請用本應用程式的證件照工具縮小"),
                    en: format!("The photo is {found} MB; at most {max} MB. Shrink it with the app's ID photo tool"),
                }
            }
        }
    }

    pub fn message<F: FormField>(&self, field: F, lang: Lang) -> String {
        self.text(field).get(lang).to_owned()
    }
}

fn cap(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A problem with one field, for the error summary and the field itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct Problem<F> {
    pub field: F,
    pub error: FieldError,
    /// For ID-number problems: the characters to highlight (1-based, inclusive).
    pub span: Option<Span>,
    pub message: Text,
}

impl<F: FormField> Problem<F> {
    pub fn new(field: F, error: FieldError) -> Problem<F> {
        let span = match &error {
            FieldError::IdNumber { id_error } => id_error.span(),
            _ => None,
        };
        Problem { field, message: error.text(field), span, error }
    }
}

/// The length of `text` as an official page counts it.
///
/// A browser's `maxlength` and a script's `value.length` (a page's "n/500" counter, Element's
/// `show-word-limit`) count UTF-16 code units of the value, in which every line break is one
/// "\n". So: line breaks ("\r\n", "\r", "\n") count 1, and each character counts 1 — except
/// characters outside the Basic Multilingual Plane (emoji, rare CJK Extension B+ ideographs),
/// which count 2. For all common Chinese, letters, digits and punctuation, this is simply the
/// number of characters.
pub fn portal_length(text: &str) -> usize {
    normalize_newlines(text).encode_utf16().count()
}

/// Every line break as "\n".
pub fn normalize_newlines(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

pub(crate) fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// What a checked ID number told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedId {
    /// Normalised (half-width, upper-case X); empty when missing.
    pub number: String,
    /// From a resident-ID or residence-permit number.
    pub sex: Option<Sex>,
}

/// Collects every problem of a form, in the order the fields are checked.
#[derive(Debug)]
pub struct Checker<F> {
    pub problems: Vec<Problem<F>>,
}

impl<F: FormField> Default for Checker<F> {
    fn default() -> Self {
        Checker { problems: Vec::new() }
    }
}

impl<F: FormField> Checker<F> {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, field: F, error: FieldError) {
        self.problems.push(Problem::new(field, error));
    }

    pub fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }

    /// Ok when no problem was found.
    pub fn finish<T>(self, value: impl FnOnce() -> T) -> Result<T, Vec<Problem<F>>> {
        if self.problems.is_empty() {
            Ok(value())
        } else {
            Err(self.problems)
        }
    }

    /// One line of text: trimmed, no line break, no control character, at most `max` as the
    /// page counts. Empty is a problem only when `required`.
    pub fn line(&mut self, field: F, raw: &str, max: usize, required: bool) -> String {
        let value = raw.trim().to_owned();
        let found = portal_length(&value);
        if value.is_empty() {
            if required {
                self.push(field, FieldError::Missing);
            }
        } else if value.contains(['\n', '\r']) {
            self.push(field, FieldError::LineBreak);
        } else if value.chars().any(char::is_control) {
            self.push(field, FieldError::ControlCharacter);
        } else if found > max {
            self.push(field, FieldError::TooLong { max: to_u32(max), found: to_u32(found) });
        }
        value
    }

    /// A block of text: line breaks as "\n", ends trimmed, tabs kept (pasted tables), no other
    /// control character, at most
    /// `max` as the page counts.
    pub fn block(&mut self, field: F, raw: &str, max: usize, required: bool) -> String {
        let value = normalize_newlines(raw).trim().to_owned();
        let found = portal_length(&value);
        if value.is_empty() {
            if required {
                self.push(field, FieldError::Missing);
            }
        } else if value.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
            self.push(field, FieldError::ControlCharacter);
        } else if found > max {
            self.push(field, FieldError::TooLong { max: to_u32(max), found: to_u32(found) });
        }
        value
    }

    /// A choice: required, and one of `options` when they are known (`None`: any value).
    pub fn choice<'a>(
        &mut self,
        field: F,
        raw: &str,
        mut options: Option<impl Iterator<Item = &'a str>>,
    ) -> Option<String> {
        let value = raw.trim();
        if value.is_empty() {
            self.push(field, FieldError::Missing);
            None
        } else if options.as_mut().is_some_and(|o| !o.any(|v| v == value)) {
            self.push(field, FieldError::NotAnOption);
            None
        } else {
            Some(value.to_owned())
        }
    }

    /// A document number through the identity module, for `kind` (`None`: the type itself is
    /// wrong, so the number is not second-guessed). Always required.
    pub fn id_number(
        &mut self,
        field: F,
        raw: &str,
        kind: Option<DocumentKind>,
        today: chrono::NaiveDate,
    ) -> CheckedId {
        if raw.trim().is_empty() {
            self.push(field, FieldError::Missing);
            return CheckedId { number: String::new(), sex: None };
        }
        let Some(kind) = kind else {
            return CheckedId { number: String::new(), sex: None };
        };
        let checked = check_document(kind, raw, today);
        for p in checked.problems {
            self.push(field, FieldError::IdNumber { id_error: p.error });
        }
        CheckedId { number: checked.normalized, sex: checked.sex }
    }

    /// A mainland mobile number, normalised to 11 digits (empty when missing or wrong).
    pub fn mobile(&mut self, field: F, raw: &str, required: bool) -> String {
        match raw.trim() {
            "" => {
                if required {
                    self.push(field, FieldError::Missing);
                }
                String::new()
            }
            raw => normalize_mobile(raw).unwrap_or_else(|| {
                self.push(field, FieldError::MobileInvalid);
                String::new()
            }),
        }
    }

    /// An e-mail address, normalised (empty when missing or wrong).
    pub fn email(&mut self, field: F, raw: &str, required: bool) -> String {
        match raw.trim() {
            "" => {
                if required {
                    self.push(field, FieldError::Missing);
                }
                String::new()
            }
            raw => normalize_email(raw).unwrap_or_else(|| {
                self.push(field, FieldError::EmailInvalid);
                String::new()
            }),
        }
    }

    /// A password: never trimmed (spaces may be part of it), required, one line, at most `max`
    /// characters.
    pub fn secret(&mut self, field: F, raw: &str, max: usize) -> String {
        let found = raw.chars().count();
        if raw.is_empty() {
            self.push(field, FieldError::Missing);
        } else if raw.contains(['\n', '\r']) {
            self.push(field, FieldError::LineBreak);
        } else if raw.chars().any(char::is_control) {
            self.push(field, FieldError::ControlCharacter);
        } else if found > max {
            self.push(field, FieldError::TooLong { max: to_u32(max), found: to_u32(found) });
        }
        raw.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum F {
        Name,
        Kind,
    }

    impl FormField for F {
        fn name(self) -> Text {
            match self {
                F::Name => Text::new("“姓名”", "「姓名」", "the name"),
                F::Kind => Text::new("“类型”", "「類型」", "the type"),
            }
        }
        fn picks(self) -> bool {
            self == F::Kind
        }
    }

    #[test]
    fn one_checker_for_every_kind_of_field() {
        let mut c = Checker::new();
        assert_eq!(c.line(F::Name, " 李明 ", 10, true), "李明");
        c.line(F::Name, "", 10, true);
        c.line(F::Name, "", 10, false);
        c.line(F::Name, "李\t明", 10, true);
        c.line(F::Name, "李\n明", 10, true);
        c.line(F::Name, &"名".repeat(11), 10, true);
        assert_eq!(c.choice(F::Kind, "个人", Some(["个人", "企业"].into_iter())), Some("个人".into()));
        assert_eq!(c.choice(F::Kind, "其他", Some(["个人"].into_iter())), None);
        assert_eq!(c.choice(F::Kind, "其他", None::<std::iter::Empty<&str>>), Some("其他".into()));
        assert_eq!(c.choice(F::Kind, " ", None::<std::iter::Empty<&str>>), None);
        let errors: Vec<FieldError> = c.problems.iter().map(|p| p.error.clone()).collect();
        assert_eq!(
            errors,
            [
                FieldError::Missing,
                FieldError::ControlCharacter,
                FieldError::LineBreak,
                FieldError::TooLong { max: 10, found: 11 },
                FieldError::NotAnOption,
                FieldError::Missing,
            ]
        );
        assert!(c.problems[0].message.zh_cn.starts_with("请填写“姓名”"));
        assert!(c.problems[5].message.zh_cn.starts_with("请选择“类型”"));
        assert!(c.problems[3].message.en.starts_with("The name takes at most 10"));
    }

    #[test]
    fn blocks_keep_line_breaks_and_count_as_the_page() {
        let mut c: Checker<F> = Checker::new();
        assert_eq!(c.block(F::Name, "  一\r\n二\r三  ", 5, true), "一\n二\n三");
        assert!(c.is_clean());
        c.block(F::Name, "😀😀😀", 5, true);
        assert_eq!(c.problems[0].error, FieldError::TooLong { max: 5, found: 6 });
    }

    #[test]
    fn id_numbers_carry_their_span() {
        let today = NaiveDate::from_ymd_opt(2026, 6, 1).expect("date");
        let mut c = Checker::new();
        let ok = c.id_number(F::Name, "11010519491231002x", Some(DocumentKind::ResidentId), today);
        assert_eq!(ok.number, "11010519491231002X");
        assert_eq!(ok.sex, Some(Sex::Female));
        c.id_number(F::Name, "110105194912310021", Some(DocumentKind::ResidentId), today);
        assert_eq!(c.problems[0].span, Some(Span::at(18)));
        assert!(c.problems[0].message.zh_cn.starts_with("“姓名”：第 18 位"));
    }

    #[test]
    fn secrets_are_never_trimmed() {
        let mut c: Checker<F> = Checker::new();
        assert_eq!(c.secret(F::Name, " pw ", 10), " pw ");
        c.secret(F::Name, "", 10);
        c.secret(F::Name, "a\nb", 10);
        c.secret(F::Name, &"p".repeat(11), 10);
        let errors: Vec<FieldError> = c.problems.iter().map(|p| p.error.clone()).collect();
        assert_eq!(errors, [FieldError::Missing, FieldError::LineBreak, FieldError::TooLong { max: 10, found: 11 }]);
    }
}
