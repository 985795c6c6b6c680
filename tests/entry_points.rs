//! `importlib.metadata.entry_points(group=...)` reads the entry points the
//! distributions in the site-packages declare: a settings module that adds
//! its plugins' apps to `INSTALLED_APPS` through them (as plugin-based
//! applications do) is read with those apps. Without site-packages the
//! list is unknown: the loop over it adds nothing.

mod common;

use routecov::extract::{route_map, RouteOptions};

const SETTINGS: &str = r#"from importlib.metadata import entry_points

ROOT_URLCONF = "proj.urls"
INSTALLED_APPS = ["blog"]
PLUGIN_NAMES = []
for entry_point in entry_points(group="proj.plugin"):
    PLUGIN_NAMES.append(entry_point.name + "-" + entry_point.module)
    INSTALLED_APPS.append(entry_point.load())
"#;

const URLS: &str = r#"from django.conf import settings
from django.urls import path
from blog.views import page

urlpatterns = [path(app + "/", page) for app in settings.INSTALLED_APPS]
urlpatterns += [path(name + "/", page) for name in settings.PLUGIN_NAMES]
"#;

/// The paths of the project's routes, and how many warnings.
fn paths(site: Option<&std::path::Path>) -> (Vec<String>, usize) {
    let dir = common::blog_project(SETTINGS, URLS, &[]);
    let opts = RouteOptions {
        project: dir.path().to_path_buf(),
        site_packages: site.into_iter().map(|p| p.to_path_buf()).collect(),
        ..Default::default()
    };
    let map = route_map(&opts).expect("project has a URLconf");
    (
        map.routes.iter().map(|r| r.path.clone()).collect(),
        map.warnings.len(),
    )
}

#[test]
fn plugins_installed_through_entry_points_are_found() {
    let site = tempfile::tempdir().expect("temp dir");
    let write = |rel: &str, text: &str| {
        let p = site.path().join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    };
    write(
        "zplug-1.0.dist-info/entry_points.txt",
        "[console_scripts]\nzplug = zplug.cli:main\n\n[proj.plugin]\nzplug = zplug:default_app_config\n",
    );
    write(
        "zplug/__init__.py",
        "default_app_config = \"zplug.apps.ZplugConfig\"\n",
    );
    write("zplug/apps.py", "from django.apps import AppConfig\n\nclass ZplugConfig(AppConfig):\n    name = \"zplug\"\n");
    write(
        "aplug-2.0.dist-info/entry_points.txt",
        "[proj.plugin]\naplug = aplug:APP\n",
    );
    write("aplug/__init__.py", "APP = \"aplug\"\n");
    write(
        "other-1.0.dist-info/entry_points.txt",
        "[console_scripts]\nother = other:main\n",
    );
    let (paths, _) = paths(Some(site.path()));
    assert_eq!(
        paths,
        [
            "/blog/",
            "/aplug/",
            "/zplug.apps.ZplugConfig/",
            "/aplug-aplug/",
            "/zplug-zplug/"
        ]
    );
}

#[test]
fn without_site_packages_entry_points_are_unknown() {
    let (paths, _) = paths(None);
    assert_eq!(paths, ["/blog/"]);
}
