//! How a run ends: the exit status, or the error that ends it with status 2.

/// Process exit status: 0 ok, 1 a gate failed, 2 usage error or unreadable input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    Success,
    Failure,
    Error,
}

impl ExitStatus {
    pub fn code(self) -> i32 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::Failure => 1,
            ExitStatus::Error => 2,
        }
    }
}

/// What ends a run with status 2: unreadable input, unusable options, output
/// that cannot be written.
#[derive(Debug)]
pub struct Error(pub String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// An [`Error`] saying `message`.
pub fn error(message: impl std::fmt::Display) -> Error {
    Error(message.to_string())
}
