//! Why a run could not be read at all; problems of single rows are warnings.

/// Why a run could not be read at all. Problems of single rows are warnings.
#[derive(Debug, thiserror::Error)]
pub enum LocustCsvError {
    #[error("{input}: no Locust stats CSV found (looked for {looked})")]
    NotFound { input: String, looked: String },
    #[error("{dir}: several Locust stats CSVs ({found}); give one of them or its prefix")]
    Ambiguous { dir: String, found: String },
    #[error("{file}: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{file}:{line}: {why}")]
    Malformed {
        file: String,
        line: usize,
        why: String,
    },
    #[error("{file}: empty file, no header row")]
    Empty { file: String },
    #[error("{file}:{line}: missing required column \"{column}\"{accepted} (header: {header})")]
    MissingColumn {
        file: String,
        line: usize,
        column: String,
        /// Other accepted spellings, already formatted (`" (or \"# requests\")"`).
        accepted: String,
        header: String,
    },
}
