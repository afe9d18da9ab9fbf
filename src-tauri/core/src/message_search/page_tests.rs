//! The first pass over whole pasted pages (`rank::promising`): it must pick the sentences that
//! decide the answer, so that reading only those answers as reading every sentence does.

use super::*;

/// Real texts applicants met, one per line (the development set's messages, questions and page
/// extracts, each from a public page): filler for pages, many of its sentences sharing words
/// with some guide.
fn real_lines() -> Vec<String> {
    let set: toml::Value =
        toml::from_str(include_str!("../../tests/data/message_devset.toml")).expect("the development set parses");
    set.get("case")
        .and_then(toml::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|c| c.get("text").and_then(toml::Value::as_str))
        .map(|t| t.trim().replace('\n', "。"))
        .collect()
}

/// What the applicant is shown, in short: the answers (flow, score, why).
fn shown(r: &SearchResult) -> Vec<(String, u32, MatchKind)> {
    r.matches.iter().map(|m| (m.flow_id.clone(), m.score, m.why)).collect()
}

#[test]
fn a_page_read_by_its_promising_sentences_answers_as_if_every_sentence_were_read() {
    // Pages of real text with one portal message (every declared message as declared, a few in
    // Traditional characters or with a typo) or what people type, somewhere inside: where
    // reading every sentence answers with the guide that message alone gets, the first pass
    // must pick the sentences that decide it. (Where the page around decides, e.g. by naming
    // another portal or quoting another portal message just as whole, the first pass may settle
    // that tie differently; those pages are counted, not compared.)
    let lines = real_lines();
    let idx = index::index();
    let mut queries: Vec<String> = idx.entries.iter().map(|e| e.message.clone()).collect();
    queries.extend(
        [
            "實名認證未成功，請核對填寫的身分證資訊",
            "实名认证未成功，请核对填写的身份正信息",
            "網上辦事大廳註冊、登入、帳號綁定等使用問題請點擊此處向我們回饋。",
            "系统提示验证码已经发送但是手机没收到",
            "提交加注申请后，无法查看和下载电子证书，显示“证书生成中…”",
        ]
        .map(String::from),
    );
    let mut decided = 0;
    for (n, q) in queries.iter().enumerate() {
        let Some(own) = search(q, Lang::ZhCn).matches.first().map(|m| m.flow_id.clone()) else { continue };
        let before: Vec<&str> = lines.iter().cycle().skip(n * 7).take(10).map(String::as_str).collect();
        let after: Vec<&str> = lines.iter().cycle().skip(n * 7 + 10).take(8).map(String::as_str).collect();
        let page = format!("{}\n{q}\n{}", before.join("\n"), after.join("\n"));
        let sentences = rank::sentences(&comparable(&page));
        assert!(sentences.len() > rank::PAGE_SENTENCES, "the page with “{q}” is too short for the first pass");
        let everything = search_with(&page, Lang::ZhCn, rank::Reading::Everything);
        let read = shown(&everything);
        // Decided by the message: its guide first, and not on a tie in score with another
        // guide (two whole portal messages on one page, one settled by BM25 alone).
        let clear = read.get(1).is_none_or(|second| second.1 < read[0].1);
        if read.first().map(|m| &m.0) != Some(&own) || !clear {
            continue;
        }
        decided += 1;
        let first_pass = search(&page, Lang::ZhCn);
        assert_eq!(
            shown(&first_pass).first().map(|m| &m.0),
            Some(&own),
            "the first pass lost the answer for a page with “{q}” ({} sentences)",
            sentences.len(),
        );
    }
    // Most pages end in such a tie (many filler lines quote a portal message whole); enough are
    // decided by their message that a first pass dropping the sentence that matters fails here.
    assert!(decided >= 10, "only {decided} of {} pages were decided by their message", queries.len());
}

#[test]
fn only_pages_get_the_first_pass_and_it_keeps_a_few_sentences() {
    let idx = index::index();
    let short = comparable("在登录界面，系统提示：“登录失败！”请确认。然后怎么办？");
    assert_eq!(rank::promising(&idx, &short, &rank::sentences(&short)), None);
    let page = comparable(&real_lines().join("\n"));
    let sentences = rank::sentences(&page);
    let keep = rank::promising(&idx, &page, &sentences).expect("a page");
    let kept = keep.iter().filter(|k| **k).count();
    assert!(sentences.len() > 100 && (1..=16).contains(&kept), "{kept} of {} sentences kept", sentences.len());
}
