//! Contact details as the portals want them: mainland mobile numbers and e-mail addresses.
//! Shared by the credential vault and the feedback form, so both accept exactly the same input.

/// A mainland China mobile number: 11 digits starting with 1 and a second digit 3–9
/// (MIIT numbering plan). Spaces, hyphens, full-width digits and a leading +86 / 0086 are
/// accepted and removed, and so are invisible characters pasted with it. Returns the 11 digits, or `None` when it cannot be a mobile number.
pub fn normalize_mobile(raw: &str) -> Option<String> {
    let mut digits = String::new();
    for (i, c) in crate::text::strip_invisible(raw).trim().chars().enumerate() {
        let c = crate::text::fold_width(c);
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '-' | '\u{3000}' => {}
            '+' if i == 0 => {}
            _ => return None,
        }
        if digits.len() > 15 {
            return None;
        }
    }
    let rest =
        digits.strip_prefix("0086").or_else(|| digits.strip_prefix("86").filter(|r| r.len() == 11)).unwrap_or(&digits);
    let b = rest.as_bytes();
    (b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1])).then(|| rest.to_owned())
}

/// A plausible e-mail address: one `@`, a non-empty local part, a dotted domain of letters,
/// digits and hyphens, no spaces. Full-width `＠` and `．` (typed with a Chinese input
/// method) are converted. Deliberately not RFC 5322: the portals reject the exotic forms too.
pub fn normalize_email(raw: &str) -> Option<String> {
    let s: String = crate::text::strip_invisible(raw).trim().chars().map(crate::text::fold_width).collect();
    if s.len() > 254 || s.chars().any(char::is_whitespace) {
        return None;
    }
    let (local, domain) = s.split_once('@')?;
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && local.chars().all(|c| c.is_ascii_alphanumeric() || "._%+-".contains(c))
        && !local.starts_with('.')
        && !local.ends_with('.');
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && labels.last().is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()));
    (local_ok && domain_ok).then(|| format!("{local}@{}", domain.to_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mobile_numbers() {
        assert_eq!(normalize_mobile("13812345678").as_deref(), Some("13812345678"));
        assert_eq!(normalize_mobile(" 138-1234-5678 ").as_deref(), Some("13812345678"));
        assert_eq!(normalize_mobile("+86 139 1234 5678").as_deref(), Some("13912345678"));
        assert_eq!(normalize_mobile("0086 19912345678").as_deref(), Some("19912345678"));
        assert_eq!(normalize_mobile("１３８１２３４５６７８").as_deref(), Some("13812345678"));
        assert_eq!(normalize_mobile("\u{FEFF}138\u{200B}1234\u{00AD}5678").as_deref(), Some("13812345678"));
        for bad in [
            "",
            "1381234567",
            "138123456789",
            "12812345678",
            "23812345678",
            "010-12345678",
            "1381234567a",
            "++8613812345678",
        ] {
            assert_eq!(normalize_mobile(bad), None, "{bad}");
        }
    }

    #[test]
    fn email_addresses() {
        assert_eq!(normalize_email("Li.Ming@QQ.com").as_deref(), Some("Li.Ming@qq.com"));
        assert_eq!(normalize_email("liming＠163．com").as_deref(), Some("liming@163.com"));
        assert_eq!(normalize_email("\u{200B}liming@163.com\u{FEFF}").as_deref(), Some("liming@163.com"));
        for bad in [
            "",
            "liming",
            "li ming@qq.com",
            "@qq.com",
            "liming@",
            "liming@qq",
            "li@ming@qq.com",
            "liming@qq.c",
            "liming@-qq.com",
            ".li@qq.com",
        ] {
            assert_eq!(normalize_email(bad), None, "{bad}");
        }
    }

    #[test]
    fn never_panics_on_odd_input() {
        for s in ["\u{0}", "＋", "+", "８６", "@", "a@b.cc\u{200b}", &"9".repeat(10_000)] {
            let _ = normalize_mobile(s);
            let _ = normalize_email(s);
        }
    }
}
