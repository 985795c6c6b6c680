//! What a function view without a method decorator means to serve. Django
//! serves such a view to any method, so its methods stay `ANY`; its body
//! often says more: it reads `request.POST` or `request.FILES`, parses
//! `request.body`, dispatches on a form's `is_valid()` (POST), renders a
//! template or answers from the database (GET). Helpers a function view
//! calls, in its module or imported from the project, are read one level
//! deep; a lambda view's body is read too.

use crate::parsing::SourceFile;
use crate::python::value::FuncRef;
use crate::python::{Interp, Value};
use std::rc::Rc;
use tree_sitter::Node;

/// The methods a view's body shows it means to serve, with the evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Intended {
    pub methods: Vec<String>,
    pub evidence: Vec<String>,
}

/// Nodes read per function body: generated monster views end the reading,
/// not the run.
const NODE_BUDGET: usize = 50_000;
/// Helpers read per view.
const MAX_HELPERS: usize = 16;

const RENDER_CALLS: [&str; 6] = [
    "render",
    "render_to_response",
    "render_to_string",
    "TemplateResponse",
    "get_template",
    "select_template",
];
const DB_CALLS: [&str; 2] = ["get_object_or_404", "get_list_or_404"];
const MUTATING_CALLS: [&str; 7] = [
    "save",
    "delete",
    "create",
    "update",
    "bulk_create",
    "bulk_update",
    "get_or_create",
];

/// What one reading found, each item a sentence of evidence.
#[derive(Debug, Default)]
struct Signals {
    /// `request.POST`, `request.FILES`, `request.body`.
    input: Vec<String>,
    /// `form.is_valid()`.
    form: Vec<String>,
    /// A template rendered.
    page: Vec<String>,
    /// `Model.objects`, `get_object_or_404`.
    db: Vec<String>,
    /// `request.GET`.
    query: Vec<String>,
    /// `.save()`, `.delete()`, ...: a write without input says nothing of the method.
    mutation: bool,
}

/// Where signals are read: the helper, if any, and its file.
struct Where<'a> {
    context: &'a str,
    file: &'a str,
}

impl Where<'_> {
    /// Adds `what` to `list` unless this function already gave it: one
    /// sentence per kind of evidence and function is enough to judge.
    fn note(&self, n: Node<'_>, list: &mut Vec<String>, what: &str) {
        let head = format!("{what}{} at ", self.context);
        if !list.iter().any(|e| e.starts_with(&head)) {
            let line = n.start_position().row + 1;
            list.push(format!("{head}{}:{line}", self.file));
        }
    }
}

/// A call to a function that may be a helper of the view: its callee as
/// written and the position at which the view passes its request, if any.
struct HelperCall {
    callee: Vec<String>,
    request_arg: Option<usize>,
}

/// The intended methods of `view`, when its body gives evidence.
pub fn intended_methods(it: &mut Interp, view: &Value) -> Option<Intended> {
    match view {
        Value::Function(f) => from_function(it, f),
        Value::Wrapped { inner, .. } => intended_methods(it, inner),
        Value::Lambda(l) => from_lambda(it, &l.module, l.line),
        _ => None,
    }
}

/// A lambda view's body, read like a function's; the helpers it calls are
/// not followed.
fn from_lambda(it: &mut Interp, module: &str, line: usize) -> Option<Intended> {
    let file = it.module_index(module).and_then(|m| it.file_of(m))?;
    let node = lambda_at(file.root(), line)?;
    let request = param_name(node, file.text, 0);
    let mut signals = Signals::default();
    scan(node, file, request.as_deref(), "", &mut signals);
    decide(signals)
}

/// The first lambda starting on `line` (1-based).
fn lambda_at(root: Node<'static>, line: usize) -> Option<Node<'static>> {
    let row = line.checked_sub(1)?;
    let mut stack = vec![root];
    let mut budget = NODE_BUDGET;
    while let Some(n) = stack.pop() {
        budget = budget.checked_sub(1)?;
        if n.kind() == "lambda" && n.start_position().row == row {
            return Some(n);
        }
        // Only nodes spanning the line can hold the lambda.
        let mut c = n.walk();
        let children: Vec<Node<'static>> = n
            .named_children(&mut c)
            .filter(|k| k.start_position().row <= row && k.end_position().row >= row)
            .collect();
        stack.extend(children.into_iter().rev());
    }
    None
}

fn from_function(it: &mut Interp, f: &FuncRef) -> Option<Intended> {
    let (file, def) = definition(it, f)?;
    let request = param_name(def, file.text, 0);
    let mut signals = Signals::default();
    let calls = scan(def, file, request.as_deref(), "", &mut signals);
    let mut seen: Vec<String> = Vec::new();
    for call in calls {
        if seen.len() >= MAX_HELPERS {
            break;
        }
        let Some(helper) = resolve_helper(it, &f.module, &call.callee) else {
            continue;
        };
        let key = format!("{}.{}", helper.module, helper.qualname);
        if key == format!("{}.{}", f.module, f.qualname) || seen.contains(&key) {
            continue;
        }
        seen.push(key);
        let Some((hfile, hdef)) = definition(it, &helper) else {
            continue;
        };
        // The helper sees the request under its own parameter's name.
        let hreq = call
            .request_arg
            .and_then(|i| param_name(hdef, hfile.text, i));
        let context = format!(" in helper `{}`", helper.qualname);
        scan(hdef, hfile, hreq.as_deref(), &context, &mut signals);
    }
    decide(signals)
}

fn decide(s: Signals) -> Option<Intended> {
    let mut evidence = Vec::new();
    let mut methods = Vec::new();
    // A form bound to the query string (`SearchForm(request.GET)`) is a
    // search page, not a post.
    let get_form = s.input.is_empty() && !s.query.is_empty();
    if !s.input.is_empty() || (!s.form.is_empty() && !get_form) {
        // A form view shows its page without input and takes the post.
        if !s.page.is_empty() {
            methods.push("GET".to_string());
        }
        methods.push("POST".to_string());
        evidence.extend(s.input);
        evidence.extend(s.form);
        evidence.extend(s.page);
    } else if !s.page.is_empty() || !s.query.is_empty() || (!s.db.is_empty() && !s.mutation) {
        methods.push("GET".to_string());
        evidence.extend(s.page);
        evidence.extend(s.query);
        evidence.extend(s.form);
        if !s.mutation {
            evidence.extend(s.db);
        }
    }
    if methods.is_empty() {
        return None;
    }
    Some(Intended { methods, evidence })
}

fn definition(it: &mut Interp, f: &FuncRef) -> Option<(&'static SourceFile, Node<'static>)> {
    let file = it.module_index(&f.module).and_then(|m| it.file_of(m))?;
    let def = it.function_node(f);
    (def.kind() == "function_definition").then_some((file, def))
}

/// The name of the `index`th parameter of a function definition.
fn param_name(def: Node<'_>, text: &str, index: usize) -> Option<String> {
    let params = def.child_by_field_name("parameters")?;
    let mut c = params.walk();
    let p = params.named_children(&mut c).nth(index)?;
    let ident = match p.kind() {
        "identifier" => p,
        "typed_parameter" | "default_parameter" | "typed_default_parameter" => {
            let mut c2 = p.walk();
            let first = p
                .child_by_field_name("name")
                .or_else(|| p.named_children(&mut c2).find(|n| n.kind() == "identifier"))?;
            first
        }
        _ => return None,
    };
    text.get(ident.byte_range()).map(str::to_string)
}

fn helper_value(it: &mut Interp, module: &str, callee: &[String]) -> Value {
    let mut v = it.module_attr(module, &callee[0]);
    for part in &callee[1..] {
        v = match v {
            Value::Module(m) => it.module_attr(&m, part),
            _ => return Value::unknown(callee.join("."), "not a module attribute"),
        };
    }
    v
}

/// A function of the analysed project that `callee` names in `module`.
fn resolve_helper(it: &mut Interp, module: &str, callee: &[String]) -> Option<Rc<FuncRef>> {
    if callee.is_empty() || callee.len() > 2 {
        return None;
    }
    match helper_value(it, module, callee) {
        Value::Function(h) if it.module_index(&h.module).is_some() => Some(h),
        _ => None,
    }
}

/// Reads the body of `def`, adding what it finds to `signals`, and returns
/// the calls that may reach helpers.
fn scan(
    def: Node<'static>,
    file: &SourceFile,
    request: Option<&str>,
    context: &str,
    signals: &mut Signals,
) -> Vec<HelperCall> {
    let mut calls = Vec::new();
    let Some(body) = def.child_by_field_name("body") else {
        return calls;
    };
    let text = file.text;
    let at = Where {
        context,
        file: &file.display,
    };
    let mut stack = vec![body];
    let mut budget = NODE_BUDGET;
    while let Some(n) = stack.pop() {
        if budget == 0 {
            break;
        }
        budget -= 1;
        match n.kind() {
            "attribute" => read_attribute(n, text, request, &at, signals),
            "call" => {
                if let Some(call) = read_call(n, text, request, &at, signals) {
                    calls.push(call);
                }
            }
            _ => {}
        }
        let mut c = n.walk();
        let children: Vec<Node<'static>> = n.named_children(&mut c).collect();
        stack.extend(children.into_iter().rev());
    }
    calls
}

fn read_attribute(n: Node<'_>, text: &str, request: Option<&str>, at: &Where<'_>, s: &mut Signals) {
    let (Some(obj), Some(attr)) = (
        n.child_by_field_name("object"),
        n.child_by_field_name("attribute"),
    ) else {
        return;
    };
    let attr_text = text.get(attr.byte_range()).unwrap_or("");
    let obj_text = text.get(obj.byte_range()).unwrap_or("");
    let on_request = obj.kind() == "identifier" && request == Some(obj_text);
    match attr_text {
        "POST" | "FILES" if on_request => {
            at.note(n, &mut s.input, &format!("reads request.{attr_text}"));
        }
        "body" if on_request => at.note(n, &mut s.input, "parses request.body"),
        "GET" if on_request => at.note(n, &mut s.query, "reads request.GET"),
        "objects" => at.note(n, &mut s.db, "answers from the database"),
        _ => {}
    }
}

fn read_call(
    n: Node<'_>,
    text: &str,
    request: Option<&str>,
    at: &Where<'_>,
    s: &mut Signals,
) -> Option<HelperCall> {
    let func = n.child_by_field_name("function")?;
    let (name, callee) = match func.kind() {
        "identifier" => {
            let t = text.get(func.byte_range())?.to_string();
            (t.clone(), vec![t])
        }
        "attribute" => {
            let attr = func.child_by_field_name("attribute")?;
            let name = text.get(attr.byte_range())?.to_string();
            let obj = func.child_by_field_name("object")?;
            let callee = match obj.kind() {
                "identifier" => vec![text.get(obj.byte_range())?.to_string(), name.clone()],
                _ => Vec::new(),
            };
            (name, callee)
        }
        _ => return None,
    };
    if name == "is_valid" {
        at.note(n, &mut s.form, "dispatches on a form's is_valid()");
        return None;
    }
    if RENDER_CALLS.contains(&name.as_str()) {
        at.note(n, &mut s.page, "renders a template");
        return None;
    }
    if DB_CALLS.contains(&name.as_str()) {
        at.note(n, &mut s.db, "answers from the database");
        return None;
    }
    if MUTATING_CALLS.contains(&name.as_str()) && func.kind() == "attribute" {
        s.mutation = true;
        return None;
    }
    let args = n.child_by_field_name("arguments")?;
    let mut c = args.walk();
    let request_arg = args.named_children(&mut c).position(|a| {
        a.kind() == "identifier" && request.is_some_and(|r| text.get(a.byte_range()) == Some(r))
    });
    Some(HelperCall {
        callee,
        request_arg,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said(s: &[&str]) -> Vec<String> {
        s.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn input_means_post_and_a_page_beside_it_means_get_too() {
        let post = decide(Signals {
            input: said(&["reads request.POST at v.py:3"]),
            db: said(&["answers from the database at v.py:4"]),
            ..Default::default()
        });
        assert_eq!(post.map(|i| i.methods), Some(said(&["POST"])));
        let form = decide(Signals {
            form: said(&["dispatches on a form's is_valid() at v.py:3"]),
            page: said(&["renders a template at v.py:5"]),
            ..Default::default()
        })
        .expect("evidence");
        assert_eq!(form.methods, said(&["GET", "POST"]));
        assert_eq!(form.evidence.len(), 2);
        let search = decide(Signals {
            form: said(&["dispatches on a form's is_valid() at v.py:3"]),
            query: said(&["reads request.GET at v.py:2"]),
            ..Default::default()
        })
        .expect("evidence");
        assert_eq!(search.methods, said(&["GET"]));
    }

    #[test]
    fn pages_and_database_answers_mean_get_unless_the_view_writes() {
        let page = decide(Signals {
            page: said(&["renders a template at v.py:3"]),
            ..Default::default()
        });
        assert_eq!(page.map(|i| i.methods), Some(said(&["GET"])));
        let db = decide(Signals {
            db: said(&["answers from the database at v.py:3"]),
            ..Default::default()
        });
        assert_eq!(db.map(|i| i.methods), Some(said(&["GET"])));
        let purge = decide(Signals {
            db: said(&["answers from the database at v.py:3"]),
            mutation: true,
            ..Default::default()
        });
        assert_eq!(purge, None);
        assert_eq!(decide(Signals::default()), None);
    }
}
