//! Pack signatures: Ed25519 in minisign's format, checked with `minisign-verify` against public
//! keys compiled into the app. The secret key is held by the maintainers, never in the repository
//! (README, "Publishing content packs"). A key here is code, not content: a pack cannot bring
//! its own.

use minisign_verify::{PublicKey, Signature};

use super::PackError;

/// The maintainers' content-signing public keys (minisign base64). More than one allows a key
/// rotation: publish packs with the new key only after an app release that knows it.
pub const PRODUCTION_KEYS: &[&str] = &["RWSmpT6G5CGU9pSr3B09EtqxUMMQVsVn7f/ohsKIx/qidLGy8QFNoAs6"];

/// The keys a pack may be signed with.
#[derive(Clone)]
pub struct TrustedKeys(Vec<PublicKey>);

impl TrustedKeys {
    pub fn production() -> TrustedKeys {
        TrustedKeys(PRODUCTION_KEYS.iter().filter_map(|k| PublicKey::from_base64(k).ok()).collect())
    }

    /// Only the given key (tests sign with a key of their own).
    pub fn only(base64: &str) -> Result<TrustedKeys, PackError> {
        Ok(TrustedKeys(vec![PublicKey::from_base64(base64.trim()).map_err(|_| PackError::BadKey)?]))
    }

    /// These keys and one more (a test build's key from its environment).
    pub fn and(mut self, base64: &str) -> Result<TrustedKeys, PackError> {
        self.0.push(PublicKey::from_base64(base64.trim()).map_err(|_| PackError::BadKey)?);
        Ok(self)
    }
}

/// Checks `bytes` against a `.minisig` text. Legacy (non-prehashed) signatures are refused.
pub fn verify(bytes: &[u8], signature: &str, keys: &TrustedKeys) -> Result<(), PackError> {
    let sig = Signature::decode(signature).map_err(|_| PackError::BadSignatureFile)?;
    let mut known_key = false;
    for key in &keys.0 {
        match key.verify(bytes, &sig, false) {
            Ok(()) => return Ok(()),
            Err(minisign_verify::Error::UnexpectedKeyId) => {}
            Err(_) => known_key = true,
        }
    }
    Err(if known_key { PackError::SignatureMismatch } else { PackError::UnknownKey })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_production_keys_decode() {
        assert_eq!(TrustedKeys::production().0.len(), PRODUCTION_KEYS.len());
    }

    #[test]
    fn garbage_signatures_and_keys_are_refused() {
        let keys = TrustedKeys::production();
        assert_eq!(verify(b"x", "not a signature", &keys), Err(PackError::BadSignatureFile));
        assert!(TrustedKeys::only("not a key").is_err());
    }
}
