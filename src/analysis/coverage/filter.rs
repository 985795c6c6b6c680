//! The model's tag filter in words, as the report and its findings name it.

use crate::model::LocustModel;

/// The words of a tag filter: `--tags a b --exclude-tags c`, or `no tag filter`.
pub fn filter_text(model: &LocustModel) -> String {
    let mut parts = Vec::new();
    if let Some(t) = &model.filter.tags {
        parts.push(format!("--tags {}", t.join(" ")));
    }
    if let Some(t) = &model.filter.exclude_tags {
        parts.push(format!("--exclude-tags {}", t.join(" ")));
    }
    for (k, v) in &model.filter.env {
        parts.push(format!("--env {k}={v}"));
    }
    if !model.filter.locust_args.is_empty() {
        parts.push(format!(
            "--locust-args \"{}\"",
            model.filter.locust_args.join(" ")
        ));
    }
    if parts.is_empty() {
        "no tag filter".to_string()
    } else {
        parts.join(" ")
    }
}
