//! Test-only switches read from `AA_*` environment variables (the portal simulators' addresses, a
//! shorter clipboard delay, a stand-in for the removable-media folder). They exist only in builds
//! with the `test-hooks` feature (`scripts/test.sh` and `tests/e2e/run.sh` build the e2e binary
//! with it); a release or bundle build ignores the environment entirely.

/// The value of a test hook, or `None` (always `None` without the `test-hooks` feature).
#[cfg(feature = "test-hooks")]
pub fn var(name: &str) -> Option<String> {
    debug_assert!(name.starts_with("AA_"));
    std::env::var(name).ok()
}

#[cfg(not(feature = "test-hooks"))]
pub fn var(_name: &str) -> Option<String> {
    None
}

#[cfg(test)]
mod tests {
    #[test]
    fn hooks_are_read_only_with_the_feature() {
        std::env::set_var("AA_TEST_HOOK_PROBE", "1");
        assert_eq!(super::var("AA_TEST_HOOK_PROBE").is_some(), cfg!(feature = "test-hooks"));
    }
}
