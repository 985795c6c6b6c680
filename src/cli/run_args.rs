//! What the run was given: `--locust-args "..."` (the rest of Locust's
//! command line, split as a POSIX shell splits it, so that a locustfile
//! reading `sys.argv` sees it) and `--client-timeout` (where a timeout
//! ceiling is looked for).

/// Options of Locust that routecov's own flags give: inside `--locust-args`
/// they would change `sys.argv` but not the tag filter routecov applies.
const OWN_FLAGS: &[(&str, &str)] = &[
    ("-f", "--locustfile"),
    ("--locustfile", "--locustfile"),
    ("-T", "--tags"),
    ("--tags", "--tags"),
    ("-E", "--exclude-tags"),
    ("--exclude-tags", "--exclude-tags"),
];

/// The words of `--locust-args`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LocustArgs(pub Vec<String>);

pub fn parse_locust_args(s: &str) -> Result<LocustArgs, String> {
    let words = split(s)?;
    for w in &words {
        let name = w.split_once('=').map_or(w.as_str(), |(n, _)| n);
        if let Some((_, flag)) = OWN_FLAGS.iter().find(|(f, _)| *f == name) {
            return Err(format!(
                "`{w}` has its own flag: pass {flag} to routecov, which applies it as Locust does and puts it in sys.argv"
            ));
        }
    }
    Ok(LocustArgs(words))
}

/// Splits `s` into words: blanks separate them, single quotes keep
/// everything, double quotes keep all but `\"` and `\\`, a backslash outside
/// quotes keeps the next character.
fn split(s: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_whitespace() => {
                if let Some(w) = word.take() {
                    words.push(w);
                }
            }
            '\'' => {
                let w = word.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => w.push(c),
                        None => return Err("unclosed single quote".into()),
                    }
                }
            }
            '"' => {
                let w = word.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(c @ ('"' | '\\')) => w.push(c),
                            Some(c) => {
                                w.push('\\');
                                w.push(c);
                            }
                            None => return Err("unclosed double quote".into()),
                        },
                        Some(c) => w.push(c),
                        None => return Err("unclosed double quote".into()),
                    }
                }
            }
            '\\' => match chars.next() {
                Some(c) => word.get_or_insert_with(String::new).push(c),
                None => return Err("a backslash ends the arguments".into()),
            },
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    Ok(words)
}

/// `--client-timeout`: a duration (`120s`, `2.5s`, `500ms`, `2m`, or bare
/// seconds as Locust's own timeouts), in seconds.
pub fn parse_duration_s(s: &str) -> Result<f64, String> {
    let t = s.trim();
    let (number, scale) = if let Some(n) = t.strip_suffix("ms") {
        (n, 0.001)
    } else if let Some(n) = t.strip_suffix('s') {
        (n, 1.0)
    } else if let Some(n) = t.strip_suffix('m') {
        (n, 60.0)
    } else {
        (t, 1.0)
    };
    let v: f64 = number
        .trim()
        .parse()
        .map_err(|_| format!("expected a duration like 120s, 500ms or 2m, not `{s}`"))?;
    let seconds = v * scale;
    if seconds.is_finite() && seconds > 0.0 {
        Ok(seconds)
    } else {
        Err(format!("must be a duration above 0, not `{s}`"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration_s("120s"), Ok(120.0));
        assert_eq!(parse_duration_s(" 2.5 "), Ok(2.5));
        assert_eq!(parse_duration_s("500ms"), Ok(0.5));
        assert_eq!(parse_duration_s("2m"), Ok(120.0));
        for bad in ["", "0", "-1s", "5h", "s", "inf", "nan"] {
            assert!(parse_duration_s(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn splits_as_a_shell_does() {
        let w = |s: &str| parse_locust_args(s).map(|a| a.0);
        assert_eq!(
            w("--users 50  --run-time 10m").unwrap(),
            ["--users", "50", "--run-time", "10m"]
        );
        assert_eq!(
            w(r#"--host 'http://a b' --x "say \"hi\"" a\ b ''"#).unwrap(),
            ["--host", "http://a b", "--x", "say \"hi\"", "a b", ""]
        );
        assert_eq!(w("").unwrap(), Vec::<String>::new());
        assert!(w("'open").unwrap_err().contains("unclosed single quote"));
        assert!(w("\"open").unwrap_err().contains("unclosed double quote"));
        assert!(w("--tags api")
            .unwrap_err()
            .contains("pass --tags to routecov"));
        assert!(w("-E=admin").unwrap_err().contains("--exclude-tags"));
        assert!(w("-f x.py").unwrap_err().contains("--locustfile"));
    }
}
