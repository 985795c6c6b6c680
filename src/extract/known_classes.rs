//! The class attributes of Django's and DRF's view classes, known without
//! their source: what `dir(cls)` lists besides the dunders every class has.
//! With them a read of an attribute no class of a viewset's order defines
//! is Python's `AttributeError` (the evaluator's `class_lacks`) rather than
//! an unknown, as code that walks `cls.mro()` under `try`/`except
//! AttributeError` relies on. Checked against the real packages in
//! `tests/known_views.rs`.

use super::names::canonical;

const VIEW: &[&str] = &[
    "_allowed_methods",
    "as_view",
    "dispatch",
    "http_method_names",
    "http_method_not_allowed",
    "options",
    "setup",
    "view_is_async",
];

const API_VIEW: &[&str] = &[
    "allowed_methods",
    "authentication_classes",
    "check_object_permissions",
    "check_permissions",
    "check_throttles",
    "content_negotiation_class",
    "default_response_headers",
    "determine_version",
    "finalize_response",
    "get_authenticate_header",
    "get_authenticators",
    "get_content_negotiator",
    "get_exception_handler",
    "get_exception_handler_context",
    "get_format_suffix",
    "get_parser_context",
    "get_parsers",
    "get_permissions",
    "get_renderer_context",
    "get_renderers",
    "get_throttles",
    "get_view_description",
    "get_view_name",
    "handle_exception",
    "initial",
    "initialize_request",
    "metadata_class",
    "parser_classes",
    "perform_authentication",
    "perform_content_negotiation",
    "permission_classes",
    "permission_denied",
    "raise_uncaught_exception",
    "renderer_classes",
    "schema",
    "settings",
    "throttle_classes",
    "throttled",
    "versioning_class",
];

const GENERIC_API_VIEW: &[&str] = &[
    "filter_backends",
    "filter_queryset",
    "get_object",
    "get_paginated_response",
    "get_queryset",
    "get_serializer",
    "get_serializer_class",
    "get_serializer_context",
    "lookup_field",
    "lookup_url_kwarg",
    "paginate_queryset",
    "pagination_class",
    "paginator",
    "queryset",
    "serializer_class",
];

const VIEWSET_MIXIN: &[&str] = &[
    "as_view",
    "get_extra_action_url_map",
    "get_extra_actions",
    "initialize_request",
    "reverse_action",
];

const CREATE: &[&str] = &["create", "get_success_headers", "perform_create"];
const LIST: &[&str] = &["list"];
const RETRIEVE: &[&str] = &["retrieve"];
const UPDATE: &[&str] = &["partial_update", "perform_update", "update"];
const DESTROY: &[&str] = &["destroy", "perform_destroy"];

/// The attribute groups of a known class, by its canonical dotted name.
pub fn attribute_groups(dotted: &str) -> Option<Vec<&'static [&'static str]>> {
    let generic = [VIEW, API_VIEW, GENERIC_API_VIEW];
    let groups: Vec<&'static [&'static str]> = match canonical(dotted).as_str() {
        "django.views.generic.base.View" => vec![VIEW],
        "rest_framework.views.APIView" => vec![VIEW, API_VIEW],
        "rest_framework.generics.GenericAPIView" => generic.to_vec(),
        "rest_framework.viewsets.ViewSetMixin" => vec![VIEWSET_MIXIN],
        "rest_framework.viewsets.ViewSet" => vec![VIEWSET_MIXIN, VIEW, API_VIEW],
        "rest_framework.viewsets.GenericViewSet" => [&[VIEWSET_MIXIN][..], &generic].concat(),
        "rest_framework.viewsets.ReadOnlyModelViewSet" => {
            [&[VIEWSET_MIXIN, LIST, RETRIEVE][..], &generic].concat()
        }
        "rest_framework.viewsets.ModelViewSet" => [
            &[VIEWSET_MIXIN, CREATE, LIST, RETRIEVE, UPDATE, DESTROY][..],
            &generic,
        ]
        .concat(),
        "rest_framework.mixins.CreateModelMixin" => vec![CREATE],
        "rest_framework.mixins.ListModelMixin" => vec![LIST],
        "rest_framework.mixins.RetrieveModelMixin" => vec![RETRIEVE],
        "rest_framework.mixins.UpdateModelMixin" => vec![UPDATE],
        "rest_framework.mixins.DestroyModelMixin" => vec![DESTROY],
        _ => return None,
    };
    Some(groups)
}

/// The known classes, for the test against the real packages.
pub const KNOWN_CLASSES: &[&str] = &[
    "django.views.generic.base.View",
    "rest_framework.views.APIView",
    "rest_framework.generics.GenericAPIView",
    "rest_framework.viewsets.ViewSetMixin",
    "rest_framework.viewsets.ViewSet",
    "rest_framework.viewsets.GenericViewSet",
    "rest_framework.viewsets.ReadOnlyModelViewSet",
    "rest_framework.viewsets.ModelViewSet",
    "rest_framework.mixins.CreateModelMixin",
    "rest_framework.mixins.ListModelMixin",
    "rest_framework.mixins.RetrieveModelMixin",
    "rest_framework.mixins.UpdateModelMixin",
    "rest_framework.mixins.DestroyModelMixin",
];

/// Whether the known class `dotted` has the attribute `name`; `None` for
/// a class not known here, and for dunders (every class has some).
pub fn has_attribute(dotted: &str, name: &str) -> Option<bool> {
    if name.starts_with("__") && name.ends_with("__") {
        return None;
    }
    let groups = attribute_groups(dotted)?;
    Some(groups.iter().any(|g| g.contains(&name)))
}

/// Every attribute of a known class, sorted.
pub fn attributes(dotted: &str) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = attribute_groups(dotted)
        .unwrap_or_default()
        .into_iter()
        .flatten()
        .copied()
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}
