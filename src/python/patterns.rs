//! `match` statements: each `case` decided against the subject where the
//! evaluator can (literals, alternatives `"a" | "b"`, captures, `_`, `as`,
//! with the `if` guard); sequence, mapping, class and value patterns are
//! undecided: the case may run.

use super::interp::{Frame, Guard, Interp};
use super::merge::Path;
use super::operators::values_equal;
use super::statements::Flow;
use super::value::Value;
use crate::parsing::line_of;
use std::collections::BTreeSet;
use tree_sitter::Node;

/// What a `case` binds when it matches: each capture's name, line and value.
type Captures = Vec<(String, usize, Value)>;

/// A case that may run.
struct Case {
    /// `case <pattern>`, the condition it runs under.
    text: String,
    block: Node<'static>,
    captures: Captures,
}

impl Interp {
    /// `match`: the cases known not to match are left out (in an observed
    /// walk, walked as switched off by the subject's names); the first one
    /// known to match runs, alone when no undecided case comes before it.
    /// With precise flow the cases that may run are paths, joined; module
    /// code runs each under its pattern as a condition.
    pub(super) fn exec_match(&mut self, frame: &mut Frame, stmt: Node<'static>) -> Flow {
        let mut c = stmt.walk();
        let subjects: Vec<Node<'static>> = stmt.children_by_field_name("subject", &mut c).collect();
        let subject = match subjects.as_slice() {
            [one] => self.eval(frame, *one),
            _ => Value::unknown("subject", "a match on several subjects"),
        };
        let Some(body) = stmt.child_by_field_name("body") else {
            return Flow::Normal;
        };
        let mut c = body.walk();
        let clauses: Vec<Node<'static>> = body.named_children(&mut c).collect();
        let mut runs: Vec<Case> = Vec::new();
        let mut off: Vec<Node<'static>> = Vec::new();
        let mut matched = false;
        for clause in clauses {
            let Some(block) = clause.child_by_field_name("consequence") else {
                continue;
            };
            if matched {
                off.push(block);
                continue;
            }
            match self.case_matches(frame, clause, &subject) {
                Some((false, _)) => off.push(block),
                decided => {
                    let (sure, captures) = decided.unwrap_or_default();
                    matched = sure;
                    let text = clause
                        .named_child(0)
                        .map(|p| format!("case {}", self.text(frame.module, p)))
                        .unwrap_or_else(|| "case".to_string());
                    runs.push(Case {
                        text,
                        block,
                        captures,
                    });
                }
            }
        }
        if self.observed.is_some() && !off.is_empty() {
            let mut names = Vec::new();
            for s in &subjects {
                names.extend(self.deciding_names(frame, *s));
            }
            self.off_path(frame, names, |it, fr| {
                for b in off {
                    it.exec_block(fr, b);
                }
            });
        }
        self.run_cases(frame, runs, matched)
    }

    fn run_cases(&mut self, frame: &mut Frame, mut runs: Vec<Case>, matched: bool) -> Flow {
        if matched && runs.len() == 1 {
            let case = runs.remove(0);
            self.bind_captures(frame, case.captures);
            return self.exec_block(frame, case.block);
        }
        if self.precise_flow {
            // No case known to match: matching none is a path too.
            let mut paths: Vec<Path> = if matched { Vec::new() } else { vec![None] };
            for case in runs {
                paths.push(Some(Box::new(move |it, fr| {
                    it.bind_captures(fr, case.captures);
                    it.exec_under(fr, Guard::Unknown(case.text), |it, fr| {
                        it.exec_block(fr, case.block)
                    })
                })));
            }
            return self.join(frame, paths);
        }
        for case in runs {
            self.bind_captures(frame, case.captures);
            let flow = self.exec_under(frame, Guard::Unknown(case.text), |it, fr| {
                it.exec_block(fr, case.block)
            });
            if !matches!(flow, Flow::Normal) {
                return flow;
            }
        }
        Flow::Normal
    }

    fn bind_captures(&mut self, frame: &mut Frame, captures: Captures) {
        for (name, line, value) in captures {
            self.bind(frame, &name, value, line, BTreeSet::new());
        }
    }

    /// Whether `clause` matches `subject` (and what it captures), or
    /// `None` when the evaluator cannot say.
    fn case_matches(
        &mut self,
        frame: &mut Frame,
        clause: Node<'static>,
        subject: &Value,
    ) -> Option<(bool, Captures)> {
        let mut c = clause.walk();
        let patterns: Vec<Node<'static>> = clause
            .named_children(&mut c)
            .filter(|n| n.kind() == "case_pattern")
            .collect();
        // `case a, b:` is a sequence pattern.
        let [pattern] = patterns.as_slice() else {
            return None;
        };
        let mut captures = Captures::new();
        let matches = self.pattern_matches(frame, *pattern, subject, &mut captures)?;
        if !matches {
            return Some((false, captures));
        }
        let Some(guard) = clause.child_by_field_name("guard") else {
            return Some((true, captures));
        };
        // The guard sees the captures: bound for it, as Python does before testing it.
        let before = self.scope_snapshot(frame);
        self.bind_captures(frame, captures.clone());
        let holds = guard
            .named_child(0)
            .and_then(|e| self.eval(frame, e).truthy());
        self.restore_scope(frame, before);
        holds.map(|h| (h, captures))
    }

    fn pattern_matches(
        &mut self,
        frame: &mut Frame,
        pattern: Node<'static>,
        subject: &Value,
        captures: &mut Captures,
    ) -> Option<bool> {
        match pattern.kind() {
            "case_pattern" => match pattern.named_child(0) {
                // `_`
                None => Some(true),
                Some(inner) if pattern.child(0).is_some_and(|c| c.kind() == "-") => {
                    let v = self.eval(frame, inner);
                    let negated = self.binary("-", Value::Int(0), v, pattern, frame.module);
                    values_equal(subject, &negated)
                }
                Some(inner) => self.pattern_matches(frame, inner, subject, captures),
            },
            "union_pattern" => {
                let mut c = pattern.walk();
                let alternatives: Vec<Node<'static>> = pattern.named_children(&mut c).collect();
                let mut undecided = false;
                for alt in alternatives {
                    match self.pattern_matches(frame, alt, subject, captures) {
                        Some(true) => return Some(true),
                        Some(false) => {}
                        None => undecided = true,
                    }
                }
                (!undecided).then_some(false)
            }
            "as_pattern" => {
                let inner = pattern.named_child(0)?;
                let matches = self.pattern_matches(frame, inner, subject, captures)?;
                // `case P as name`: the name is the last child.
                let alias = pattern.named_child(pattern.named_child_count().checked_sub(1)?)?;
                let name = self.text(frame.module, alias).to_string();
                captures.push((name, line_of(alias), subject.clone()));
                Some(matches)
            }
            // A capture (`case x:`) matches anything; `Color.RED` is a value.
            "dotted_name" if pattern.named_child_count() == 1 => {
                let name = self.text(frame.module, pattern).to_string();
                captures.push((name, line_of(pattern), subject.clone()));
                Some(true)
            }
            // `True`, `False` and `None` compare by identity.
            "true" | "false" | "none" => match subject {
                Value::Bool(b) => Some(pattern.kind() == if *b { "true" } else { "false" }),
                Value::None => Some(pattern.kind() == "none"),
                Value::Str(_)
                | Value::Int(_)
                | Value::Float(_)
                | Value::List(_)
                | Value::Tuple(_)
                | Value::Dict(_) => Some(false),
                _ => None,
            },
            "string" | "concatenated_string" | "integer" | "float" => {
                let v = self.eval(frame, pattern);
                values_equal(subject, &v)
            }
            _ => None,
        }
    }
}
