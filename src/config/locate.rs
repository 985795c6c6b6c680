//! Finding keys and lines in a configuration's text, for messages that name
//! `routecov.toml:LINE`: serde's values carry no place once read.

/// 1-based line of a byte offset.
pub(super) fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// The dotted key of the value starting at `offset`: the keys assigned on
/// its line before it (inline tables), or the nearest assignment above (an
/// array over several lines), under the table header above that.
pub(super) fn key_at(text: &str, offset: usize, pyproject: bool) -> Option<String> {
    static ASSIGN: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let assign = ASSIGN.get_or_init(|| {
        regex::Regex::new(r#"(?:^|[{,])\s*"?([A-Za-z0-9_.-]+)"?\s*="#)
            .expect("static regex is valid")
    });
    let before = text.get(..offset)?;
    let mut keys: Option<String> = None;
    let mut table = String::new();
    for line in before.rsplit('\n') {
        let t = line.trim();
        if t.starts_with('[') && !t.starts_with("[[") && !t.starts_with("[\"") {
            table = t
                .trim_matches(|c| c == '[' || c == ']')
                .replace([' ', '"'], "");
            break;
        }
        if keys.is_none() {
            // `a = { b = 1, c = '(' }` is `a.c`: a comma ends a sibling.
            let mut found: Vec<&str> = Vec::new();
            for c in assign.captures_iter(line) {
                if c[0].starts_with(',') {
                    found.pop();
                }
                found.extend(c.get(1).map(|m| m.as_str()));
            }
            if !found.is_empty() {
                keys = Some(found.join("."));
            }
        }
    }
    let keys = keys?;
    let table = if pyproject {
        table
            .strip_prefix("tool.routecov")
            .map(|t| t.trim_start_matches('.').to_string())
            .unwrap_or_default()
    } else {
        table
    };
    Some(if table.is_empty() {
        keys
    } else {
        format!("{table}.{keys}")
    })
}

/// The line of a dotted key (`floors.writes`, `criteria.max_p95_ms`) in a
/// configuration's text: the key's line inside its table, or any line
/// assigning it. `None` when it cannot be told.
pub(super) fn key_line(text: &str, key: &str, pyproject: bool) -> Option<usize> {
    let (table, last) = match key.rsplit_once('.') {
        Some((t, l)) => (t.to_string(), l.trim_matches('"').to_string()),
        None => (String::new(), key.to_string()),
    };
    let table = match (pyproject, table.is_empty()) {
        (true, true) => "tool.routecov".to_string(),
        (true, false) => format!("tool.routecov.{table}"),
        (false, _) => table,
    };
    let assigns = |line: &str| {
        let l = line.trim_start();
        let l = l.strip_prefix('"').unwrap_or(l);
        l.strip_prefix(last.as_str())
            .is_some_and(|r| r.trim_start_matches('"').trim_start().starts_with('='))
    };
    let mut current = String::new();
    let mut fallback = None;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.starts_with('[') && !t.starts_with("[[") {
            current = t.trim_matches(|c| c == '[' || c == ']').replace(' ', "");
            continue;
        }
        if assigns(line) {
            if current.replace('"', "") == table.replace('"', "") {
                return Some(i + 1);
            }
            fallback.get_or_insert(i + 1);
        }
    }
    fallback
}
