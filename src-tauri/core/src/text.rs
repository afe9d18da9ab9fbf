//! Cleaning pasted text, shared by every field a user can paste into (issue 17): message
//! search and ID numbers.
//!
//! Text copied from web pages, PDFs, chat apps and word processors carries characters that
//! take no space on screen: zero-width spaces and joiners, the byte-order mark, soft hyphens,
//! direction marks. The applicant cannot see them, so no check may trip over them: they are
//! removed before anything else looks at the text. Full-width ASCII forms (what a Chinese
//! input method types in full-width mode) fold to their ASCII twins.

/// True for a character that is invisible in running text and carries no meaning there.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'              // soft hyphen
        | '\u{034F}'            // combining grapheme joiner
        | '\u{061C}'            // Arabic letter mark
        | '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}' // Hangul fillers
        | '\u{180E}'            // Mongolian vowel separator
        | '\u{200B}'..='\u{200F}' // zero-width space, (non-)joiner, LRM, RLM
        | '\u{202A}'..='\u{202E}' // bidirectional embeddings and overrides
        | '\u{2060}'..='\u{2064}' // word joiner, invisible operators
        | '\u{2066}'..='\u{206F}' // bidirectional isolates, deprecated format characters
        | '\u{FE00}'..='\u{FE0F}' // variation selectors
        | '\u{FEFF}'            // byte-order mark / zero-width no-break space
        | '\u{E0000}'..='\u{E007F}' // tag characters
    )
}

/// Full-width ASCII forms (`，！（ＡＢＣ１２３`) and the ideographic space to their half-width
/// twins: the width-folding part of NFKC, which is all pasted Chinese text needs.
pub fn fold_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// `text` without its invisible characters (see [`is_invisible`]); everything else as pasted.
pub fn strip_invisible(text: &str) -> String {
    text.chars().filter(|c| !is_invisible(*c)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters_go_everything_else_stays() {
        let pasted = "\u{FEFF}该\u{200B}用户\u{00AD}已\u{200D}注册\u{2060}\u{200E}";
        assert_eq!(strip_invisible(pasted), "该用户已注册");
        assert_eq!(strip_invisible("a b\tc\n中文，。"), "a b\tc\n中文，。");
        assert_eq!(strip_invisible(""), "");
    }

    #[test]
    fn width_folds_to_ascii() {
        let folded: String = "ＩＥ９，（ａ）\u{3000}１".chars().map(fold_width).collect();
        assert_eq!(folded, "IE9,(a) 1");
        assert_eq!(fold_width('中'), '中');
    }
}
