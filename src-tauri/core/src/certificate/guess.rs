//! Finding the certificate number, holder and issue date in a certificate's text. All patterns
//! live here: a label, then separators, then a value of the expected shape. No match leaves the
//! field empty for the applicant to fill in.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Labels before the certificate number; the CPTA lookup calls it 管理号 (domain-facts.md,
/// "CPTA e-certificate and annotation"). Longer labels first, so 证书编号 wins over 编号.
pub const NUMBER_LABELS: &[&str] = &["管理号", "证书编号", "证书号码", "证书号", "编号"];
/// Labels before the holder's name.
pub const HOLDER_LABELS: &[&str] = &["持证人姓名", "持证人", "姓名"];
/// Labels before the issue date.
pub const DATE_LABELS: &[&str] = &["发证日期", "签发日期", "颁发日期", "发证时间", "签发时间", "批准日期"];

/// Where a name ends when the text runs on without a break (page text often loses its line
/// ends): any label, and the start of the fields that follow a name on a certificate.
const NAME_STOPS: &[&str] =
    &["性别", "身份证", "证件", "证书", "出生", "专业", "类别", "管理号", "编号", "发证", "签发"];

/// Shortest number accepted: shorter digit runs are more likely page furniture.
const MIN_NUMBER_LEN: usize = 6;
const MAX_NUMBER_LEN: usize = 40;
const MAX_NAME_CHARS: usize = 20;

/// What was found; `None` for what was not.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Guessed {
    pub number: Option<String>,
    pub holder: Option<String>,
    pub issue_date: Option<NaiveDate>,
}

fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, ':' | '：' | '\u{3000}')
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}') || c == '·'
}

/// For each occurrence of each label in order, the text after it with separators skipped.
fn after_labels<'a>(text: &'a str, labels: &'a [&'a str]) -> impl Iterator<Item = &'a str> + 'a {
    labels.iter().flat_map(move |label| {
        text.match_indices(label).map(move |(i, l)| text[i + l.len()..].trim_start_matches(is_separator))
    })
}

fn number(text: &str) -> Option<String> {
    after_labels(text, NUMBER_LABELS).find_map(|rest| {
        let value: String = rest.chars().take_while(char::is_ascii_alphanumeric).collect();
        let ok = (MIN_NUMBER_LEN..=MAX_NUMBER_LEN).contains(&value.len()) && value.chars().any(|c| c.is_ascii_digit());
        ok.then_some(value)
    })
}

fn holder(text: &str) -> Option<String> {
    after_labels(text, HOLDER_LABELS).find_map(|rest| {
        let mut value = String::new();
        for (i, c) in rest.char_indices() {
            let stop = NAME_STOPS.iter().chain(HOLDER_LABELS).any(|s| rest[i..].starts_with(s));
            if !is_han(c) || stop || value.chars().count() > MAX_NAME_CHARS {
                break;
            }
            value.push(c);
        }
        (2..=MAX_NAME_CHARS).contains(&value.chars().count()).then_some(value)
    })
}

/// `2023年5月12日`, `2023-05-12`, `2023.05.12` or `2023/5/12` at the start of `s`.
pub(crate) fn parse_date(s: &str) -> Option<NaiveDate> {
    let mut parts = [0u32; 3];
    let mut rest = s;
    for (i, part) in parts.iter_mut().enumerate() {
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if digits.is_empty() || digits.len() > 4 {
            return None;
        }
        *part = digits.parse().ok()?;
        rest = &rest[digits.len()..];
        let sep = rest.chars().next();
        let want: &[char] = match i {
            0 => &['年', '-', '.', '/'],
            1 => &['月', '-', '.', '/'],
            _ => &[],
        };
        if let Some(c) = sep.filter(|c| want.contains(c)) {
            rest = &rest[c.len_utf8()..];
        } else if i < 2 {
            return None;
        }
    }
    NaiveDate::from_ymd_opt(i32::try_from(parts[0]).ok()?, parts[1], parts[2])
}

/// Looks for every field in `text`.
pub fn guess_fields(text: &str) -> Guessed {
    Guessed {
        number: number(text),
        holder: holder(text),
        issue_date: after_labels(text, DATE_LABELS).find_map(parse_date),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_labelled_fields() {
        let g = guess_fields("执业药师职业资格证书\n姓名：李 明\n姓名：王小红 性别：女\n管理号: 2023440100012345\n发证日期：2023年12月5日");
        assert_eq!(g.number.as_deref(), Some("2023440100012345"));
        assert_eq!(g.holder.as_deref(), Some("王小红"), "a one-character value is skipped for the next label");
        assert_eq!(g.issue_date, NaiveDate::from_ymd_opt(2023, 12, 5));
    }

    #[test]
    fn rejects_what_does_not_fit() {
        let g = guess_fields("编号：12 姓名：A 发证日期：2023年13月5日");
        assert_eq!(g, Guessed::default());
        assert_eq!(parse_date("2021-12-17"), NaiveDate::from_ymd_opt(2021, 12, 17));
        assert_eq!(parse_date("2021.1.2"), NaiveDate::from_ymd_opt(2021, 1, 2));
        assert_eq!(parse_date("2021/1"), None);
        assert_eq!(parse_date("二〇二一年"), None);
        // 证书编号 is tried before the bare 编号 (which here is followed by rubbish).
        // Text without line breaks: the name stops where the next field starts.
        assert_eq!(guess_fields("姓名：欧阳小明性别：男").holder.as_deref(), Some("欧阳小明"));
        assert_eq!(guess_fields("姓名：李明证书编号：1234567").holder.as_deref(), Some("李明"));
        assert_eq!(guess_fields("编号：见背面 证书编号：ZY2022000123").number.as_deref(), Some("ZY2022000123"));
    }
}
