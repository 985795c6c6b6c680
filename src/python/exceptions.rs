//! Exceptions the evaluator knows a call raises: importing a module that is
//! neither in the sources nor in site-packages raises `ImportError`, as it
//! does in Python. Only a raise that an enclosing `try` catches is followed
//! (the rest of the `try` body is skipped and the matching handler runs);
//! anywhere else the call's result stays an unknown, since what the program
//! would do then (stop, or be caught by code the evaluator does not see) is
//! not something it can show.

use super::interp::Interp;
use tree_sitter::Node;

/// The exception classes a raised exception is an instance of, itself first.
fn lineage(exc: &str) -> Vec<&str> {
    let mut out = vec![exc];
    let parents: &[&str] = match exc {
        "ModuleNotFoundError" => &["ImportError", "Exception", "BaseException"],
        "ImportError" | "LookupError" | "AttributeError" => &["Exception", "BaseException"],
        "KeyError" | "IndexError" => &["LookupError", "Exception", "BaseException"],
        // `IOError` and `EnvironmentError` are other names of `OSError`.
        "FileNotFoundError" => &[
            "OSError",
            "IOError",
            "EnvironmentError",
            "Exception",
            "BaseException",
        ],
        _ => &["Exception", "BaseException"],
    };
    out.extend_from_slice(parents);
    out
}

/// True when a handler naming `names` (empty for a bare `except:`) catches
/// `exc`.
pub(super) fn catches(names: &[String], exc: &str) -> bool {
    names.is_empty() || {
        let lineage = lineage(exc);
        names.iter().any(|n| lineage.contains(&n.as_str()))
    }
}

impl Interp {
    /// Raises `exc` when an enclosing `try` catches it, and says so; the
    /// caller then returns any value, which is never used.
    pub fn raise(&mut self, exc: &str) -> bool {
        let caught = self
            .catching
            .iter()
            .any(|names| names.iter().any(|handler| catches(handler, exc)));
        if caught {
            self.raised = Some(exc.to_string());
        }
        caught
    }

    /// True while a raised exception unwinds: statements are skipped.
    pub(super) fn unwinding(&self) -> bool {
        self.raised.is_some()
    }

    /// The exception classes an `except` clause names, by their last dotted
    /// segment (empty for a bare `except:`).
    pub(super) fn handler_names(&self, module: usize, clause: Node<'static>) -> Vec<String> {
        let mut c = clause.walk();
        let values: Vec<Node<'static>> = clause.children_by_field_name("value", &mut c).collect();
        let mut out = Vec::new();
        for v in values {
            let mut stack = vec![v];
            while let Some(n) = stack.pop() {
                match n.kind() {
                    "tuple" | "parenthesized_expression" | "expression_list" => {
                        let mut c = n.walk();
                        stack.extend(n.named_children(&mut c));
                    }
                    "as_pattern" => stack.extend(n.named_child(0)),
                    _ => {
                        let text = self.text(module, n);
                        out.push(text.rsplit('.').next().unwrap_or(text).to_string());
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::catches;

    #[test]
    fn handlers_catch_the_exception_and_its_ancestors() {
        let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(catches(&names(&["ImportError"]), "ModuleNotFoundError"));
        assert!(catches(&names(&["KeyError", "Exception"]), "ImportError"));
        assert!(catches(&[], "ImportError"));
        assert!(!catches(&names(&["ModuleNotFoundError"]), "ImportError"));
        assert!(!catches(&names(&["AttributeError"]), "ImportError"));
        // `IOError` and `EnvironmentError` are `OSError` under other names.
        for handler in [
            "FileNotFoundError",
            "OSError",
            "IOError",
            "EnvironmentError",
        ] {
            assert!(catches(&names(&[handler]), "FileNotFoundError"));
        }
        assert!(!catches(&names(&["KeyError"]), "FileNotFoundError"));
        assert!(catches(&names(&["LookupError"]), "KeyError"));
    }
}
