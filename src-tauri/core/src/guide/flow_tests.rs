//! Full walks through each of the fourteen flows: answers in, plan out.

use chrono::NaiveDate;

use super::*;
use crate::lang::Lang;

fn c(id: &str) -> Answer {
    Answer::Choice(id.to_owned())
}

fn d(y: i32, m: u32, day: u32) -> Answer {
    Answer::Date(NaiveDate::from_ymd_opt(y, m, day).expect("valid date"))
}

/// Answers the questions in order (each must be the current one) and returns the plan.
fn walk(flow: &str, answers: &[(&str, Answer)]) -> Plan {
    walk_in(flow, answers, Lang::ZhCn)
}

fn walk_in(flow: &str, answers: &[(&str, Answer)], lang: Lang) -> Plan {
    let mut s = start(flow).expect("start");
    for (node, a) in answers {
        match view(&s, lang).expect("view") {
            RunView::Question(q) => assert_eq!(q.node_id, *node, "{flow}: unexpected question"),
            RunView::Finished { .. } => panic!("{flow}: finished before {node}"),
        }
        answer(&mut s, node, a.clone()).unwrap_or_else(|e| panic!("{flow}/{node}: {e}"));
    }
    // Resuming from disk gives the same plan.
    let resumed = RunState::from_json(&s.to_json()).expect("resume");
    let p = plan(&s, lang).expect("finished");
    assert_eq!(plan(&resumed, lang).expect("finished"), p);
    p
}

fn ids(p: &Plan) -> Vec<&str> {
    p.steps.iter().map(|s| s.node_id.as_str()).collect()
}

fn step<'a>(p: &'a Plan, id: &str) -> &'a PlanStep {
    p.steps.iter().find(|s| s.node_id == id).unwrap_or_else(|| panic!("no step {id} in {:?}", ids(p)))
}

// ---------------------------------------------------------------------------------------------
// NMPA online service hall

#[test]
fn nmpa_forgot_password_paths() {
    let p = walk("nmpa_forgot_password", &[("q_contact", c("phone"))]);
    assert_eq!(ids(&p), ["f_why_login", "f_browser", "a_reset_phone", "f_after_login"]);
    assert_eq!(p.outcome_id, "o_recovered");
    assert_eq!(p.total_wait, WaitTotal::default());
    // The portal's own login page (portal facts 2026: a hash-routed page with a 个人登录 tab).
    assert_eq!(step(&p, "a_reset_phone").url.as_deref(), Some("https://zwfw.nmpa.gov.cn/web/user/login#person"));
    assert!(step(&p, "f_browser").text.contains("京ICP备13027807号"));
    assert_eq!(step(&p, "f_why_login").source.section.as_deref(), Some("无法实名问题"));

    let p = walk("nmpa_forgot_password", &[("q_contact", c("email"))]);
    assert!(ids(&p).contains(&"a_reset_email"));
    assert_eq!(step(&p, "a_reset_email").source.section.as_deref(), Some("一、忘记密码"));

    let p = walk("nmpa_forgot_password", &[("q_contact", c("neither"))]);
    assert_eq!(p.outcome_id, "o_via_feedback");
    assert_eq!(step(&p, "a_form").form.as_deref(), Some("nmpa_feedback"));
    assert_eq!(step(&p, "w_verify").wait, Some(WaitView::WorkingDays(2)));
    assert!(step(&p, "a_check_reply").details.iter().any(|d| d.contains("3 个月")));
    assert_eq!(p.total_wait, WaitTotal { hours: 0, working_days: 2 });
}

#[test]
fn nmpa_already_exists_paths() {
    let p = walk("nmpa_already_exists", &[("q_reach", c("yes"))]);
    assert_eq!(p.outcome_id, "o_old_account");
    assert_eq!(
        ids(&p),
        ["f_need_own_login", "f_meaning", "a_recover_old", "a_change_contact", "a_bind_old", "f_system_help_a"]
    );
    assert_eq!(step(&p, "a_recover_old").source.section.as_deref(), Some("二、实名绑定时提示已经存在（一）"));
    assert_eq!(p.total_wait, WaitTotal::default());

    let p = walk("nmpa_already_exists", &[("q_reach", c("no")), ("q_logged_in", c("guest"))]);
    assert_eq!(p.outcome_id, "o_feedback");
    let contact = step(&p, "a_open_contact");
    assert_eq!(contact.menu_path, ["联系我们（首页右上角）"]);
    assert!(contact.details.iter().any(|d| d.contains("北京市西城区展览路北露园1号")));
    let form = step(&p, "a_form_guest");
    assert_eq!(form.form.as_deref(), Some("nmpa_feedback"));
    assert!(form.details.iter().any(|d| d.contains("500")));
    assert_eq!(step(&p, "w_verify_guest").wait, Some(WaitView::WorkingDays(2)));
    assert!(step(&p, "w_verify_guest").text.contains("电话"));
    assert_eq!(step(&p, "a_check_guest").menu_path, ["联系我们", "在线办事反馈查询"]);
    assert!(ids(&p).ends_with(&["a_recover_new", "a_bind_new", "f_system_help_b"]));

    let p = walk("nmpa_already_exists", &[("q_reach", c("no")), ("q_logged_in", c("logged_in"))]);
    assert!(step(&p, "a_form_user").text.contains("上传图片"));
    assert_eq!(step(&p, "a_check_user").menu_path, ["我的互动", "在线办事反馈"]);
    assert!(!ids(&p).contains(&"a_check_guest"));

    let en = walk_in("nmpa_already_exists", &[("q_reach", c("no")), ("q_logged_in", c("guest"))], Lang::En);
    assert!(en.steps.iter().all(|s| s.source.display.starts_with("Source:")));
}

#[test]
fn nmpa_long_term_id_paths() {
    let p = walk("nmpa_long_term_id", &[("q_result", c("passed"))]);
    assert_eq!(p.outcome_id, "o_passed");
    let fill = step(&p, "a_fill_id");
    assert!(fill.identity_check);
    assert!(fill.text.contains("结束时间不用选"));

    let p = walk("nmpa_long_term_id", &[("q_result", c("failed")), ("q_after_ctid", c("ok"))]);
    assert_eq!(p.outcome_id, "o_after_ctid");
    assert!(step(&p, "a_ctid").text.contains("识别身份证"));
    let national = step(&p, "f_national_app");
    assert_eq!(national.source.date_iso, "2025-07-15");
    assert!(national.source.display.contains("公安部等六部门令第173号") && national.source.display.contains("起施行"));
    assert!(national.text.contains("国家网络身份认证"));
    // The steps of opening a 网证 live in their own guide, linked here (not repeated).
    let link = step(&p, "f_ctid_steps").guide.as_ref().expect("link to the 网证 guide");
    assert_eq!(link.flow_id, "ctid_network_identity");
    assert!(!link.title.is_empty());

    let p = walk("nmpa_long_term_id", &[("q_result", c("failed")), ("q_after_ctid", c("still_failing"))]);
    assert_eq!(p.outcome_id, "o_feedback");
    let fb = step(&p, "a_feedback");
    assert_eq!(fb.form.as_deref(), Some("nmpa_feedback"));
    assert_eq!(fb.details.len(), 4, "name, ID number, start and end dates");
    assert_eq!(p.total_wait.working_days, 2);
}

// ---------------------------------------------------------------------------------------------
// CPTA e-certificate

#[test]
fn cpta_download_paths() {
    let p = walk("cpta_download", &[("q_issued", c("not_yet"))]);
    assert_eq!((p.outcome_id.as_str(), ids(&p)), ("o_not_yet", vec!["f_exam_dates"]));
    // Exam dates change yearly: the step points at the dated notices, it states none itself.
    assert!(step(&p, "f_exam_dates").text.contains("带日期的通知"));
    assert!(!step(&p, "f_exam_dates").text.contains("10 月 18 日"));

    let before =
        [("q_issued", c("yes")), ("q_know_date", c("know")), ("q_issue_date", d(2020, 6, 1)), ("q_status", c("valid"))];
    let p = walk("cpta_download", &before);
    assert_eq!(p.outcome_id, "o_downloaded");
    assert_eq!(ids(&p), ["f_same_effect", "f_no_annotation", "a_open", "a_agree", "a_download", "f_pdf"]);
    // Current menu labels, with the older ones next to them (CPTA's instructions of 2025-01 and 2022).
    let open = step(&p, "a_open");
    assert_eq!(
        open.menu_path,
        ["电子证书下载（旧名：证书查验）", "持证人查询下载（含电子证书、电子文件下载）（旧名：证书下载）"]
    );
    assert_eq!(open.url.as_deref(), Some("https://www.cpta.com.cn/"));
    // The holder logs in with the exam-registration account; 管理号 + SMS is the verifiers' lookup.
    assert!(open.text.contains("报名服务平台的用户名和密码"));
    assert!(open.details.iter().any(|d| d.contains("管理号") && d.contains("不是持证人自己的登录方式")));
    assert_eq!(step(&p, "a_download").menu_path, ["下载", "下载文件"]);
    assert!(step(&p, "a_agree").text.contains("同意"));
    assert_eq!(p.total_wait, WaitTotal::default());

    // Issued on the cutoff day: annotation first, 24 hours.
    let on = [
        ("q_issued", c("yes")),
        ("q_know_date", c("know")),
        ("q_issue_date", d(2021, 12, 17)),
        ("q_status", c("valid")),
    ];
    let p = walk("cpta_download", &on);
    assert!(ids(&p).starts_with(&["f_same_effect", "f_needs_annotation", "a_annotate", "w_annotation", "a_open"]));
    assert_eq!(p.total_wait, WaitTotal { hours: 24, working_days: 0 });

    let p = walk("cpta_download", &[("q_issued", c("yes")), ("q_know_date", c("unsure")), ("q_status", c("other"))]);
    assert_eq!(p.outcome_id, "o_not_valid");
    assert!(ids(&p).contains(&"f_unsure") && ids(&p).contains(&"f_not_valid"));
}

#[test]
fn cpta_annotation_paths() {
    let p = walk("cpta_annotation", &[("q_know_date", c("know")), ("q_issue_date", d(2021, 12, 16))]);
    assert_eq!(p.outcome_id, "o_not_needed");
    assert_eq!(step(&p, "f_not_needed").source.id, "ecert_old_certs_jingyanla");
    // The cut-off is when the e-certificate was made (制发), not an older printed issue date.
    assert!(step(&p, "f_not_needed").text.contains("制发"));

    let p = walk(
        "cpta_annotation",
        &[("q_know_date", c("know")), ("q_issue_date", d(2023, 5, 5)), ("q_current", c("none"))],
    );
    assert_eq!(p.outcome_id, "o_annotated");
    assert_eq!(
        ids(&p),
        ["f_what", "f_scenario", "f_required", "f_limits", "a_apply", "w_annotation", "a_download_now", "f_renew"]
    );
    // CPTA advises the full 90 days unless there is a special reason (correction of 2026).
    let apply = &step(&p, "a_apply").text;
    assert!(apply.contains("官方建议按上限申请 90 天") && !apply.contains("按你实际要用证书的时间"), "{apply}");
    assert_eq!(step(&p, "a_apply").source.id, "cpta_ecert_guide_2022");
    let limits = &step(&p, "f_limits").text;
    assert!(limits.contains("90 天") && limits.contains("3 次"));
    assert_eq!(step(&p, "w_annotation").wait, Some(WaitView::Hours(24)));
    assert!(step(&p, "f_scenario").text.contains("本人调用"));

    let p = walk("cpta_annotation", &[("q_know_date", c("unsure")), ("q_current", c("valid"))]);
    assert_eq!(p.outcome_id, "o_use_now");
    assert_eq!(p.total_wait, WaitTotal::default());

    let p = walk("cpta_annotation", &[("q_know_date", c("unsure")), ("q_current", c("three"))]);
    assert_eq!(p.outcome_id, "o_wait_limit");
}

#[test]
fn cpta_registration_paths() {
    let p = walk("cpta_registration", &[("q_downloaded", c("no"))]);
    assert_eq!(p.outcome_id, "o_prepare");
    assert_eq!(step(&p, "f_in_time").source.section.as_deref(), Some("三、注意事項"));

    let p = walk("cpta_registration", &[("q_downloaded", c("yes")), ("q_annotation", c("ok"))]);
    assert_eq!(p.outcome_id, "o_registration");
    assert_eq!(ids(&p), ["f_steps", "f_hall_first", "a_login", "a_open_system", "a_submit", "f_review", "f_cautions"]);
    assert_eq!(step(&p, "f_cautions").details.len(), 3, "on time, personal data, official notices");
    assert_eq!(step(&p, "f_hall_first").source.id, "nmpa_hall_help");
    assert_eq!(step(&p, "f_hall_first").guide.as_ref().map(|g| g.flow_id.as_str()), Some("nmpa_registration"));
    assert_eq!(step(&p, "a_open_system").menu_path[0], "其他服务");

    let p = walk("cpta_registration", &[("q_downloaded", c("yes")), ("q_annotation", c("lapsed"))]);
    assert!(ids(&p).contains(&"a_reannotate"));
    assert_eq!(p.total_wait.hours, 24);
}

// ---------------------------------------------------------------------------------------------
// 中国教师资格网

fn assert_account_check_email(s: &PlanStep) {
    assert_eq!(s.template.as_deref(), Some("jszg_account_check"));
    let e = s.email.as_ref().expect("email");
    assert_eq!(e.to, "jszgwb@163.com");
    assert_eq!(e.subject, "（申请人姓名）核查账号信息");
    assert_eq!(e.lines.len(), 5);
    assert!(e.lines[1..]
        .iter()
        .zip(["本人姓名", "有效身份证件类型和号码", "有效手机号码", "有效邮箱"])
        .all(|(l, k)| l.starts_with(k)));
    assert!(e.attachment.as_deref().is_some_and(|a| a.contains("仅限在中国教师资格网办理业务使用")));
}

#[test]
fn jszg_already_registered_paths() {
    let p = walk("jszg_already_registered", &[("q_reset_ok", c("yes"))]);
    assert_eq!((p.outcome_id.as_str(), ids(&p)), ("o_logged_in", vec!["f_meaning", "a_reset"]));
    assert_eq!(step(&p, "a_reset").menu_path, ["忘记密码"]);
    assert_eq!(step(&p, "a_reset").url.as_deref(), Some("https://www.jszg.edu.cn/"));

    let p = walk("jszg_already_registered", &[("q_reset_ok", c("no"))]);
    assert_eq!(p.outcome_id, "o_email");
    assert_account_check_email(step(&p, "a_email_check"));
    assert!(ids(&p).contains(&"f_autoreply"));
    assert_eq!(step(&p, "w_reply").wait, Some(WaitView::WorkingDays(1)));

    let en = walk_in("jszg_already_registered", &[("q_reset_ok", c("no"))], Lang::En);
    let e = step(&en, "a_email_check").email.as_ref().expect("email");
    assert!(e.subject.starts_with("（申请人姓名）核查账号信息") && e.subject.contains("account check"));
}

#[test]
fn jszg_login_failed_paths() {
    let p = walk("jszg_login_failed", &[("q_typed", c("ok"))]);
    assert_eq!(p.outcome_id, "o_ok");

    let p = walk("jszg_login_failed", &[("q_typed", c("still")), ("q_first", c("first"))]);
    assert_eq!((p.outcome_id.as_str(), ids(&p)), ("o_registered", vec!["f_intro", "f_first", "a_register"]));
    assert!(step(&p, "a_register").identity_check);

    let p = walk("jszg_login_failed", &[("q_typed", c("still")), ("q_first", c("before")), ("q_ntce", c("ntce"))]);
    assert!(step(&p, "f_ntce").text.contains("ntce.neea.edu.cn"));
    assert_eq!(step(&p, "f_ntce").source.section.as_deref(), Some("账号登录问题（1）特别提醒"));

    let to_date =
        [("q_typed", c("still")), ("q_first", c("before")), ("q_ntce", c("jszg")), ("q_know_when", c("know"))];
    let mut early = to_date.to_vec();
    early.push(("q_when", d(2018, 6, 1)));
    let p = walk("jszg_login_failed", &early);
    assert_eq!(p.outcome_id, "o_registered");
    assert!(step(&p, "f_pre_2019").text.contains("2019年3月1日"));

    let mut late = to_date.to_vec();
    late.extend([("q_when", d(2019, 3, 1)), ("q_reset_result", c("fails"))]);
    let p = walk("jszg_login_failed", &late);
    assert_eq!(p.outcome_id, "o_reregistered");
    assert!(ids(&p).ends_with(&["a_try_reset", "f_wrong_id", "a_register_correct"]));
    assert_eq!(p.answers[4].answer_text, "2019年3月1日");

    let p = walk(
        "jszg_login_failed",
        &[
            ("q_typed", c("still")),
            ("q_first", c("before")),
            ("q_ntce", c("jszg")),
            ("q_know_when", c("unsure")),
            ("q_reset_result", c("ok")),
        ],
    );
    assert_eq!(p.outcome_id, "o_reset_ok");
}

#[test]
fn jszg_forgot_password_paths() {
    let p = walk("jszg_forgot_password", &[("q_problem", c("message")), ("q_checked", c("ok"))]);
    assert_eq!(p.outcome_id, "o_reset_ok");

    let base = [("q_problem", c("message")), ("q_checked", c("still")), ("q_know_when", c("know"))];
    let mut early = base.to_vec();
    early.push(("q_when", d(2017, 1, 1)));
    let p = walk("jszg_forgot_password", &early);
    assert_eq!(p.outcome_id, "o_register_new");
    assert!(step(&p, "f_pre_2019").text.contains("不能重置密码"));

    let mut late = base.to_vec();
    late.push(("q_when", d(2020, 8, 8)));
    let p = walk("jszg_forgot_password", &late);
    assert_eq!(p.outcome_id, "o_email");
    assert_account_check_email(step(&p, "a_email_check"));

    let p = walk(
        "jszg_forgot_password",
        &[("q_problem", c("message")), ("q_checked", c("still")), ("q_know_when", c("unsure"))],
    );
    assert_eq!(p.outcome_id, "o_email");

    let p = walk("jszg_forgot_password", &[("q_problem", c("contact_changed"))]);
    assert_eq!(p.outcome_id, "o_contact_changed");
    let s = step(&p, "a_email_contact");
    assert_eq!(s.template.as_deref(), Some("jszg_contact_change"));
    assert_eq!(s.email.as_ref().map(|e| e.subject.as_str()), Some("（申请人姓名）申请修改手机（邮箱）信息"));
}

#[test]
fn jszg_changed_contact_paths() {
    for (choice, subject, action) in [
        ("phone", "（申请人姓名）申请修改手机信息", "a_email_phone"),
        ("email", "（申请人姓名）申请修改邮箱信息", "a_email_email"),
        ("both", "（申请人姓名）申请修改手机（邮箱）信息", "a_email_both"),
    ] {
        let p = walk("jszg_changed_contact", &[("q_which", c(choice))]);
        assert_eq!(p.outcome_id, "o_sent");
        assert_eq!(ids(&p), ["f_why", action, "f_autoreply", "w_reply", "a_reset_after"]);
        let s = step(&p, action);
        assert_eq!(s.template.as_deref(), Some("jszg_contact_change"));
        let e = s.email.as_ref().expect("email");
        assert_eq!((e.to.as_str(), e.subject.as_str()), ("jszgwb@163.com", subject));
        assert!(e.attachment.is_some());
        assert_eq!(p.total_wait.working_days, 1);
    }
}

#[test]
fn jszg_sms_code_paths() {
    let p = walk("jszg_sms_code", &[("q_what", c("nothing")), ("q_after_browser", c("got_it"))]);
    assert_eq!(p.outcome_id, "o_browser_ok");
    let b = &step(&p, "a_browser").text;
    assert!(b.contains("Google Chrome") && b.contains("极速模式"));

    let p = walk("jszg_sms_code", &[("q_what", c("nothing")), ("q_after_browser", c("still_nothing"))]);
    assert_eq!(p.outcome_id, "o_no_prompt");

    let p = walk(
        "jszg_sms_code",
        &[("q_what", c("nothing")), ("q_after_browser", c("sent_no_sms")), ("q_wechat", c("yes"))],
    );
    assert_eq!(p.outcome_id, "o_wechat");
    assert!(ids(&p).ends_with(&["f_ported", "a_scan", "a_follow", "a_get_code", "a_enter_code"]));
    assert_eq!(step(&p, "a_get_code").menu_path, ["取验证码（左下角）", "获取验证码"]);
    assert_eq!(step(&p, "a_follow").source.section.as_deref(), Some("验证码问题（2）"));
    assert!(step(&p, "f_ported").text.contains("携号转网"));

    let p = walk("jszg_sms_code", &[("q_what", c("sent_no_sms")), ("q_wechat", c("no"))]);
    assert_eq!(p.outcome_id, "o_no_wechat");
}

#[test]
fn jszg_real_name_paths() {
    let p = walk("jszg_real_name", &[("q_result", c("passed"))]);
    assert_eq!(p.outcome_id, "o_passed");
    assert_eq!(ids(&p), ["f_required", "a_login", "a_where", "f_three_a_day", "a_verify"]);
    // The login's slider check, and the three-a-day limit said before the applicant spends a try.
    assert!(step(&p, "a_login").text.contains("滑块"));
    assert!(step(&p, "f_three_a_day").text.contains("每天最多只能做三次"));
    assert!(step(&p, "f_required").text.contains("2020年4月"));
    assert!(step(&p, "a_verify").identity_check);
    assert_eq!(step(&p, "a_where").menu_path, ["个人信息中心", "实名核验"]);

    let p =
        walk("jszg_real_name", &[("q_result", c("failed")), ("q_wangzheng", c("opened")), ("q_retry", c("passed"))]);
    assert_eq!(p.outcome_id, "o_passed_after");
    assert_eq!(step(&p, "a_open_wangzheng").details.len(), 2, "CTID app or the national government service app");

    for path in [
        vec![("q_result", c("failed")), ("q_wangzheng", c("opened")), ("q_retry", c("failed"))],
        vec![("q_result", c("failed")), ("q_wangzheng", c("failed"))],
    ] {
        let p = walk("jszg_real_name", &path);
        assert_eq!(p.outcome_id, "o_manual");
        assert!(ids(&p).ends_with(&["f_manual", "a_manual", "f_locked", "w_manual"]));
        assert_eq!(step(&p, "w_manual").wait, Some(WaitView::WorkingDays(7)));
        assert_eq!(step(&p, "w_manual").track, Some(crate::feedback::TrackKind::JszgManualReview));
        assert!(step(&p, "f_locked").text.contains("不能修改"));
        assert_eq!(p.total_wait, WaitTotal { hours: 0, working_days: 7 });
    }
}

#[test]
fn jszg_hk_mo_tw_paths() {
    let p = walk("jszg_hk_mo_tw", &[("q_document", c("residence_permit")), ("q_result", c("passed"))]);
    assert_eq!(p.outcome_id, "o_passed");
    let pos = |id: &str| ids(&p).iter().position(|x| *x == id).expect("step");
    assert!(pos("f_three_a_day") < pos("a_verify"), "the limit comes before the check");
    assert!(step(&p, "f_permit").text.contains("810000"));
    assert!(step(&p, "a_complete_info").text.contains("性别"));

    let p = walk("jszg_hk_mo_tw", &[("q_document", c("hk_mo_permit")), ("q_result", c("failed"))]);
    assert_eq!(p.outcome_id, "o_manual");
    assert!(step(&p, "f_hk_mo_permit").identity_check);
    assert_eq!(p.total_wait.working_days, 7);
    assert_eq!(step(&p, "a_manual").source.section.as_deref(), Some("实名核验相关问题（5）"));

    let p = walk("jszg_hk_mo_tw", &[("q_document", c("tw_permit")), ("q_result", c("passed"))]);
    assert!(step(&p, "f_tw_permit").text.contains("五年"));

    let p = walk("jszg_hk_mo_tw", &[("q_document", c("none"))]);
    assert_eq!(p.outcome_id, "o_no_document");
}

#[test]
fn jszg_personal_info_paths() {
    let p = walk("jszg_personal_info", &[("q_what", c("basic"))]);
    assert_eq!((p.outcome_id.as_str(), ids(&p)), ("o_fixed", vec!["a_modify", "a_reconfirm"]));
    assert_eq!(step(&p, "a_modify").menu_path, ["个人信息中心", "修改个人身份信息"]);
    assert!(step(&p, "a_reconfirm").text.contains("报名信息"));

    let p = walk("jszg_personal_info", &[("q_what", c("hk_mo_tw"))]);
    assert!(step(&p, "a_modify_hmt").text.contains("出生日期"));

    let p = walk("jszg_personal_info", &[("q_what", c("name"))]);
    assert_eq!(ids(&p), ["a_fix_name", "a_reconfirm"]);

    for choice in ["gender", "garbled", "name_changed"] {
        let p = walk("jszg_personal_info", &[("q_what", c(choice))]);
        assert_eq!(p.outcome_id, "o_email_fix");
        assert_eq!(
            ids(&p),
            ["f_email_needed", "a_email_fix", "f_password_warning", "a_change_password", "a_reconfirm_email"]
        );
        let s = step(&p, "a_email_fix");
        assert_eq!(s.template.as_deref(), Some("jszg_info_fix"));
        let e = s.email.as_ref().expect("email");
        assert_eq!(e.to, "jszgwb@163.com");
        assert!(e.lines.iter().any(|l| l.starts_with("登录密码")));
        assert!(step(&p, "f_password_warning").text.contains("修改密码"));
    }
}

// ---------------------------------------------------------------------------------------------
// The journeys added in 2026 (issue 16)

#[test]
fn nmpa_registration_paths() {
    let p = walk("nmpa_registration", &[("q_kind", c("first")), ("q_account", c("yes")), ("q_first_time", c("first"))]);
    assert_eq!(p.outcome_id, "o_first");
    assert_eq!(
        ids(&p),
        [
            "f_intro",
            "f_when",
            "f_certificate",
            "f_credits",
            "a_login_first",
            "a_open_first",
            "a_bind",
            "a_province",
            "f_review",
            "f_hotline_first",
            "a_record_first",
            "f_start"
        ]
    );
    assert_eq!(step(&p, "a_open_first").menu_path[0], "其他服务");
    assert!(step(&p, "a_bind").text.contains("已有用户的登录授权") && step(&p, "a_bind").text.contains("不用填密码"));
    assert!(step(&p, "f_credits").text.contains("30 学分"));
    assert!(step(&p, "f_hotline_first").text.contains("010-60958353"));
    assert!(step(&p, "f_when").text.contains("2026 年 1 月 6 日"));
    // The hook for 我的日期 (issue 22): the step names the kind of date to record.
    assert_eq!(step(&p, "a_record_first").dates, Some(crate::dates::DateKind::RegistrationRenewal));
    assert_eq!(step(&p, "f_certificate").guide.as_ref().map(|g| g.flow_id.as_str()), Some("cpta_download"));

    let p = walk("nmpa_registration", &[("q_kind", c("first")), ("q_account", c("yes")), ("q_first_time", c("bound"))]);
    assert!(!ids(&p).contains(&"a_bind"));

    for (choice, guide) in
        [("forgot", "nmpa_forgot_password"), ("exists", "nmpa_already_exists"), ("long_term", "nmpa_long_term_id")]
    {
        let p = walk("nmpa_registration", &[("q_kind", c("first")), ("q_account", c(choice))]);
        assert_eq!(p.outcome_id, "o_fix_account");
        assert!(p.steps.iter().any(|s| s.guide.as_ref().is_some_and(|g| g.flow_id == guide)), "{choice}");
    }

    let p = walk("nmpa_registration", &[("q_kind", c("change"))]);
    assert_eq!(p.outcome_id, "o_change");
    assert!(ids(&p).contains(&"a_open_change"));

    let p = walk("nmpa_registration", &[("q_kind", c("renewal"))]);
    assert_eq!(p.outcome_id, "o_renewal");
    assert!(step(&p, "f_renewal").text.contains("30 天"));
    assert_eq!(step(&p, "a_record_renewal").dates, Some(crate::dates::DateKind::RegistrationRenewal));
}

#[test]
fn cpta_account_paths() {
    let p = walk("cpta_account", &[("q_problem", c("id_registered")), ("q_recovered", c("yes"))]);
    assert_eq!((p.outcome_id.as_str(), ids(&p)), ("o_recovered", vec!["f_one_account", "f_once", "a_recover"]));
    assert_eq!(step(&p, "a_recover").url.as_deref(), Some("https://zg.cpta.com.cn/examfront/"));
    assert!(step(&p, "a_recover").text.contains("区分大小写"));

    let p = walk("cpta_account", &[("q_problem", c("forgot")), ("q_recovered", c("no"))]);
    assert_eq!(p.outcome_id, "o_organiser");

    let p = walk("cpta_account", &[("q_problem", c("phone_registered")), ("q_recovered", c("yes"))]);
    assert!(ids(&p).contains(&"f_phone"));

    let p = walk("cpta_account", &[("q_problem", c("ctid_login"))]);
    assert_eq!(p.outcome_id, "o_ctid");
    assert_eq!(step(&p, "f_ctid_login").guide.as_ref().map(|g| g.flow_id.as_str()), Some("ctid_network_identity"));
    assert!(step(&p, "a_login_ctid").text.contains("国家网络身份认证"));

    let p = walk("cpta_account", &[("q_problem", c("rare_char"))]);
    assert!(step(&p, "f_rare").text.contains("王晓[沛]"));

    let p = walk("cpta_account", &[("q_problem", c("generating"))]);
    assert_eq!(p.outcome_id, "o_generating");
    assert_eq!(step(&p, "w_generating").wait, Some(WaitView::Hours(24)));

    for (choice, outcome) in [("corrected", "o_corrected"), ("empty", "o_empty"), ("revoked", "o_revoked")] {
        assert_eq!(walk("cpta_account", &[("q_problem", c(choice))]).outcome_id, outcome);
    }
}

#[test]
fn jszg_certification_paths() {
    let p = walk(
        "jszg_certification",
        &[("q_putonghua", c("found")), ("q_degree", c("verified")), ("q_on_site", c("yes"))],
    );
    assert_eq!(p.outcome_id, "o_done");
    assert_eq!(
        ids(&p),
        ["f_steps", "f_window", "a_login", "f_real_name", "a_apply", "a_health", "a_on_site", "w_decision"]
    );
    assert_eq!(step(&p, "w_decision").wait, Some(WaitView::WorkingDays(30)));
    assert!(step(&p, "f_window").text.contains("本应用不替各省写日期"));
    assert!(step(&p, "a_health").text.contains("照片要和网上申报上传的一样"));

    let p = walk(
        "jszg_certification",
        &[("q_putonghua", c("not_found")), ("q_degree", c("not_verified")), ("q_on_site", c("no"))],
    );
    assert!(step(&p, "a_putonghua_manual").text.contains("190 KB"));
    let degree = step(&p, "a_degree_manual");
    assert!(degree.text.contains("无法核验的学历") && degree.text.contains("200 KB"));
    assert!(!ids(&p).contains(&"a_on_site"));

    let p = walk(
        "jszg_certification",
        &[("q_putonghua", c("found")), ("q_degree", c("verified")), ("q_on_site", c("unsure"))],
    );
    assert!(ids(&p).ends_with(&["f_on_site_unsure", "a_on_site", "w_decision"]));
}

#[test]
fn ctid_network_identity_paths() {
    let p = walk(
        "ctid_network_identity",
        &[("q_app", c("national")), ("q_document", c("resident_id")), ("q_nfc", c("yes"))],
    );
    assert_eq!(p.outcome_id, "o_national");
    let apply = step(&p, "a_apply");
    assert_eq!(apply.details.len(), 6, "立即申领, NFC, face, phone, password, use on this phone");
    assert!(apply.details[0].contains("立即申领"));
    assert!(p.summary.contains("400-117-1166"));

    let p =
        walk("ctid_network_identity", &[("q_app", c("national")), ("q_document", c("foreigner")), ("q_nfc", c("no"))]);
    assert_eq!(p.outcome_id, "o_no_nfc");
    assert!(step(&p, "f_other_documents").text.contains("外国人永久居留身份证"));
    assert!(step(&p, "f_no_nfc").text.contains("借家人"));

    // The CTID app needs its own account first (correction of 2026).
    let p = walk("ctid_network_identity", &[("q_app", c("ctid"))]);
    assert_eq!(ids(&p), ["f_what", "a_ctid_account", "a_ctid_open"]);
    assert!(step(&p, "a_ctid_account").text.contains("先注册账号再登录"));
    assert!(step(&p, "a_ctid_open").text.contains("8 位网证口令"));

    let en = walk_in("ctid_network_identity", &[("q_app", c("ctid"))], Lang::En);
    assert!(en.steps.iter().all(|s| s.source.display.starts_with("Source:")));
}
