//! Issue 20: what a content pack costs. Start-up reads the installed pack before the first
//! window (verify the signature, unpack, run every check), so `load` must stay small next to the
//! app's start-up; `install` is the background activation after a download. `validate` is the
//! share of both spent in the checks (the guide validator is most of it); `activate_then_use`
//! is the switch plus what the first use after it rebuilds: guides, topics and the search index.
//! Run: `cargo bench -p assistant-core --bench content`.

use std::hint::black_box;

use std::sync::Arc;

use assistant_core::content::{self, pack, ContentSet, Origin, Store, TrustedKeys};
use assistant_core::lang::Lang;
use assistant_core::{guide, message_search};
use criterion::{criterion_group, criterion_main, Criterion};
use minisign::KeyPair;

fn bench(c: &mut Criterion) {
    let pair = KeyPair::generate_unencrypted_keypair().expect("key");
    let keys = TrustedKeys::only(&pair.pk.to_base64()).expect("key");
    let mut files = ContentSet::bundled().to_files();
    let v = ContentSet::bundled().manifest().version + 1;
    let m = files.get_mut(content::MANIFEST_PATH).expect("manifest");
    *m = m.replacen(&format!("version = {}", v - 1), &format!("version = {v}"), 1);
    let bytes = pack::write(&files).expect("pack");
    let sig = minisign::sign(None, &pair.sk, &bytes[..], None, None).expect("sign").to_string();
    eprintln!("content pack: {} files, {} bytes compressed", files.len(), bytes.len());

    let dir = std::env::temp_dir().join(format!("aa-content-bench-{}", std::process::id()));
    let store = Store::new(&dir, keys.clone(), env!("CARGO_PKG_VERSION"));
    let bundled = ContentSet::bundled().manifest().clone();
    store.install(&bytes, &sig, &bundled).expect("install");

    let mut g = c.benchmark_group("content");
    g.bench_function("load_installed_pack_at_start", |b| {
        b.iter(|| black_box(Store::new(&dir, keys.clone(), env!("CARGO_PKG_VERSION")).load()))
    });
    g.bench_function("load_without_pack", |b| {
        let empty = dir.join("none");
        b.iter(|| black_box(Store::new(&empty, keys.clone(), env!("CARGO_PKG_VERSION")).load()))
    });
    g.bench_function("verify_signature", |b| b.iter(|| content::verify(black_box(&bytes), &sig, &keys)));
    g.bench_function("unpack", |b| b.iter(|| pack::read(black_box(&bytes))));
    g.bench_function("install_activation", |b| {
        b.iter_batched(
            || {
                let d = dir.join(format!("i{}", rand_suffix()));
                Store::new(d, keys.clone(), env!("CARGO_PKG_VERSION"))
            },
            |s| s.install(&bytes, &sig, &bundled).expect("install"),
            criterion::BatchSize::SmallInput,
        )
    });
    let installed =
        Arc::new(ContentSet::from_files(pack::read(&bytes).expect("read"), Origin::Installed).expect("set"));
    g.bench_function("validate", |b| b.iter(|| content::validate(black_box(&installed)).expect("valid")));
    g.bench_function("activate_then_use", |b| {
        let mut flip = false;
        b.iter(|| {
            // Alternate between two sets so every iteration is a real switch.
            flip = !flip;
            content::activate(if flip { installed.clone() } else { ContentSet::bundled() });
            let state = guide::start("jszg_already_registered").expect("start");
            black_box(guide::view(&state, Lang::ZhCn).expect("view"));
            black_box(message_search::search("该用户已注册", Lang::ZhCn));
        })
    });
    g.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0)
}

criterion_group!(benches, bench);
criterion_main!(benches);
