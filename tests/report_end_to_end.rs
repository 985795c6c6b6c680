//! End to end: the fixture Django app is started (`migrate`, then `runserver`
//! on a free 127.0.0.1 port with `config.settings.loadtest`, as
//! scripts/fixture-runs does), real Locust runs headless against it for a few
//! seconds, and `routecov report` reads the fresh CSVs. The numbers must add
//! up: the report's requests equal the CSV's, every row is joined or listed
//! as unmatched, and the health endpoints are exercised. The server is always
//! stopped by its PID.

mod common;

use assert_cmd::Command as Cmd;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

/// Stops the server by PID when dropped, on failure too.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read dir").flatten() {
        let name = e.file_name();
        let n = name.to_string_lossy();
        if n == "__pycache__" || n == "db.sqlite3" {
            continue;
        }
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(&name));
        } else {
            std::fs::copy(&p, to.join(&name)).expect("copy");
        }
    }
}

fn clean(cmd: &mut Command) -> &mut Command {
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", std::env::temp_dir())
        .env("LANG", "C.UTF-8")
        .env("PYTHONDONTWRITEBYTECODE", "1")
}

fn alive(port: u16) -> bool {
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
    let req = format!("GET /health/live/ HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n");
    if s.write_all(req.as_bytes()).is_err() {
        return false;
    }
    let mut buf = String::new();
    let _ = s.read_to_string(&mut buf);
    buf.starts_with("HTTP/1.1 200") || buf.starts_with("HTTP/1.0 200")
}

#[test]
fn live_run_is_reported_with_the_csv_numbers() {
    let py = common::python();
    let locust = py.with_file_name("locust");
    assert!(
        locust.exists(),
        "{} not found: run scripts/pyenv",
        locust.display()
    );
    let repo = common::repo();
    let work = tempfile::tempdir().expect("tmp");
    let app = work.path().join("app");
    copy_dir(&repo.join("fixtures/estimator"), &app);
    for args in [
        vec!["manage.py", "migrate", "--verbosity", "0"],
        vec![
            "manage.py",
            "ensure_loadtest_user",
            "--password",
            "loadtest-password",
        ],
    ] {
        let out = clean(&mut Command::new(&py))
            .current_dir(&app)
            .env("DJANGO_SETTINGS_MODULE", "config.settings.loadtest")
            .args(&args)
            .output()
            .expect("python runs");
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let log = std::fs::File::create(work.path().join("server.log")).expect("log");
    let child = clean(&mut Command::new(&py))
        .current_dir(&app)
        .env("DJANGO_SETTINGS_MODULE", "config.settings.loadtest")
        .args([
            "manage.py",
            "runserver",
            &format!("127.0.0.1:{port}"),
            "--noreload",
        ])
        .stdout(log.try_clone().expect("log"))
        .stderr(log)
        .spawn()
        .expect("server starts");
    let _server = Server(child);
    let start = Instant::now();
    while !alive(port) {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "server not ready: {}",
            std::fs::read_to_string(work.path().join("server.log")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(200));
    }

    let prefix = work.path().join("run");
    let out = clean(&mut Command::new(&locust))
        .current_dir(&repo)
        .env("FIXTURE_CLIENT_TIMEOUT", "10")
        .args([
            "-f",
            "fixtures/locust/estimator_locustfile.py,scripts/fixture_runs/client_timeout.py",
            "--headless",
            "-u",
            "6",
            "-r",
            "3",
            "-t",
            "5s",
            "--stop-timeout",
            "2",
            "--host",
            &format!("http://127.0.0.1:{port}"),
            "--csv",
            prefix.to_str().expect("utf-8"),
            "--only-summary",
        ])
        .output()
        .expect("locust runs");
    // Locust exits 1 when a request failed (the locustfile has known mistakes).
    assert!(
        matches!(out.status.code(), Some(0) | Some(1)),
        "locust: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stats = work.path().join("run_stats.csv");
    let csv = std::fs::read_to_string(&stats).expect("stats csv");
    let mut rdr = csv::Reader::from_reader(csv.as_bytes());
    let headers = rdr.headers().expect("header").clone();
    let col = |n: &str| headers.iter().position(|h| h == n).expect("column");
    let (name_i, count_i) = (col("Name"), col("Request Count"));
    let mut aggregated = 0u64;
    let mut row_sum = 0u64;
    for rec in rdr.records() {
        let rec = rec.expect("row");
        let n: u64 = rec[count_i].parse().expect("count");
        if &rec[name_i] == "Aggregated" {
            aggregated = n;
        } else {
            row_sum += n;
        }
    }
    assert!(aggregated > 0, "no requests in 5 s");

    let out = Cmd::cargo_bin("routecov")
        .expect("binary")
        .current_dir(&repo)
        .args([
            "report",
            "-q",
            "--format",
            "json",
            "--project",
            "fixtures/estimator",
            "--locustfile",
            "fixtures/locust/estimator_locustfile.py",
            "--stats",
            prefix.to_str().expect("utf-8"),
        ])
        .output()
        .expect("routecov runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["coverage_basis"], "exercised");
    assert_eq!(v["run"]["requests"].as_u64(), Some(aggregated));
    // Every row is joined or unmatched, once: the report's requests add up.
    let joined: u64 = v["endpoints"]
        .as_array()
        .expect("endpoints")
        .iter()
        .flat_map(|e| e["stats"]["rows"].as_array().cloned().unwrap_or_default())
        .map(|r| r["requests"].as_u64().unwrap_or(0))
        .sum();
    let unmatched: u64 = v["unmatched"]
        .as_array()
        .expect("unmatched")
        .iter()
        .filter(|u| u["kind"] == "stats_row")
        .map(|u| u["requests"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(
        joined + unmatched,
        row_sum,
        "rows joined {joined} + unmatched {unmatched}"
    );
    assert_eq!(row_sum, aggregated);
    // HealthCheckUser (fixed_count 1, no login) probes health endpoints from the start.
    let health = v["categories"]
        .as_array()
        .expect("categories")
        .iter()
        .find(|c| c["name"] == "health")
        .expect("health category");
    assert!(
        health["covered"].as_u64().is_some_and(|n| n >= 1),
        "{health}"
    );
    assert!(v["summary"]["covered"].as_u64().is_some_and(|n| n >= 3));
}
