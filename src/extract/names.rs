//! Django's and DRF's names: the dotted path under which each object is
//! defined, whichever public alias the code imports it by.

/// Where Django and DRF define what their packages re-export, so a view
/// reads as Django's `__module__` would.
const CANONICAL: &[(&str, &str)] = &[
    ("django.views.View", "django.views.generic.base.View"),
    (
        "django.views.generic.View",
        "django.views.generic.base.View",
    ),
    (
        "django.views.generic.TemplateView",
        "django.views.generic.base.TemplateView",
    ),
    (
        "django.views.generic.RedirectView",
        "django.views.generic.base.RedirectView",
    ),
    (
        "django.views.generic.ListView",
        "django.views.generic.list.ListView",
    ),
    (
        "django.views.generic.DetailView",
        "django.views.generic.detail.DetailView",
    ),
    (
        "django.views.generic.FormView",
        "django.views.generic.edit.FormView",
    ),
    (
        "django.views.generic.CreateView",
        "django.views.generic.edit.CreateView",
    ),
    (
        "django.views.generic.UpdateView",
        "django.views.generic.edit.UpdateView",
    ),
    (
        "django.views.generic.DeleteView",
        "django.views.generic.edit.DeleteView",
    ),
    (
        "django.views.generic.ArchiveIndexView",
        "django.views.generic.dates.ArchiveIndexView",
    ),
    (
        "django.views.generic.YearArchiveView",
        "django.views.generic.dates.YearArchiveView",
    ),
    (
        "django.views.generic.MonthArchiveView",
        "django.views.generic.dates.MonthArchiveView",
    ),
    (
        "django.views.generic.WeekArchiveView",
        "django.views.generic.dates.WeekArchiveView",
    ),
    (
        "django.views.generic.DayArchiveView",
        "django.views.generic.dates.DayArchiveView",
    ),
    (
        "django.views.generic.TodayArchiveView",
        "django.views.generic.dates.TodayArchiveView",
    ),
    (
        "django.views.generic.DateDetailView",
        "django.views.generic.dates.DateDetailView",
    ),
    ("django.urls.conf.path", "django.urls.path"),
    ("django.urls.conf.re_path", "django.urls.re_path"),
    ("django.urls.conf.include", "django.urls.include"),
    ("django.conf.urls.include", "django.urls.include"),
    ("django.conf.urls.url", "django.urls.re_path"),
    (
        "django.conf.urls.i18n_patterns",
        "django.conf.urls.i18n.i18n_patterns",
    ),
    ("django.conf.urls.static", "django.conf.urls.static.static"),
    (
        "django.views.decorators.http.require_GET",
        "django.views.decorators.http.require_GET",
    ),
];

/// The dotted name under which Django or DRF defines `dotted`.
pub fn canonical(dotted: &str) -> String {
    for (from, to) in CANONICAL {
        if *from == dotted {
            return (*to).to_string();
        }
    }
    match super::known_views::by_import(dotted) {
        Some(k) if k.form != super::known_views::Form::SchemaViewFactory => k.class.to_string(),
        _ => dotted.to_string(),
    }
}

/// The last component of a dotted name.
pub fn last(dotted: &str) -> &str {
    dotted.rsplit('.').next().unwrap_or(dotted)
}
