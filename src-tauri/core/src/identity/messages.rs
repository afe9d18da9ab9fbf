//! What the applicant reads: every error, warning and rule in zh-CN, zh-TW and en.
//!
//! Plain words, one problem per message, and always what to do next. Dates are written
//! `2025年6月1日` in Chinese and `2025-06-01` in English.

use chrono::{Datelike, NaiveDate};

use super::errors::{Expected, IdError};
use super::validity::{RuleBasis, ValidityIssue};
use crate::lang::{Lang, Text};

fn zh_date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// A character as shown inside a message: invisible ones are written as `U+XXXX`.
fn shown(found: &str) -> String {
    if found.chars().all(|c| !c.is_control() && !c.is_whitespace()) {
        found.to_owned()
    } else {
        found.chars().map(|c| format!("U+{:04X}", u32::from(c))).collect::<Vec<_>>().join(" ")
    }
}

fn join(lengths: &[u32], zh: &str, en: &str) -> (String, String) {
    let parts: Vec<String> = lengths.iter().map(u32::to_string).collect();
    (parts.join(zh), parts.join(en))
}

impl Expected {
    /// What the position allows, in every language.
    pub fn describe(self) -> Text {
        let (a, b, c) = match self {
            Expected::Digit => ("数字 0–9", "數字 0–9", "a digit 0–9"),
            Expected::DigitOrX => ("数字 0–9 或字母 X", "數字 0–9 或字母 X", "a digit 0–9 or the letter X"),
            Expected::Letter => ("英文字母 A–Z", "英文字母 A–Z", "a letter A–Z"),
            Expected::HOrM => {
                ("字母 H（香港）或 M（澳门）", "字母 H（香港）或 M（澳門）", "the letter H (Hong Kong) or M (Macau)")
            }
            Expected::Nine => ("数字 9", "數字 9", "the digit 9"),
        };
        Text::new(a, b, c)
    }
}

impl IdError {
    /// The message in every language.
    pub fn text(&self) -> Text {
        match self {
            IdError::Empty => Text::new("请输入证件号码。", "請輸入證件號碼。", "Enter the document number."),
            IdError::TooLong { length } => Text::new(
                format!("输入了 {length} 个字符，证件号码最多 18 位。请只填写号码本身。"),
                format!("輸入了 {length} 個字元，證件號碼最多 18 位。請只填寫號碼本身。"),
                format!("You entered {length} characters; document numbers have at most 18. Enter the number only."),
            ),
            IdError::InnerSpace { position } => Text::new(
                format!("第 {position} 位是空格，请删除号码中间的空格。"),
                format!("第 {position} 位是空格，請刪除號碼中間的空格。"),
                format!("Position {position} is a space: remove the spaces inside the number."),
            ),
            IdError::OldFifteenDigit => Text::new(
                "这是旧的 15 位身份证号码。网上办事需要 18 位号码，请照现在身份证上印的 18 位号码填写。",
                "這是舊的 15 位身分證號碼。網上辦事需要 18 位號碼，請照現在身分證上印的 18 位號碼填寫。",
                "This is an old 15-digit ID number. The portals need the 18-character number printed on your current ID card.",
            ),
            IdError::WrongLength { found, expected } => {
                let (zh, en) = join(expected, " 或 ", " or ");
                Text::new(
                    format!("号码应为 {zh} 位，现在是 {found} 位。请对照证件逐位核对。"),
                    format!("號碼應為 {zh} 位，現在是 {found} 位。請對照證件逐位核對。"),
                    format!("The number should have {en} characters; this one has {found}. Compare it with the document."),
                )
            }
            IdError::WrongCharacter { position, found, expected } => {
                let d = expected.describe();
                let f = shown(found);
                Text::new(
                    format!("第 {position} 位「{f}」不对，这一位应为{}。", d.zh_cn),
                    format!("第 {position} 位「{f}」不對，這一位應為{}。", d.zh_tw),
                    format!("Position {position} is “{f}”: it must be {}.", d.en),
                )
            }
            IdError::UnknownProvince { province: code } => Text::new(
                format!("第 1–2 位「{code}」不是有效的省级行政区划代码（GB/T 2260），请核对前两位。"),
                format!("第 1–2 位「{code}」不是有效的省級行政區劃代碼（GB/T 2260），請核對前兩位。"),
                format!("Positions 1–2 “{code}” are not a province code (GB/T 2260): check the first two digits."),
            ),
            IdError::ProvinceNotOnResidentId { province: code } => Text::new(
                format!("第 1–2 位「{code}」是港澳台地区的代码，居民身份证号码不会以它开头。如果这是港澳台居民居住证，请把证件类型改为居住证。"),
                format!("第 1–2 位「{code}」是港澳台地區的代碼，居民身分證號碼不會以它開頭。如果這是港澳台居民居住證，請把證件類型改為居住證。"),
                format!("Positions 1–2 “{code}” are the code of Hong Kong, Macau or Taiwan, which resident ID numbers never start with. If this is a residence permit, choose that document type."),
            ),
            IdError::ResidencePermitNumber { address_code: code } => Text::new(
                format!("以 {code} 开头的是港澳台居民居住证号码，请把证件类型改为“港澳台居民居住证”。"),
                format!("以 {code} 開頭的是港澳台居民居住證號碼，請把證件類型改為「港澳台居民居住證」。"),
                format!("A number starting with {code} belongs to a residence permit for Hong Kong, Macau and Taiwan residents: choose that document type."),
            ),
            IdError::ResidencePermitRegion { address_code: code } => Text::new(
                format!("居住证号码的前 6 位应为 810000（香港）、820000（澳门）或 830000（台湾），现在是 {code}。"),
                format!("居住證號碼的前 6 位應為 810000（香港）、820000（澳門）或 830000（台灣），現在是 {code}。"),
                format!("The first 6 digits of a residence permit number must be 810000 (Hong Kong), 820000 (Macau) or 830000 (Taiwan), not {code}."),
            ),
            IdError::InvalidBirthDate { text: t } => Text::new(
                format!("第 7–14 位是出生日期，「{t}」不是真实存在的日期，请核对。"),
                format!("第 7–14 位是出生日期，「{t}」不是真實存在的日期，請核對。"),
                format!("Positions 7–14 are the birth date, and “{t}” is not a real date: it must be a real date (YYYYMMDD)."),
            ),
            IdError::BirthDateTooEarly { date } => Text::new(
                format!("第 7–14 位的出生日期（{}）早于 1900 年，请核对。", zh_date(*date)),
                format!("第 7–14 位的出生日期（{}）早於 1900 年，請核對。", zh_date(*date)),
                format!("Positions 7–14 give a birth date of {date}, before 1900: check them."),
            ),
            IdError::BirthDateInFuture { date } => Text::new(
                format!("第 7–14 位的出生日期（{}）晚于今天，请核对。", zh_date(*date)),
                format!("第 7–14 位的出生日期（{}）晚於今天，請核對。", zh_date(*date)),
                format!("Positions 7–14 give a birth date of {date}, which is after today: check them."),
            ),
            IdError::CheckMismatch { position, found, expected } => Text::new(
                format!("第 {position} 位校验码应为 {expected}，现在是 {found}。如果第 {position} 位没有抄错，就是前面有一位输错了，请逐位核对。"),
                format!("第 {position} 位檢查碼應為 {expected}，現在是 {found}。如果第 {position} 位沒有抄錯，就是前面有一位輸錯了，請逐位核對。"),
                format!("The check character at position {position} should be {expected}, not {found}. If position {position} is copied right, an earlier character is wrong: check them one by one."),
            ),
        }
    }

    /// The message in one language.
    pub fn message(&self, lang: Lang) -> String {
        self.text().get(lang).to_owned()
    }
}

impl ValidityIssue {
    /// The message in every language.
    pub fn text(&self) -> Text {
        match self {
            ValidityIssue::BirthInFuture { birth } => Text::new(
                format!("出生日期（{}）晚于今天，请核对。", zh_date(*birth)),
                format!("出生日期（{}）晚於今天，請核對。", zh_date(*birth)),
                format!("The birth date {birth} is after today: check it."),
            ),
            ValidityIssue::StartInFuture { start } => Text::new(
                format!("有效期开始日期（{}）晚于今天。请照证件上印的日期填写。", zh_date(*start)),
                format!("有效期開始日期（{}）晚於今天。請照證件上印的日期填寫。", zh_date(*start)),
                format!("The start date {start} is after today. Enter the date printed on the document."),
            ),
            ValidityIssue::StartBeforeBirth { birth, start } => Text::new(
                format!("有效期开始日期（{}）早于出生日期（{}），请核对。", zh_date(*start), zh_date(*birth)),
                format!("有效期開始日期（{}）早於出生日期（{}），請核對。", zh_date(*start), zh_date(*birth)),
                format!("The start date {start} is before the birth date {birth}: check both."),
            ),
            ValidityIssue::EndNotAfterStart { start, end } => Text::new(
                format!("有效期结束日期（{}）没有晚于开始日期（{}），请核对是否填反。", zh_date(*end), zh_date(*start)),
                format!("有效期結束日期（{}）沒有晚於開始日期（{}），請核對是否填反。", zh_date(*end), zh_date(*start)),
                format!("The end date {end} is not after the start date {start}: check whether they are swapped."),
            ),
            ValidityIssue::Expired { end } => Text::new(
                format!("证件已于 {} 过期。请先换领新证件，再照新证件上的日期填写。", zh_date(*end)),
                format!("證件已於 {} 過期。請先換領新證件，再照新證件上的日期填寫。", zh_date(*end)),
                format!("This document expired on {end}. Renew it first, then enter the dates on the new one."),
            ),
            ValidityIssue::LongTermUnexpected { years, age } => {
                let (cn, tw, en) = match age {
                    Some(a) => (
                        format!("按签发时的年龄（{a} 岁），"),
                        format!("按簽發時的年齡（{a} 歲），"),
                        format!("At age {a} on the issue date, "),
                    ),
                    None => (String::new(), String::new(), String::new()),
                };
                Text::new(
                    format!("{cn}这种证件的有效期一般为 {years} 年，不是长期。请核对证件上印的结束日期；如果证件上确实印着“长期”，以证件为准。"),
                    format!("{tw}這種證件的有效期一般為 {years} 年，不是長期。請核對證件上印的結束日期；如果證件上確實印著「長期」，以證件為準。"),
                    format!("{en}this document is usually valid {years} years, not long-term. Check the end date on the document; if it really says 长期 (long-term), go by the document."),
                )
            }
            ValidityIssue::EndDateButLongTerm { age, end } => Text::new(
                format!("签发时已满 46 周岁（{age} 岁），居民身份证一般为长期有效。请核对证件：如果印着“长期”，请选长期；如果印着结束日期 {}，以证件为准。", zh_date(*end)),
                format!("簽發時已滿 46 週歲（{age} 歲），居民身分證一般為長期有效。請核對證件：如果印著「長期」，請選長期；如果印著結束日期 {}，以證件為準。", zh_date(*end)),
                format!("You were {age} on the issue date, and resident ID cards issued at 46 or over are usually long-term. Check the card: if it says 长期 (long-term), choose long-term; if it really shows the end date {end}, go by the card."),
            ),
            ValidityIssue::EndMismatch { years, expected, found } => Text::new(
                format!("按签发时的年龄，有效期一般为 {years} 年，结束日期应为 {}，您填的是 {}。请核对证件；如果证件上印的就是 {}，以证件为准。", zh_date(*expected), zh_date(*found), zh_date(*found)),
                format!("按簽發時的年齡，有效期一般為 {years} 年，結束日期應為 {}，您填的是 {}。請核對證件；如果證件上印的就是 {}，以證件為準。", zh_date(*expected), zh_date(*found), zh_date(*found)),
                format!("For the age on the issue date the document is usually valid {years} years, so the end date would be {expected}; you entered {found}. Check the document; if it shows {found}, go by the document."),
            ),
        }
    }

    /// The message in one language.
    pub fn message(&self, lang: Lang) -> String {
        self.text().get(lang).to_owned()
    }
}

impl RuleBasis {
    /// One sentence explaining the rule, with its source or a note that it is inferred.
    pub fn text(self) -> Text {
        let (a, b, c) = match self {
            RuleBasis::ResidentIdUnder16 => (
                "签发时未满 16 周岁：居民身份证有效期 5 年（《居民身份证法》第五条）。",
                "簽發時未滿 16 週歲：居民身分證有效期 5 年（《居民身分證法》第五條）。",
                "Under 16 on the issue date: the resident ID card is valid 5 years (Resident ID Card Law, Art. 5).",
            ),
            RuleBasis::ResidentId16To25 => (
                "签发时 16 至 25 周岁：居民身份证有效期 10 年（《居民身份证法》第五条）。",
                "簽發時 16 至 25 週歲：居民身分證有效期 10 年（《居民身分證法》第五條）。",
                "Aged 16 to 25 on the issue date: the resident ID card is valid 10 years (Resident ID Card Law, Art. 5).",
            ),
            RuleBasis::ResidentId26To45 => (
                "签发时 26 至 45 周岁：居民身份证有效期 20 年（《居民身份证法》第五条）。",
                "簽發時 26 至 45 週歲：居民身分證有效期 20 年（《居民身分證法》第五條）。",
                "Aged 26 to 45 on the issue date: the resident ID card is valid 20 years (Resident ID Card Law, Art. 5).",
            ),
            RuleBasis::ResidentId46AndOver => (
                "签发时已满 46 周岁：居民身份证长期有效（《居民身份证法》第五条）。",
                "簽發時已滿 46 週歲：居民身分證長期有效（《居民身分證法》第五條）。",
                "Aged 46 or over on the issue date: the resident ID card is long-term (Resident ID Card Law, Art. 5).",
            ),
            RuleBasis::ResidencePermit => (
                "港澳台居民居住证一般有效 5 年（这是推断，尚未找到官方来源确认，请以证件为准）。",
                "港澳台居民居住證一般有效 5 年（這是推斷，尚未找到官方來源確認，請以證件為準）。",
                "The residence permit is usually valid 5 years (our inference, not confirmed by an official source: go by the document).",
            ),
            RuleBasis::HkMacauPermitAdult => (
                "年满 18 周岁：港澳居民来往内地通行证有效期 10 年。",
                "年滿 18 週歲：港澳居民來往內地通行證有效期 10 年。",
                "Aged 18 or over: the Hong Kong/Macau travel permit is valid 10 years.",
            ),
            RuleBasis::HkMacauPermitMinor => (
                "未满 18 周岁：港澳居民来往内地通行证一般有效 5 年（这是推断，请以证件为准）。",
                "未滿 18 週歲：港澳居民來往內地通行證一般有效 5 年（這是推斷，請以證件為準）。",
                "Under 18: the Hong Kong/Macau travel permit is usually valid 5 years (our inference: go by the document).",
            ),
            RuleBasis::TaiwanPermit => (
                "五年期台湾居民来往大陆通行证有效期 5 年。",
                "五年期台灣居民來往大陸通行證有效期 5 年。",
                "The five-year Taiwan travel permit is valid 5 years.",
            ),
            RuleBasis::ForeignPermanentResidentAdult => (
                "年满 18 周岁：外国人永久居留身份证有效期 10 年。",
                "年滿 18 週歲：外國人永久居留身分證有效期 10 年。",
                "Aged 18 or over: the foreign permanent resident ID card is valid 10 years.",
            ),
            RuleBasis::ForeignPermanentResidentMinor => (
                "未满 18 周岁：外国人永久居留身份证有效期 5 年。",
                "未滿 18 週歲：外國人永久居留身分證有效期 5 年。",
                "Under 18: the foreign permanent resident ID card is valid 5 years.",
            ),
        };
        Text::new(a, b, c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identity::id_number::tests::day;

    fn all_id_errors() -> Vec<IdError> {
        vec![
            IdError::Empty,
            IdError::TooLong { length: 100 },
            IdError::InnerSpace { position: 7 },
            IdError::OldFifteenDigit,
            IdError::WrongLength { found: 17, expected: vec![18] },
            IdError::WrongLength { found: 10, expected: vec![9, 11] },
            IdError::WrongCharacter { position: 5, found: "O".into(), expected: Expected::Digit },
            IdError::WrongCharacter { position: 18, found: "\u{7}".into(), expected: Expected::DigitOrX },
            IdError::WrongCharacter { position: 1, found: "K".into(), expected: Expected::HOrM },
            IdError::WrongCharacter { position: 2, found: "1".into(), expected: Expected::Letter },
            IdError::WrongCharacter { position: 1, found: "1".into(), expected: Expected::Nine },
            IdError::UnknownProvince { province: "99".into() },
            IdError::ProvinceNotOnResidentId { province: "81".into() },
            IdError::ResidencePermitNumber { address_code: "810000".into() },
            IdError::ResidencePermitRegion { address_code: "110105".into() },
            IdError::InvalidBirthDate { text: "19900230".into() },
            IdError::BirthDateTooEarly { date: day(1899, 1, 1) },
            IdError::BirthDateInFuture { date: day(2030, 1, 1) },
            IdError::CheckMismatch { position: 18, found: "1".into(), expected: "X".into() },
        ]
    }

    fn all_validity_issues() -> Vec<ValidityIssue> {
        let d = day(2020, 1, 1);
        vec![
            ValidityIssue::BirthInFuture { birth: d },
            ValidityIssue::StartInFuture { start: d },
            ValidityIssue::StartBeforeBirth { birth: d, start: d },
            ValidityIssue::EndNotAfterStart { start: d, end: d },
            ValidityIssue::Expired { end: d },
            ValidityIssue::LongTermUnexpected { years: 20, age: Some(30) },
            ValidityIssue::LongTermUnexpected { years: 5, age: None },
            ValidityIssue::EndDateButLongTerm { age: 50, end: d },
            ValidityIssue::EndMismatch { years: 10, expected: d, found: d },
        ]
    }

    const RULES: [RuleBasis; 10] = [
        RuleBasis::ResidentIdUnder16,
        RuleBasis::ResidentId16To25,
        RuleBasis::ResidentId26To45,
        RuleBasis::ResidentId46AndOver,
        RuleBasis::ResidencePermit,
        RuleBasis::HkMacauPermitAdult,
        RuleBasis::HkMacauPermitMinor,
        RuleBasis::TaiwanPermit,
        RuleBasis::ForeignPermanentResidentAdult,
        RuleBasis::ForeignPermanentResidentMinor,
    ];

    #[test]
    fn every_message_exists_in_every_language_and_differs() {
        let texts: Vec<Text> = all_id_errors()
            .iter()
            .map(IdError::text)
            .chain(all_validity_issues().iter().map(ValidityIssue::text))
            .chain(RULES.iter().map(|r| r.text()))
            .collect();
        for t in &texts {
            assert!(!t.has_blank(), "{t:?}");
            assert_ne!(t.zh_cn, t.en);
            assert_ne!(t.zh_cn, t.zh_tw, "zh-TW must be its own text: {t:?}");
            assert!(
                !t.en.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) && c != '长' && c != '期'),
                "English with Chinese: {}",
                t.en
            );
        }
    }

    #[test]
    fn check_character_message_is_specific() {
        let e = IdError::CheckMismatch { position: 18, found: "1".into(), expected: "X".into() };
        assert!(e.message(Lang::ZhCn).starts_with("第 18 位校验码应为 X"));
        assert!(e.message(Lang::ZhTw).starts_with("第 18 位檢查碼應為 X"));
        assert!(e.message(Lang::En).contains("position 18 should be X"));
    }

    #[test]
    fn position_and_found_appear_in_messages() {
        let e = IdError::WrongCharacter { position: 5, found: "O".into(), expected: Expected::Digit };
        for lang in Lang::ALL {
            let m = e.message(lang);
            assert!(m.contains('5') && m.contains('O'), "{m}");
        }
        let e = IdError::WrongCharacter { position: 18, found: "\u{7}".into(), expected: Expected::DigitOrX };
        assert!(e.message(Lang::En).contains("U+0007"));
    }

    #[test]
    fn real_date_wording() {
        let e = IdError::InvalidBirthDate { text: "19900230".into() };
        assert!(e.message(Lang::En).contains("must be a real date"));
        assert!(e.message(Lang::ZhCn).contains("19900230"));
    }

    #[test]
    fn dates_are_written_per_language() {
        let m = ValidityIssue::Expired { end: day(2024, 3, 5) };
        assert!(m.message(Lang::ZhCn).contains("2024年3月5日"));
        assert!(m.message(Lang::En).contains("2024-03-05"));
    }
}
