//! Checklist generation per scenario, ticks, notices and the PDF export.

use std::collections::HashSet;
use std::process::Command;

use chrono::NaiveDate;

use super::*;
use crate::guide::{self, Answer};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn today() -> NaiveDate {
    day(2026, 3, 2)
}

fn all_checklists() -> Vec<Checklist> {
    let mut out = Vec::new();
    for flow in guide::flow_ids() {
        for lang in Lang::ALL {
            out.push(checklist_for_flow(&flow, today(), lang).expect("checklist for every flow"));
        }
    }
    out
}

fn all_texts(c: &Checklist) -> Vec<String> {
    let mut t = vec![c.title.clone(), c.outcome_title.clone(), c.summary.clone()];
    for a in &c.answers {
        t.push(a.question.clone());
        t.push(a.answer_text.clone());
    }
    for i in c.materials.iter().chain(&c.steps).chain(&c.notes).chain(c.waits.iter().map(|w| &w.item)) {
        t.push(i.text.clone());
        t.extend(i.details.iter().cloned());
        t.extend(i.page.iter().cloned());
        t.extend(i.menu_path.iter().cloned());
        t.push(i.source.clone());
    }
    for n in &c.notices {
        t.push(n.text.clone());
        t.push(n.source.clone());
    }
    t
}

#[test]
fn bundled_checklist_data_is_valid() {
    assert_eq!(validate_data(), Ok(()));
}

#[test]
fn every_flow_has_a_checklist_with_unique_ids_in_every_language() {
    assert_eq!(guide::flow_ids().len(), 18);
    for c in all_checklists() {
        assert!(!c.steps.is_empty() || !c.notes.is_empty(), "{}: empty checklist", c.flow_id);
        assert_eq!(c.basis, Basis::AssumedPath);
        let ids: Vec<&str> = c.item_ids().collect();
        let unique: HashSet<&str> = ids.iter().copied().collect();
        assert_eq!(ids.len(), unique.len(), "{}: repeated ids {ids:?}", c.flow_id);
        assert!(c.steps.iter().all(|s| s.id.starts_with("s:") && !s.source.is_empty()));
        assert!(c.waits.iter().all(|w| w.item.id.starts_with("w:") && w.until.is_some()));
        assert!(all_texts(&c).iter().all(|t| !t.contains("1990") && !t.contains("2100")), "{}: probe date", c.flow_id);
    }
}

#[test]
fn ids_do_not_depend_on_the_language() {
    for flow in guide::flow_ids() {
        let ids = |lang| -> Vec<String> {
            checklist_for_flow(&flow, today(), lang).expect("checklist").item_ids().map(str::to_owned).collect()
        };
        assert_eq!(ids(Lang::ZhCn), ids(Lang::En), "{flow}");
        assert_eq!(ids(Lang::ZhCn), ids(Lang::ZhTw), "{flow}");
    }
}

fn material_ids(c: &Checklist) -> Vec<&str> {
    c.materials.iter().map(|m| m.id.as_str()).collect()
}

#[test]
fn materials_come_from_the_step_data() {
    let c = |f| checklist_for_flow(f, today(), Lang::ZhCn).expect("checklist");
    // E-mail steps: the mailbox and the attachment (a photo holding the ID document).
    let forgot = c("jszg_forgot_password");
    let ids = material_ids(&forgot);
    assert!(ids.contains(&"m:mailbox"), "{ids:?}");
    let att = forgot.materials.iter().find(|m| m.id.starts_with("m:attachment:")).expect("attachment");
    assert!(att.details[0].contains("照片"), "{:?}", att.details);
    // identity_check steps: the ID card.
    assert!(material_ids(&c("jszg_login_failed")).contains(&"m:id_card"));
    // Declared in materials.toml: the phone that receives codes, the exam-registration account
    // (not the 管理号, which is the verifiers' lookup: correction of 2026), NFC phone.
    assert!(material_ids(&c("jszg_sms_code")).contains(&"m:phone_on_file"));
    assert!(material_ids(&c("cpta_download")).contains(&"m:cpta_account"), "by the shared step cpta_cert_open");
    assert!(!material_ids(&c("cpta_download")).contains(&"m:cert_number"));
    assert!(material_ids(&c("cpta_account")).contains(&"m:cpta_account"));
    assert!(material_ids(&c("nmpa_registration")).contains(&"m:ce_credits"));
    assert!(material_ids(&c("jszg_certification")).contains(&"m:province_notice"));
    assert!(material_ids(&c("ctid_network_identity")).contains(&"m:nfc_phone"));
    assert!(material_ids(&c("nmpa_long_term_id")).contains(&"m:nfc_phone"));
    assert!(material_ids(&c("jszg_real_name")).contains(&"m:id_photos"));
    // Every material cites a source.
    for c in all_checklists() {
        assert!(c.materials.iter().all(|m| !m.source.is_empty() && !m.text.is_empty()), "{}", c.flow_id);
    }
}

fn finished_cpta_download(issue: NaiveDate) -> Plan {
    let mut s = guide::start("cpta_download").expect("start");
    guide::answer(&mut s, "q_issued", Answer::Choice("yes".into())).expect("answer");
    guide::answer(&mut s, "q_know_date", Answer::Choice("know".into())).expect("answer");
    guide::answer(&mut s, "q_issue_date", Answer::Date(issue)).expect("answer");
    guide::answer(&mut s, "q_status", Answer::Choice("valid".into())).expect("answer");
    guide::plan(&s, Lang::ZhCn).expect("plan")
}

#[test]
fn plan_checklist_follows_the_answers_and_dates_waits() {
    let plan = finished_cpta_download(day(2023, 5, 1));
    let c = checklist_for_plan(&plan, today(), Lang::ZhCn);
    assert_eq!(c.basis, Basis::Plan);
    assert_eq!(c.answers, plan.answers);
    let steps: Vec<&str> = c.steps.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(steps, ["s:a_annotate", "s:a_open", "s:a_agree", "s:a_download"]);
    // The 24-hour annotation ends the next day.
    assert_eq!(c.waits.len(), 1);
    assert_eq!(c.waits[0].from, today());
    assert_eq!(c.waits[0].until, Some(day(2026, 3, 3)));
    assert!(c.steps[1].url.as_deref().is_some_and(|u| u.contains("cpta.com.cn")));
    // Certificates before the cutoff need no annotation: no wait at all.
    let early = checklist_for_plan(&finished_cpta_download(day(2020, 5, 1)), today(), Lang::ZhCn);
    assert!(early.waits.is_empty());
}

#[test]
fn working_day_waits_use_the_holiday_calendar() {
    let c = checklist_for_flow("nmpa_forgot_password", day(2026, 9, 30), Lang::ZhCn).expect("checklist");
    let w = c.waits.iter().find(|w| w.item.id == "w:w_verify").expect("the 2-working-day wait");
    let expected = crate::workdays::add_working_days(day(2026, 9, 30), 2).expect("count");
    assert_eq!(w.until, Some(expected.value));
    // Across the National Day holiday (10/1–10/7, make-up working day 9/20 and 10/10): not 10/2.
    assert!(w.until > Some(day(2026, 10, 7)), "{:?}", w.until);
    assert!(w.years_without_data.is_empty());
    let later = checklist_for_flow("nmpa_forgot_password", day(2027, 3, 1), Lang::ZhCn).expect("checklist");
    let w = later.waits.iter().find(|w| w.item.id == "w:w_verify").expect("wait");
    assert_eq!(w.years_without_data, [2027]);
}

#[test]
fn waits_follow_one_another() {
    for c in all_checklists() {
        let mut from = today();
        for w in &c.waits {
            assert_eq!(w.from, from, "{}", c.flow_id);
            from = w.until.expect("dated");
        }
    }
}

#[test]
fn assumed_date_answers_state_the_cutoff_not_a_probe_date() {
    let c = checklist_for_flow("cpta_download", today(), Lang::ZhCn).expect("checklist");
    let date_answer = c.answers.iter().find(|a| a.node_id == "q_issue_date").expect("the date question");
    assert_eq!(date_answer.answer_text, "2021年12月17日或以后（本清单的假设）");
    // The fullest path annotates, waits, then downloads.
    assert!(c.waits.iter().any(|w| w.item.id == "w:w_annotation"));
    let en = checklist_for_flow("cpta_download", today(), Lang::En).expect("checklist");
    let a = en.answers.iter().find(|a| a.node_id == "q_issue_date").expect("date");
    assert_eq!(a.answer_text, "on or after 17 December 2021 (assumed by this checklist)");
}

#[test]
fn dated_notices_show_on_pharmacist_flows_and_go_stale() {
    let n = notices_for("cpta_download", day(2025, 5, 1), Lang::ZhCn);
    assert_eq!(n.len(), 2);
    assert!(n.iter().all(|n| !n.stale && n.year == 2025 && n.as_of == day(2025, 1, 1)));
    let reg = n.iter().find(|n| n.id == "pharmacist_exam_registration").expect("registration window");
    assert_eq!((reg.starts, reg.ends, reg.expected), (day(2025, 6, 24), day(2025, 7, 15), true));
    assert!(reg.source.contains("希赛网"));
    let later = notices_for("cpta_download", today(), Lang::En);
    assert!(later.iter().all(|n| n.stale && n.stale_reason == Some(StaleReason::Passed)));
    assert!(notices_for("jszg_sms_code", today(), Lang::ZhCn).is_empty());
    let c = checklist_for_flow("cpta_registration", today(), Lang::ZhTw).expect("checklist");
    assert_eq!(c.notices.len(), 2);
}

#[test]
fn ticks_round_trip_and_tolerate_bad_files() {
    let c = checklist_for_flow("jszg_forgot_password", today(), Lang::ZhCn).expect("checklist");
    let mut t = Ticks::new(&c.flow_id);
    let first = c.steps[0].id.clone();
    t.set(&c, &first, true).expect("tick");
    t.set(&c, "m:mailbox", true).expect("tick");
    assert_eq!(t.set(&c, "s:nope", true), Err(TicksError::UnknownItem("s:nope".into())));
    let loaded = Ticks::from_json(&t.to_json(), &c);
    assert_eq!(loaded.ticks, t);
    assert!(loaded.dropped.is_empty() && loaded.error.is_none());
    assert!(loaded.ticks.is_ticked(&first));

    let mut stale = t.clone();
    stale.ticked.insert("s:removed_step".into());
    let loaded = Ticks::from_json(&stale.to_json(), &c);
    assert_eq!(loaded.ticks, t);
    assert_eq!(loaded.dropped, ["s:removed_step"]);

    let corrupt = Ticks::from_json(b"{not json", &c);
    assert!(corrupt.ticks.ticked.is_empty());
    assert!(matches!(corrupt.error, Some(TicksError::Corrupt(_))));
    let other = Ticks::from_json(&Ticks::new("cpta_download").to_json(), &c);
    assert_eq!(other.error, Some(TicksError::OtherFlow("cpta_download".into())));
    let mut v2 = t.clone();
    v2.version = 2;
    assert_eq!(Ticks::from_json(&v2.to_json(), &c).error, Some(TicksError::UnsupportedVersion(2)));
    t.set(&c, &first, false).expect("untick");
    assert!(!t.is_ticked(&first));
}

#[test]
fn the_font_covers_every_bundled_text() {
    for c in all_checklists() {
        for t in all_texts(&c) {
            let missing: String = t.chars().filter(|ch| !pdf::font_covers(&ch.to_string())).collect();
            assert!(missing.is_empty(), "{} ({:?}): font lacks {missing:?} in {t}", c.flow_id, c.lang);
        }
    }
}

fn pdftotext(path: &std::path::Path) -> Option<String> {
    let out = Command::new("pdftotext").arg("-enc").arg("UTF-8").arg(path).arg("-").output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn pdf_per_flow_embeds_the_font_and_keeps_text_extractable() {
    let dir = std::env::temp_dir().join("assistant-core-checklists");
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut checked_text = 0;
    for c in all_checklists() {
        let mut ticks = Ticks::new(&c.flow_id);
        if let Some(first) = c.steps.first() {
            ticks.set(&c, &first.id, true).expect("tick");
        }
        let out = render_pdf(&c, &ticks, c.lang).expect("pdf");
        assert!(out.missing.is_empty(), "{}: missing {:?}", c.flow_id, out.missing);
        let b = &out.bytes;
        assert!(b.starts_with(b"%PDF-"), "{}", c.flow_id);
        assert!(contains(b, b"/FontFile3") && contains(b, b"/CIDFontType0C"), "{}: font not embedded", c.flow_id);
        assert!(contains(b, b"/ToUnicode") && contains(b, b"/Identity-H"), "{}", c.flow_id);
        assert!(b.len() < 400_000, "{}: {} bytes, the font subset is too big", c.flow_id, b.len());
        let path = dir.join(format!("{}-{}.pdf", c.flow_id, c.lang.tag()));
        std::fs::write(&path, b).expect("write pdf");
        if let Some(text) = pdftotext(&path) {
            let text = squash(&text);
            assert!(text.contains(&squash(&c.title)), "{}: title not in {text}", c.flow_id);
            for s in c.steps.iter().chain(&c.materials) {
                assert!(text.contains(&squash(&s.text)), "{} {:?}: {} not extractable", c.flow_id, c.lang, s.text);
            }
            checked_text += 1;
        }
    }
    eprintln!("PDFs written to {}; text checked with pdftotext in {checked_text}", dir.display());
}

#[test]
fn long_checklists_break_pages_and_ticks_change_the_drawing() {
    let mut c = checklist_for_flow("nmpa_forgot_password", today(), Lang::ZhCn).expect("checklist");
    let step = c.steps[0].clone();
    for i in 0..60 {
        c.steps.push(Item { id: format!("s:extra{i}"), ..step.clone() });
    }
    let none = render_pdf(&c, &Ticks::new(&c.flow_id), Lang::ZhCn).expect("pdf");
    let pages = none.bytes.windows(b"/Type /Page\n".len()).filter(|w| *w == b"/Type /Page\n").count();
    let count = String::from_utf8_lossy(&none.bytes).contains("/Count 1\n");
    assert!(!count, "expected several pages ({pages})");
    let mut all = Ticks::new(&c.flow_id);
    for id in c.item_ids().map(str::to_owned).collect::<Vec<_>>() {
        all.set(&c, &id, true).expect("tick");
    }
    let ticked = render_pdf(&c, &all, Lang::ZhCn).expect("pdf");
    assert_ne!(none.bytes, ticked.bytes);
}

#[test]
fn characters_missing_from_the_font_are_replaced_and_reported() {
    let mut c = checklist_for_flow("jszg_sms_code", today(), Lang::En).expect("checklist");
    c.title = "Checklist 🙂 𪚥".into();
    let out = render_pdf(&c, &Ticks::new(&c.flow_id), Lang::En).expect("no failure");
    assert!(out.bytes.starts_with(b"%PDF-"));
    assert!(out.missing.contains(&"🙂".to_owned()), "{:?}", out.missing);
}

#[test]
fn unknown_flow_is_an_error() {
    assert!(matches!(
        checklist_for_flow("nope", today(), Lang::ZhCn),
        Err(ChecklistError::Guide(guide::GuideError::UnknownFlow(_)))
    ));
}
