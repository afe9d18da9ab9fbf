//! The credential vault's records: which account, on which portal, with which phone and e-mail
//! on file, and when its password last changed. Passwords are never part of these records: the
//! shell keeps them in the OS keychain (or, where there is none, in memory for the session).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::contact::{normalize_email, normalize_mobile};
use crate::lang::{Lang, Text};

/// Where an account is used. The teacher site's login is the applicant's ID number (seed 002).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum AccountKind {
    /// 国家药品监督管理局政务服务门户 (formerly 网上办事大厅)
    Nmpa,
    /// 中国人事考试网 (also the national professional-qualification exam registration platform)
    Cpta,
    /// 中国教师资格网
    Jszg,
    /// A mailbox used to write to the teacher site's help address.
    Mailbox,
}

/// What the applicant types to add or edit an account (the password travels separately).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct AccountInput {
    pub kind: AccountKind,
    pub login: String,
    pub phone: String,
    pub email: String,
    /// A mailbox's outgoing server (suggested from its domain when not given); `None` otherwise.
    #[serde(default)]
    pub mail_server: Option<MailServer>,
}

/// How an SMTP connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Security {
    /// TLS from the start (SMTPS), usually port 465.
    ImplicitTls,
    /// STARTTLS required, usually port 587.
    StartTls,
    /// No TLS: loopback only.
    Plain,
}

impl Security {
    /// The usual port for the mode.
    pub fn default_port(self) -> u16 {
        match self {
            Security::ImplicitTls => 465,
            Security::StartTls => 587,
            Security::Plain => 25,
        }
    }
}

/// A mailbox's outgoing server, kept with the account: its password is only ever sent there, so
/// a page cannot name another server to receive it (issue 19).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct MailServer {
    pub host: String,
    pub port: u16,
    pub security: Security,
}

/// The usual server of a mailbox, from its domain (the big Chinese providers; `smtp.<domain>`
/// otherwise), with TLS from the start on 465.
pub fn suggested_mail_server(address: &str) -> MailServer {
    let domain = address.rsplit_once('@').map(|(_, d)| d.trim().to_ascii_lowercase()).unwrap_or_default();
    let host = match domain.as_str() {
        "qq.com" | "foxmail.com" => "smtp.qq.com".to_owned(),
        "163.com" => "smtp.163.com".to_owned(),
        "126.com" => "smtp.126.com".to_owned(),
        "yeah.net" => "smtp.yeah.net".to_owned(),
        "sina.com" | "sina.cn" => "smtp.sina.com".to_owned(),
        "139.com" => "smtp.139.com".to_owned(),
        "" => String::new(),
        other => format!("smtp.{other}"),
    };
    MailServer { host, port: Security::ImplicitTls.default_port(), security: Security::ImplicitTls }
}

/// A host name or IP address as typed for an SMTP server: letters, digits, dots, hyphens (or an
/// IPv6 literal in brackets), nothing that could smuggle a scheme, a user or a path.
fn valid_host(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 253
        && (host.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
            || (host.starts_with('[')
                && host.ends_with(']')
                && host[1..host.len() - 1].parse::<std::net::Ipv6Addr>().is_ok()))
}

/// One stored account. `id` names its keychain entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Account {
    pub id: String,
    pub kind: AccountKind,
    pub login: String,
    /// Normalised 11-digit mobile number, or empty.
    pub phone: String,
    /// Normalised e-mail address, or empty.
    pub email: String,
    /// The day the password was stored or last marked as changed.
    pub password_changed: NaiveDate,
    /// A mailbox's outgoing server (see [`MailServer`]); `None` for other accounts.
    #[serde(default)]
    pub mail_server: Option<MailServer>,
    /// Set when a guide asked the applicant to send this password to someone: the plan ends
    /// with "change this password", and the list shows it until it is marked done.
    pub change_due: bool,
}

/// The longest password kept. Windows Credential Manager holds at most 2,560 bytes per secret
/// (CRED_MAX_CREDENTIAL_BLOB_SIZE), stored as UTF-16; 256 characters stay far inside that on
/// every platform and exceed any portal's own limit.
pub const MAX_PASSWORD_CHARS: usize = 256;
const MAX_LOGIN_CHARS: usize = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum AccountField {
    Login,
    Phone,
    Email,
    Password,
    MailServer,
}

#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, specta::Type)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum AccountInputError {
    #[error("login missing")]
    LoginMissing,
    #[error("login too long")]
    LoginTooLong,
    #[error("phone is not a mainland mobile number")]
    PhoneInvalid,
    #[error("e-mail address is not valid")]
    EmailInvalid,
    #[error("password missing")]
    PasswordMissing,
    #[error("password longer than {max} characters")]
    PasswordTooLong { max: u32 },
    #[error("mail server is not a host name")]
    MailServerInvalid,
}

impl AccountInputError {
    pub fn field(&self) -> AccountField {
        match self {
            Self::LoginMissing | Self::LoginTooLong => AccountField::Login,
            Self::PhoneInvalid => AccountField::Phone,
            Self::EmailInvalid => AccountField::Email,
            Self::PasswordMissing | Self::PasswordTooLong { .. } => AccountField::Password,
            Self::MailServerInvalid => AccountField::MailServer,
        }
    }

    pub fn text(&self) -> Text {
        match self {
            Self::LoginMissing => Text::new("请输入登录账号", "請輸入登入帳號", "Enter the login name"),
            Self::LoginTooLong => Text::new(
                "登录账号太长，最多 100 个字符",
                "登入帳號太長，最多 100 個字元",
                "The login name is too long: at most 100 characters",
            ),
            Self::PhoneInvalid => Text::new(
                "手机号必须是 11 位的大陆手机号码，例如 13812345678",
                "手機號碼必須是 11 位的大陸手機號碼，例如 13812345678",
                "The phone number must be an 11-digit mainland mobile number, like 13812345678",
            ),
            Self::EmailInvalid => Text::new(
                "邮箱地址格式不对，例如 liming@163.com",
                "電郵地址格式不對，例如 liming@163.com",
                "Enter an e-mail address in the right format, like liming@163.com",
            ),
            Self::PasswordMissing => Text::new("请输入密码", "請輸入密碼", "Enter the password"),
            Self::PasswordTooLong { max } => Text {
                zh_cn: format!("密码太长，最多 {max} 个字符，系统钥匙串存不下更长的密码"),
                zh_tw: format!("密碼太長，最多 {max} 個字元，系統鑰匙圈存不下更長的密碼"),
                en: format!("The password is too long: the system keychain holds at most {max} characters"),
            },
            Self::MailServerInvalid => Text::new(
                "发信服务器要填写服务器名称（例如 smtp.163.com）和端口号",
                "發信伺服器要填寫伺服器名稱（例如 smtp.163.com）和連接埠號",
                "Enter the outgoing mail server's name (like smtp.163.com) and its port",
            ),
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        self.text().get(lang).to_owned()
    }
}

/// A problem with one field, for the error summary and the field itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct FieldProblem {
    pub field: AccountField,
    pub error: AccountInputError,
    pub message: Text,
}

/// Checks an account form. `password` is `None` when editing without changing it.
/// Returns the cleaned input, or every problem found (so all show at once).
pub fn check_input(input: &AccountInput, password: Option<&str>) -> Result<AccountInput, Vec<FieldProblem>> {
    let mut errors = Vec::new();
    let login = input.login.trim().to_owned();
    if login.is_empty() {
        errors.push(AccountInputError::LoginMissing);
    } else if login.chars().count() > MAX_LOGIN_CHARS {
        errors.push(AccountInputError::LoginTooLong);
    }
    let phone = match input.phone.trim() {
        "" => Some(String::new()),
        p => normalize_mobile(p),
    };
    if phone.is_none() {
        errors.push(AccountInputError::PhoneInvalid);
    }
    let email = match input.email.trim() {
        "" => Some(String::new()),
        e => normalize_email(e),
    };
    if email.is_none() {
        errors.push(AccountInputError::EmailInvalid);
    }
    if let Some(p) = password {
        if p.is_empty() {
            errors.push(AccountInputError::PasswordMissing);
        } else if p.chars().count() > MAX_PASSWORD_CHARS {
            errors.push(AccountInputError::PasswordTooLong { max: MAX_PASSWORD_CHARS as u32 });
        }
    }
    let mail_server = match input.kind {
        AccountKind::Mailbox => {
            let server = input.mail_server.clone().unwrap_or_else(|| suggested_mail_server(&login));
            let server = MailServer { host: server.host.trim().to_ascii_lowercase(), ..server };
            if !valid_host(&server.host) || server.port == 0 {
                errors.push(AccountInputError::MailServerInvalid);
            }
            Some(server)
        }
        _ => None,
    };
    if errors.is_empty() {
        Ok(AccountInput {
            kind: input.kind,
            login,
            phone: phone.unwrap_or_default(),
            email: email.unwrap_or_default(),
            mail_server,
        })
    } else {
        Err(errors.into_iter().map(|e| FieldProblem { field: e.field(), message: e.text(), error: e }).collect())
    }
}

/// The file of account records (no secrets), versioned so a newer app can migrate it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountsFile {
    pub version: u32,
    pub accounts: Vec<Account>,
}

impl AccountsFile {
    pub const VERSION: u32 = 1;

    /// Reads the records; an unreadable file is an error the shell reports (it never guesses).
    pub fn from_json(bytes: &[u8]) -> Result<Self, String> {
        let file: AccountsFile = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
        if file.version != Self::VERSION {
            return Err(format!("unsupported accounts file version {}", file.version));
        }
        Ok(file)
    }

    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec_pretty(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(login: &str, phone: &str, email: &str) -> AccountInput {
        AccountInput {
            kind: AccountKind::Nmpa,
            login: login.into(),
            phone: phone.into(),
            email: email.into(),
            mail_server: None,
        }
    }

    #[test]
    fn a_mailbox_keeps_its_own_server_and_others_have_none() {
        let mailbox = AccountInput { kind: AccountKind::Mailbox, ..input("lihua@163.com", "", "") };
        let clean = check_input(&mailbox, Some("code")).expect("valid");
        assert_eq!(
            clean.mail_server,
            Some(MailServer { host: "smtp.163.com".into(), port: 465, security: Security::ImplicitTls }),
            "suggested from the mailbox's own domain"
        );
        let typed = AccountInput {
            mail_server: Some(MailServer { host: " SMTP.Example.cn ".into(), port: 587, security: Security::StartTls }),
            ..mailbox.clone()
        };
        assert_eq!(
            check_input(&typed, None).expect("valid").mail_server.map(|m| m.host),
            Some("smtp.example.cn".into())
        );
        for bad in ["evil.example/x", "user@evil.example", "https://smtp.163.com", ""] {
            let bad = AccountInput {
                mail_server: Some(MailServer { host: bad.into(), port: 465, security: Security::ImplicitTls }),
                ..mailbox.clone()
            };
            let problems = check_input(&bad, None).expect_err("refused");
            assert_eq!(problems[0].field, AccountField::MailServer);
        }
        let nmpa = AccountInput { mail_server: mailbox.mail_server.clone(), ..input("a", "", "") };
        assert_eq!(check_input(&nmpa, None).expect("valid").mail_server, None);
    }

    #[test]
    fn clean_input_is_normalised() {
        let ok = check_input(&input("  liming ", "+86 138 1234 5678", "LM＠163．com"), Some("pw")).expect("valid");
        assert_eq!(ok.login, "liming");
        assert_eq!(ok.phone, "13812345678");
        assert_eq!(ok.email, "LM@163.com");
        let blank = check_input(&input("liming", "", ""), None).expect("phone and e-mail are optional");
        assert_eq!((blank.phone.as_str(), blank.email.as_str()), ("", ""));
    }

    #[test]
    fn every_problem_is_reported_with_its_field() {
        let problems = check_input(&input(" ", "12345", "nope"), Some("")).expect_err("invalid");
        let fields: Vec<AccountField> = problems.iter().map(|p| p.field).collect();
        assert_eq!(fields, [AccountField::Login, AccountField::Phone, AccountField::Email, AccountField::Password]);
        assert!(problems.iter().all(|p| !p.message.has_blank()));
    }

    #[test]
    fn password_length_limit_is_explicit() {
        let long = "密".repeat(MAX_PASSWORD_CHARS + 1);
        let problems = check_input(&input("a", "", ""), Some(&long)).expect_err("too long");
        assert_eq!(problems[0].error, AccountInputError::PasswordTooLong { max: 256 });
        assert!(problems[0].message.zh_cn.contains("256"));
        assert!(check_input(&input("a", "", ""), Some(&"密".repeat(MAX_PASSWORD_CHARS))).is_ok());
    }

    #[test]
    fn accounts_file_round_trips_and_rejects_other_versions() {
        let file = AccountsFile {
            version: AccountsFile::VERSION,
            accounts: vec![Account {
                id: "a1".into(),
                kind: AccountKind::Jszg,
                login: "11010519491231002X".into(),
                phone: String::new(),
                email: String::new(),
                password_changed: NaiveDate::from_ymd_opt(2026, 11, 23).expect("date"),
                mail_server: None,
                change_due: false,
            }],
        };
        assert_eq!(AccountsFile::from_json(&file.to_json()), Ok(file));
        assert!(AccountsFile::from_json(br#"{"version":9,"accounts":[]}"#).is_err());
        assert!(AccountsFile::from_json(b"garbage").is_err());
    }
}

/// An account as the list shows it: the teacher site's login is an ID number, so it is masked
/// outside the entry field (issue 4); the phone number shows only its first 3 and last 4 digits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct AccountView {
    pub account: Account,
    pub login_shown: String,
    pub phone_shown: String,
}

impl AccountView {
    pub fn of(account: Account) -> AccountView {
        let login_shown = match account.kind {
            AccountKind::Jszg => crate::identity::mask_id(&account.login),
            _ => account.login.clone(),
        };
        let phone_shown = match (account.phone.get(..3), account.phone.get(7..)) {
            (Some(head), Some(tail)) if account.phone.len() == 11 => format!("{head}****{tail}"),
            _ => account.phone.clone(),
        };
        AccountView { account, login_shown, phone_shown }
    }
}

#[cfg(test)]
mod view_tests {
    use super::*;

    #[test]
    fn id_logins_and_phones_are_masked_in_the_list() {
        let a = Account {
            id: "x".into(),
            kind: AccountKind::Jszg,
            login: "11010519491231002X".into(),
            phone: "13812345678".into(),
            email: String::new(),
            password_changed: NaiveDate::from_ymd_opt(2026, 1, 1).expect("date"),
            mail_server: None,
            change_due: false,
        };
        let v = AccountView::of(a.clone());
        assert!(!v.login_shown.contains("19491231"), "{}", v.login_shown);
        assert!(v.login_shown.starts_with("1101") && v.login_shown.ends_with("002X"));
        assert_eq!(v.phone_shown, "138****5678");
        let nmpa = AccountView::of(Account { kind: AccountKind::Nmpa, login: "liming".into(), ..a });
        assert_eq!(nmpa.login_shown, "liming");
    }
}
