//! Where the app's windows may go. The main window shows only the app's bundled pages. On a
//! desktop, `http(s)` links (official portals) open in the applicant's own browser; on a kiosk
//! they open in an app window, and only for the configured official hosts. Every other scheme
//! is refused.

use assistant_core::kiosk::host_allowed;
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

/// The kiosk's official-site window: allowed hosts over http(s) only.
pub fn official_window_allows(url: &Url, hosts: &[String]) -> bool {
    matches!(url.scheme(), "http" | "https") && url.host_str().is_some_and(|h| host_allowed(h, hosts))
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
        let hosts = vec!["www.jszg.edu.cn".to_owned()];
        assert!(official_window_allows(&Url::parse("https://www.jszg.edu.cn/x").expect("url"), &hosts));
        assert!(!official_window_allows(&Url::parse("https://evil.example/").expect("url"), &hosts));
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
