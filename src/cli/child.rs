//! Running another program, the one thing only `verify` does: with a time
//! limit, and with its output bounded, so that a project whose code hangs
//! or prints without end cannot hang routecov or fill its memory.

use std::io::{Read, Write};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How long a child may run and how much of its output is kept.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub timeout: Duration,
    /// Standard output beyond this is dropped (and said).
    pub max_stdout: usize,
    /// Only the last this many bytes of standard error are kept.
    pub max_stderr: usize,
}

/// A child that ran to its end.
#[derive(Debug)]
pub struct Finished {
    pub status: ExitStatus,
    pub stdout: Vec<u8>,
    /// Standard output went past [`Limits::max_stdout`].
    pub stdout_truncated: bool,
    /// The end of standard error.
    pub stderr_tail: Vec<u8>,
}

/// Why a child gave no result.
#[derive(Debug)]
pub enum ChildError {
    /// The program could not be started (not found, not executable).
    Spawn(std::io::Error),
    /// Killed at the time limit; the end of its standard error.
    TimedOut(Vec<u8>),
    Wait(std::io::Error),
}

/// Output read so far: the head (stdout) or the tail (stderr) kept.
#[derive(Default)]
struct Capture {
    bytes: Vec<u8>,
    dropped: bool,
}

fn reader(
    mut from: impl Read + Send + 'static,
    limit: usize,
    keep_tail: bool,
) -> (Arc<Mutex<Capture>>, JoinHandle<()>) {
    let capture = Arc::new(Mutex::new(Capture::default()));
    let shared = Arc::clone(&capture);
    let handle = std::thread::spawn(move || {
        let mut buf = [0u8; 64 * 1024];
        // Read to the end even past the limit: a child blocked on a full
        // pipe would never end.
        while let Ok(n) = from.read(&mut buf) {
            if n == 0 {
                break;
            }
            let Ok(mut c) = shared.lock() else { break };
            c.bytes.extend_from_slice(&buf[..n]);
            if c.bytes.len() > limit {
                c.dropped = true;
                if keep_tail {
                    let cut = c.bytes.len() - limit;
                    c.bytes.drain(..cut);
                } else {
                    c.bytes.truncate(limit);
                }
            }
        }
    });
    (capture, handle)
}

fn take(capture: &Arc<Mutex<Capture>>) -> (Vec<u8>, bool) {
    match capture.lock() {
        Ok(mut c) => (std::mem::take(&mut c.bytes), c.dropped),
        Err(_) => (Vec::new(), true),
    }
}

/// Waits for the readers a little: a grandchild that inherited the pipes
/// may keep them open after the child ended.
fn settle(handles: &[&JoinHandle<()>]) {
    let until = Instant::now() + Duration::from_secs(2);
    while handles.iter().any(|h| !h.is_finished()) && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Runs `cmd` with `input` on its standard input, within `limits`.
pub fn run(mut cmd: Command, input: Vec<u8>, limits: Limits) -> Result<Finished, ChildError> {
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().map_err(ChildError::Spawn)?;
    if let Some(mut stdin) = child.stdin.take() {
        // A child that exits without reading closes the pipe: not an error here.
        std::thread::spawn(move || {
            let _ = stdin.write_all(&input);
        });
    }
    let (out, out_handle) = match child.stdout.take() {
        Some(s) => reader(s, limits.max_stdout, false),
        None => reader(std::io::empty(), 0, false),
    };
    let (err, err_handle) = match child.stderr.take() {
        Some(s) => reader(s, limits.max_stderr, true),
        None => reader(std::io::empty(), 0, true),
    };
    let deadline = Instant::now() + limits.timeout;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                settle(&[&err_handle]);
                return Err(ChildError::TimedOut(take(&err).0));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => {
                let _ = child.kill();
                return Err(ChildError::Wait(e));
            }
        }
    };
    settle(&[&out_handle, &err_handle]);
    let (stdout, stdout_truncated) = take(&out);
    Ok(Finished {
        status,
        stdout,
        stdout_truncated,
        stderr_tail: take(&err).0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(timeout_ms: u64) -> Limits {
        Limits {
            timeout: Duration::from_millis(timeout_ms),
            max_stdout: 10,
            max_stderr: 4,
        }
    }

    fn sh(script: &str) -> Command {
        let mut c = Command::new("sh");
        c.arg("-c").arg(script);
        c
    }

    #[test]
    fn output_is_bounded_and_input_given() {
        let done = run(
            sh("cat; printf 0123456789abcdef; printf 'oops: tail' >&2"),
            b"in:".to_vec(),
            limits(10_000),
        )
        .expect("sh runs");
        assert!(done.status.success());
        assert_eq!(done.stdout, b"in:0123456");
        assert!(done.stdout_truncated);
        assert_eq!(done.stderr_tail, b"tail");
    }

    #[test]
    fn a_hanging_child_is_killed_at_the_limit() {
        let started = Instant::now();
        let e = run(
            sh("echo started >&2; exec sleep 30"),
            Vec::new(),
            limits(300),
        );
        assert!(matches!(e, Err(ChildError::TimedOut(_))), "{e:?}");
        assert!(started.elapsed() < Duration::from_secs(10));
    }

    #[test]
    fn a_missing_program_is_a_spawn_error() {
        let e = run(
            Command::new("/nonexistent/python3"),
            Vec::new(),
            limits(1000),
        );
        assert!(matches!(e, Err(ChildError::Spawn(_))), "{e:?}");
    }
}
