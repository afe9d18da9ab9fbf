//! The vault against the real OS keychain (gnome-keyring under `dbus-run-session` in
//! `scripts/test.sh`): records on disk without secrets, passwords in the keychain only.

use applicant_assistant_lib::keychain;
use applicant_assistant_lib::vault::{Vault, VaultError, VaultMode};
use assistant_core::vault::{AccountField, AccountInput, AccountKind};
use chrono::NaiveDate;

fn scratch(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("aa-vault-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).expect("date")
}

fn every_file_bytes(dir: &std::path::Path) -> Vec<u8> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(every_file_bytes(&p));
            } else if let Ok(b) = std::fs::read(&p) {
                out.extend(b);
            }
        }
    }
    out
}

#[test]
fn accounts_round_trip_with_passwords_only_in_the_keychain() {
    let dir = scratch("roundtrip");
    let vault = Vault::open(dir.clone(), false);
    assert_eq!(vault.status().mode, VaultMode::Keychain, "{:?}", vault.status().reason);

    let password = "Zx9!药师-pass-\u{1F511}";
    let input = AccountInput {
        kind: AccountKind::Nmpa,
        login: "liming2024".into(),
        phone: "138 1234 5678".into(),
        email: "liming@163.com".into(),
        mail_server: None,
    };
    let account = vault.add(&input, password, day(1)).expect("add");
    assert_eq!(account.phone, "13812345678");
    assert_eq!(keychain::read(&account.id).expect("in the keychain"), password);
    assert_eq!(vault.reveal(&account.id).expect("reveal"), password);

    // The records on disk name the account but never hold the password.
    let on_disk = every_file_bytes(&dir);
    assert!(String::from_utf8_lossy(&on_disk).contains("liming2024"));
    assert!(!on_disk.windows(password.len()).any(|w| w == password.as_bytes()), "password bytes on disk");

    // A reopened vault (an app restart) finds the account and its password.
    let vault = Vault::open(dir.clone(), false);
    assert_eq!(vault.list().len(), 1);
    assert_eq!(vault.reveal(&account.id).expect("reveal after restart"), password);

    let due = vault.mark(&account.id, false, day(2)).expect("mark due");
    assert!(due.change_due);
    let changed = vault.update(&account.id, &input, Some("new-secret"), day(3)).expect("update password");
    assert!(!changed.change_due);
    assert_eq!(changed.password_changed, day(3));
    assert_eq!(vault.reveal(&account.id).expect("reveal new"), "new-secret");

    vault.delete(&account.id).expect("delete");
    assert!(vault.list().is_empty());
    assert!(matches!(keychain::read(&account.id), Err(keychain::KeychainError::NotFound)));
    assert!(matches!(vault.reveal(&account.id), Err(VaultError::NotFound)));
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

#[test]
fn bad_input_is_refused_before_anything_is_stored() {
    let dir = scratch("invalid");
    let vault = Vault::open(dir.clone(), false);
    let input = AccountInput {
        kind: AccountKind::Jszg,
        login: "".into(),
        phone: "12".into(),
        email: "".into(),
        mail_server: None,
    };
    match vault.add(&input, &"p".repeat(300), day(1)) {
        Err(VaultError::Invalid { problems }) => {
            let fields: Vec<_> = problems.iter().map(|p| p.field).collect();
            assert_eq!(fields, [AccountField::Login, AccountField::Phone, AccountField::Password]);
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
    assert!(vault.list().is_empty());
    assert!(!dir.join("accounts.json").exists());
}

#[test]
fn kiosk_mode_keeps_nothing() {
    let dir = scratch("kiosk");
    let vault = Vault::open(dir.clone(), true);
    assert_eq!(vault.status().mode, VaultMode::Kiosk);
    let input = AccountInput {
        kind: AccountKind::Cpta,
        login: "kiosk-user".into(),
        phone: "".into(),
        email: "".into(),
        mail_server: None,
    };
    let a = vault.add(&input, "kiosk-secret", day(1)).expect("add in memory");
    assert_eq!(vault.reveal(&a.id).expect("reveal"), "kiosk-secret");
    assert!(matches!(keychain::read(&a.id), Err(keychain::KeychainError::NotFound)), "kiosk wrote to the keychain");
    assert!(!dir.exists(), "kiosk mode wrote files");
    assert!(Vault::open(dir, true).list().is_empty());
}
