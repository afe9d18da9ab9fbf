//! Round-trips a secret through the real OS keychain. On Linux this needs a Secret Service:
//! `scripts/test.sh` runs the tests inside `dbus-run-session` with an unlocked gnome-keyring.

use applicant_assistant_lib::keychain::{self, KeychainError};

#[test]
fn store_read_delete_round_trip() {
    let account = format!("test-{}@example.org", std::process::id());
    let secret = "密码 with spaces & ünïcode 🔑";
    keychain::store(&account, secret).expect("store in the OS keychain (is a Secret Service running?)");
    assert_eq!(keychain::read(&account).expect("read back"), secret);
    keychain::store(&account, "second").expect("overwrite");
    assert_eq!(keychain::read(&account).expect("read overwritten"), "second");
    keychain::delete(&account).expect("delete");
    assert_eq!(keychain::read(&account), Err(KeychainError::NotFound));
    assert_eq!(keychain::delete(&account), Err(KeychainError::NotFound));
}
