//! Where the main window may go. It shows only the app's bundled pages; `http(s)` links
//! (official portals) open in the applicant's own browser; every other scheme is refused.

use tauri::Url;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allow,
    OpenInBrowser,
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

pub fn decide(url: &Url) -> Decision {
    if is_app_origin(url) {
        Decision::Allow
    } else if matches!(url.scheme(), "http" | "https") {
        Decision::OpenInBrowser
    } else {
        Decision::Refuse
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decision {
        decide(&Url::parse(s).expect("test url"))
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
