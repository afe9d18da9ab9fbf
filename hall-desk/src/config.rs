//! `hall-desk.toml`: where the desk listens, its certificate, its database, how long processed
//! drafts are kept, which kiosks may post. `hall-desk init` writes one with comments.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use ipnet::IpNet;
use serde::Deserialize;
use thiserror::Error;

/// Processed drafts are deleted after this many days unless the config says otherwise.
pub const DEFAULT_RETENTION_DAYS: u32 = 30;
/// A draft is about 2 KB (500 characters of description at most); 64 KiB leaves room and
/// refuses anything that is not a draft long before it costs memory.
pub const DEFAULT_MAX_BODY_BYTES: usize = 64 * 1024;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeskConfig {
    /// Address and port, e.g. `0.0.0.0:8443` (TLS) or `127.0.0.1:8080` (plain, this machine only).
    pub listen: SocketAddr,
    /// PEM certificate chain and private key. Both or neither; without them the desk listens
    /// only on a loopback address (plain HTTP never crosses the hall's LAN: drafts hold ID numbers).
    #[serde(default)]
    pub tls_cert: Option<PathBuf>,
    #[serde(default)]
    pub tls_key: Option<PathBuf>,
    /// `sqlite:///var/lib/hall-desk/desk.db` or `postgres://user:password@host/db`.
    pub database: String,
    #[serde(default = "default_connections")]
    pub max_connections: u32,
    /// Processed drafts are deleted this many days after they were marked processed (1–3650).
    #[serde(default = "default_retention")]
    pub retention_days: u32,
    /// Networks kiosks post from (drafts, heartbeats, kiosk.toml). Others get 403. Staff pages
    /// are not limited by this (they need a login).
    #[serde(default = "default_networks")]
    pub kiosk_networks: Vec<IpNet>,
    /// The hall's kiosk.toml, served to kiosks at `/api/v1/kiosk.toml` (checked at start).
    #[serde(default)]
    pub kiosk_toml: Option<PathBuf>,
    /// The hall's content-pack mirror: a folder holding what `aa-content` publishes
    /// (`index.json`, the pack, its `.minisig`), served read-only to kiosks at
    /// `/api/v1/content/NAME`, so kiosk.toml's `content_mirrors` can name the desk. Only plain
    /// file names directly in it (symlinks may point within it); checked to be a folder at start.
    #[serde(default)]
    pub content_dir: Option<PathBuf>,
    #[serde(default = "default_body")]
    pub max_body_bytes: usize,
    /// A request (headers, body and answer) must be done within this.
    #[serde(default = "default_timeout")]
    pub request_timeout_seconds: u64,
    /// A staff login lasts this long (one shift).
    #[serde(default = "default_session_hours")]
    pub session_hours: u32,
}

fn default_connections() -> u32 {
    8
}
fn default_retention() -> u32 {
    DEFAULT_RETENTION_DAYS
}
fn default_networks() -> Vec<IpNet> {
    ["127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"]
        .iter()
        .filter_map(|n| n.parse().ok())
        .collect()
}
fn default_body() -> usize {
    DEFAULT_MAX_BODY_BYTES
}
fn default_timeout() -> u64 {
    15
}
fn default_session_hours() -> u32 {
    10
}

#[derive(Debug, Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{path}: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("{path}: tls_cert and tls_key go together: set both or neither")]
    HalfTls { path: PathBuf },
    #[error("{path}: without tls_cert/tls_key the desk listens only on this machine (127.0.0.1 or ::1), not {listen}: drafts hold ID numbers and must not cross the hall's network unencrypted")]
    PlainOffLoopback { path: PathBuf, listen: SocketAddr },
    #[error("{path}: retention_days must be between 1 and 3650, not {days}")]
    Retention { path: PathBuf, days: u32 },
    #[error("{path}: kiosk_toml {kiosk}: {message}")]
    KioskToml { path: PathBuf, kiosk: PathBuf, message: String },
    #[error("{path}: content_dir {dir}: {message}")]
    ContentDir { path: PathBuf, dir: PathBuf, message: String },
    #[error("{path}: {message}")]
    Invalid { path: PathBuf, message: String },
}

impl DeskConfig {
    pub fn load(path: &Path) -> Result<DeskConfig, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read { path: path.into(), source })?;
        let config = DeskConfig::parse(&text, path)?;
        if let Some(kiosk) = &config.kiosk_toml {
            config.read_kiosk_toml().map_err(|message| ConfigError::KioskToml {
                path: path.into(),
                kiosk: kiosk.clone(),
                message,
            })?;
        }
        if let Some(dir) = &config.content_dir {
            let message = match std::fs::metadata(dir) {
                Ok(m) if m.is_dir() => None,
                Ok(_) => Some("is not a folder".to_owned()),
                Err(e) => Some(e.to_string()),
            };
            if let Some(message) = message {
                return Err(ConfigError::ContentDir { path: path.into(), dir: dir.clone(), message });
            }
        }
        Ok(config)
    }

    pub fn parse(text: &str, path: &Path) -> Result<DeskConfig, ConfigError> {
        let c: DeskConfig =
            toml::from_str(text).map_err(|e| ConfigError::Parse { path: path.into(), message: e.to_string() })?;
        if c.tls_cert.is_some() != c.tls_key.is_some() {
            return Err(ConfigError::HalfTls { path: path.into() });
        }
        if c.tls_cert.is_none() && !c.listen.ip().is_loopback() {
            return Err(ConfigError::PlainOffLoopback { path: path.into(), listen: c.listen });
        }
        if !(1..=3650).contains(&c.retention_days) {
            return Err(ConfigError::Retention { path: path.into(), days: c.retention_days });
        }
        let invalid = |message: &str| ConfigError::Invalid { path: path.into(), message: message.into() };
        crate::db::Backend::of(&c.database).map_err(|e| invalid(&e.to_string()))?;
        if c.max_connections == 0 || c.max_body_bytes < 1024 || c.request_timeout_seconds == 0 || c.session_hours == 0 {
            return Err(invalid(
                "max_connections, request_timeout_seconds and session_hours must be positive, max_body_bytes at least 1024",
            ));
        }
        Ok(c)
    }

    pub fn tls(&self) -> Option<(&Path, &Path)> {
        Some((self.tls_cert.as_deref()?, self.tls_key.as_deref()?))
    }

    /// The hall's kiosk.toml, checked with the kiosks' own rules.
    pub fn read_kiosk_toml(&self) -> Result<Option<String>, String> {
        let Some(path) = &self.kiosk_toml else { return Ok(None) };
        let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
        assistant_core::kiosk::KioskConfig::parse(&text).map_err(|e| e.to_string())?;
        Ok(Some(text))
    }

    pub fn kiosk_allowed(&self, ip: std::net::IpAddr) -> bool {
        let ip = match ip {
            std::net::IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, std::net::IpAddr::V4),
            v4 => v4,
        };
        self.kiosk_networks.iter().any(|n| n.contains(&ip))
    }
}

/// Where the config lives unless `--config` says otherwise.
pub fn default_path() -> PathBuf {
    if let Some(p) = std::env::var_os("HALL_DESK_CONFIG") {
        return p.into();
    }
    if cfg!(windows) {
        let base = std::env::var_os("ProgramData").map_or_else(|| PathBuf::from(r"C:\ProgramData"), PathBuf::from);
        base.join("hall-desk").join("hall-desk.toml")
    } else {
        PathBuf::from("/etc/hall-desk/hall-desk.toml")
    }
}

/// The text `hall-desk init` writes: every key, with what it means.
pub fn template(listen: SocketAddr, database: &str, tls: Option<(&Path, &Path)>, content_dir: Option<&Path>) -> String {
    let tls_lines = match tls {
        Some((cert, key)) => format!(
            "tls_cert = {}\ntls_key = {}\n",
            toml::Value::String(cert.display().to_string()),
            toml::Value::String(key.display().to_string())
        ),
        None => "# tls_cert = \"/etc/hall-desk/cert.pem\"   # PEM chain; needed to listen beyond this machine\n\
                 # tls_key = \"/etc/hall-desk/key.pem\"\n"
            .to_owned(),
    };
    let content_line = match content_dir {
        Some(dir) => format!(
            "content_dir = {}   # content packs for the kiosks, served at /api/v1/content/\n",
            toml::Value::String(dir.display().to_string())
        ),
        None => "# content_dir = \"/var/lib/hall-desk/content\" # content packs for the kiosks, served at /api/v1/content/\n"
            .to_owned(),
    };
    let networks: Vec<String> = default_networks().iter().map(|n| format!("\"{n}\"")).collect();
    format!(
        "# The hall desk (hall-desk serve). See the README section \"The hall's desk\".\n\
         listen = \"{listen}\"\n\
         {tls_lines}\
         database = {database}\n\
         # max_connections = {conn}\n\
         retention_days = {DEFAULT_RETENTION_DAYS}        # processed drafts are deleted after this many days\n\
         kiosk_networks = [{networks}]\n\
         # kiosk_toml = \"/etc/hall-desk/kiosk.toml\"   # served to kiosks at /api/v1/kiosk.toml\n\
         {content_line}\
         # max_body_bytes = {DEFAULT_MAX_BODY_BYTES}\n\
         # request_timeout_seconds = 15\n\
         # session_hours = 10\n",
        database = toml::Value::String(database.to_owned()),
        conn = default_connections(),
        networks = networks.join(", "),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<DeskConfig, ConfigError> {
        DeskConfig::parse(text, Path::new("t.toml"))
    }

    #[test]
    fn the_template_parses_and_plain_http_stays_on_this_machine() {
        let addr: SocketAddr = "127.0.0.1:8080".parse().expect("addr");
        let c = parse(&template(addr, "sqlite:///tmp/d.db", None, None)).expect("template");
        assert_eq!(c.retention_days, DEFAULT_RETENTION_DAYS);
        assert!(c.kiosk_allowed("192.168.1.20".parse().expect("ip")));
        assert!(c.kiosk_allowed("::ffff:10.1.2.3".parse().expect("ip")));
        assert!(!c.kiosk_allowed("8.8.8.8".parse().expect("ip")));
        let content =
            parse(&template(addr, "sqlite:///tmp/d.db", None, Some(Path::new(r"C:\desk\content")))).expect("content");
        assert_eq!(content.content_dir.as_deref(), Some(Path::new(r"C:\desk\content")));
        assert!(c.content_dir.is_none(), "serving content packs is the hall's choice");
        let lan: SocketAddr = "0.0.0.0:8443".parse().expect("addr");
        assert!(matches!(
            parse(&template(lan, "sqlite:///tmp/d.db", None, None)),
            Err(ConfigError::PlainOffLoopback { .. })
        ));
        let tls = template(lan, "postgres://desk@db/desk", Some((Path::new("/c.pem"), Path::new("/k.pem"))), None);
        assert!(parse(&tls).expect("tls").tls().is_some());
        assert!(matches!(
            parse("listen = \"127.0.0.1:1\"\ndatabase = \"sqlite:///x\"\ntls_cert = \"/c\""),
            Err(ConfigError::HalfTls { .. })
        ));
        assert!(matches!(
            parse("listen = \"127.0.0.1:1\"\ndatabase = \"sqlite:///x\"\nretention_days = 0"),
            Err(ConfigError::Retention { .. })
        ));
        assert!(matches!(
            parse("listen = \"127.0.0.1:1\"\ndatabase = \"mysql://x\""),
            Err(ConfigError::Invalid { .. })
        ));
        assert!(matches!(
            parse("listen = \"127.0.0.1:1\"\ndatabase = \"sqlite:///x\"\ncolour = 1"),
            Err(ConfigError::Parse { .. })
        ));
    }
}
