//! How each portal wants the validity period entered: "type exactly this" per field.
//!
//! Sources (read at design time; nothing here reads them at run time):
//! - 国家药监局网上办事大厅 (seed 000, its FAQ on real-name checks): for a long-term ID card the
//!   end date of the validity period is not chosen at all (left empty). The same FAQ names the
//!   two dates 身份证起始日期 and 身份证结束日期, and says that if the real-name check still fails
//!   with correct entries, the holder should open the CTID app's 网证 by reading the card and then
//!   register again.
//! - 中国教师资格网 (seed 002, its FAQ): in 个人信息中心 → 修改个人身份信息 the applicant fills
//!   证件有效时间段 and 证件有效开始时间; afterwards the registration details must be opened,
//!   checked and submitted again for the change to reach the application. Applicants with a
//!   Hong Kong, Macau or Taiwan document also fill in sex and birth date there.
//! - 中国人事考试网 (seed 001 and the CPTA facts): certificate download and checking ask for the
//!   document number and name, not the validity period, so there is nothing to enter.
//!
//! Not confirmed by the sources (marked `confirmed: false` so the UI can say so): the exact wording
//! of the 证件有效时间段 options (we suggest `N年` or `长期`), and the date format (we give
//! `YYYY-MM-DD`; on a date picker the applicant picks that day).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::documents::DocumentKind;
use super::validity::{as_printed, check_validity_for, whole_years, ValidityEnd};
use crate::catalog::Portal;
use crate::lang::Text;

/// What to do with one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum FieldValue {
    /// Type exactly `text` (or pick that date on a date picker).
    Type { text: String },
    /// Choose the option `option` from a list.
    Choose { option: String },
    /// Leave the field empty; do not choose anything.
    LeaveEmpty,
}

/// One field of a portal's form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct FieldAdvice {
    /// The field's label; the English text keeps the Chinese label so it can be found on the page.
    pub label: Text,
    pub value: FieldValue,
    pub note: Option<Text>,
    /// True when the portal's own FAQ confirms this field and value.
    pub confirmed: bool,
}

/// Everything to type on one portal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct EntryAdvice {
    pub portal: Portal,
    /// The period as the document prints it, to compare with the card.
    pub as_printed: String,
    /// Fields in page order; empty when the portal does not ask for the period.
    pub fields: Vec<FieldAdvice>,
    pub notes: Vec<Text>,
}

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn date_note() -> Text {
    Text::new(
        "按“年-月-日”填写；如果是日期选择框，选这一天。",
        "按「年-月-日」填寫；如果是日期選擇框，選這一天。",
        "Written year-month-day; on a date picker, pick this day.",
    )
}

/// How to enter the validity period `start`–`end` of a `kind` document on `portal`.
pub fn entry_advice(portal: Portal, kind: DocumentKind, start: NaiveDate, end: ValidityEnd) -> EntryAdvice {
    let printed = as_printed(start, end);
    let (fields, notes) = match portal {
        Portal::Nmpa => nmpa(kind, start, end),
        Portal::Jszg => jszg(kind, start, end, &printed),
        Portal::Cpta => (
            Vec::new(),
            vec![Text::new(
                "中国人事考试网注册账号和查验证书时填证件号码和姓名等，不需要填证件有效期。",
                "中國人事考試網註冊帳號和查驗證書時填證件號碼和姓名等，不需要填證件有效期。",
                "The CPTA site asks for the document number and name when you register an account or check a certificate, not for the validity period.",
            )],
        ),
        // The identity apps read the card itself (NFC): nothing to type.
        Portal::Ctid => (Vec::new(), Vec::new()),
    };
    EntryAdvice { portal, as_printed: printed, fields, notes }
}

/// Advice for all three portals, in catalog order.
pub fn entry_advice_all(kind: DocumentKind, start: NaiveDate, end: ValidityEnd) -> Vec<EntryAdvice> {
    [Portal::Nmpa, Portal::Cpta, Portal::Jszg].into_iter().map(|p| entry_advice(p, kind, start, end)).collect()
}

/// Advice for a period that can be used on `today`; none for an expired card or an impossible
/// period, because typing it on a portal could only fail (the validity check says why, and an
/// expired card must be renewed first).
pub fn entry_advice_checked(
    kind: DocumentKind,
    birth: Option<NaiveDate>,
    start: NaiveDate,
    end: ValidityEnd,
    today: NaiveDate,
) -> Vec<EntryAdvice> {
    if check_validity_for(kind, birth, start, end, today).has_errors {
        return Vec::new();
    }
    entry_advice_all(kind, start, end)
}

fn nmpa(kind: DocumentKind, start: NaiveDate, end: ValidityEnd) -> (Vec<FieldAdvice>, Vec<Text>) {
    let start_field = FieldAdvice {
        label: Text::new("身份证起始日期", "身分證起始日期", "ID card start date (身份证起始日期)"),
        value: FieldValue::Type { text: iso(start) },
        note: Some(date_note()),
        confirmed: false,
    };
    let end_field = match end {
        ValidityEnd::Date(d) => FieldAdvice {
            label: Text::new("身份证结束日期", "身分證結束日期", "ID card end date (身份证结束日期)"),
            value: FieldValue::Type { text: iso(d) },
            note: Some(date_note()),
            confirmed: false,
        },
        ValidityEnd::LongTerm => FieldAdvice {
            label: Text::new("身份证结束日期", "身分證結束日期", "ID card end date (身份证结束日期)"),
            value: FieldValue::LeaveEmpty,
            note: Some(Text::new(
                "长期身份证不选结束日期，这一栏留空。",
                "長期身分證不選結束日期，這一欄留空。",
                "A long-term card has no end date: leave this field empty.",
            )),
            confirmed: true,
        },
    };
    let mut notes = Vec::new();
    if end == ValidityEnd::LongTerm && kind == DocumentKind::ResidentId {
        notes.push(Text::new(
            "如果填写无误仍提示实名认证未成功：在手机上安装 CTID（居民身份证网上功能凭证）应用，用“识别身份证”方式开通网证，然后重新注册。仍不行就在网上办事大厅的“联系我们”里反馈。",
            "如果填寫無誤仍提示實名認證未成功：在手機上安裝 CTID（居民身分證網上功能憑證）應用程式，用「識別身分證」方式開通網證，然後重新註冊。仍不行就在網上辦事大廳的「聯繫我們」裡回報。",
            "If the real-name check still fails although everything is right: install the CTID app (居民身份证网上功能凭证) on your phone, open its 网证 by reading the card (识别身份证), then register again. If it still fails, report it under 联系我们 (Contact us) in the service hall.",
        ));
    }
    (vec![start_field, end_field], notes)
}

fn jszg(kind: DocumentKind, start: NaiveDate, end: ValidityEnd, printed: &str) -> (Vec<FieldAdvice>, Vec<Text>) {
    let label_period = Text::new("证件有效时间段", "證件有效時間段", "Validity period (证件有效时间段)");
    let period = match end {
        ValidityEnd::LongTerm => FieldAdvice {
            label: label_period,
            value: FieldValue::Choose { option: "长期".into() },
            note: Some(Text::new(
                "证件上印着“长期”，就选长期。",
                "證件上印著「長期」，就選長期。",
                "The card says 长期 (long-term): choose 长期.",
            )),
            confirmed: false,
        },
        ValidityEnd::Date(d) => match whole_years(start, d) {
            Some(n) => FieldAdvice {
                label: label_period,
                value: FieldValue::Choose { option: format!("{n}年") },
                note: Some(Text {
                    zh_cn: format!("选与证件一致的年限（{printed}，共 {n} 年）；选项的确切文字可能略有不同。"),
                    zh_tw: format!("選與證件一致的年限（{printed}，共 {n} 年）；選項的確切文字可能略有不同。"),
                    en: format!("Choose the term that matches the card ({printed}, {n} years); the option may be worded slightly differently."),
                }),
                confirmed: false,
            },
            None => FieldAdvice {
                label: label_period,
                value: FieldValue::Choose { option: printed.to_owned() },
                note: Some(Text::new(
                    "证件的有效期不是整年数：选与证件上印的起止日期一致的一项。",
                    "證件的有效期不是整年數：選與證件上印的起止日期一致的一項。",
                    "The period is not a whole number of years: choose the option matching the dates on the card.",
                )),
                confirmed: false,
            },
        },
    };
    let start_field = FieldAdvice {
        label: Text::new("证件有效开始时间", "證件有效開始時間", "Validity start (证件有效开始时间)"),
        value: FieldValue::Type { text: iso(start) },
        note: Some(date_note()),
        confirmed: false,
    };
    let mut notes = vec![Text::new(
        "这两栏在“个人信息中心”的“修改个人身份信息”里。改完后还要打开报名信息的修改页面，核对无误再提交一次，报名信息才会更新。",
        "這兩欄在「個人信息中心」的「修改個人身份信息」裡。改完後還要打開報名信息的修改頁面，核對無誤再提交一次，報名信息才會更新。",
        "Both fields are under 个人信息中心 → 修改个人身份信息. After changing them, open the registration details, check them and submit again, or the registration keeps the old values.",
    )];
    if kind != DocumentKind::ResidentId {
        notes.push(Text::new(
            "持港澳台或外国人证件的申请人，在同一页还要补填性别和出生日期。",
            "持港澳台或外國人證件的申請人，在同一頁還要補填性別和出生日期。",
            "With a Hong Kong, Macau, Taiwan or foreigner's document, also fill in sex and birth date on the same page.",
        ));
    }
    (vec![period, start_field], notes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identity::id_number::tests::day;

    #[test]
    fn no_entry_advice_for_an_expired_card() {
        let today = day(2026, 5, 1);
        let birth = Some(day(1990, 1, 1));
        let expired = entry_advice_checked(
            DocumentKind::ResidentId,
            birth,
            day(2006, 4, 30),
            ValidityEnd::Date(day(2026, 4, 30)),
            today,
        );
        assert!(expired.is_empty(), "an expired card gets no portal advice");
        // The end date itself is still valid.
        let last_day = entry_advice_checked(
            DocumentKind::ResidentId,
            birth,
            day(2016, 5, 1),
            ValidityEnd::Date(day(2026, 5, 1)),
            today,
        );
        assert_eq!(last_day.len(), 3);
        let long = entry_advice_checked(DocumentKind::ResidentId, birth, day(2016, 5, 1), ValidityEnd::LongTerm, today);
        assert_eq!(long.len(), 3, "a term warning is not an error: advice stays");
    }

    #[test]
    fn nmpa_long_term_leaves_end_empty() {
        let a = entry_advice(Portal::Nmpa, DocumentKind::ResidentId, day(2015, 3, 7), ValidityEnd::LongTerm);
        assert_eq!(a.as_printed, "2015.03.07-长期");
        let values: Vec<&FieldValue> = a.fields.iter().map(|f| &f.value).collect();
        assert_eq!(values, vec![&FieldValue::Type { text: "2015-03-07".into() }, &FieldValue::LeaveEmpty]);
        assert!(a.fields.get(1).is_some_and(|f| f.confirmed));
        assert_eq!(a.notes.len(), 1, "the CTID fallback is offered for long-term cards");
    }

    #[test]
    fn nmpa_dated_card_types_both_dates() {
        let a =
            entry_advice(Portal::Nmpa, DocumentKind::ResidentId, day(2015, 3, 7), ValidityEnd::Date(day(2035, 3, 7)));
        let values: Vec<&FieldValue> = a.fields.iter().map(|f| &f.value).collect();
        assert_eq!(
            values,
            vec![&FieldValue::Type { text: "2015-03-07".into() }, &FieldValue::Type { text: "2035-03-07".into() }]
        );
        assert!(a.notes.is_empty());
    }

    #[test]
    fn jszg_period_and_start() {
        let a = entry_advice(Portal::Jszg, DocumentKind::ResidentId, day(2015, 3, 7), ValidityEnd::LongTerm);
        let values: Vec<&FieldValue> = a.fields.iter().map(|f| &f.value).collect();
        assert_eq!(
            values,
            vec![&FieldValue::Choose { option: "长期".into() }, &FieldValue::Type { text: "2015-03-07".into() }]
        );
        assert_eq!(a.fields.first().map(|f| f.label.zh_cn.as_str()), Some("证件有效时间段"));

        let a =
            entry_advice(Portal::Jszg, DocumentKind::ResidentId, day(2016, 2, 29), ValidityEnd::Date(day(2026, 2, 28)));
        assert_eq!(a.fields.first().map(|f| &f.value), Some(&FieldValue::Choose { option: "10年".into() }));

        let a =
            entry_advice(Portal::Jszg, DocumentKind::ResidentId, day(2015, 3, 7), ValidityEnd::Date(day(2025, 3, 9)));
        assert_eq!(
            a.fields.first().map(|f| &f.value),
            Some(&FieldValue::Choose { option: "2015.03.07-2025.03.09".into() })
        );
    }

    #[test]
    fn jszg_reminds_hk_macau_taiwan_applicants_of_sex_and_birth_date() {
        let id =
            entry_advice(Portal::Jszg, DocumentKind::ResidentId, day(2020, 1, 1), ValidityEnd::Date(day(2030, 1, 1)));
        let hk = entry_advice(
            Portal::Jszg,
            DocumentKind::HkMacauPermit,
            day(2020, 1, 1),
            ValidityEnd::Date(day(2030, 1, 1)),
        );
        assert_eq!(hk.notes.len(), id.notes.len() + 1);
    }

    #[test]
    fn cpta_asks_for_nothing() {
        let a = entry_advice(Portal::Cpta, DocumentKind::ResidentId, day(2015, 3, 7), ValidityEnd::LongTerm);
        assert!(a.fields.is_empty());
        assert!(!a.notes.is_empty());
    }

    #[test]
    fn all_portals_and_texts_complete() {
        let all = entry_advice_all(DocumentKind::ResidentId, day(2015, 3, 7), ValidityEnd::LongTerm);
        assert_eq!(all.iter().map(|a| a.portal).collect::<Vec<_>>(), vec![Portal::Nmpa, Portal::Cpta, Portal::Jszg]);
        for a in &all {
            for f in &a.fields {
                assert!(!f.label.has_blank());
                assert!(f.note.as_ref().map_or(true, |n| !n.has_blank()));
            }
            assert!(a.notes.iter().all(|n| !n.has_blank()));
        }
    }

    #[test]
    fn serde_shape_of_field_values() {
        let v = serde_json::to_value(FieldValue::LeaveEmpty).unwrap_or_default();
        assert_eq!(v, serde_json::json!({"action": "leave_empty"}));
        let v = serde_json::to_value(FieldValue::Type { text: "2015-03-07".into() }).unwrap_or_default();
        assert_eq!(v, serde_json::json!({"action": "type", "text": "2015-03-07"}));
    }
}
