//! `aa-content`: the maintainers' tool for content packs (issue 20, README "Publishing content
//! packs").
//!
//! ```text
//! aa-content keygen  --out DIR                      new signing key pair (secret key stays with you)
//! aa-content build   [--source DIR] --out FILE      pack data/ and guides/, validated as the tests do
//! aa-content sign    --key FILE PACK                write PACK.minisig
//! aa-content verify  [--pubkey FILE] PACK           check PACK.minisig (default: the app's keys)
//! aa-content index   PACK                           write index.json beside PACK for the mirrors
//! ```
//!
//! A password-protected secret key is opened with the password in `AA_CONTENT_KEY_PASSWORD`
//! (never on the command line, where other users could see it).

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match content_pack::run(&args) {
        Ok(msg) => {
            println!("{msg}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("aa-content: {e}");
            ExitCode::from(2)
        }
    }
}
