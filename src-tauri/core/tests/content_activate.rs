//! Issue 20: after `content::activate`, what the applicant reads comes from the new pack — the
//! guide pages, the home screen's topics and message search — and activating the bundled content
//! again brings the old text back. One test in its own process: activation is process-wide.

use std::collections::BTreeMap;
use std::sync::Arc;

use assistant_core::catalog::{topics_for, Role};
use assistant_core::content::{self, ContentSet, Origin};
use assistant_core::guide::{self, RunView};
use assistant_core::lang::Lang;
use assistant_core::message_search;

const FLOW: &str = "jszg_already_registered";
const OLD_QUESTION: &str = "重置密码后，能登录了吗？";
const NEW_QUESTION: &str = "重置密码后，现在能用新密码登录了吗？";
const OLD_FACT: &str = "说明这个证件号码已经有账号了。";
const NEW_FACT: &str = "说明这个证件号码早已有账号（测试内容包）。";
const OLD_TITLE: &str = "注册时提示“该用户已注册”";
const NEW_TITLE: &str = "注册时提示“该用户已注册”（测试内容包）";

fn replace(files: &mut BTreeMap<String, String>, path: &str, from: &str, to: &str) {
    let text = files.get_mut(path).expect(path);
    assert!(text.contains(from), "{path} no longer says {from}");
    *text = text.replacen(from, to, 1);
}

/// The bundled content with one guide's question, fact and topic title reworded, one version up.
fn reworded() -> Arc<ContentSet> {
    let bundled = ContentSet::bundled();
    let mut files = bundled.to_files();
    let v = bundled.manifest().version;
    replace(&mut files, content::MANIFEST_PATH, &format!("version = {v}"), &format!("version = {}", v + 1));
    replace(&mut files, "guides/jszg.toml", OLD_QUESTION, NEW_QUESTION);
    replace(&mut files, "guides/jszg.toml", OLD_FACT, NEW_FACT);
    replace(&mut files, "data/topics.toml", OLD_TITLE, NEW_TITLE);
    let set = Arc::new(ContentSet::from_files(files, Origin::Installed).expect("manifest"));
    content::validate(&set).expect("the reworded pack passes every check");
    set
}

fn first_question() -> String {
    let state = guide::start(FLOW).expect("start");
    match guide::view(&state, Lang::ZhCn).expect("view") {
        RunView::Question(q) => q.text,
        RunView::Finished { .. } => panic!("the flow opens with a question"),
    }
}

fn topic_title() -> String {
    topics_for(Role::Teacher, Lang::ZhCn).into_iter().find(|t| t.id == FLOW).expect("topic").title
}

/// The text message search shows for the portal's own message of the flow.
fn search_shows() -> (String, String) {
    let r = message_search::search("该用户已注册", Lang::ZhCn);
    let m = r.matches.iter().find(|m| m.flow_id == FLOW).expect("the message finds its guide");
    (m.flow_title.clone(), m.node_text.clone().unwrap_or_default())
}

#[test]
fn a_new_pack_changes_the_guide_the_topics_and_message_search_and_the_bundled_one_changes_them_back() {
    // The bundled content's search index is stored: nothing to build in the background at start.
    assert!(!message_search::worth_preparing());
    assert_eq!(first_question(), OLD_QUESTION);
    assert_eq!(topic_title(), OLD_TITLE);
    let (title, node) = search_shows();
    assert_eq!(title, OLD_TITLE);
    assert!(node.contains(OLD_FACT), "{node}");

    let pack = reworded();
    // Validating a pack reads the pack, but changes nothing the app shows.
    assert_eq!(first_question(), OLD_QUESTION);

    content::activate(pack);
    // An installed pack's index is built from its guides: worth a background thread.
    assert!(message_search::worth_preparing());
    assert_eq!(first_question(), NEW_QUESTION);
    assert_eq!(topic_title(), NEW_TITLE);
    let (title, node) = search_shows();
    assert_eq!(title, NEW_TITLE);
    assert!(node.contains(NEW_FACT) && !node.contains(OLD_FACT), "{node}");
    assert!(guide::validate_all().is_ok());

    content::activate(ContentSet::bundled());
    assert!(!message_search::worth_preparing());
    assert_eq!(first_question(), OLD_QUESTION);
    assert_eq!(topic_title(), OLD_TITLE);
    let (title, node) = search_shows();
    assert_eq!(title, OLD_TITLE);
    assert!(node.contains(OLD_FACT), "{node}");
}
