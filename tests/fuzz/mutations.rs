//! Mutations of fixture files.

use super::*;

// ---------------------------------------------------------------------------
// Mutations.

#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Lang {
    Python,
    Csv,
    Toml,
}

pub(crate) fn line_starts(b: &[u8]) -> Vec<usize> {
    let mut v = vec![0];
    v.extend(
        b.iter()
            .enumerate()
            .filter(|(_, &c)| c == b'\n')
            .map(|(i, _)| i + 1)
            .filter(|&i| i < b.len()),
    );
    v
}

pub(crate) fn line_range(b: &[u8], starts: &[usize], i: usize) -> (usize, usize) {
    let s = starts[i];
    let e = starts.get(i + 1).copied().unwrap_or(b.len());
    (s, e)
}

/// Applies one to three mutations to `b`; returns what was done.
pub(crate) fn mutate(rng: &mut Rng, b: &mut Vec<u8>, lang: Lang) -> Vec<String> {
    let mut done = Vec::new();
    for _ in 0..1 + rng.below(3) {
        let starts = line_starts(b);
        match rng.below(7) {
            0 => {
                let n = 1 + rng.below(8);
                for _ in 0..n {
                    if b.is_empty() {
                        break;
                    }
                    let i = rng.below(b.len());
                    b[i] = if rng.chance(50) {
                        b[i] ^ (1 << rng.below(8))
                    } else {
                        *rng.pick(b"()[]{}\"'\n\\,#: \t\x00\xff\xc3\x1b")
                    };
                }
                done.push(format!("flip x{n}"));
            }
            1 => {
                let at = rng.below(b.len() + 1);
                b.truncate(at);
                done.push(format!("truncate at {at}"));
            }
            2 => {
                let i = rng.below(starts.len());
                let (s, e) = line_range(b, &starts, i);
                b.drain(s..e);
                done.push(format!("delete line {}", i + 1));
            }
            3 => {
                let i = rng.below(starts.len());
                let (s, e) = line_range(b, &starts, i);
                let times = *rng.pick(&[1, 2, 10, 1_000]);
                let mut line = b[s..e].to_vec();
                if !line.ends_with(b"\n") {
                    line.push(b'\n');
                }
                let copies = line.repeat(times);
                b.splice(s..s, copies);
                done.push(format!("duplicate line {} x{times}", i + 1));
            }
            4 if starts.len() > 1 => {
                let (i, j) = (rng.below(starts.len()), rng.below(starts.len()));
                let (i, j) = (i.min(j), i.max(j));
                let lines: Vec<Vec<u8>> = (0..starts.len())
                    .map(|k| {
                        let (s, e) = line_range(b, &starts, k);
                        b[s..e].to_vec()
                    })
                    .collect();
                let mut lines = lines;
                lines.swap(i, j);
                *b = lines.concat();
                done.push(format!("swap lines {} and {}", i + 1, j + 1));
            }
            5 if lang == Lang::Csv => {
                // One column of some rows (every row, or about one in
                // ten) set to a hostile value.
                let text = String::from_utf8_lossy(b).into_owned();
                let mut rows: Vec<Vec<String>> = text
                    .lines()
                    .map(|l| l.split(',').map(str::to_string).collect())
                    .collect();
                let c = rng.below(rows.first().map_or(1, Vec::len));
                let v = csv_value(rng);
                let every = rng.chance(30);
                // One value for all, or a value per row (differences of
                // extremes overflow).
                let mixed = rng.chance(40);
                let mut n = 0;
                for (k, row) in rows.iter_mut().enumerate() {
                    if k > 0 && c < row.len() && (every || rng.chance(10)) {
                        row[c] = if mixed { csv_value(rng) } else { v }.to_string();
                        n += 1;
                    }
                }
                let mut out: String = rows.iter().map(|r| r.join(",") + "\r\n").collect();
                if !text.ends_with('\n') {
                    out.truncate(out.len().saturating_sub(2));
                }
                *b = out.into_bytes();
                if mixed {
                    done.push(format!("column {} of {n} rows = hostile values", c + 1));
                } else {
                    done.push(format!("column {} of {n} rows = {v:?}", c + 1));
                }
            }
            _ => {
                let i = rng.below(starts.len() + 1);
                let at = starts.get(i).copied().unwrap_or(b.len());
                let (name, text) = match lang {
                    Lang::Python => python_snippet(rng),
                    Lang::Toml => toml_snippet(rng),
                    Lang::Csv => {
                        let rows = *rng.pick(&[1, 100, 10_000]);
                        let row = format!(
                            "{},{},GET,/x/,1,0,1,1,1,1,1,1,1,1,1,1,1,{},0,1,1.0,1,1,1.0\r\n",
                            csv_value(rng),
                            csv_value(rng),
                            csv_value(rng)
                        );
                        (format!("rows x{rows}"), row.repeat(rows))
                    }
                };
                // Indent like the line it goes before.
                let indent: Vec<u8> = if lang == Lang::Python {
                    b[at..]
                        .iter()
                        .take_while(|&&c| c == b' ')
                        .copied()
                        .collect()
                } else {
                    Vec::new()
                };
                let mut ins = Vec::new();
                for l in text.lines() {
                    ins.extend_from_slice(&indent);
                    ins.extend_from_slice(l.as_bytes());
                    ins.push(b'\n');
                }
                if at > 0 && b[at - 1] != b'\n' {
                    ins.insert(0, b'\n');
                }
                b.splice(at..at, ins);
                done.push(format!("insert {name} before line {}", i + 1));
            }
        }
    }
    done
}
