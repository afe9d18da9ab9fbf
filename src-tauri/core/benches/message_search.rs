//! Message search speed, first-query cost and index memory (issue 17: < 1 ms per query up to
//! 10 KB, first query including the index build < 5 ms in release).
//! Run: `cargo bench -p assistant-core --bench message_search`. The figures printed before the
//! criterion groups: the cold first query (the bundled content's stored index read back + query),
//! the index build for an installed pack, the rebuild after a content switch, and the first query
//! once the shell's background build has run.

use std::hint::black_box;
use std::time::Instant;

use std::sync::Arc;

use assistant_core::content::{self, ContentSet, Origin};
use assistant_core::lang::Lang;
use assistant_core::message_search::{comparable, index_bytes, prepare, search};
use criterion::{criterion_group, criterion_main, Criterion};

/// Typical queries: exact, pasted with context, fragment, typo, Traditional, unrelated, long.
const QUERIES: [(&str, &str); 9] = [
    ("exact", "该用户已注册"),
    ("pasted_with_context", "在登录界面，系统提示：“登录失败！”请问怎么办"),
    ("fragment", "请输入您已注册的证件号码"),
    ("typo", "实名认证未成功,请核对填写的身分证信息"),
    ("traditional_confirm_box", "每日您最多可進行三次實名核驗，您還剩3次，是否確認提交？您使用當前證件號碼進行實名核驗的姓名為：某某某，請確認與證件是否一致。"),
    ("guide_words", "提交加注申请后，无法查看和下载电子证书，显示“证书生成中…”，怎么办？"),
    ("unrelated", "今天天气很好"),
    ("english", "How do I annotate my e-certificate?"),
    ("long_paste", "账号注册问题 申请人首次注册时，输入本人有效身份证件号码，如果系统提示该用户已注册，您可通过忘记密码功能重置密码后直接登录。如果仍无法解决问题，请按以下要求发送邮件。"),
];

/// A help page of about `bytes` bytes (UTF-8), the sentence that matters in the middle.
fn page(bytes: usize) -> String {
    let chatter = "本文整理了考生常问的问题，仅供参考，具体以官方通知为准。欢迎关注公众号获取更多资讯，点击下方链接查看历年真题。\n";
    let mut s = String::new();
    while s.len() < bytes / 2 {
        s.push_str(chatter);
    }
    s.push_str("证书加注信息内容为空，或者提示“加注件已过期”，须首先完成加注申请。\n");
    while s.len() < bytes {
        s.push_str(chatter);
    }
    s
}

/// About `bytes` bytes of distinct real text: the development set's messages, questions and page
/// extracts (`tests/data/message_devset.toml`, each from a public page) one after another. Unlike
/// `page`, no sentence repeats, and many of them share words with some guide.
fn devset_page(bytes: usize) -> String {
    let set: toml::Value =
        toml::from_str(include_str!("../tests/data/message_devset.toml")).unwrap_or(toml::Value::Integer(0));
    let mut s = String::new();
    for case in set.get("case").and_then(toml::Value::as_array).into_iter().flatten() {
        if s.len() >= bytes {
            break;
        }
        if let Some(text) = case.get("text").and_then(toml::Value::as_str) {
            s.push_str(text.trim());
            s.push('\n');
        }
    }
    s
}

fn bench(c: &mut Criterion) {
    // The first query pays for the conversion tables and the index: measured once, cold.
    let start = Instant::now();
    let first = search("提交加注申请后，显示证书生成中", Lang::ZhCn);
    eprintln!(
        "message_search: first query (bundled index read back + query; Simplified, so no conversion tables) {:?}, answered {:?}",
        start.elapsed(),
        first.matches.first().map(|m| m.flow_id.as_str())
    );
    let start = Instant::now();
    let _ = black_box(comparable("實名核驗"));
    eprintln!("message_search: first Traditional text (loads the conversion tables) {:?}", start.elapsed());
    prepare();
    eprintln!("message_search: index holds about {} KiB", index_bytes() / 1024);

    // What the app does: the shell builds the index on a background thread once the first screen
    // is up and after every content switch, so the applicant's first search finds it built. A
    // switch to the same content makes every loader rebuild on its next use.
    let q = "提交加注申请后，显示证书生成中";
    content::activate(ContentSet::bundled());
    let start = Instant::now();
    let _ = black_box(assistant_core::guide::flow_ids());
    let parsed = start.elapsed();
    prepare();
    eprintln!(
        "message_search: index rebuild after a content switch {:?}, of which parsing and checking the guides {parsed:?}",
        start.elapsed()
    );
    content::activate(ContentSet::bundled());
    let _ = std::thread::spawn(prepare).join();
    let start = Instant::now();
    let _ = black_box(search(q, Lang::ZhCn));
    eprintln!("message_search: first query after the background build {:?}", start.elapsed());
    content::activate(ContentSet::bundled());
    let background = std::thread::spawn(prepare);
    let start = Instant::now();
    let _ = black_box(search(q, Lang::ZhCn));
    eprintln!("message_search: first query during the background build (waits for that build) {:?}", start.elapsed());
    let _ = background.join();

    // An installed pack is indexed at run time (the bundled content's index is read back).
    let pack = ContentSet::from_files(ContentSet::bundled().to_files(), Origin::Installed).map(Arc::new);
    if let Ok(pack) = &pack {
        content::activate(pack.clone());
        let start = Instant::now();
        prepare();
        eprintln!(
            "message_search: index build for an installed pack (the bundled files as a pack) {:?}",
            start.elapsed()
        );
        content::activate(ContentSet::bundled());
    }

    let mut group = c.benchmark_group("message_search");
    // What a switch back to the bundled content costs the next search: the guides parsed and
    // checked (the guide pages need them), the stored index read back.
    group.bench_function("rebuild_after_content_switch", |b| {
        b.iter(|| {
            content::activate(ContentSet::bundled());
            let _ = black_box(assistant_core::guide::flow_ids());
            prepare();
        })
    });
    // What a switch to an installed pack costs: its guides parsed and checked, its index built.
    if let Ok(pack) = &pack {
        group.bench_function("index_build_for_a_pack", |b| {
            b.iter(|| {
                content::activate(pack.clone());
                let _ = black_box(assistant_core::guide::flow_ids());
                prepare();
            })
        });
        content::activate(ContentSet::bundled());
    }
    for (name, q) in QUERIES {
        group.bench_function(name, |b| b.iter(|| search(black_box(q), Lang::ZhCn)));
    }
    for kb in [1, 5, 10] {
        let p = page(kb * 1024);
        group.bench_function(format!("page_{kb}kb"), |b| b.iter(|| search(black_box(&p), Lang::ZhCn)));
    }
    // What reading a 10 KB page costs before any matching (width, Traditional→Simplified, boundaries).
    let p10 = page(10 * 1024);
    group.bench_function("normalize_only_10kb", |b| b.iter(|| comparable(black_box(&p10))));
    let real = devset_page(10 * 1024);
    group.bench_function("devset_10kb_distinct_sentences", |b| b.iter(|| search(black_box(&real), Lang::ZhCn)));
    // How much of it is reading the text (it has Traditional lines, which go through the converter).
    group.bench_function("normalize_only_devset_10kb", |b| b.iter(|| comparable(black_box(&real))));
    // The worst case: 10 KB that shares characters with every guide, no sentence breaks.
    let worst: String = "实名核验证码已注册登录失败加注证书下载".chars().cycle().take(3_400).collect();
    group.bench_function("worst_case_10kb_one_sentence", |b| b.iter(|| search(black_box(&worst), Lang::ZhCn)));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
