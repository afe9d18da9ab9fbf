//! Engine and data-rule tests. Per-flow walks are in `flow_tests.rs`.

use std::collections::{BTreeSet, HashSet};

use chrono::NaiveDate;

use super::validate::{load, ValidationError};
use super::*;
use crate::catalog::Portal;
use crate::lang::Lang;

fn c(id: &str) -> Answer {
    Answer::Choice(id.to_owned())
}

fn date(y: i32, m: u32, d: u32) -> Answer {
    Answer::Date(NaiveDate::from_ymd_opt(y, m, d).expect("valid date"))
}

fn question(state: &RunState, lang: Lang) -> QuestionView {
    match view(state, lang).expect("view") {
        RunView::Question(q) => q,
        RunView::Finished { .. } => panic!("expected a question"),
    }
}

// ---------------------------------------------------------------------------------------------
// The bundled data

#[test]
fn bundled_guides_pass_every_data_rule() {
    if let Err(errors) = validate_all() {
        let list: Vec<String> = errors.iter().map(ToString::to_string).collect();
        panic!("guide data is invalid:\n{}", list.join("\n"));
    }
}

#[test]
fn flow_ids_equal_the_catalog_topic_ids() {
    let flows: BTreeSet<String> = flow_ids().into_iter().collect();
    let topics: BTreeSet<String> = crate::catalog::topic_ids().into_iter().collect();
    assert_eq!(flows, topics);
    assert_eq!(flow_ids().len(), 18);
    // Same order as the home screen, so lists line up.
    assert_eq!(flow_ids(), crate::catalog::topic_ids());
}

#[test]
fn markers_for_later_issues_are_in_place() {
    let g = guides();
    let g = g.as_ref().as_ref().expect("guides");
    let mut templates = BTreeSet::new();
    let mut forms = BTreeSet::new();
    let mut identity_flows = BTreeSet::new();
    for f in &g.flows {
        for n in &f.node {
            if let Some(t) = &n.template {
                templates.insert(t.as_str());
            }
            if let Some(x) = &n.form {
                forms.insert(x.as_str());
            }
            if n.identity_check {
                identity_flows.insert(f.id.as_str());
            }
        }
    }
    assert_eq!(templates, TEMPLATES.into_iter().collect());
    assert_eq!(forms, FORMS.into_iter().collect());
    for id in ["nmpa_long_term_id", "jszg_real_name", "jszg_hk_mo_tw"] {
        assert!(identity_flows.contains(id), "{id} has no identity_check step");
    }
}

/// Every way through every flow, driven through the public engine: each ends in a plan whose
/// texts and sources are present in all three languages.
#[test]
fn every_path_of_every_flow_finishes_with_a_complete_plan() {
    let g = guides();
    let g = g.as_ref().as_ref().expect("guides");
    let mut total_paths = 0;
    for id in flow_ids() {
        let flow = g.flow(&id).expect("flow");
        let mut outcomes = HashSet::new();
        let mut stack = vec![start(&id).expect("start")];
        let mut paths = 0;
        while let Some(state) = stack.pop() {
            assert!(paths < 10_000, "{id}: too many paths");
            match view(&state, Lang::ZhCn).expect("view") {
                RunView::Finished { plan: p } => {
                    paths += 1;
                    outcomes.insert(p.outcome_id.clone());
                    for lang in Lang::ALL {
                        let p = plan(&state, lang).expect("plan");
                        assert!(!p.title.trim().is_empty() && !p.summary.trim().is_empty());
                        assert!(!p.outcome_title.trim().is_empty());
                        assert_eq!(p.answers.len(), state.history.len());
                        for a in &p.answers {
                            assert!(!a.question.trim().is_empty() && !a.answer_text.trim().is_empty());
                        }
                        for s in &p.steps {
                            assert!(!s.text.trim().is_empty(), "{id}/{}", s.node_id);
                            assert!(!s.source.display.trim().is_empty(), "{id}/{} has no source", s.node_id);
                            assert_eq!(s.wait.is_some(), s.kind == StepKind::Wait);
                        }
                    }
                }
                RunView::Question(q) => {
                    assert_eq!(q.step as usize, state.history.len() + 1);
                    assert!(q.total_estimate >= q.step);
                    assert!(q.answer.is_none(), "fresh branches carry no answer");
                    let node = g.node(flow, &q.node_id).expect("node");
                    let answers: Vec<Answer> = match q.kind {
                        QuestionKind::Choice => q.choices.iter().map(|ch| c(&ch.id)).collect(),
                        QuestionKind::Date => {
                            let cut = node.cutoff.expect("cutoff");
                            vec![Answer::Date(cut.pred_opt().expect("day before")), Answer::Date(cut)]
                        }
                    };
                    for a in answers {
                        let mut next = state.clone();
                        answer(&mut next, &q.node_id, a).expect("answer");
                        stack.push(next);
                    }
                }
            }
        }
        let all_outcomes: HashSet<String> =
            flow.node.iter().filter(|n| n.kind == NodeKind::Outcome).map(|n| n.id.clone()).collect();
        assert_eq!(outcomes, all_outcomes, "{id}: some outcome is never reached");
        assert!(paths >= 2, "{id} has a single path");
        total_paths += paths;
    }
    assert!(total_paths > 50);
}

#[test]
fn question_views_are_complete_in_every_language() {
    for id in flow_ids() {
        let s = start(&id).expect("start");
        for lang in Lang::ALL {
            let q = question(&s, lang);
            assert!(!q.text.trim().is_empty() && !q.flow_title.trim().is_empty());
            assert!(q.choices.iter().all(|c| !c.label.trim().is_empty()));
            assert!(q.help.as_deref().map_or(true, |h| !h.trim().is_empty()));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Engine behaviour

#[test]
fn start_rejects_unknown_flows() {
    assert_eq!(start("nope"), Err(GuideError::UnknownFlow("nope".into())));
}

#[test]
fn first_page_collects_the_leading_facts_and_estimates_the_length() {
    let s = start("jszg_login_failed").expect("start");
    let q = question(&s, Lang::ZhCn);
    assert_eq!(q.node_id, "q_typed");
    assert_eq!(q.step, 1);
    // q_typed → q_first → q_ntce → q_know_when → q_when → q_reset_result: six questions at most.
    assert_eq!(q.total_estimate, 6);
    assert_eq!(q.context.iter().map(|s| s.node_id.as_str()).collect::<Vec<_>>(), ["f_intro"]);
    assert_eq!(q.kind, QuestionKind::Choice);
    assert_eq!(q.flow_title, "登录失败");
}

#[test]
fn answers_are_checked() {
    let mut s = start("jszg_login_failed").expect("start");
    assert_eq!(
        answer(&mut s, "q_typed", c("maybe")),
        Err(GuideError::UnknownChoice { node: "q_typed".into(), choice: "maybe".into() })
    );
    assert_eq!(answer(&mut s, "q_typed", date(2020, 1, 1)), Err(GuideError::WrongAnswerKind("q_typed".into())));
    assert_eq!(answer(&mut s, "f_intro", c("x")), Err(GuideError::NotAQuestion("f_intro".into())));
    assert_eq!(
        answer(&mut s, "q_zz", c("x")),
        Err(GuideError::UnknownNode { flow: "jszg_login_failed".into(), node: "q_zz".into() })
    );
    // A real question that is not the current one.
    assert_eq!(answer(&mut s, "q_ntce", c("ntce")), Err(GuideError::NotOnPath("q_ntce".into())));
    assert_eq!(s, start("jszg_login_failed").expect("start"), "failed answers change nothing");

    for (node, a) in [("q_typed", "still"), ("q_first", "before"), ("q_ntce", "jszg"), ("q_know_when", "know")] {
        answer(&mut s, node, c(a)).expect("answer");
    }
    let q = question(&s, Lang::En);
    assert_eq!((q.node_id.as_str(), q.kind, q.choices.len()), ("q_when", QuestionKind::Date, 0));
    assert_eq!(answer(&mut s, "q_when", c("x")), Err(GuideError::WrongAnswerKind("q_when".into())));
    assert_eq!(answer(&mut s, "q_when", date(1900, 1, 1)), Err(GuideError::DateOutOfRange("q_when".into())));
    assert_eq!(answer(&mut s, "q_when", date(2200, 1, 1)), Err(GuideError::DateOutOfRange("q_when".into())));
}

#[test]
fn date_answers_branch_on_the_cutoff() {
    let prefix = [("q_typed", "still"), ("q_first", "before"), ("q_ntce", "jszg"), ("q_know_when", "know")];
    let next_after = |d: Answer| {
        let mut s = start("jszg_login_failed").expect("start");
        for (n, a) in prefix {
            answer(&mut s, n, c(a)).expect("answer");
        }
        answer(&mut s, "q_when", d).expect("date");
        match view(&s, Lang::ZhCn).expect("view") {
            RunView::Question(q) => q.context.into_iter().map(|s| s.node_id).collect::<Vec<_>>(),
            RunView::Finished { plan } => plan.steps.into_iter().map(|s| s.node_id).collect(),
        }
    };
    assert!(next_after(date(2019, 2, 28)).ends_with(&["f_pre_2019".to_owned(), "a_register".to_owned()]));
    assert_eq!(next_after(date(2019, 3, 1)), ["a_try_reset"]);
    assert_eq!(next_after(date(2023, 9, 9)), ["a_try_reset"]);
}

#[test]
fn back_keeps_earlier_answers_preselected() {
    let mut s = start("jszg_login_failed").expect("start");
    back(&mut s).expect("back at the start is harmless");
    assert!(s.history.is_empty());

    answer(&mut s, "q_typed", c("still")).expect("a1");
    answer(&mut s, "q_first", c("before")).expect("a2");
    assert_eq!(question(&s, Lang::ZhCn).node_id, "q_ntce");

    back(&mut s).expect("back");
    let q = question(&s, Lang::ZhCn);
    assert_eq!(q.node_id, "q_first");
    assert_eq!(q.answer, Some(c("before")));
    assert_eq!(q.step, 2);

    back(&mut s).expect("back");
    let q = question(&s, Lang::ZhCn);
    assert_eq!((q.node_id.as_str(), q.answer.clone()), ("q_typed", Some(c("still"))));

    // Answering the same again shows the next question still pre-selected.
    answer(&mut s, "q_typed", c("still")).expect("again");
    assert_eq!(question(&s, Lang::ZhCn).answer, Some(c("before")));
}

#[test]
fn changing_an_earlier_answer_drops_answers_off_the_new_path() {
    let mut s = start("jszg_sms_code").expect("start");
    answer(&mut s, "q_what", c("nothing")).expect("a");
    answer(&mut s, "q_after_browser", c("sent_no_sms")).expect("b");
    answer(&mut s, "q_wechat", c("yes")).expect("c");
    assert!(matches!(view(&s, Lang::ZhCn), Ok(RunView::Finished { .. })));

    // Change the first answer: q_after_browser is no longer on the path, q_wechat still is.
    answer(&mut s, "q_what", c("sent_no_sms")).expect("change");
    assert_eq!(s.history, ["q_what"]);
    assert!(!s.answers.contains_key("q_after_browser"));
    assert_eq!(s.answers.get("q_wechat"), Some(&c("yes")));
    let q = question(&s, Lang::ZhCn);
    assert_eq!((q.node_id.as_str(), q.answer.clone()), ("q_wechat", Some(c("yes"))));
    assert_eq!(q.context.iter().map(|s| s.node_id.as_str()).collect::<Vec<_>>(), ["f_ported"]);
}

#[test]
fn change_from_the_check_answers_page_returns_to_that_question() {
    let mut s = start("jszg_real_name").expect("start");
    answer(&mut s, "q_result", c("failed")).expect("a");
    answer(&mut s, "q_wangzheng", c("opened")).expect("b");
    answer(&mut s, "q_retry", c("failed")).expect("c");
    let p = plan(&s, Lang::ZhCn).expect("plan");
    assert_eq!(
        p.answers.iter().map(|a| a.node_id.as_str()).collect::<Vec<_>>(),
        ["q_result", "q_wangzheng", "q_retry"]
    );

    change(&mut s, "q_wangzheng").expect("change");
    let q = question(&s, Lang::ZhCn);
    assert_eq!((q.node_id.as_str(), q.answer.clone(), q.step), ("q_wangzheng", Some(c("opened")), 2));
    assert_eq!(plan(&s, Lang::ZhCn), Err(GuideError::NotFinished));
    assert_eq!(change(&mut s, "q_retry"), Err(GuideError::NotOnPath("q_retry".into())));
    assert_eq!(change(&mut s, "zz"), Err(GuideError::UnknownNode { flow: "jszg_real_name".into(), node: "zz".into() }));

    // Keep the same answer and the later one comes back pre-selected; the run can finish again.
    answer(&mut s, "q_wangzheng", c("opened")).expect("same");
    assert_eq!(question(&s, Lang::ZhCn).answer, Some(c("failed")));
    answer(&mut s, "q_retry", c("failed")).expect("again");
    assert_eq!(plan(&s, Lang::ZhCn).expect("plan").outcome_id, "o_manual");
}

#[test]
fn plan_lists_answers_in_the_chosen_language() {
    let mut s = start("cpta_annotation").expect("start");
    answer(&mut s, "q_know_date", c("know")).expect("a");
    answer(&mut s, "q_issue_date", date(2022, 3, 5)).expect("b");
    answer(&mut s, "q_current", c("none")).expect("c");
    let zh = plan(&s, Lang::ZhCn).expect("plan");
    let tw = plan(&s, Lang::ZhTw).expect("plan");
    let en = plan(&s, Lang::En).expect("plan");
    assert_eq!(zh.answers[1].answer_text, "2022年3月5日");
    assert_eq!(en.answers[1].answer_text, "5 March 2022");
    assert_eq!(zh.answers[0].answer_text, "知道");
    assert_eq!(tw.title, "電子證書加註");
    assert_eq!(en.title, "Annotate my e-certificate (加注)");
    assert_eq!(zh.total_wait, WaitTotal { hours: 24, working_days: 0 });
    assert!(matches!(view(&s, Lang::En), Ok(RunView::Finished { plan }) if plan == en));
}

#[test]
fn sources_are_displayed_per_language() {
    let mut s = start("cpta_download").expect("start");
    answer(&mut s, "q_issued", c("yes")).expect("a");
    answer(&mut s, "q_know_date", c("know")).expect("b");
    answer(&mut s, "q_issue_date", date(2020, 5, 1)).expect("c");
    answer(&mut s, "q_status", c("valid")).expect("d");
    let zh = plan(&s, Lang::ZhCn).expect("plan");
    let en = plan(&s, Lang::En).expect("plan");
    // The exam-prep article: named by its site and year; its exact title is unknown, so it is
    // described, never passed off as the page's own title.
    let article = zh.steps.iter().find(|s| s.node_id == "a_download").expect("a_download");
    assert_eq!(article.source.id, "xisai_ecert");
    assert_eq!(article.source.date_iso, "2025");
    assert!(article.source.display.starts_with("来源：希赛网关于执业药师电子证书"), "{}", article.source.display);
    assert!(article.source.display.contains("（希赛网，2025年）") && article.source.display.contains("下載流程"));
    // CPTA's own instructions as copied by a public site: title, "as reported by", the day.
    let copied = en.steps.iter().find(|s| s.node_id == "f_pdf").expect("f_pdf");
    assert_eq!(copied.source.date_iso, "2022-03-24");
    assert!(copied.source.display.contains("“How to download professional-qualification e-certificates”"));
    assert!(copied.source.display.contains("as reported by") && copied.source.display.contains("24 March 2022"));
    for st in zh.steps.iter().chain(&en.steps) {
        assert!(!st.source.display.contains("资料 0") && !st.source.display.contains("document 0"));
    }
}

#[test]
fn ipc_shapes_are_stable() {
    assert_eq!(serde_json::to_value(c("yes")).expect("json"), serde_json::json!({"kind": "choice", "value": "yes"}));
    assert_eq!(
        serde_json::to_value(date(2019, 3, 1)).expect("json"),
        serde_json::json!({"kind": "date", "value": "2019-03-01"})
    );
    let s = start("nmpa_forgot_password").expect("start");
    let v = serde_json::to_value(view(&s, Lang::ZhCn).expect("view")).expect("json");
    assert_eq!(v["state"], "question");
    assert_eq!(v["kind"], "choice");
    assert_eq!(v["node_id"], "q_contact");
    let w = serde_json::to_value(WaitView::WorkingDays(2)).expect("json");
    assert_eq!(w, serde_json::json!({"unit": "working_days", "amount": 2}));
    let e = serde_json::to_value(GuideError::NotFinished).expect("json");
    assert_eq!(e, serde_json::json!({"kind": "not_finished"}));
}

// ---------------------------------------------------------------------------------------------
// Saved runs

#[test]
fn a_run_resumes_from_its_json() {
    let mut s = start("nmpa_already_exists").expect("start");
    answer(&mut s, "q_reach", c("no")).expect("a");
    let bytes = s.to_json();
    let mut back_again = RunState::from_json(&bytes).expect("resume");
    assert_eq!(back_again, s);
    assert_eq!(question(&back_again, Lang::ZhCn).node_id, "q_logged_in");
    answer(&mut back_again, "q_logged_in", c("guest")).expect("continue");
    assert_eq!(plan(&back_again, Lang::ZhCn).expect("plan").outcome_id, "o_feedback");

    // A run stepped back (answers beyond the history) resumes too.
    let mut s = start("jszg_login_failed").expect("start");
    answer(&mut s, "q_typed", c("still")).expect("a");
    answer(&mut s, "q_first", c("before")).expect("b");
    back(&mut s).expect("back");
    assert_eq!(RunState::from_json(&s.to_json()).expect("resume"), s);
}

/// A saved file and a test of the error it must produce.
type BadSave = (&'static str, fn(&GuideError) -> bool);

#[test]
fn stale_or_corrupt_saves_are_typed_errors() {
    let good = r#"{"version":1,"flow_id":"jszg_sms_code","answers":{"q_what":{"kind":"choice","value":"nothing"}},"history":["q_what"]}"#;
    assert!(RunState::from_json(good.as_bytes()).is_ok());

    let cases: [BadSave; 10] = [
        ("not json at all", |e| matches!(e, GuideError::Corrupt(_))),
        ("", |e| matches!(e, GuideError::Corrupt(_))),
        (r#"{"version":1,"flow_id":"x"}"#, |e| matches!(e, GuideError::Corrupt(_))),
        (r#"{"version":2,"flow_id":"jszg_sms_code","answers":{},"history":[]}"#, |e| {
            *e == GuideError::UnsupportedVersion(2)
        }),
        (r#"{"version":1,"flow_id":"gone","answers":{},"history":[]}"#, |e| matches!(e, GuideError::UnknownFlow(_))),
        (
            r#"{"version":1,"flow_id":"jszg_sms_code","answers":{"q_old":{"kind":"choice","value":"x"}},"history":[]}"#,
            |e| matches!(e, GuideError::UnknownNode { .. }),
        ),
        (
            r#"{"version":1,"flow_id":"jszg_sms_code","answers":{"q_what":{"kind":"choice","value":"old"}},"history":["q_what"]}"#,
            |e| matches!(e, GuideError::UnknownChoice { .. }),
        ),
        (
            r#"{"version":1,"flow_id":"jszg_sms_code","answers":{"q_what":{"kind":"date","value":"2020-01-01"}},"history":["q_what"]}"#,
            |e| matches!(e, GuideError::WrongAnswerKind(_)),
        ),
        // History names a question that is not next on the path.
        (
            r#"{"version":1,"flow_id":"jszg_sms_code","answers":{"q_wechat":{"kind":"choice","value":"yes"}},"history":["q_wechat"]}"#,
            |e| *e == GuideError::Inconsistent,
        ),
        // History names a question without an answer.
        (r#"{"version":1,"flow_id":"jszg_sms_code","answers":{},"history":["q_what"]}"#, |e| {
            *e == GuideError::Inconsistent
        }),
    ];
    for (json, expected) in cases {
        let err = RunState::from_json(json.as_bytes()).expect_err(json);
        assert!(expected(&err), "{json}: got {err:?}");
    }
    let dup = r#"{"version":1,"flow_id":"jszg_sms_code","answers":{"q_what":{"kind":"choice","value":"nothing"}},"history":["q_what","q_what"]}"#;
    assert_eq!(RunState::from_json(dup.as_bytes()), Err(GuideError::Inconsistent));
}

#[test]
fn a_tampered_state_in_memory_is_an_error_not_a_panic() {
    let mut s = start("jszg_sms_code").expect("start");
    s.history.push("q_wechat".into());
    assert_eq!(view(&s, Lang::ZhCn), Err(GuideError::Inconsistent));
    assert_eq!(answer(&mut s, "q_what", c("nothing")), Err(GuideError::Inconsistent));
    s.flow_id = "gone".into();
    assert_eq!(back(&mut s), Err(GuideError::UnknownFlow("gone".into())));
}

// ---------------------------------------------------------------------------------------------
// Each data rule fires on small bad files

const HEAD: &str = r#"
[[flow]]
id = "t"
start = "q"
title = { zh-CN = "测试", zh-TW = "測試", en = "Test" }
"#;

const Q: &str = r#"
[[flow.node]]
id = "q"
kind = "question"
text = { zh-CN = "问", zh-TW = "問", en = "Ask" }
[[flow.node.choices]]
id = "a"
next = "f"
label = { zh-CN = "甲", zh-TW = "甲", en = "A" }
[[flow.node.choices]]
id = "b"
next = "o"
label = { zh-CN = "乙", zh-TW = "乙", en = "B" }
"#;

const F: &str = r#"
[[flow.node]]
id = "f"
kind = "fact"
next = "o"
source = { ref = "jszg_faq", section = "账号注册问题" }
text = { zh-CN = "事", zh-TW = "事", en = "Fact" }
"#;

const O: &str = r#"
[[flow.node]]
id = "o"
kind = "outcome"
title = { zh-CN = "完", zh-TW = "完", en = "Done" }
text = { zh-CN = "完", zh-TW = "完", en = "Done" }
"#;

fn errors_of(src: &str) -> Vec<ValidationError> {
    match load(&[("test.toml", src)], "", None) {
        Ok(_) => Vec::new(),
        Err(e) => e,
    }
}

fn base() -> String {
    format!("{HEAD}{Q}{F}{O}")
}

#[test]
fn the_small_base_file_is_valid() {
    assert_eq!(errors_of(&base()), []);
}

#[test]
fn a_missing_language_fails_to_parse() {
    let src = base()
        .replace(r#"text = { zh-CN = "事", zh-TW = "事", en = "Fact" }"#, r#"text = { zh-CN = "事", en = "Fact" }"#);
    assert!(matches!(errors_of(&src).as_slice(), [ValidationError::Parse { .. }]));
}

#[test]
fn unknown_fields_fail_to_parse() {
    let src = base().replace(r#"kind = "fact""#, "kind = \"fact\"\ncolour = \"red\"");
    assert!(matches!(errors_of(&src).as_slice(), [ValidationError::Parse { .. }]));
}

#[test]
fn blank_text_is_rejected() {
    let src = base().replace(r#"en = "Fact""#, r#"en = "  ""#);
    assert_eq!(
        errors_of(&src),
        [ValidationError::BlankText { flow: "t".into(), node: "f".into(), field: "text".into() }]
    );
    let src = base().replace(r#"en = "B""#, r#"en = """#);
    assert_eq!(
        errors_of(&src),
        [ValidationError::BlankText { flow: "t".into(), node: "q".into(), field: "choices.b.label".into() }]
    );
}

#[test]
fn a_dangling_next_is_rejected() {
    let src = base().replace(
        r#"next = "o"
source"#,
        r#"next = "nowhere"
source"#,
    );
    let errs = errors_of(&src);
    assert!(errs.contains(&ValidationError::DanglingNext {
        flow: "t".into(),
        node: "f".into(),
        target: "nowhere".into()
    }));
}

#[test]
fn unreachable_nodes_are_rejected() {
    let extra = F.replace(r#"id = "f""#, r#"id = "lonely""#);
    let src = format!("{}{extra}", base());
    assert_eq!(errors_of(&src), [ValidationError::Unreachable { flow: "t".into(), node: "lonely".into() }]);
}

#[test]
fn cycles_are_rejected() {
    // f leads back to the question: the applicant could go round for ever.
    let src = base().replace(
        r#"next = "o"
source"#,
        r#"next = "q"
source"#,
    );
    let errs = errors_of(&src);
    assert!(errs.iter().any(|e| matches!(e, ValidationError::Cycle { flow, .. } if flow == "t")), "{errs:?}");
}

#[test]
fn paths_that_never_reach_an_outcome_are_rejected() {
    // A question without choices is a dead end.
    let dead = r#"
[[flow.node]]
id = "q2"
kind = "question"
text = { zh-CN = "问", zh-TW = "問", en = "Ask" }
"#;
    let src = format!(
        "{}{dead}",
        base().replace(
            r#"next = "o"
source"#,
            r#"next = "q2"
source"#
        )
    );
    assert_eq!(errors_of(&src), [ValidationError::DeadEnd { flow: "t".into(), node: "q2".into() }]);

    // A flow without any outcome.
    let src =
        format!("{HEAD}{}", Q.replace(r#"next = "o""#, r#"next = "f""#)) + &F.replace(r#"next = "o""#, r#"next = "q""#);
    let errs = errors_of(&src);
    assert!(errs.contains(&ValidationError::NoOutcome { flow: "t".into() }), "{errs:?}");
}

#[test]
fn one_choice_questions_are_rejected() {
    let src = base().replace(
        r#"[[flow.node.choices]]
id = "b"
next = "o"
label = { zh-CN = "乙", zh-TW = "乙", en = "B" }"#,
        "",
    );
    let errs = errors_of(&src);
    assert!(errs.contains(&ValidationError::TooFewChoices { flow: "t".into(), node: "q".into() }));
}

#[test]
fn duplicate_choices_nodes_and_flows_are_rejected() {
    let src = base().replace(r#"id = "b""#, r#"id = "a""#);
    assert!(errors_of(&src).contains(&ValidationError::DuplicateChoice {
        flow: "t".into(),
        node: "q".into(),
        choice: "a".into()
    }));

    let src = format!("{}{}", base(), O);
    assert!(errors_of(&src).contains(&ValidationError::DuplicateNode { flow: "t".into(), node: "o".into() }));

    let errs = match load(&[("a.toml", &base()), ("b.toml", &base())], "", None) {
        Ok(_) => Vec::new(),
        Err(e) => e,
    };
    assert!(errs.contains(&ValidationError::DuplicateFlow { flow: "t".into() }));
}

#[test]
fn a_missing_start_is_rejected() {
    let src = base().replace(r#"start = "q""#, r#"start = "zz""#);
    assert_eq!(errors_of(&src), [ValidationError::MissingStart { flow: "t".into(), start: "zz".into() }]);
}

#[test]
fn steps_without_sources_are_rejected() {
    let src = base().replace(r#"source = { ref = "jszg_faq", section = "账号注册问题" }"#, "");
    assert_eq!(errors_of(&src), [ValidationError::MissingSource { flow: "t".into(), node: "f".into() }]);
}

#[test]
fn bad_sources_are_rejected() {
    for bad in
        [r#"source = { ref = "nope" }"#, r#"source = { ref = "jszg_faq", section = " " }"#, r#"source = { ref = "" }"#]
    {
        let src = base().replace(r#"source = { ref = "jszg_faq", section = "账号注册问题" }"#, bad);
        let errs = errors_of(&src);
        assert!(matches!(errs.as_slice(), [ValidationError::BadSource { .. }]), "{bad}: {errs:?}");
    }
    // The old internal citations no longer parse: every source is a declared public one.
    for old in
        [r#"source = { doc = "seed 002", section = "x" }"#, r#"source = { doc = "some article", date = "2025-07-15" }"#]
    {
        let src = base().replace(r#"source = { ref = "jszg_faq", section = "账号注册问题" }"#, old);
        assert!(matches!(errors_of(&src).as_slice(), [ValidationError::Parse { .. }]), "{old}");
    }
    let named = r#"source = { ref = "mps_order_173" }"#;
    assert_eq!(errors_of(&base().replace(r#"source = { ref = "jszg_faq", section = "账号注册问题" }"#, named)), []);
}

#[test]
fn waits_need_exactly_one_positive_duration() {
    let wait = |dur: &str| {
        let w = format!(
            r#"
[[flow.node]]
id = "f"
kind = "wait"
next = "o"
{dur}
source = {{ ref = "jszg_faq", section = "账号注册问题" }}
text = {{ zh-CN = "等", zh-TW = "等", en = "Wait" }}
"#
        );
        errors_of(&format!("{HEAD}{Q}{w}{O}"))
    };
    assert_eq!(wait("hours = 24"), []);
    assert_eq!(wait("working_days = 7"), []);
    let bad = [ValidationError::BadWait { flow: "t".into(), node: "f".into() }];
    assert_eq!(wait(""), bad);
    assert_eq!(wait("hours = 0"), bad);
    assert_eq!(wait("hours = 1\nworking_days = 1"), bad);
}

#[test]
fn fields_must_fit_the_node_kind() {
    let src = base().replace(r#"kind = "fact""#, "kind = \"fact\"\nurl = \"https://www.jszg.edu.cn/\"");
    assert_eq!(
        errors_of(&src),
        [ValidationError::FieldNotAllowed { flow: "t".into(), node: "f".into(), field: "url".into() }]
    );

    let src = base().replace(r#"title = { zh-CN = "完", zh-TW = "完", en = "Done" }"#, "");
    assert_eq!(
        errors_of(&src),
        [ValidationError::MissingField { flow: "t".into(), node: "o".into(), field: "title".into() }]
    );

    let dq = r#"
[[flow.node]]
id = "q"
kind = "date_question"
before = "f"
on_or_after = "o"
text = { zh-CN = "哪天", zh-TW = "哪天", en = "When" }
"#;
    let src = format!("{HEAD}{dq}{F}{O}");
    assert_eq!(
        errors_of(&src),
        [ValidationError::MissingField { flow: "t".into(), node: "q".into(), field: "cutoff".into() }]
    );
    let src = format!("{HEAD}{}{F}{O}", dq.replace("before", "cutoff = \"2019-03-01\"\nbefore"));
    assert_eq!(errors_of(&src), []);
}

#[test]
fn links_must_be_web_addresses() {
    let action = |url: &str| {
        let a = format!(
            r#"
[[flow.node]]
id = "f"
kind = "action"
next = "o"
url = "{url}"
source = {{ ref = "jszg_faq", section = "账号注册问题" }}
text = {{ zh-CN = "做", zh-TW = "做", en = "Do" }}
"#
        );
        errors_of(&format!("{HEAD}{Q}{a}{O}"))
    };
    assert_eq!(action("https://www.jszg.edu.cn/"), []);
    assert_eq!(action("https://sso1.jszg.edu.cn/sso/login.html"), []);
    for bad in ["javascript:alert(1)", "file:///etc/passwd", "https://", "www.cpta.com.cn", "http://www.jszg.edu.cn/"] {
        assert!(matches!(action(bad).as_slice(), [ValidationError::BadUrl { .. }]), "{bad}");
    }
    // https, but not a host of any portal the app knows.
    for foreign in ["https://www.baidu.com/", "https://jszg.edu.cn.evil.example/", "https://ntce.neea.edu.cn/"] {
        assert!(matches!(action(foreign).as_slice(), [ValidationError::WrongHost { .. }]), "{foreign}");
    }
}

#[test]
fn links_must_be_on_the_flows_portal_unless_the_step_names_another() {
    let with = |url: &str, extra: &str| {
        let a = format!(
            r#"
[[flow.node]]
id = "f"
kind = "action"
next = "o"
url = "{url}"
{extra}
source = {{ ref = "jszg_faq", section = "账号注册问题" }}
text = {{ zh-CN = "做", zh-TW = "做", en = "Do" }}
"#
        );
        match load(&[("t.toml", &format!("{HEAD}{Q}{a}{O}"))], "", Some(&[("t", Portal::Jszg)])) {
            Ok(_) => Vec::new(),
            Err(e) => e,
        }
    };
    assert_eq!(with("https://app.jszg.edu.cn/", ""), []);
    let errs = with("https://zs.cpta.com.cn/certMng/", "");
    assert!(matches!(errs.as_slice(), [ValidationError::WrongHost { portal: Some(Portal::Jszg), .. }]), "{errs:?}");
    assert_eq!(with("https://zs.cpta.com.cn/certMng/", "portal = \"cpta\""), []);
    let errs = with("https://www.jszg.edu.cn/", "portal = \"cpta\"");
    assert!(matches!(errs.as_slice(), [ValidationError::WrongHost { portal: Some(Portal::Cpta), .. }]), "{errs:?}");
}

#[test]
fn every_bundled_link_is_https_on_a_host_of_its_portal() {
    let g = guides();
    let g = g.as_ref().as_ref().expect("guides");
    let portals: std::collections::HashMap<String, Portal> = crate::catalog::topic_portals().into_iter().collect();
    let mut links = 0;
    for f in &g.flows {
        for n in &f.node {
            if let Some(url) = &n.url {
                links += 1;
                assert!(url.starts_with("https://"), "{}/{}: {url}", f.id, n.id);
                let (p, _) =
                    crate::portals::official_url(url).unwrap_or_else(|e| panic!("{}/{}: {url}: {e}", f.id, n.id));
                assert_eq!(Some(p), n.portal.or(portals.get(f.id.as_str()).copied()), "{}/{}: {url}", f.id, n.id);
            }
        }
    }
    assert!(links > 40, "{links}");
    // The steps that really serve each part (portal facts 2026, "Hosts").
    let step_url = |flow: &str, node: &str| {
        let f = g.flow(flow).expect("flow");
        g.node(f, node).and_then(|n| n.url.clone()).unwrap_or_default()
    };
    assert_eq!(step_url("cpta_account", "a_login_ctid"), "https://zg.cpta.com.cn/examfront/");
    assert_eq!(step_url("jszg_real_name", "a_login"), "https://sso1.jszg.edu.cn/sso/login.html");
    assert_eq!(step_url("nmpa_registration", "a_login_first"), "https://zwfw.nmpa.gov.cn/web/user/login#person");
}

// ---------------------------------------------------------------------------------------------
// Shared steps

const SHARED: &str = r#"
[[step]]
id = "s"
kind = "fact"
source = { ref = "jszg_faq", section = "账号注册问题" }
text = { zh-CN = "共", zh-TW = "共", en = "Shared" }
details = [{ zh-CN = "细", zh-TW = "細", en = "Detail" }]
"#;

fn errors_with_shared(flow: &str, shared: &str) -> Vec<ValidationError> {
    match load(&[("t.toml", flow)], shared, None) {
        Ok(_) => Vec::new(),
        Err(e) => e,
    }
}

fn using(node: &str) -> String {
    format!("{HEAD}{Q}{node}{O}")
}

#[test]
fn a_shared_step_is_copied_where_a_flow_uses_it() {
    let flow = using("\n[[flow.node]]\nid = \"f\"\nuse = \"s\"\nnext = \"o\"\n");
    let g = load(&[("t.toml", &flow)], SHARED, None).expect("valid");
    let f = g.flow("t").expect("flow");
    let n = g.node(f, "f").expect("node");
    assert_eq!((n.kind, n.next.as_deref(), n.shared.as_deref()), (NodeKind::Fact, Some("o"), Some("s")));
    assert_eq!(n.text.zh_cn, "共");
    assert_eq!(n.details.len(), 1);
}

#[test]
fn shared_steps_are_checked() {
    let ok = "\n[[flow.node]]\nid = \"f\"\nuse = \"s\"\nnext = \"o\"\n";
    // Unknown shared step.
    let errs = errors_with_shared(&using(&ok.replace("use = \"s\"", "use = \"zz\"")), SHARED);
    assert!(errs.iter().any(|e| matches!(e, ValidationError::BadUse { step, .. } if step == "zz")), "{errs:?}");
    // A node that uses a step carries nothing of its own but id and next.
    let errs = errors_with_shared(&using(&ok.replace("next = \"o\"", "next = \"o\"\nkind = \"fact\"")), SHARED);
    assert!(errs.iter().any(|e| matches!(e, ValidationError::BadUse { .. })), "{errs:?}");
    // `shared` is the loader's, not the author's.
    let errs = errors_with_shared(&using(&ok.replace("use = \"s\"", "use = \"s\"\nshared = \"s\"")), SHARED);
    assert!(errs.iter().any(|e| matches!(e, ValidationError::BadUse { .. })), "{errs:?}");
    // A shared step has no `next`, and is a step (not a question or outcome).
    let errs = errors_with_shared(&using(ok), &SHARED.replace("kind = \"fact\"", "kind = \"fact\"\nnext = \"o\""));
    assert!(errs.iter().any(|e| matches!(e, ValidationError::BadSharedStep { .. })), "{errs:?}");
    let errs = errors_with_shared(&using(ok), &SHARED.replace("kind = \"fact\"", "kind = \"outcome\""));
    assert!(errs.iter().any(|e| matches!(e, ValidationError::BadSharedStep { .. })), "{errs:?}");
    // A shared step's own data rules apply where it is used (here: a bad source).
    let errs = errors_with_shared(&using(ok), &SHARED.replace("ref = \"jszg_faq\"", "ref = \"nope\""));
    assert!(errs.iter().any(|e| matches!(e, ValidationError::BadSource { .. })), "{errs:?}");
}

#[test]
fn the_bundled_shared_steps_are_each_used_by_more_than_one_flow() {
    let g = guides();
    let g = g.as_ref().as_ref().expect("guides");
    let mut users: std::collections::BTreeMap<&str, BTreeSet<&str>> = std::collections::BTreeMap::new();
    for f in &g.flows {
        for n in &f.node {
            if let Some(s) = &n.shared {
                users.entry(s.as_str()).or_default().insert(f.id.as_str());
            }
        }
    }
    for step in
        ["nmpa_login", "nmpa_feedback_open", "nmpa_feedback_wait", "jszg_login", "wangzheng_guide", "jszg_three_a_day"]
    {
        let flows = users.get(step).cloned().unwrap_or_default();
        assert!(flows.len() >= 2, "{step} is used by {flows:?}");
    }
    // The real-name guides link to the 网证 guide instead of repeating its steps.
    for flow in ["nmpa_long_term_id", "jszg_real_name"] {
        assert!(users["wangzheng_guide"].contains(flow), "{flow}");
    }
}

#[test]
fn links_to_other_guides_and_date_hooks_are_checked() {
    let fact = |extra: &str| base().replace(r#"kind = "fact""#, &format!("kind = \"fact\"\n{extra}"));
    let errs = errors_of(&fact("guide = \"nowhere\""));
    assert!(matches!(errs.as_slice(), [ValidationError::UnknownGuide { .. }]), "{errs:?}");
    let errs = errors_of(&fact("guide = \"t\""));
    assert!(
        matches!(errs.as_slice(), [ValidationError::UnknownGuide { .. }]),
        "a guide does not link to itself: {errs:?}"
    );
    assert_eq!(errors_of(&fact("dates = \"registration_renewal\"")), []);
    assert!(!errors_of(&fact("dates = \"birthday\"")).is_empty(), "an unknown date kind is refused");
}

#[test]
fn markers_are_checked() {
    let action = |extra: &str| {
        let a = format!(
            r#"
[[flow.node]]
id = "f"
kind = "action"
next = "o"
{extra}
source = {{ ref = "jszg_faq", section = "账号注册问题" }}
text = {{ zh-CN = "做", zh-TW = "做", en = "Do" }}
"#
        );
        errors_of(&format!("{HEAD}{Q}{a}{O}"))
    };
    let email = r#"email = { to = "jszgwb@163.com", subject = { zh-CN = "主题", zh-TW = "主旨", en = "Subject" }, lines = [{ zh-CN = "姓名：", zh-TW = "姓名：", en = "Name:" }] }"#;
    assert_eq!(action(&format!("template = \"jszg_account_check\"\n{email}")), []);
    assert_eq!(action("form = \"nmpa_feedback\"\nidentity_check = true"), []);
    for bad in [
        format!("template = \"made_up\"\n{email}"),
        "template = \"jszg_account_check\"".to_owned(),
        email.to_owned(),
        "form = \"other_form\"".to_owned(),
        format!("template = \"jszg_info_fix\"\n{}", email.replace("jszgwb@163.com", "not an address")),
    ] {
        let errs = action(&bad);
        assert!(
            errs.iter().all(|e| matches!(e, ValidationError::BadMarker { .. })) && !errs.is_empty(),
            "{bad}: {errs:?}"
        );
    }
}

#[test]
fn flow_ids_must_equal_the_topic_ids() {
    let errs = match load(&[("t.toml", &base())], "", Some(&[("t", Portal::Jszg), ("u", Portal::Jszg)])) {
        Ok(_) => Vec::new(),
        Err(e) => e,
    };
    assert_eq!(errs, [ValidationError::FlowIdsMismatch { missing: vec!["u".into()], extra: vec![] }]);
    let errs = match load(&[("t.toml", &base())], "", Some(&[])) {
        Ok(_) => Vec::new(),
        Err(e) => e,
    };
    assert_eq!(errs, [ValidationError::FlowIdsMismatch { missing: vec![], extra: vec!["t".into()] }]);
    assert!(load(&[("t.toml", &base())], "", Some(&[("t", Portal::Jszg)])).is_ok());
}

#[test]
fn ids_must_be_plain() {
    let src = base().replace(r#"id = "t""#, r#"id = "T t""#);
    assert!(errors_of(&src).contains(&ValidationError::BadId { id: "T t".into() }));
}

// ---------------------------------------------------------------------------------------------
// Portal messages (issue 12)

const MSG: &str = r#"
[[flow.message]]
text = "该用户已注册"
node = "f"
source = { ref = "jszg_faq", section = "账号注册问题" }
"#;

/// The base file with `message` declared on flow `t` (messages go before the nodes).
fn with_message(message: &str) -> String {
    format!("{HEAD}{message}{Q}{F}{O}")
}

fn bad_message(errs: &[ValidationError]) -> Vec<&str> {
    errs.iter()
        .filter_map(|e| match e {
            ValidationError::BadMessage { reason, .. } => Some(reason.as_str()),
            _ => None,
        })
        .collect()
}

#[test]
fn a_declared_message_is_valid_on_a_step_a_question_or_the_flow() {
    assert_eq!(errors_of(&with_message(MSG)), []);
    assert_eq!(errors_of(&with_message(&MSG.replace(r#"node = "f""#, r#"node = "q""#))), []);
    assert_eq!(errors_of(&with_message(&MSG.replace("node = \"f\"\n", ""))), []);
}

#[test]
fn messages_need_text_and_a_source() {
    let errs = errors_of(&with_message(&MSG.replace("该用户已注册", "  ")));
    assert!(bad_message(&errs).contains(&"the text is blank"), "{errs:?}");
    let errs = errors_of(&with_message(&MSG.replace(r#"source = { ref = "jszg_faq", section = "账号注册问题" }"#, "")));
    assert_eq!(bad_message(&errs), ["cites no source"]);
    let errs = errors_of(&with_message(&MSG.replace(r#"ref = "jszg_faq""#, r#"ref = "seed_002""#)));
    assert_eq!(bad_message(&errs), ["bad source: unknown source `seed_002` (declare it in data/sources.toml)"]);
    let errs = errors_of(&with_message(&MSG.replace(r#"section = "账号注册问题""#, r#"section = " ""#)));
    assert_eq!(bad_message(&errs), ["bad source: blank section"]);
    // A section is optional: the page as a whole can be cited.
    assert_eq!(errors_of(&with_message(&MSG.replace(r#", section = "账号注册问题""#, ""))), []);
}

#[test]
fn a_message_node_must_be_a_question_or_step_of_the_flow() {
    let errs = errors_of(&with_message(&MSG.replace(r#"node = "f""#, r#"node = "nowhere""#)));
    assert_eq!(bad_message(&errs), ["node `nowhere` does not exist"]);
    let errs = errors_of(&with_message(&MSG.replace(r#"node = "f""#, r#"node = "o""#)));
    assert_eq!(bad_message(&errs), ["node `o` is an outcome; a message leads to a question or a step"]);
}

#[test]
fn a_short_status_value_needs_its_label() {
    let short = MSG.replace("该用户已注册", "有效");
    let errs = errors_of(&with_message(&short));
    assert!(matches!(errs.as_slice(), [ValidationError::BadMessage { .. }]), "{errs:?}");
    let labelled = short.replace("text = \"有效\"", "text = \"有效\"\nlabel = \"证书状态\"");
    assert_eq!(errors_of(&with_message(&labelled)), []);
    let errs = errors_of(&with_message(&labelled.replace("证书状态", " ")));
    assert!(bad_message(&errs).contains(&"the label is blank"), "{errs:?}");
}

#[test]
fn unknown_message_fields_fail_to_parse() {
    let errs = errors_of(&with_message(&MSG.replace(r#"node = "f""#, "node = \"f\"\ncolour = \"red\"")));
    assert!(matches!(errs.as_slice(), [ValidationError::Parse { .. }]), "{errs:?}");
}

#[test]
fn a_message_is_declared_once() {
    let errs = errors_of(&with_message(&format!("{MSG}{MSG}")));
    assert_eq!(
        errs,
        [ValidationError::DuplicateMessage {
            message: "该用户已注册".into(), flows: vec!["t".into(), "t".into()]
        }]
    );
    let other = with_message(MSG).replace(r#"id = "t""#, r#"id = "u""#);
    let errs = match load(&[("t.toml", &with_message(MSG)), ("u.toml", &other)], "", None) {
        Ok(_) => Vec::new(),
        Err(e) => e,
    };
    assert_eq!(
        errs,
        [ValidationError::DuplicateMessage {
            message: "该用户已注册".into(), flows: vec!["t".into(), "u".into()]
        }]
    );
}

#[test]
fn bundled_messages_are_declared_where_the_data_says() {
    let msgs = declared_messages();
    // 16 quoted from the three help pages of 2021–2024, 64 more from dated public copies of the
    // portals' pages and notices (35 with the 2026 guides, 29 more in issue 16's message search).
    // A page's heading that retells a message in its own words ("提示证件号码已存在") is no quote.
    assert_eq!(msgs.len(), 80);
    for flow in ["nmpa_registration", "cpta_account", "jszg_certification", "ctid_network_identity"] {
        assert!(msgs.iter().any(|m| m.flow_id == flow), "{flow} declares no portal message");
    }
    let g = guides();
    let g = g.as_ref().as_ref().expect("guides");
    let beyond_seeds = g
        .flows
        .iter()
        .flat_map(|f| &f.message)
        .filter(|m| {
            m.source.as_ref().is_some_and(|s| !["nmpa_hall_help", "xisai_ecert", "jszg_faq"].contains(&s.id.as_str()))
        })
        .count();
    assert_eq!(beyond_seeds, 64);
    let status = msgs.iter().find(|m| m.flow_id == "cpta_download").expect("status message");
    assert_eq!(status.text, "证书状态：有效");
    assert_eq!(status.node_id.as_deref(), Some("q_status"));
}
