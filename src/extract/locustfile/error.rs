//! Why no model could be made: no locustfile, or none Locust could load,
//! or no User class in it.

/// Nothing useful could be read.
#[derive(Debug, thiserror::Error)]
pub enum TaskError {
    #[error("{0}: no such file or directory")]
    Missing(String),
    #[error(
        "no locustfile found in {dir}\n  looked for: {looked}\n  help: name it with --locustfile FILE (a .py file or a directory of them)"
    )]
    NotFound { dir: String, looked: String },
    #[error("{0}: not a Python file (Locust loads .py files, or every .py file of a directory)")]
    NotPython(String),
    #[error(
        "{0}: no locustfile in this directory (Locust skips files whose names start with `_`)"
    )]
    EmptyDir(String),
    #[error("{file}: cannot read: {message}")]
    Unreadable { file: String, message: String },
    #[error(
        "no User class found in {locustfile}\n  help: a locustfile defines subclasses of HttpUser, FastHttpUser or User{}",
        warnings.iter().map(|w| format!("\n  warning: {w}")).collect::<String>()
    )]
    NoUsers {
        locustfile: String,
        warnings: Vec<crate::diagnostics::Warning>,
    },
}
