//! Where the app's windows may go. The main window shows only the app's bundled pages. On a
//! desktop, `http(s)` links (official portals) open in the applicant's own browser; on a kiosk
//! they open in an app window, and only for the configured official hosts. Every other scheme
//! is refused.

use assistant_core::portals::host_allowed;
use tauri::Url;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allow,
    OpenInBrowser,
    /// Kiosk: an allowed official host, shown in the app's own restricted window.
    OpenInKioskWindow,
    Refuse,
}

/// True for the origins Tauri serves the bundled front end from, on each OS, and for the
/// Vite dev server during `tauri dev`.
fn is_app_origin(url: &Url) -> bool {
    match url.scheme() {
        "tauri" => url.host_str() == Some("localhost"),
        "http" | "https" => {
            let host = url.host_str();
            host == Some("tauri.localhost")
                || (cfg!(debug_assertions) && host == Some("localhost") && url.port() == Some(1420))
        }
        "about" => url.as_str() == "about:blank",
        _ => false,
    }
}

/// `kiosk_hosts` is `None` on a desktop, or the kiosk's allowed official hosts.
pub fn decide(url: &Url, kiosk_hosts: Option<&[String]>) -> Decision {
    if is_app_origin(url) {
        return Decision::Allow;
    }
    if !matches!(url.scheme(), "http" | "https") {
        return Decision::Refuse;
    }
    match kiosk_hosts {
        None => Decision::OpenInBrowser,
        Some(hosts) if url.host_str().is_some_and(|h| host_allowed(h, hosts)) => Decision::OpenInKioskWindow,
        Some(_) => Decision::Refuse,
    }
}

/// What an official-site window does with an address it is asked to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Official {
    Allow,
    /// Plain http on an allowed host: go to the https address instead.
    Upgrade(Url),
    /// Not one of the window's hosts, or not a web page: stay, and say so.
    Refuse,
}

/// This machine: plain http stays allowed here (a hall's local test page), as for the intake.
fn is_loopback(host: &str) -> bool {
    matches!(host, "127.0.0.1" | "localhost" | "[::1]")
}

/// An official-site window shows `https` pages of its hosts only. `http` on those hosts is
/// upgraded (the portals serve both; only https may carry a login), except on this machine.
/// A `blob:` address made by an allowed page (a PDF viewer's download) is that page's own.
pub fn official_window(url: &Url, hosts: &[String]) -> Official {
    let allowed = |u: &Url| u.host_str().is_some_and(|h| host_allowed(h, hosts));
    match url.scheme() {
        "about" if url.as_str() == "about:blank" => Official::Allow,
        "https" if allowed(url) => Official::Allow,
        "http" if allowed(url) && url.host_str().is_some_and(is_loopback) => Official::Allow,
        "http" if allowed(url) => {
            let mut secure = url.clone();
            if secure.set_scheme("https").is_err() {
                return Official::Refuse;
            }
            if secure.port() == Some(80) && secure.set_port(None).is_err() {
                return Official::Refuse;
            }
            Official::Upgrade(secure)
        }
        "blob" => match Url::parse(url.path()) {
            Ok(inner) if matches!(official_window(&inner, hosts), Official::Allow) => Official::Allow,
            _ => Official::Refuse,
        },
        _ => Official::Refuse,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decision {
        decide(&Url::parse(s).expect("test url"), None)
    }

    fn k(s: &str) -> Decision {
        let hosts = vec!["www.jszg.edu.cn".to_owned(), "127.0.0.1".to_owned()];
        decide(&Url::parse(s).expect("test url"), Some(&hosts))
    }

    #[test]
    fn kiosk_opens_only_allowed_hosts_and_never_the_browser() {
        assert_eq!(k("tauri://localhost/index.html"), Decision::Allow);
        assert_eq!(k("https://www.jszg.edu.cn/portal"), Decision::OpenInKioskWindow);
        assert_eq!(k("http://127.0.0.1:8080/form"), Decision::OpenInKioskWindow);
        assert_eq!(k("https://www.baidu.com/"), Decision::Refuse);
        assert_eq!(k("file:///etc/passwd"), Decision::Refuse);
    }

    fn o(s: &str) -> Official {
        let hosts = vec!["*.cpta.com.cn".to_owned(), "zwfw.nmpa.gov.cn".to_owned(), "127.0.0.1".to_owned()];
        official_window(&Url::parse(s).expect("test url"), &hosts)
    }

    fn up(s: &str) -> Official {
        Official::Upgrade(Url::parse(s).expect("test url"))
    }

    #[test]
    fn official_windows_show_https_pages_of_their_hosts_and_upgrade_http() {
        assert_eq!(o("https://zs.cpta.com.cn/certMng/"), Official::Allow);
        assert_eq!(o("https://zwfw.nmpa.gov.cn/web/index#/contact"), Official::Allow);
        assert_eq!(o("http://zs.cpta.com.cn/certMng/x?y=1"), up("https://zs.cpta.com.cn/certMng/x?y=1"));
        assert_eq!(o("http://www.cpta.com.cn:80/"), up("https://www.cpta.com.cn/"));
        assert_eq!(o("http://127.0.0.1:8080/form"), Official::Allow, "this machine keeps http");
        assert_eq!(o("about:blank"), Official::Allow, "a new window starts blank");
        assert_eq!(o("blob:https://zs.cpta.com.cn/0b4c-11"), Official::Allow, "the viewer's own download");
        for refused in [
            "https://www.baidu.com/",
            "http://www.baidu.com/",
            "https://cpta.com.cn.evil.example/",
            "blob:https://www.baidu.com/0b4c",
            "file:///etc/passwd",
            "data:text/html,hi",
            "javascript:alert(1)",
            "ftp://zs.cpta.com.cn/",
        ] {
            assert_eq!(o(refused), Official::Refuse, "{refused}");
        }
    }

    #[test]
    fn app_pages_stay_in_the_window() {
        assert_eq!(d("tauri://localhost/index.html"), Decision::Allow);
        assert_eq!(d("http://tauri.localhost/"), Decision::Allow);
    }

    #[test]
    fn official_sites_go_to_the_browser() {
        assert_eq!(d("https://www.jszg.edu.cn/"), Decision::OpenInBrowser);
        assert_eq!(d("http://zwfw.nmpa.gov.cn/"), Decision::OpenInBrowser);
        // A look-alike host is not the app.
        assert_eq!(d("https://tauri.localhost.evil.example/"), Decision::OpenInBrowser);
    }

    #[test]
    fn other_schemes_are_refused() {
        assert_eq!(d("file:///etc/passwd"), Decision::Refuse);
        assert_eq!(d("javascript:alert(1)"), Decision::Refuse);
        assert_eq!(d("tauri://evil/"), Decision::Refuse);
    }
}
