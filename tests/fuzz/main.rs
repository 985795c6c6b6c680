//! Fuzzing (issue 9: never abort, hang, blow up or lose a line).
//!
//! From a fixed seed, mutates copies of the fixtures (the estimator's
//! URLconfs, views and settings, the fixture locustfiles, the Locust CSVs of
//! `fixtures/runs/` and a `routecov.toml` using every section) with byte
//! flips, truncation, deleted, duplicated and swapped lines, CSV columns set
//! to hostile values, and inserted snippets of deep nesting and huge values,
//! then runs the command that reads each input (`routes`, `tasks`, `report`,
//! `check`, `compare`) under the bound of `common::run_bounded` (1 GiB of
//! address space, 10 s). It fails listing every case that exits with a code
//! other than 0, 1 or 2, is killed by a signal, runs out of time or of
//! memory; each such case's input is copied to
//! `target/fuzz-failures/seed-SEED/case-N/` with a `repro.sh`.
//!
//! `ROUTECOV_FUZZ_CASES` (default 300) and `ROUTECOV_FUZZ_SEED` (decimal or
//! 0x-hex) choose the cases; case N is the same for a seed whatever the number
//! of cases. `scripts/fuzz` runs thousands on an optimised build with overflow
//! checks (the `fuzz` profile).

#[path = "../common/mod.rs"]
mod common;
mod inputs;
mod mutations;
mod prng;
mod snippets;

use common::{run_bounded, Outcome};
use inputs::*;
use mutations::*;
use prng::*;
use snippets::*;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

const DEFAULT_CASES: usize = 300;
const DEFAULT_SEED: u64 = 0x5eed_0009;

// ---------------------------------------------------------------------------
// Running and reporting.

struct Failure {
    index: usize,
    kind: String,
    description: String,
    command: String,
    why: String,
    summary: String,
    signature: String,
    saved: PathBuf,
}

/// What kind of failure, to group cases: the violation and the first telling
/// line of standard error, numbers masked.
fn signature(out: &Outcome, why: &str) -> String {
    let err = out.err();
    let telling = [
        "panicked at",
        "overflowed its stack",
        "Assertion",
        "memory allocation of",
        "out of memory",
        "fatal runtime error",
    ];
    let thread_id = regex::Regex::new(r" \(\d+\)").expect("regex");
    let digits = regex::Regex::new(r"\d+").expect("regex");
    let registry = regex::Regex::new(r"/\S*/registry/src/[^/]+/").expect("regex");
    let lines: Vec<&str> = err.lines().collect();
    let mut masked = String::new();
    if let Some(i) = lines
        .iter()
        .position(|l| telling.iter().any(|t| l.contains(t)))
    {
        let l = thread_id.replace_all(lines[i], "");
        let l = registry.replace_all(&l, "");
        // Source locations stay (they tell the sites apart); other numbers
        // (sizes, thread ids, indexes in messages) are masked.
        masked = match l.find("panicked at") {
            Some(at) => {
                let msg: String = lines.get(i + 1).unwrap_or(&"").chars().take(80).collect();
                format!("{} {}", &l[at..], digits.replace_all(&msg, "N"))
            }
            None if l.contains("Assertion") => l.chars().take(160).collect(),
            None => digits.replace_all(&l, "N").chars().take(160).collect(),
        };
    }
    match masked.trim() {
        "" => why.to_string(),
        detail => format!("{why}: {detail}"),
    }
}

fn failures_dir(seed: u64) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| common::repo().join("target"));
    target.join("fuzz-failures").join(format!("seed-{seed:#x}"))
}

fn save(case: &Case, out: &Outcome, why: &str, root: &Path) -> PathBuf {
    let to = root.join(format!("case-{}", case.index));
    copy_dir(case.dir.path(), &to, false);
    let quoted: Vec<String> = case
        .args
        .iter()
        .map(|a| format!("'{}'", a.replace('\'', "'\\''")))
        .collect();
    let script = format!(
        "#!/bin/sh\n# {}\n# {why}: {}\n# Run with ROUTECOV=path/to/routecov to use another binary.\ncd \"$(dirname \"$0\")\" && ulimit -v 1048576 && exec \"${{ROUTECOV:-routecov}}\" {}\n",
        case.description,
        out.summary(),
        quoted.join(" ")
    );
    let repro = to.join("repro.sh");
    std::fs::write(&repro, script).expect("write repro.sh");
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&repro, std::fs::Permissions::from_mode(0o755));
    }
    let _ = std::fs::write(to.join("stderr.txt"), &out.stderr);
    to
}

#[test]
fn mutated_fixtures_never_abort_hang_or_blow_up() {
    let cases = env_number("ROUTECOV_FUZZ_CASES", DEFAULT_CASES as u64) as usize;
    let seed = env_number("ROUTECOV_FUZZ_SEED", DEFAULT_SEED);
    let root = failures_dir(seed);
    // Failures of the cases this run covers are this run's to report; those
    // of a longer run with the same seed stay.
    for i in 0..cases {
        let _ = std::fs::remove_dir_all(root.join(format!("case-{i}")));
    }
    let started = std::time::Instant::now();
    let next = AtomicUsize::new(0);
    let failures: Mutex<Vec<Failure>> = Mutex::new(Vec::new());
    // (seconds, case) of the cases that kept the bound.
    let times: Mutex<Vec<(f64, usize)>> = Mutex::new(Vec::new());
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= cases {
                    break;
                }
                let case = make_case(seed, i);
                let args: Vec<&str> = case.args.iter().map(String::as_str).collect();
                let out = run_bounded(&args, case.dir.path());
                if out.violation().is_none() {
                    times
                        .lock()
                        .expect("lock")
                        .push((out.elapsed.as_secs_f64(), i));
                }
                if let Some(why) = out.violation() {
                    let saved = save(&case, &out, &why, &root);
                    let f = Failure {
                        index: i,
                        kind: case.kind.clone(),
                        description: case.description.clone(),
                        command: format!("routecov {}", case.args.join(" ")),
                        signature: signature(&out, &why),
                        why,
                        summary: out.summary(),
                        saved,
                    };
                    eprintln!(
                        "case {i}: {} ({})\n  {}\n  {}",
                        f.why, f.summary, f.description, f.signature
                    );
                    failures.lock().expect("lock").push(f);
                }
            });
        }
    });
    let mut failures = failures.into_inner().expect("lock");
    failures.sort_by_key(|f| f.index);
    let mut times = times.into_inner().expect("lock");
    times.sort_by(|a, b| b.0.total_cmp(&a.0));
    let total: f64 = times.iter().map(|t| t.0).sum();
    let slowest: Vec<String> = times
        .iter()
        .take(5)
        .map(|(t, i)| format!("case {i} {t:.2} s"))
        .collect();
    eprintln!(
        "fuzz: {cases} cases, seed {seed:#x}, {} failing, {:.1} s; passing cases took {total:.1} s in all, slowest: {}",
        failures.len(),
        started.elapsed().as_secs_f64(),
        slowest.join(", ")
    );
    if failures.is_empty() {
        return;
    }
    let group = |key: &dyn Fn(&Failure) -> String| {
        let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
        for f in &failures {
            let k = key(f);
            match groups.iter_mut().find(|(g, _)| *g == k) {
                Some((_, v)) => v.push(f.index),
                None => groups.push((k, vec![f.index])),
            }
        }
        groups.sort_by_key(|(_, v)| std::cmp::Reverse(v.len()));
        let mut text = String::new();
        for (k, v) in &groups {
            let shown: Vec<String> = v.iter().take(10).map(|i| i.to_string()).collect();
            let _ = writeln!(
                text,
                "  {:4} x {k}\n         cases {}{}",
                v.len(),
                shown.join(", "),
                if v.len() > 10 { ", ..." } else { "" }
            );
        }
        text
    };
    let mut msg = format!(
        "{} of {cases} cases (seed {seed:#x}) broke the bound; inputs in {}\n\nby failure:\n{}\nby input:\n{}",
        failures.len(),
        root.display(),
        group(&|f| f.signature.clone()),
        group(&|f| f.kind.clone())
    );
    msg.push_str("\nevery case:\n");
    for f in &failures {
        let _ = writeln!(
            msg,
            "  case {}: {} ({})\n    input: {}\n    {}\n    saved: {}/repro.sh",
            f.index,
            f.why,
            f.summary,
            f.description,
            f.command,
            f.saved.display()
        );
    }
    panic!("{msg}");
}
