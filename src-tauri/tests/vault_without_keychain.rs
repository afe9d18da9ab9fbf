#![cfg(target_os = "linux")]
//! Linux: with no Secret Service on the bus, the vault says so and keeps accounts for the session
//! only: nothing is written to disk, in plain text or otherwise. (Its own test binary, so the
//! broken bus address does not affect the other tests.)

use applicant_assistant_lib::vault::{Vault, VaultMode};
use assistant_core::vault::{AccountInput, AccountKind};
use chrono::NaiveDate;

#[test]
fn no_keychain_means_session_only_memory() {
    std::env::set_var("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/aa-no-bus");
    let dir = std::env::temp_dir().join(format!("aa-vault-nokeychain-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);

    let vault = Vault::open(dir.clone(), false);
    let status = vault.status();
    assert_eq!(status.mode, VaultMode::SessionOnly);
    assert!(status.reason.is_some_and(|r| !r.is_empty()), "the reason is given");

    let input = AccountInput {
        kind: AccountKind::Mailbox,
        login: "me@163.com".into(),
        phone: "".into(),
        email: "".into(),
        mail_server: None,
    };
    let a = vault.add(&input, "only-in-memory", NaiveDate::from_ymd_opt(2026, 11, 23).expect("date")).expect("add");
    assert_eq!(vault.reveal(&a.id).expect("reveal"), "only-in-memory");
    assert!(!dir.exists(), "session-only mode must not write files");
    assert!(Vault::open(dir, false).list().is_empty(), "nothing survives the session");
}
