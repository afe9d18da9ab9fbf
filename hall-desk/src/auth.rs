//! Staff logins: argon2id password hashes (set with `hall-desk staff add`), the wrong-password
//! lockout of the kiosk's admin PIN (assistant-core's `PinLimiter`: 3 free tries, then 30 s
//! doubling up to 15 minutes), random session tokens whose SHA-256 alone is stored, and a
//! per-session CSRF token for every form that changes something.

use std::time::Duration;

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use assistant_core::kiosk::PinLimiter;
use base64::Engine;
use sha2::{Digest, Sha256};
use thiserror::Error;

use crate::api::hex;

#[derive(Debug, Error)]
pub enum AuthError {
    #[error("the password must have at least {MIN_PASSWORD_CHARS} characters")]
    ShortPassword,
    #[error("a staff name is 1–32 letters, digits, `.`, `_` or `-`")]
    BadName,
    #[error("could not hash the password: {0}")]
    Hash(String),
    #[error("the system's random source failed: {0}")]
    Random(String),
}

pub const MIN_PASSWORD_CHARS: usize = 10;

pub fn valid_staff_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 32
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// An argon2id PHC string for a new password.
pub fn hash_password(password: &str) -> Result<String, AuthError> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(AuthError::ShortPassword);
    }
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AuthError::Hash(e.to_string()))
}

/// A fixed hash checked when the name is unknown, so a wrong name costs the same time as a
/// wrong password and the answer does not tell which names exist.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$ZHVtbXlzYWx0ZHVtbXk$0eN+fZ6/E8nUQ4qjX3q3Ag4lPQyq0xpK0bYoY2i1cEc";

pub fn verify_password(phc: Option<&str>, password: &str) -> bool {
    let phc_str = phc.unwrap_or(DUMMY_HASH);
    let ok = PasswordHash::new(phc_str)
        .map(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
        .unwrap_or(false);
    ok && phc.is_some()
}

/// How long `name` must still wait, after `failures` wrong passwords in a row, the last at
/// `last_failure_at` (ms), at `now` (ms).
pub fn lockout_left(failures: u32, last_failure_at: i64, now: i64) -> Duration {
    let lock = PinLimiter::after_failures(failures).lockout();
    let elapsed = Duration::from_millis(u64::try_from(now.saturating_sub(last_failure_at)).unwrap_or(0));
    lock.saturating_sub(elapsed)
}

/// 32 random bytes, URL-safe base64: a session token or a CSRF token.
pub fn random_token() -> Result<String, AuthError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| AuthError::Random(e.to_string()))?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// Compares two tokens in time that does not depend on where they differ.
pub fn same_token(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_and_verify() {
        assert!(matches!(hash_password("short"), Err(AuthError::ShortPassword)));
        let h = hash_password("前台-password-1").expect("hash");
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password(Some(&h), "前台-password-1"));
        assert!(!verify_password(Some(&h), "前台-password-2"));
        assert!(!verify_password(None, "前台-password-1"));
        assert!(!verify_password(Some("not a hash"), "x"));
    }

    #[test]
    fn lockout_follows_the_kiosk_pin_rule() {
        assert_eq!(lockout_left(2, 0, 0), Duration::ZERO);
        assert_eq!(lockout_left(3, 1_000, 1_000), Duration::from_secs(30));
        assert_eq!(lockout_left(3, 1_000, 21_000), Duration::from_secs(10));
        assert_eq!(lockout_left(4, 0, 0), Duration::from_secs(60));
        assert_eq!(lockout_left(3, 0, 31_000), Duration::ZERO);
    }

    #[test]
    fn tokens() {
        let a = random_token().expect("token");
        assert_eq!(a.len(), 43);
        assert_ne!(a, random_token().expect("token"));
        assert!(same_token(&a, &a.clone()));
        assert!(!same_token(&a, "x"));
        assert_eq!(token_hash("abc").len(), 64);
        assert!(valid_staff_name("wang.li_2") && !valid_staff_name("王") && !valid_staff_name(""));
    }
}
