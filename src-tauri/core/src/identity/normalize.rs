//! Cleaning what the applicant typed before any rule looks at it.
//!
//! What is accepted and changed, and nothing else:
//! - invisible characters pasted with the number (zero-width space, byte-order mark, soft
//!   hyphen, direction marks: [`crate::text::is_invisible`]) are dropped wherever they are;
//! - white space around the value is dropped (any Unicode white space, including the
//!   ideographic space U+3000 that Chinese input methods produce);
//! - full-width ASCII forms (U+FF01–U+FF5E, e.g. `１２３Ｘ`) become their ASCII twins, which is
//!   what a Chinese input method in full-width mode types;
//! - ASCII letters become upper case (`x` → `X`, `h` → `H`).
//!
//! White space *inside* the value is not removed: the checks report it at its position, so the
//! applicant sees exactly what the portal would reject. Everything else is left as typed.

/// Longest input the checks look at, in characters. Every accepted document is at most 18
/// characters; anything far longer is pasted text, not an ID number.
pub const MAX_INPUT_CHARS: usize = 64;

/// Map one character: full-width ASCII form → ASCII, ASCII lower case → upper case.
pub fn normalize_char(c: char) -> char {
    crate::text::fold_width(c).to_ascii_uppercase()
}

/// Drop invisible characters, trim surrounding white space and map each character with
/// [`normalize_char`].
pub fn normalize(raw: &str) -> String {
    crate::text::strip_invisible(raw).trim().chars().map(normalize_char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_digits_and_letters_become_ascii() {
        assert_eq!(normalize("１１０１０１ｘ"), "110101X");
        assert_eq!(normalize("Ｈ１２３"), "H123");
        assert_eq!(normalize("ｈ１２３"), "H123");
    }

    #[test]
    fn surrounding_white_space_goes_inner_stays() {
        assert_eq!(normalize("\u{3000} 12 34\t\n"), "12 34");
        assert_eq!(normalize("12\u{3000}34"), "12 34");
    }

    #[test]
    fn invisible_characters_pasted_with_the_number_are_dropped() {
        assert_eq!(normalize("\u{FEFF}11010119900307\u{200B}002\u{00AD}x\u{200E}"), "11010119900307002X");
        assert_eq!(normalize("\u{200B} 1234 \u{2060}"), "1234");
    }

    #[test]
    fn lower_case_x_is_upper_cased_other_scripts_untouched() {
        assert_eq!(normalize("x"), "X");
        assert_eq!(normalize("身份证"), "身份证");
        assert_eq!(normalize(""), "");
    }
}
