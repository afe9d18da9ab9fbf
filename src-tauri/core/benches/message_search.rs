//! Issue 12 asks for < 5 ms per message-search query over the whole message set.
//! Run: `cargo bench -p assistant-core --bench message_search`.

use std::hint::black_box;
use std::time::Instant;

use assistant_core::lang::Lang;
use assistant_core::message_search::{prepare, search};
use criterion::{criterion_group, criterion_main, Criterion};

/// Typical queries: exact, pasted with context, fragment, typo, Traditional, unrelated, long.
const QUERIES: [(&str, &str); 8] = [
    ("exact", "该用户已注册"),
    ("pasted_with_context", "在登录界面，系统提示：“登录失败！”请问怎么办"),
    ("fragment", "请输入您已注册的证件号码"),
    ("typo", "实名认证未成功,请核对填写的身分证信息"),
    ("traditional", "您還未進行實名核驗，需進入個人信息中心完成實名核驗，再辦理業務！"),
    ("unrelated", "今天天气很好"),
    ("english", "hello world"),
    ("long_paste", "账号注册问题 申请人首次注册时，输入本人有效身份证件号码，如果系统提示该用户已注册，您可通过忘记密码功能重置密码后直接登录。如果仍无法解决问题，请按以下要求发送邮件。"),
];

fn bench(c: &mut Criterion) {
    // Build the index and load the conversion tables once, outside the measurement, as the
    // app does at start-up; report how long that takes.
    let start = Instant::now();
    prepare();
    eprintln!("message_search: index and conversion tables ready in {:?}", start.elapsed());
    let mut group = c.benchmark_group("message_search");
    for (name, q) in QUERIES {
        group.bench_function(name, |b| b.iter(|| search(black_box(q), Lang::ZhCn)));
    }
    // The worst case: a query at the length cap that shares characters with every message.
    let worst: String = "实名核验证码已注册登录失败".chars().cycle().take(500).collect();
    group.bench_function("worst_case_500_chars", |b| b.iter(|| search(black_box(&worst), Lang::ZhCn)));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
