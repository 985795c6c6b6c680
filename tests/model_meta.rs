//! What routecov knows of Django's models without reading Django (field
//! classes and their bases, `models.Model`'s attributes, the
//! `django.contrib` models it knows) against the installed Django.

mod common;

use routecov::extract::model_fields::{
    field_ancestry, field_class_names, model_has, KNOWN_MODELS, MODEL_ATTRS,
};
use std::collections::BTreeSet;

fn facts() -> serde_json::Value {
    let names = field_class_names().join(",");
    common::python_json("django_model_facts.py", &[&names])
}

fn strings(v: &serde_json::Value) -> BTreeSet<String> {
    v.as_array()
        .expect("a list")
        .iter()
        .filter_map(|s| s.as_str().map(str::to_string))
        .collect()
}

#[test]
fn field_classes_derive_as_in_django() {
    let facts = facts();
    for a in field_class_names() {
        let theirs = strings(&facts["subclass"][a]);
        let ours: BTreeSet<String> = field_ancestry(a).into_iter().map(str::to_string).collect();
        assert_eq!(ours, theirs, "bases of {a} (left: routecov, right: Django)");
    }
}

#[test]
fn model_attributes_are_djangos() {
    let facts = facts();
    let ours: BTreeSet<String> = MODEL_ATTRS.iter().map(|s| s.to_string()).collect();
    assert_eq!(ours, strings(&facts["model_attrs"]));
    assert_eq!(model_has("django.db.models.Model", "save"), Some(true));
    assert_eq!(
        model_has("django.db.models.Model", "sort_order_field"),
        Some(false)
    );
    // Made per model: not known from `Model` alone.
    assert_eq!(model_has("django.db.models.Model", "objects"), None);
    assert_eq!(
        model_has("django.db.models.Model", "get_status_display"),
        None
    );
}

#[test]
fn known_contrib_models_are_djangos() {
    let facts = facts();
    for k in KNOWN_MODELS {
        let theirs = &facts["known"][k.dotted];
        assert_eq!(theirs["app_label"], k.app_label, "{}", k.dotted);
        assert_eq!(theirs["object_name"], k.object_name);
        assert_eq!(theirs["verbose_name"], k.verbose_name);
        assert_eq!(theirs["verbose_name_plural"], k.verbose_name_plural);
        let fields: Vec<(String, String)> = theirs["fields"]
            .as_array()
            .expect("fields")
            .iter()
            .map(|f| {
                (
                    f[0].as_str().unwrap_or("").into(),
                    f[1].as_str().unwrap_or("").into(),
                )
            })
            .collect();
        let ours: Vec<(String, String)> = k
            .fields
            .iter()
            .map(|(n, c)| (n.to_string(), c.to_string()))
            .collect();
        assert_eq!(ours, fields, "fields of {}", k.dotted);
        let mut attrs: BTreeSet<String> = k.attrs.iter().map(|s| s.to_string()).collect();
        attrs.extend(k.fields.iter().map(|(n, _)| n.to_string()));
        assert_eq!(
            attrs,
            strings(&theirs["attrs"]),
            "attributes of {}",
            k.dotted
        );
        assert_eq!(model_has(k.dotted, "sort_order_field"), Some(false));
    }
}
