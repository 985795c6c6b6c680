//! The pipeline flows one way (src/lib.rs): a module uses only the stages
//! before it, and no modules use each other in a circle, inside a folder
//! either. Read from the source's `crate::` and `super::` paths, test code
//! left out.

use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The stages in pipeline order.
const ORDER: &[&str] = &[
    "diagnostics",
    "model",
    "config",
    "discovery",
    "parsing",
    "python",
    "extract",
    "join",
    "analysis",
    "render",
    "cli",
];

type Module = Vec<String>;

/// Every module of `src/` with its source, test code cut off.
fn modules() -> BTreeMap<Module, String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.expect("src is readable");
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) != Some("rs") {
            continue;
        }
        let rel = path.strip_prefix(&src).expect("under src");
        let mut module: Module = rel
            .with_extension("")
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if matches!(
            module.last().map(String::as_str),
            Some("mod" | "lib" | "main")
        ) {
            module.pop();
        }
        let text = std::fs::read_to_string(path).expect("source is UTF-8");
        let text = match text.find("#[cfg(test)]\nmod tests") {
            Some(i) => &text[..i],
            None => &text,
        };
        // Comments speak of paths without using them.
        let text: String = text
            .lines()
            .map(|l| l.split("//").next().unwrap_or(""))
            .collect::<Vec<_>>()
            .join("\n");
        out.insert(module, text);
    }
    out
}

/// The first path segments each `crate::`/`super::` path names, with
/// `use x::{a::B, c}` groups expanded.
fn paths(text: &str) -> Vec<(String, Vec<String>)> {
    let re = Regex::new(r"\b(crate|super)((?:::(?:super|[A-Za-z_][A-Za-z0-9_]*))+|::\{)(::\{)?")
        .expect("valid regex");
    let mut out = Vec::new();
    for c in re.captures_iter(text) {
        let root = c[1].to_string();
        let segs: Vec<String> = c[2]
            .split("::")
            .filter(|s| !s.is_empty() && *s != "{")
            .map(str::to_string)
            .collect();
        let Some(group) = c
            .get(3)
            .or_else(|| c.get(2).filter(|g| g.as_str() == "::{"))
        else {
            out.push((root, segs));
            continue;
        };
        // Items of the brace group at its top level.
        let rest = &text[group.end()..];
        let (mut depth, mut item, mut items) = (0usize, String::new(), Vec::new());
        for ch in rest.chars() {
            match ch {
                '{' => depth += 1,
                '}' if depth == 0 => break,
                '}' => depth -= 1,
                ',' if depth == 0 => items.push(std::mem::take(&mut item)),
                _ => {}
            }
            item.push(ch);
        }
        items.push(item);
        for it in items {
            let it = it.trim().trim_start_matches(',').trim();
            let mut full = segs.clone();
            full.extend(
                it.split("::")
                    .map(|s| s.trim().to_string())
                    .take_while(|s| !s.is_empty() && !s.starts_with('{')),
            );
            out.push((root.clone(), full));
        }
    }
    out
}

/// The module a path from `from` lands in: its longest prefix that is a module.
fn resolve(
    modules: &BTreeMap<Module, String>,
    from: &Module,
    root: &str,
    segs: &[String],
) -> Option<Module> {
    let mut base: Module = if root == "crate" {
        Vec::new()
    } else {
        // `super` of `a::b` (file a/b.rs) is `a`; of `a` (a/mod.rs), the crate.
        let mut b = from.clone();
        b.pop();
        b
    };
    let mut rest = segs;
    while rest.first().map(String::as_str) == Some("super") {
        base.pop();
        rest = &rest[1..];
    }
    let mut best = base.clone();
    let mut cur = base;
    for s in rest {
        cur.push(s.clone());
        if modules.contains_key(&cur) {
            best = cur.clone();
        } else {
            break;
        }
    }
    Some(best)
}

fn graph() -> BTreeMap<Module, BTreeSet<Module>> {
    let modules = modules();
    let mut g: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    for (m, text) in &modules {
        let edges = g.entry(m.clone()).or_default();
        // Children named without `self::` (`mod body;` then `body::walk`).
        for child in modules
            .keys()
            .filter(|k| k.len() == m.len() + 1 && k.starts_with(m))
        {
            let last = child.last().map(String::as_str).unwrap_or_default();
            let re = Regex::new(&format!(r"(^|[^:\w]){last}::")).expect("valid regex");
            if re.is_match(text) {
                edges.insert(child.clone());
            }
        }
        for (root, segs) in paths(text) {
            if let Some(to) = resolve(&modules, m, &root, &segs) {
                if &to != m && !to.is_empty() {
                    edges.insert(to);
                }
            }
        }
    }
    g
}

fn stage(m: &Module) -> Option<usize> {
    ORDER
        .iter()
        .position(|s| Some(s) == m.first().map(String::as_str).as_ref())
}

fn name(m: &Module) -> String {
    m.join("::")
}

#[test]
fn no_stage_uses_a_later_one() {
    let mut backward = Vec::new();
    for (from, tos) in graph() {
        let Some(a) = stage(&from) else { continue };
        for to in tos {
            if let Some(b) = stage(&to) {
                if b > a {
                    backward.push(format!("{} uses {}", name(&from), name(&to)));
                }
            }
        }
    }
    assert!(
        backward.is_empty(),
        "backward edges (the order is {}):\n{}",
        ORDER.join(", "),
        backward.join("\n")
    );
}

/// Strongly connected components of more than one module are cycles.
#[test]
fn no_modules_use_each_other_in_a_circle() {
    let g = graph();
    let nodes: Vec<&Module> = g.keys().collect();
    let index: BTreeMap<&Module, usize> = nodes.iter().enumerate().map(|(i, m)| (*m, i)).collect();
    let succ: Vec<Vec<usize>> = nodes
        .iter()
        .map(|m| g[*m].iter().filter_map(|t| index.get(t).copied()).collect())
        .collect();
    // Tarjan's algorithm, iteratively.
    let n = nodes.len();
    let (mut idx, mut low, mut on) = (vec![usize::MAX; n], vec![0; n], vec![false; n]);
    let (mut stack, mut next, mut cycles) = (Vec::new(), 0, Vec::new());
    for start in 0..n {
        if idx[start] != usize::MAX {
            continue;
        }
        let mut work = vec![(start, 0usize)];
        while let Some((v, i)) = work.pop() {
            if i == 0 {
                idx[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on[v] = true;
            }
            if let Some(&w) = succ[v].get(i) {
                work.push((v, i + 1));
                if idx[w] == usize::MAX {
                    work.push((w, 0));
                } else if on[w] {
                    low[v] = low[v].min(idx[w]);
                }
                continue;
            }
            if low[v] == idx[v] {
                let mut comp = Vec::new();
                while let Some(w) = stack.pop() {
                    on[w] = false;
                    comp.push(name(nodes[w]));
                    if w == v {
                        break;
                    }
                }
                if comp.len() > 1 {
                    comp.sort();
                    cycles.push(comp.join(" <-> "));
                }
            }
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
        }
    }
    assert!(cycles.is_empty(), "module cycles:\n{}", cycles.join("\n"));
}

#[test]
fn the_checker_sees_backward_edges_and_groups() {
    let p = paths("use crate::{model::Route, analysis::x};\nfn f() { crate::cli::run(); super::super::a::b(); }");
    let firsts: Vec<String> = p
        .iter()
        .map(|(r, s)| format!("{r}::{}", s.join("::")))
        .collect();
    assert_eq!(
        firsts,
        [
            "crate::model::Route",
            "crate::analysis::x",
            "crate::cli::run",
            "super::super::a::b"
        ]
    );
}
