//! A file's bytes to text: UTF-8 or UTF-16 by its byte-order mark.

use super::error::LocustCsvError;
use crate::diagnostics::Warning;
use std::path::Path;

/// Reads a file as text: UTF-8 (BOM or not), or UTF-16 with a BOM (what Excel
/// writes as "Unicode text"); other bytes are replaced, with a warning.
pub(super) fn load(
    path: &Path,
    warnings: &mut Vec<Warning>,
) -> Result<(String, String), LocustCsvError> {
    let label = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| LocustCsvError::Io {
        file: label.clone(),
        source,
    })?;
    // Valid UTF-8 without a BOM, the common case, becomes text in place.
    let text = match String::from_utf8(bytes) {
        Ok(text) if !text.starts_with('\u{feff}') => text,
        Ok(text) => decode(&label, text.as_bytes(), warnings),
        Err(e) => decode(&label, e.as_bytes(), warnings),
    };
    Ok((label, text))
}

/// Bytes to text: UTF-8 (BOM or not), or UTF-16 with a BOM; other bytes
/// are replaced, with a warning.
pub fn decode(file: &str, bytes: &[u8], warnings: &mut Vec<Warning>) -> String {
    // A byte-order mark names UTF-16 (Excel's "Unicode text") or UTF-8.
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        if encoding != encoding_rs::UTF_8 {
            return encoding
                .decode_without_bom_handling(&bytes[bom..])
                .0
                .into_owned();
        }
    }
    let body = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    match std::str::from_utf8(body) {
        Ok(s) => s.to_string(),
        Err(e) => {
            let line = 1 + body[..e.valid_up_to()]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            warnings.push(Warning::new(
                file,
                line,
                "not valid UTF-8 (saved in another encoding?); undecodable bytes replaced",
            ));
            String::from_utf8_lossy(body).into_owned()
        }
    }
}
