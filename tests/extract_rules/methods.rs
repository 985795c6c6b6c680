//! Methods of function views and of class-based views.

use super::*;

// ---------------------------------------------------------------------------
// Methods of function views
// ---------------------------------------------------------------------------

/// Routes every function of `views` (a `blog/views.py` body) at `/<name>/`.
fn function_views(names: &[&str], views: &str) -> RouteMap {
    let mut urls =
        String::from("from django.urls import path\nfrom blog import views\n\nurlpatterns = [\n");
    for n in names {
        urls.push_str(&format!("    path(\"{n}/\", views.{n}, name=\"{n}\"),\n"));
    }
    urls.push_str("]\n");
    let map = routes(&urls, &[("blog/views.py", views)]);
    assert_no_warnings(&map);
    map
}

#[test]
fn require_get_is_get() {
    let map = function_views(
        &["feed"],
        "from django.views.decorators.http import require_GET\n\n\n@require_GET\ndef feed(request):\n    pass\n",
    );
    assert_eq!(methods(&map, "/feed/"), ["GET"]);
}

#[test]
fn require_post_is_post() {
    let map = function_views(
        &["vote"],
        "from django.views.decorators.http import require_POST\n\n\n@require_POST\ndef vote(request):\n    pass\n",
    );
    assert_eq!(methods(&map, "/vote/"), ["POST"]);
}

#[test]
fn require_safe_is_get() {
    let map = function_views(
        &["page"],
        "from django.views.decorators.http import require_safe\n\n\n@require_safe\ndef page(request):\n    pass\n",
    );
    assert_eq!(methods(&map, "/page/"), ["GET"]);
}

#[test]
fn require_http_methods_lists_the_methods() {
    let map = function_views(
        &["form"],
        r#"from django.views.decorators.http import require_http_methods


@require_http_methods(["POST", "GET"])
def form(request):
    pass
"#,
    );
    assert_eq!(methods(&map, "/form/"), ["GET", "POST"]);
}

#[test]
fn method_decorator_stacked_with_login_required_in_either_order() {
    let map = function_views(
        &["outer", "inner"],
        r#"from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_POST


@login_required
@require_POST
def outer(request):
    pass


@require_POST
@login_required
def inner(request):
    pass
"#,
    );
    assert_eq!(
        rows(&map),
        [
            "/outer/ outer blog.views.outer POST",
            "/inner/ inner blog.views.inner POST",
        ]
    );
}

#[test]
fn drf_api_view_with_methods_and_bare() {
    let map = function_views(
        &["items", "status"],
        r#"from rest_framework.decorators import api_view
from rest_framework.response import Response


@api_view(["GET", "POST"])
def items(request):
    return Response([])


@api_view()
def status(request):
    return Response({})
"#,
    );
    assert_eq!(
        rows(&map),
        [
            "/items/ items blog.views.items GET,POST",
            "/status/ status blog.views.status GET",
        ]
    );
}

#[test]
fn request_method_branch_falls_through_to_get() {
    let map = function_views(
        &["edit"],
        r#"from django.shortcuts import render, redirect


def edit(request):
    if request.method == "POST":
        return redirect("/")
    return render(request, "edit.html")
"#,
    );
    assert_eq!(methods(&map, "/edit/"), ["GET", "POST"]);
}

#[test]
fn request_method_branch_with_not_allowed_is_exact() {
    let map = function_views(
        &["submit"],
        r#"from django.http import HttpResponseNotAllowed, JsonResponse


def submit(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return JsonResponse({"ok": True})
"#,
    );
    assert_eq!(methods(&map, "/submit/"), ["POST"]);
}

#[test]
fn request_method_in_tuple() {
    let map = function_views(
        &["profile"],
        r#"from django.http import JsonResponse


def profile(request):
    if request.method in ("PUT", "PATCH"):
        return JsonResponse({"updated": True})
    return JsonResponse({})
"#,
    );
    assert_eq!(methods(&map, "/profile/"), ["GET", "PUT", "PATCH"]);
}

#[test]
fn undecorated_function_view_is_any_with_a_note() {
    let map = function_views(
        &["plain"],
        "from django.http import HttpResponse\n\n\ndef plain(request):\n    return HttpResponse(\"x\")\n",
    );
    let r = route(&map, "/plain/");
    assert_eq!(r.methods, ANY);
    assert!(r.methods_note.is_some(), "{r:?}");
}

// ---------------------------------------------------------------------------
// Methods of class-based views
// ---------------------------------------------------------------------------

/// Routes each class of `views` (a `blog/views.py` body) at `/<lowercase name>/`.
fn class_views(names: &[&str], views: &str) -> RouteMap {
    let mut urls =
        String::from("from django.urls import path\nfrom blog import views\n\nurlpatterns = [\n");
    for n in names {
        let lower = n.to_lowercase();
        urls.push_str(&format!(
            "    path(\"{lower}/\", views.{n}.as_view(), name=\"{lower}\"),\n"
        ));
    }
    urls.push_str("]\n");
    let map = routes(&urls, &[("blog/views.py", views)]);
    assert_no_warnings(&map);
    map
}

#[test]
fn class_view_handler_methods() {
    let map = class_views(
        &["Contact"],
        r#"from django.views import View


class Contact(View):
    def post(self, request):
        pass

    def get(self, request):
        pass

    def helper(self):
        pass
"#,
    );
    assert_eq!(
        rows(&map),
        ["/contact/ contact blog.views.Contact GET,POST"]
    );
}

#[test]
fn class_view_http_method_names_restricts_handlers() {
    let map = class_views(
        &["Item"],
        r#"from django.views import View


class Item(View):
    http_method_names = ["get", "post"]

    def get(self, request):
        pass

    def post(self, request):
        pass

    def delete(self, request):
        pass
"#,
    );
    assert_eq!(methods(&map, "/item/"), ["GET", "POST"]);
}

#[test]
fn class_view_inherits_handlers_from_a_local_base() {
    let map = class_views(
        &["Child"],
        r#"from django.views import View


class Base(View):
    def get(self, request):
        pass


class Child(Base):
    def delete(self, request):
        pass
"#,
    );
    assert_eq!(rows(&map), ["/child/ child blog.views.Child GET,DELETE"]);
}

#[test]
fn class_view_with_only_head_keeps_head_and_options() {
    let map = class_views(
        &["Probe"],
        r#"from django.views import View


class Probe(View):
    def head(self, request):
        pass
"#,
    );
    assert_eq!(methods(&map, "/probe/"), ["HEAD", "OPTIONS"]);
}

#[test]
fn django_display_generic_views_are_get() {
    let map = class_views(
        &["About", "Articles", "Article"],
        r#"from django.views.generic import DetailView, ListView, TemplateView


class About(TemplateView):
    template_name = "about.html"


class Articles(ListView):
    model = None


class Article(DetailView):
    model = None
"#,
    );
    assert_eq!(
        rows(&map),
        [
            "/about/ about blog.views.About GET",
            "/articles/ articles blog.views.Articles GET",
            "/article/ article blog.views.Article GET",
        ]
    );
}

#[test]
fn django_edit_generic_views_include_put() {
    let map = class_views(
        &["New", "Edit", "Feedback"],
        r#"from django.views.generic.edit import CreateView, FormView, UpdateView


class New(CreateView):
    fields = ["title"]


class Edit(UpdateView):
    fields = ["title"]


class Feedback(FormView):
    template_name = "feedback.html"
"#,
    );
    for p in ["/new/", "/edit/", "/feedback/"] {
        assert_eq!(methods(&map, p), ["GET", "POST", "PUT"], "{p}");
    }
}

#[test]
fn django_delete_view() {
    let map = class_views(
        &["Remove"],
        "from django.views.generic import DeleteView\n\n\nclass Remove(DeleteView):\n    success_url = \"/\"\n",
    );
    assert_eq!(methods(&map, "/remove/"), ["GET", "POST", "DELETE"]);
}

#[test]
fn django_redirect_view_accepts_every_method() {
    let map = routes(
        r#"from django.urls import path
from django.views.generic import RedirectView

urlpatterns = [
    path("old/", RedirectView.as_view(url="/new/"), name="old"),
]
"#,
        &[],
    );
    assert_eq!(
        rows(&map),
        ["/old/ old django.views.generic.base.RedirectView GET,POST,PUT,PATCH,DELETE"]
    );
    assert_no_warnings(&map);
}

#[test]
fn drf_generic_views() {
    let map = class_views(
        &["Projects", "Project"],
        r#"from rest_framework import generics


class Projects(generics.ListCreateAPIView):
    pass


class Project(generics.RetrieveUpdateDestroyAPIView):
    pass
"#,
    );
    assert_eq!(methods(&map, "/projects/"), ["GET", "POST"]);
    assert_eq!(
        methods(&map, "/project/"),
        ["GET", "PUT", "PATCH", "DELETE"]
    );
}

#[test]
fn class_on_unknown_third_party_base_is_any_with_a_note() {
    let map = class_views(
        &["Fancy"],
        r#"from fancylib.views import FancyView


class Fancy(FancyView):
    template_name = "fancy.html"
"#,
    );
    let r = route(&map, "/fancy/");
    assert_eq!(r.view, "blog.views.Fancy");
    assert_eq!(r.methods, ANY);
    let note = r.methods_note.as_deref().unwrap_or_default();
    assert!(note.contains("fancylib"), "note: {note:?}");
}
