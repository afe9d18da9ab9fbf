//! Masking document numbers wherever they are shown outside the entry field.
//!
//! Rule: keep `k` characters at each end and replace every other character with `*`, where
//! `k = min(4, len / 4)`. An 18-character number keeps its first 4 and last 4
//! (`1101**********1234`); shorter values keep less so that at least half is always hidden
//! (11 characters keep 2 + 2, 8 keep 2 + 2, 3 or fewer keep nothing). The mask has as many
//! characters as the input, so the length stays visible. Works on characters, not bytes, and
//! never panics.

/// Mask a document number for display. Surrounding white space is dropped first.
pub fn mask_id(raw: &str) -> String {
    let chars: Vec<char> = raw.trim().chars().collect();
    let n = chars.len();
    let keep = (n / 4).min(4);
    chars.iter().enumerate().map(|(i, &c)| if i < keep || i + keep >= n { c } else { '*' }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn table() {
        let cases: &[(&str, &str)] = &[
            ("110101199003071234", "1101**********1234"),
            ("11010519491231002X", "1101**********002X"),
            ("  110101199003071234 ", "1101**********1234"),
            ("USA110090123456", "USA*********456"),
            ("H1234567801", "H1*******01"),
            ("H12345678", "H1*****78"),
            ("12345678", "12****78"),
            ("1234", "1**4"),
            ("123", "***"),
            ("1", "*"),
            ("", ""),
            ("身份证号码", "身***码"),
        ];
        for (raw, want) in cases {
            assert_eq!(mask_id(raw), *want, "{raw:?}");
        }
    }

    proptest! {
        #[test]
        fn same_length_at_least_half_hidden_never_panics(s in any::<String>()) {
            let masked = mask_id(&s);
            let n = s.trim().chars().count();
            prop_assert_eq!(masked.chars().count(), n);
            let shown = masked.chars().zip(s.trim().chars()).filter(|(m, o)| m == o && *o != '*').count();
            prop_assert!(shown <= (n / 2).min(8), "{} shows {}", masked, shown);
        }
    }
}
