//! `hall-desk init | serve | staff add NAME | staff remove NAME | staff list | purge`.

use std::io::BufRead;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::Utc;
use clap::{Arg, ArgAction, ArgMatches, Command};
use hall_desk::auth::{hash_password, valid_staff_name};
use hall_desk::config::{self, DeskConfig};
use hall_desk::db::Db;

fn cli() -> Command {
    let config_arg = Arg::new("config")
        .long("config")
        .value_name("PATH")
        .value_parser(clap::value_parser!(PathBuf))
        .help("hall-desk.toml (default: $HALL_DESK_CONFIG, else /etc/hall-desk/hall-desk.toml; on Windows %ProgramData%\\hall-desk\\hall-desk.toml)");
    Command::new("hall-desk")
        .about("The service hall's desk: receives the kiosks' drafts and shows them to the staff")
        .version(env!("CARGO_PKG_VERSION"))
        .subcommand_required(true)
        .subcommand(
            Command::new("init")
                .about("Writes a config (if there is none) and creates or upgrades the database")
                .arg(config_arg.clone())
                .arg(Arg::new("listen").long("listen").value_name("ADDR").value_parser(clap::value_parser!(SocketAddr)))
                .arg(Arg::new("database").long("database").value_name("URL"))
                .arg(Arg::new("tls-cert").long("tls-cert").value_name("PEM").value_parser(clap::value_parser!(PathBuf)))
                .arg(Arg::new("tls-key").long("tls-key").value_name("PEM").value_parser(clap::value_parser!(PathBuf)))
                .arg(
                    Arg::new("content-dir")
                        .long("content-dir")
                        .value_name("DIR")
                        .value_parser(clap::value_parser!(PathBuf))
                        .help("Serve the content packs published into DIR to the kiosks (created if missing)"),
                ),
        )
        .subcommand(Command::new("serve").about("Runs the desk until SIGTERM or Ctrl-C").arg(config_arg.clone()))
        .subcommand(
            Command::new("staff")
                .about("Staff logins")
                .subcommand_required(true)
                .arg(config_arg.clone())
                .subcommand(
                    Command::new("add")
                        .about("Adds a staff member or sets a new password; reads the password from standard input")
                        .arg(Arg::new("name").required(true)),
                )
                .subcommand(Command::new("remove").about("Removes a staff member").arg(Arg::new("name").required(true)))
                .subcommand(Command::new("list").about("Lists the staff members")),
        )
        .subcommand(
            Command::new("purge")
                .about("Deletes processed drafts past the retention period now (serve also does it hourly)")
                .arg(config_arg)
                .arg(Arg::new("quiet").long("quiet").action(ArgAction::SetTrue)),
        )
}

fn config_path(m: &ArgMatches) -> PathBuf {
    m.get_one::<PathBuf>("config").cloned().unwrap_or_else(config::default_path)
}

fn default_database(config: &Path) -> String {
    let dir = if cfg!(windows) {
        config.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf)
    } else if config.starts_with("/etc") {
        PathBuf::from("/var/lib/hall-desk")
    } else {
        config.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf)
    };
    let path = dir.join("desk.db");
    let shown = path.display().to_string();
    if path.is_absolute() && !shown.starts_with('/') {
        format!("sqlite://{}", shown.replace('\\', "/"))
    } else {
        format!("sqlite://{shown}")
    }
}

fn fail(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("hall-desk: {message}");
    ExitCode::FAILURE
}

fn main() -> ExitCode {
    let matches = cli().get_matches();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => return fail(format!("cannot start the runtime: {e}")),
    };
    runtime.block_on(run(matches))
}

async fn open(path: &Path) -> Result<(DeskConfig, Db), String> {
    let config = DeskConfig::load(path).map_err(|e| e.to_string())?;
    if let Some(file) = config.database.strip_prefix("sqlite://") {
        let file = file.split('?').next().unwrap_or_default();
        if let Some(dir) = Path::new(file).parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
    }
    let db = Db::open(&config.database, config.max_connections).await.map_err(|e| e.to_string())?;
    Ok((config, db))
}

async fn run(matches: ArgMatches) -> ExitCode {
    match matches.subcommand() {
        Some(("init", m)) => {
            let path = config_path(m);
            if path.exists() {
                println!("hall-desk: {} exists; keeping it", path.display());
                if let Some(dir) = m.get_one::<PathBuf>("content-dir") {
                    println!(
                        "hall-desk: --content-dir not applied to the existing file: add content_dir = {} to it",
                        toml::Value::String(dir.display().to_string())
                    );
                }
            } else {
                let listen = m
                    .get_one::<SocketAddr>("listen")
                    .copied()
                    .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 8080)));
                let database = m.get_one::<String>("database").cloned().unwrap_or_else(|| default_database(&path));
                let tls = match (m.get_one::<PathBuf>("tls-cert"), m.get_one::<PathBuf>("tls-key")) {
                    (Some(c), Some(k)) => Some((c.as_path(), k.as_path())),
                    (None, None) => None,
                    _ => return fail("--tls-cert and --tls-key go together"),
                };
                let content_dir = m.get_one::<PathBuf>("content-dir");
                if let Some(dir) = content_dir {
                    if let Err(e) = std::fs::create_dir_all(dir) {
                        return fail(format!("cannot create {}: {e}", dir.display()));
                    }
                }
                let text = config::template(listen, &database, tls, content_dir.map(PathBuf::as_path));
                if let Err(e) = DeskConfig::parse(&text, &path) {
                    return fail(e);
                }
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    if let Err(e) = std::fs::create_dir_all(dir) {
                        return fail(format!("cannot create {}: {e}", dir.display()));
                    }
                }
                if let Err(e) = assistant_core::atomic::write_atomic(&path, text.as_bytes()) {
                    return fail(format!("cannot write {}: {e}", path.display()));
                }
                println!("hall-desk: wrote {}", path.display());
            }
            let (config, db) = match open(&path).await {
                Ok(x) => x,
                Err(e) => return fail(e),
            };
            db.close().await;
            let scheme = if config.tls().is_some() { "https" } else { "http" };
            println!("hall-desk: database ready ({})", hall_desk::db::redact(&config.database));
            println!("Next: add a staff login with `hall-desk staff add NAME`, then `hall-desk serve`.");
            println!("In each kiosk's kiosk.toml (use the desk's host name instead of the listen address):");
            println!("  intake_url = \"{scheme}://{}/api/v1/drafts\"", config.listen);
            println!("  heartbeat_url = \"{scheme}://{}/api/v1/heartbeat\"", config.listen);
            match &config.content_dir {
                Some(dir) => {
                    println!("  content_mirrors = [\"{scheme}://{}/api/v1/content/\"]", config.listen);
                    if scheme != "https" {
                        println!("  (kiosks take content only from https:// mirrors: give the desk tls_cert/tls_key first)");
                    }
                    println!("Publish a content pack into {} with aa-content (README, \"The desk as the kiosks' content mirror\").", dir.display());
                }
                None => println!("To serve content packs to the kiosks too: content_dir in {} (README, \"The desk as the kiosks' content mirror\").", path.display()),
            }
            ExitCode::SUCCESS
        }
        Some(("serve", m)) => {
            let (config, db) = match open(&config_path(m)).await {
                Ok(x) => x,
                Err(e) => return fail(e),
            };
            match hall_desk::server::serve(config, db).await {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fail(e),
            }
        }
        Some(("staff", m)) => {
            let (_, db) = match open(&config_path(m)).await {
                Ok(x) => x,
                Err(e) => return fail(e),
            };
            let actor =
                format!("cli:{}", std::env::var("USER").or_else(|_| std::env::var("USERNAME")).unwrap_or_default());
            let now = Utc::now().timestamp_millis();
            let code = match m.subcommand() {
                Some(("add", a)) => {
                    let name = a.get_one::<String>("name").map(String::as_str).unwrap_or_default();
                    if !valid_staff_name(name) {
                        return fail(hall_desk::auth::AuthError::BadName);
                    }
                    eprintln!(
                        "Password for {name} (at least {} characters), then Enter:",
                        hall_desk::auth::MIN_PASSWORD_CHARS
                    );
                    let mut line = String::new();
                    if std::io::stdin().lock().read_line(&mut line).is_err() {
                        return fail("could not read the password");
                    }
                    let password = line.trim_end_matches(['\r', '\n']).to_owned();
                    let hash = match tokio::task::spawn_blocking(move || hash_password(&password)).await {
                        Ok(Ok(h)) => h,
                        Ok(Err(e)) => return fail(e),
                        Err(e) => return fail(e),
                    };
                    match db.set_staff(name, &hash, now, &actor).await {
                        Ok(()) => {
                            println!("hall-desk: {name} can sign in");
                            ExitCode::SUCCESS
                        }
                        Err(e) => fail(e),
                    }
                }
                Some(("remove", a)) => {
                    let name = a.get_one::<String>("name").map(String::as_str).unwrap_or_default();
                    match db.remove_staff(name, now, &actor).await {
                        Ok(true) => ExitCode::SUCCESS,
                        Ok(false) => fail(format!("no staff member {name}")),
                        Err(e) => fail(e),
                    }
                }
                _ => match db.staff_names().await {
                    Ok(names) => {
                        for n in names {
                            println!("{n}");
                        }
                        ExitCode::SUCCESS
                    }
                    Err(e) => fail(e),
                },
            };
            db.close().await;
            code
        }
        Some(("purge", m)) => {
            let (config, db) = match open(&config_path(m)).await {
                Ok(x) => x,
                Err(e) => return fail(e),
            };
            let now = Utc::now().timestamp_millis();
            let result = db.purge_processed(now - i64::from(config.retention_days) * 86_400_000, now).await;
            db.close().await;
            match result {
                Ok(n) => {
                    if !m.get_flag("quiet") {
                        println!("hall-desk: deleted {n} processed drafts");
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
        _ => fail("unknown command (see --help)"),
    }
}
