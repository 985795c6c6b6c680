//! Django's model field classes and the few models of `django.contrib`
//! that projects use without their source (`auth.User`, `auth.Group`,
//! `auth.Permission`, `contenttypes.ContentType`): what the evaluator knows
//! of them without reading Django, checked against the real Django in a
//! test (`tests/model_meta.rs`).

use crate::python::{Args, Value};

/// Django's field classes (and the mixins among their bases that code
/// tests against), each with its direct bases among them.
const FIELD_CLASSES: &[(&str, &[&str])] = &[
    ("Field", &[]),
    ("AutoFieldMixin", &[]),
    ("IntegerField", &["Field"]),
    ("BigIntegerField", &["IntegerField"]),
    ("SmallIntegerField", &["IntegerField"]),
    ("PositiveIntegerField", &["IntegerField"]),
    ("PositiveSmallIntegerField", &["SmallIntegerField"]),
    ("PositiveBigIntegerField", &["BigIntegerField"]),
    ("AutoField", &["AutoFieldMixin", "IntegerField"]),
    // `AutoField`'s metaclass makes these subclasses of it to `issubclass`.
    (
        "BigAutoField",
        &["AutoFieldMixin", "BigIntegerField", "AutoField"],
    ),
    (
        "SmallAutoField",
        &["AutoFieldMixin", "SmallIntegerField", "AutoField"],
    ),
    ("CharField", &["Field"]),
    ("SlugField", &["CharField"]),
    ("EmailField", &["CharField"]),
    ("URLField", &["CharField"]),
    ("CommaSeparatedIntegerField", &["CharField"]),
    ("TextField", &["Field"]),
    ("UUIDField", &["Field"]),
    ("BooleanField", &["Field"]),
    ("NullBooleanField", &["BooleanField"]),
    ("DateField", &["Field"]),
    ("DateTimeField", &["DateField"]),
    ("TimeField", &["Field"]),
    ("DurationField", &["Field"]),
    ("DecimalField", &["Field"]),
    ("FloatField", &["Field"]),
    ("BinaryField", &["Field"]),
    ("FilePathField", &["Field"]),
    ("GenericIPAddressField", &["Field"]),
    ("IPAddressField", &["Field"]),
    ("FileField", &["Field"]),
    ("ImageField", &["FileField"]),
    ("JSONField", &["Field"]),
    ("GeneratedField", &["Field"]),
    ("RelatedField", &["Field"]),
    ("ForeignObject", &["RelatedField"]),
    ("ForeignKey", &["ForeignObject"]),
    ("OneToOneField", &["ForeignKey"]),
    ("ManyToManyField", &["RelatedField"]),
];

/// The modules under which Django defines or re-exports its field classes.
const FIELD_MODULES: &[&str] = &[
    "django.db.models",
    "django.db.models.fields",
    "django.db.models.fields.related",
    "django.db.models.fields.files",
    "django.db.models.fields.json",
    "django.db.models.fields.generated",
];

/// The name of Django's field class `dotted` (by any of its import paths).
pub fn field_class(dotted: &str) -> Option<&'static str> {
    let (module, name) = dotted.rsplit_once('.')?;
    if !FIELD_MODULES.contains(&module) {
        return None;
    }
    FIELD_CLASSES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(n, _)| *n)
}

/// The names of the field classes known here.
pub fn field_class_names() -> Vec<&'static str> {
    FIELD_CLASSES.iter().map(|(n, _)| *n).collect()
}

/// The dotted name code reads a field class by: `django.db.models.X`.
pub fn field_dotted(name: &str) -> String {
    format!("django.db.models.{name}")
}

/// Django's field class `name` and all its bases among the field classes.
pub fn field_ancestry(name: &str) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    let mut queue: Vec<&str> = vec![name];
    while let Some(n) = queue.pop() {
        let Some((own, bases)) = FIELD_CLASSES.iter().find(|(k, _)| *k == n) else {
            continue;
        };
        if !out.contains(own) {
            out.push(own);
            queue.extend(bases.iter());
        }
    }
    out
}

/// Whether Django's class `class` derives from Django's class `target`,
/// when both are field classes; whether a known model derives from
/// `django.db.models.Model`.
pub fn external_is_subclass(class: &str, target: &str) -> Option<bool> {
    if let (Some(c), Some(t)) = (field_class(class), field_class(target)) {
        return Some(field_ancestry(c).contains(&t));
    }
    // The rest of `django.db.models` (managers, querysets, indexes, the
    // field mixins) holds no field class.
    if field_class(target).is_some() && class.starts_with("django.db.models.") {
        return Some(false);
    }
    if known_model(class).is_some() && (is_model_class(target) || field_class(target).is_some()) {
        return Some(is_model_class(target));
    }
    if field_class(class).is_some() && (is_model_class(target) || known_model(target).is_some()) {
        return Some(false);
    }
    None
}

/// True for `django.db.models.Model` by its import paths.
pub fn is_model_class(dotted: &str) -> bool {
    matches!(
        dotted,
        "django.db.models.Model" | "django.db.models.base.Model"
    )
}

/// `models.CharField(...)` and the other field classes: a field object
/// with the options the code gave (its `name` is set when the model's
/// fields are collected, as `contribute_to_class` does).
pub fn call(callee: &str, args: &Args) -> Option<Value> {
    let name = field_class(callee)?;
    if name == "Field" || name.ends_with("Mixin") || name == "RelatedField" {
        return None;
    }
    Some(new_field(name, args))
}

/// A field of Django's class `name` made with `args`.
pub fn new_field(name: &str, args: &Args) -> Value {
    let ancestry = field_ancestry(name);
    let relation = ancestry.contains(&"RelatedField");
    let flag = |key: &str, default: bool| match args.kw(key) {
        Some(v) => v.truthy().map_or_else(|| v.clone(), Value::Bool),
        None => Value::Bool(default),
    };
    // Django's own defaults: a binary or generated field is not editable,
    // a one-to-one field is unique.
    let editable_default = !matches!(name, "BinaryField" | "GeneratedField");
    let mut attrs = vec![
        ("primary_key".to_string(), flag("primary_key", false)),
        ("editable".to_string(), flag("editable", editable_default)),
        ("null".to_string(), flag("null", false)),
        ("blank".to_string(), flag("blank", false)),
        (
            "unique".to_string(),
            flag("unique", name == "OneToOneField"),
        ),
        ("is_relation".to_string(), Value::Bool(relation)),
        (
            "many_to_many".to_string(),
            Value::Bool(name == "ManyToManyField"),
        ),
    ];
    if let Some(v) = args.kw("max_length") {
        attrs.push(("max_length".to_string(), v.clone()));
    }
    if let Some(v) = args.kw("parent_link") {
        attrs.push(("parent_link".to_string(), v.clone()));
    }
    Value::instance(Value::External(field_dotted(name)), attrs)
}

/// A model of `django.contrib` known without its source.
#[derive(Debug)]
pub struct KnownModel {
    pub dotted: &'static str,
    pub app_label: &'static str,
    pub object_name: &'static str,
    pub verbose_name: &'static str,
    pub verbose_name_plural: &'static str,
    /// Forward fields in Django's order, with their classes; the first is
    /// the primary key.
    pub fields: &'static [(&'static str, &'static str)],
    /// Attributes the class has beyond those of `models.Model` (its
    /// fields' descriptors, methods, managers), reverse accessors of other
    /// Django models included.
    pub attrs: &'static [&'static str],
}

pub const KNOWN_MODELS: &[KnownModel] = &[
    KnownModel {
        dotted: "django.contrib.auth.models.User",
        app_label: "auth",
        object_name: "User",
        verbose_name: "user",
        verbose_name_plural: "users",
        fields: &[
            ("id", "AutoField"),
            ("password", "CharField"),
            ("last_login", "DateTimeField"),
            ("is_superuser", "BooleanField"),
            ("username", "CharField"),
            ("first_name", "CharField"),
            ("last_name", "CharField"),
            ("email", "EmailField"),
            ("is_staff", "BooleanField"),
            ("is_active", "BooleanField"),
            ("date_joined", "DateTimeField"),
            ("groups", "ManyToManyField"),
            ("user_permissions", "ManyToManyField"),
        ],
        attrs: &[
            "DoesNotExist",
            "EMAIL_FIELD",
            "Meta",
            "MultipleObjectsReturned",
            "REQUIRED_FIELDS",
            "USERNAME_FIELD",
            "_get_session_auth_hash",
            "_meta",
            "_password",
            "acheck_password",
            "aget_all_permissions",
            "aget_group_permissions",
            "aget_user_permissions",
            "ahas_module_perms",
            "ahas_perm",
            "ahas_perms",
            "check_password",
            "email_user",
            "get_all_permissions",
            "get_email_field_name",
            "get_full_name",
            "get_group_permissions",
            "get_next_by_date_joined",
            "get_previous_by_date_joined",
            "get_session_auth_fallback_hash",
            "get_session_auth_hash",
            "get_short_name",
            "get_user_permissions",
            "get_username",
            "has_module_perms",
            "has_perm",
            "has_perms",
            "has_usable_password",
            "is_anonymous",
            "is_authenticated",
            "natural_key",
            "normalize_username",
            "objects",
            "set_password",
            "set_unusable_password",
            "username_validator",
        ],
    },
    KnownModel {
        dotted: "django.contrib.auth.models.Group",
        app_label: "auth",
        object_name: "Group",
        verbose_name: "group",
        verbose_name_plural: "groups",
        fields: &[
            ("id", "AutoField"),
            ("name", "CharField"),
            ("permissions", "ManyToManyField"),
        ],
        attrs: &[
            "DoesNotExist",
            "MultipleObjectsReturned",
            "_meta",
            "natural_key",
            "objects",
            "user_set",
        ],
    },
    KnownModel {
        dotted: "django.contrib.auth.models.Permission",
        app_label: "auth",
        object_name: "Permission",
        verbose_name: "permission",
        verbose_name_plural: "permissions",
        fields: &[
            ("id", "AutoField"),
            ("name", "CharField"),
            ("content_type", "ForeignKey"),
            ("codename", "CharField"),
        ],
        attrs: &[
            "DoesNotExist",
            "MultipleObjectsReturned",
            "_meta",
            "content_type_id",
            "group_set",
            "natural_key",
            "objects",
            "user_set",
        ],
    },
    KnownModel {
        dotted: "django.contrib.contenttypes.models.ContentType",
        app_label: "contenttypes",
        object_name: "ContentType",
        verbose_name: "content type",
        verbose_name_plural: "content types",
        fields: &[
            ("id", "AutoField"),
            ("app_label", "CharField"),
            ("model", "CharField"),
        ],
        attrs: &[
            "DoesNotExist",
            "MultipleObjectsReturned",
            "_meta",
            "app_labeled_name",
            "get_all_objects_for_this_type",
            "get_object_for_this_type",
            "model_class",
            "name",
            "natural_key",
            "objects",
            "permission_set",
        ],
    },
];

/// The known model `dotted` names, by its defining module.
pub fn known_model(dotted: &str) -> Option<&'static KnownModel> {
    KNOWN_MODELS.iter().find(|k| k.dotted == dotted)
}

/// Attributes of `django.db.models.Model` itself (`dir(Model)` less the
/// dunder names), as Django 5.2 defines them.
pub const MODEL_ATTRS: &[&str] = &[
    "_check_column_name_clashes",
    "_check_composite_pk",
    "_check_constraints",
    "_check_db_table_comment",
    "_check_default_pk",
    "_check_field_name_clashes",
    "_check_fields",
    "_check_id_field",
    "_check_indexes",
    "_check_local_fields",
    "_check_long_column_names",
    "_check_m2m_through_same_relationship",
    "_check_managers",
    "_check_model",
    "_check_model_name_db_lookup_clashes",
    "_check_ordering",
    "_check_property_name_related_field_accessor_clashes",
    "_check_single_primary_key",
    "_check_swappable",
    "_check_unique_together",
    "_do_insert",
    "_do_update",
    "_get_FIELD_display",
    "_get_expr_references",
    "_get_field_expression_map",
    "_get_next_or_previous_by_FIELD",
    "_get_next_or_previous_in_order",
    "_get_pk_val",
    "_get_unique_checks",
    "_is_pk_set",
    "_parse_save_params",
    "_perform_date_checks",
    "_perform_unique_checks",
    "_prepare_related_fields_for_save",
    "_save_parents",
    "_save_table",
    "_set_pk_val",
    "_validate_force_insert",
    "adelete",
    "arefresh_from_db",
    "asave",
    "check",
    "clean",
    "clean_fields",
    "date_error_message",
    "delete",
    "from_db",
    "full_clean",
    "get_constraints",
    "get_deferred_fields",
    "pk",
    "prepare_database_save",
    "refresh_from_db",
    "save",
    "save_base",
    "serializable_value",
    "unique_error_message",
    "validate_constraints",
    "validate_unique",
];

/// Whether a model class has `name` through `django.db.models.Model`
/// (or a known model): `None` for the names Django makes per model
/// (managers, exceptions, field descriptors, `get_FOO_display`, reverse
/// accessors), which depend on the model and the models pointing at it.
pub fn model_has(dotted: &str, name: &str) -> Option<bool> {
    let known = known_model(dotted);
    if !is_model_class(dotted) && known.is_none() {
        return None;
    }
    if MODEL_ATTRS.contains(&name) {
        return Some(true);
    }
    if let Some(k) = known {
        if k.attrs.contains(&name) || k.fields.iter().any(|(f, _)| *f == name) {
            return Some(true);
        }
    }
    if name.starts_with("__")
        || name.starts_with("get_")
        || name.ends_with("_id")
        || name.ends_with("_set")
    {
        return None;
    }
    if known.is_none()
        && matches!(
            name,
            "id" | "objects" | "DoesNotExist" | "MultipleObjectsReturned" | "_meta" | "Meta"
        )
    {
        return None;
    }
    Some(false)
}
