//! Province-level address codes: the first two digits of an 18-digit ID number.
//!
//! Source: GB/T 2260 (codes of the administrative divisions of the PRC) at province level:
//! 11–15 (North), 21–23 (North-east), 31–37 (East), 41–46 (Central-south), 50–54 (South-west),
//! 61–65 (North-west), 71 Taiwan, 81 Hong Kong, 82 Macau. GB 11643-1999 says the first six
//! digits of a resident ID number are the holder's county-level address code from GB/T 2260.
//!
//! Decisions (the issue left them open):
//! - A resident ID card is issued where the holder's household is registered, which is always a
//!   mainland province, so 71/81/82 are rejected on a resident ID number with their own message.
//! - 810000/820000/830000 in positions 1–6 are the codes of the 港澳台居民居住证 (residence
//!   permit; 83 is used only there, it is not a GB/T 2260 province): on a resident ID number they
//!   get a message that points to the residence-permit document type.
//! - Only the province level is checked; county codes change too often to hard-code.

/// Mainland province-level codes from GB/T 2260 (the only ones a resident ID card carries).
const MAINLAND: [u8; 31] = [
    11, 12, 13, 14, 15, // 北京 天津 河北 山西 内蒙古
    21, 22, 23, // 辽宁 吉林 黑龙江
    31, 32, 33, 34, 35, 36, 37, // 上海 江苏 浙江 安徽 福建 江西 山东
    41, 42, 43, 44, 45, 46, // 河南 湖北 湖南 广东 广西 海南
    50, 51, 52, 53, 54, // 重庆 四川 贵州 云南 西藏
    61, 62, 63, 64, 65, // 陕西 甘肃 青海 宁夏 新疆
];

/// The six-digit address codes of residence permits for Hong Kong, Macau and Taiwan residents.
pub const RESIDENCE_PERMIT_CODES: [&str; 3] = ["810000", "820000", "830000"];

/// How the first two digits classify.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Province {
    Mainland,
    /// 71 Taiwan, 81 Hong Kong, 82 Macau (GB/T 2260), or 83 (residence permits of Taiwan residents).
    HkMacauTaiwan,
    Unknown,
}

/// Classify a two-digit province code (any other string is `Unknown`).
pub fn classify(code: &str) -> Province {
    if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Province::Unknown;
    }
    match code.parse::<u8>() {
        Ok(n) if MAINLAND.contains(&n) => Province::Mainland,
        Ok(71 | 81 | 82 | 83) => Province::HkMacauTaiwan,
        _ => Province::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn province_codes_table() {
        let cases: &[(&str, Province)] = &[
            ("11", Province::Mainland),
            ("15", Province::Mainland),
            ("16", Province::Unknown),
            ("20", Province::Unknown),
            ("21", Province::Mainland),
            ("23", Province::Mainland),
            ("24", Province::Unknown),
            ("31", Province::Mainland),
            ("37", Province::Mainland),
            ("38", Province::Unknown),
            ("41", Province::Mainland),
            ("46", Province::Mainland),
            ("47", Province::Unknown),
            ("50", Province::Mainland),
            ("54", Province::Mainland),
            ("55", Province::Unknown),
            ("61", Province::Mainland),
            ("65", Province::Mainland),
            ("66", Province::Unknown),
            ("71", Province::HkMacauTaiwan),
            ("81", Province::HkMacauTaiwan),
            ("82", Province::HkMacauTaiwan),
            ("83", Province::HkMacauTaiwan),
            ("84", Province::Unknown),
            ("00", Province::Unknown),
            ("10", Province::Unknown),
            ("99", Province::Unknown),
            ("1", Province::Unknown),
            ("011", Province::Unknown),
            ("+1", Province::Unknown),
            ("", Province::Unknown),
        ];
        for (code, want) in cases {
            assert_eq!(classify(code), *want, "code {code:?}");
        }
    }

    #[test]
    fn thirty_one_mainland_provinces() {
        let n = (0..=99u8).filter(|n| classify(&format!("{n:02}")) == Province::Mainland).count();
        assert_eq!(n, 31);
    }
}
