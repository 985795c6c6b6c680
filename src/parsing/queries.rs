//! The tree-sitter queries of `queries/*.scm`, embedded and compiled once.
//! Capture indices are resolved by name when a query is built, so the hot
//! loops compare indices only, and a renamed capture fails the unit test that
//! compiles every query instead of silently matching nothing.

use std::sync::OnceLock;
use tree_sitter::{Language, Node, Query, QueryCursor, StreamingIterator};

/// A query whose source or captures do not fit the code that uses it.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    #[error("query {name}: {source}")]
    Compile {
        name: &'static str,
        source: tree_sitter::QueryError,
    },
    #[error("query {name}: missing capture @{capture}; expected captures: {expected}")]
    MissingCapture {
        name: &'static str,
        capture: &'static str,
        expected: String,
    },
}

fn language() -> Language {
    tree_sitter_python::LANGUAGE.into()
}

fn compile(
    name: &'static str,
    source: &str,
    captures: &[&'static str],
) -> Result<(Query, Vec<u32>), QueryError> {
    let query =
        Query::new(&language(), source).map_err(|source| QueryError::Compile { name, source })?;
    let mut indices = Vec::with_capacity(captures.len());
    for capture in captures {
        let idx =
            query
                .capture_index_for_name(capture)
                .ok_or_else(|| QueryError::MissingCapture {
                    name,
                    capture,
                    expected: captures
                        .iter()
                        .map(|c| format!("@{c}"))
                        .collect::<Vec<_>>()
                        .join(", "),
                })?;
        indices.push(idx);
    }
    Ok((query, indices))
}

/// Comparisons of `request.method` in a view body.
pub struct RequestMethodQuery {
    pub query: Query,
    pub comparison: u32,
}

/// Calls and arguments by which a view rejects other methods.
pub struct RejectionQuery {
    pub query: Query,
    pub rejection: u32,
}

/// `client.<verb>(...)` calls of Locust task code.
pub struct ClientCallQuery {
    pub query: Query,
    pub call: u32,
    pub verb: u32,
}

/// All compiled queries.
pub struct Queries {
    pub request_method: RequestMethodQuery,
    pub rejection: RejectionQuery,
    pub client_call: ClientCallQuery,
}

impl Queries {
    pub fn build() -> Result<Queries, QueryError> {
        let (query, idx) = compile(
            "request_method.scm",
            include_str!("../../queries/request_method.scm"),
            &["comparison"],
        )?;
        let request_method = RequestMethodQuery {
            query,
            comparison: idx[0],
        };
        let (query, idx) = compile(
            "method_rejection.scm",
            include_str!("../../queries/method_rejection.scm"),
            &["rejection"],
        )?;
        let rejection = RejectionQuery {
            query,
            rejection: idx[0],
        };
        let (query, idx) = compile(
            "locust_client_call.scm",
            include_str!("../../queries/locust_client_call.scm"),
            &["call", "verb"],
        )?;
        let client_call = ClientCallQuery {
            query,
            call: idx[0],
            verb: idx[1],
        };
        Ok(Queries {
            request_method,
            rejection,
            client_call,
        })
    }
}

/// The process-wide compiled queries.
pub fn queries() -> &'static Queries {
    static QUERIES: OnceLock<Queries> = OnceLock::new();
    QUERIES.get_or_init(|| match Queries::build() {
        Ok(q) => q,
        // The queries are part of the binary; the `every_query_compiles` test
        // keeps this branch unreachable in a released build.
        Err(e) => panic!("embedded query is invalid: {e}"),
    })
}

/// Runs `query` over `node` and returns the nodes captured as `capture`.
pub fn captures_of(
    query: &Query,
    capture: u32,
    node: Node<'static>,
    text: &str,
) -> Vec<Node<'static>> {
    let mut cursor = QueryCursor::new();
    let mut out = Vec::new();
    let mut matches = cursor.matches(query, node, text.as_bytes());
    while let Some(m) = matches.next() {
        for c in m.captures {
            if c.index == capture {
                out.push(c.node);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_query_compiles() {
        if let Err(e) = Queries::build() {
            panic!("{e}");
        }
    }
}
