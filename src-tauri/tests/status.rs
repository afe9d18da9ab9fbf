//! The portal status check against local servers that answer, hang and refuse (127.0.0.1 only).

use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::{Duration, Instant};

use applicant_assistant_lib::status::{check, client, Reachability, StatusCache};
use assistant_core::catalog::Portal;

fn answering_server() -> String {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = l.local_addr().expect("addr");
    std::thread::spawn(move || {
        for mut s in l.incoming().flatten().take(10) {
            let mut buf = [0u8; 1024];
            let _ = s.read(&mut buf);
            let _ = s.write_all(b"HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
        }
    });
    format!("http://{addr}/")
}

fn hanging_server() -> (String, TcpListener) {
    // Accepts connections (the kernel backlog) but never answers.
    let l = TcpListener::bind("127.0.0.1:0").expect("bind");
    (format!("http://{}/", l.local_addr().expect("addr")), l)
}

fn refusing_address() -> String {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = l.local_addr().expect("addr");
    drop(l);
    format!("http://{addr}/")
}

#[tokio::test]
async fn answers_hangs_and_refusals_are_told_apart_within_the_timeout() {
    let c = client();
    assert_eq!(check(&c, &answering_server()).await, Reachability::Up, "an error page still means the site is up");

    let (hanging, _keep) = hanging_server();
    let t = Instant::now();
    assert_eq!(check(&c, &hanging).await, Reachability::Slow);
    assert!(t.elapsed() < Duration::from_secs(8), "took {:?}", t.elapsed());

    let t = Instant::now();
    assert_eq!(check(&c, &refusing_address()).await, Reachability::Down);
    assert!(t.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn results_are_reused_for_a_minute_and_all_down_means_offline() {
    let cache = StatusCache::default();
    let urls = vec![(Portal::Nmpa, refusing_address()), (Portal::Jszg, refusing_address())];
    let first = cache.report(&urls).await;
    assert!(first.offline);
    assert_eq!(first.portals.len(), 2);
    // A second call within the minute does not check again, even with a live server now.
    let second = cache.report(&[(Portal::Nmpa, answering_server())]).await;
    assert!(second.offline, "the cached report was reused");
    assert_eq!(second.portals.len(), 2);
}
