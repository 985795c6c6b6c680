//! One test per Locust rule `routecov tasks` must follow, each on a tiny
//! locustfile, with what Locust 2 itself does (checked against its source:
//! `locust/user/task.py`, `users.py`, `sequential_taskset.py`).

mod common;

use routecov::extract::locustfile::{extract_tasks, find_locustfile, TaskOptions};
use routecov::model::{LocustModel, Request, Task, TaskKind, UserClass};
use std::path::Path;

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

const HEAD: &str = "import os\nimport sys\nfrom locust import HttpUser, FastHttpUser, TaskSet, SequentialTaskSet, task, tag, between, constant, constant_pacing\n\n";

fn opts(dir: &Path) -> TaskOptions {
    TaskOptions {
        locustfile: Some(dir.join("locustfile.py")),
        base: dir.to_path_buf(),
        ..Default::default()
    }
}

fn run(o: TaskOptions) -> LocustModel {
    extract_tasks(&o).expect("locustfile reads")
}

/// The model of `locustfile.py` with `body` after the common imports.
fn model(body: &str) -> LocustModel {
    model_with(body, None, None, &[])
}

fn model_with(
    body: &str,
    tags: Option<&[&str]>,
    exclude: Option<&[&str]>,
    env: &[(&str, &str)],
) -> LocustModel {
    let dir = common::project(&[("locustfile.py", &format!("{HEAD}{body}"))]);
    let mut o = opts(dir.path());
    o.tags = tags.map(|t| t.iter().map(|s| s.to_string()).collect());
    o.exclude_tags = exclude.map(|t| t.iter().map(|s| s.to_string()).collect());
    o.env = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    run(o)
}

fn user<'a>(m: &'a LocustModel, name: &str) -> &'a UserClass {
    m.users
        .iter()
        .find(|u| u.name == name)
        .unwrap_or_else(|| panic!("no user {name} in {:?}", names(m)))
}

fn names(m: &LocustModel) -> Vec<&str> {
    m.users.iter().map(|u| u.name.as_str()).collect()
}

/// A task by path below a user: `"ProjectTasks/ScheduleTasks/back"`.
fn task<'a>(u: &'a UserClass, path: &str) -> &'a Task {
    let mut tasks = &u.tasks;
    let mut found: Option<&Task> = None;
    for part in path.split('/') {
        let t = tasks
            .iter()
            .find(|t| t.name == part)
            .unwrap_or_else(|| panic!("no task {part} in {path} of {}", u.name));
        found = Some(t);
        if let Some(sub) = &t.tasks {
            tasks = sub;
        }
    }
    found.expect("non-empty path")
}

fn task_names(tasks: &[Task]) -> Vec<&str> {
    tasks.iter().map(|t| t.name.as_str()).collect()
}

fn urls(reqs: &[Request]) -> Vec<String> {
    reqs.iter()
        .map(|r| {
            let mut s = format!("{} {}", r.method, r.url);
            if let Some(q) = &r.query {
                s.push('?');
                s.push_str(q);
            }
            s
        })
        .collect()
}

fn warnings(m: &LocustModel) -> Vec<String> {
    m.warnings.iter().map(|w| w.to_string()).collect()
}

fn has_warning(m: &LocustModel, needle: &str) -> bool {
    m.warnings.iter().any(|w| w.to_string().contains(needle))
}

// ---------------------------------------------------------------------------
// User classes
// ---------------------------------------------------------------------------

#[test]
fn user_classes_through_inheritance_and_fasthttp() {
    let m = model(
        "class Base(HttpUser):\n    abstract = True\n\nclass A(Base):\n    @task\n    def t(self):\n        pass\n\nclass M(FastHttpUser):\n    @task\n    def t(self):\n        pass\n\nclass NotAUser:\n    pass\n",
    );
    assert_eq!(names(&m), ["Base", "A", "M"]);
    assert!(user(&m, "Base").is_abstract);
    assert!(!user(&m, "Base").spawned);
    assert_eq!(user(&m, "A").base, "HttpUser");
    assert_eq!(user(&m, "M").base, "FastHttpUser");
}

#[test]
fn abstract_is_not_inherited() {
    let m = model(
        "class Base(HttpUser):\n    abstract = True\n    @task\n    def t(self):\n        pass\n\nclass Child(Base):\n    pass\n\nclass Off(Base):\n    abstract = False\n",
    );
    assert!(user(&m, "Base").is_abstract);
    assert!(
        !user(&m, "Child").is_abstract,
        "Locust's metaclass resets it"
    );
    assert!(user(&m, "Child").spawned);
    assert!(!user(&m, "Off").is_abstract);
}

#[test]
fn weights_and_fixed_count_with_env_dependencies() {
    let src = "ONLY = os.getenv('ONLY', '0') == '1'\nN = int(os.environ.get('N_USERS', '2'))\n\nclass A(HttpUser):\n    weight = 0 if ONLY else 3\n    @task\n    def t(self):\n        pass\n\nclass H(HttpUser):\n    fixed_count = N\n    @task\n    def t(self):\n        pass\n";
    let m = model(src);
    let a = user(&m, "A");
    assert_eq!(a.weight, Some(3));
    assert_eq!(a.weight_depends_on, ["ONLY"]);
    let h = user(&m, "H");
    assert_eq!((h.weight, h.fixed_count), (Some(1), Some(2)));
    assert_eq!(h.fixed_count_depends_on, ["N_USERS"]);
    let m = model_with(src, None, None, &[("ONLY", "1"), ("N_USERS", "0")]);
    assert_eq!(user(&m, "A").weight, Some(0));
    assert!(!user(&m, "A").spawned);
    assert_eq!(user(&m, "H").fixed_count, Some(0));
    assert!(user(&m, "H").spawned, "weight 1 still spawns it");
}

#[test]
fn weight_reading_sys_argv_sees_locusts_command_line() {
    let src = "NO_ADMIN = '--exclude-tags' in sys.argv and 'admin' in sys.argv\n\nclass Admin(HttpUser):\n    weight = 0 if NO_ADMIN else 1\n    @tag('admin')\n    @task\n    def t(self):\n        pass\n";
    let m = model(src);
    assert_eq!(user(&m, "Admin").weight, Some(1));
    assert_eq!(user(&m, "Admin").weight_depends_on, ["sys.argv"]);
    let m = model_with(src, None, Some(&["admin"]), &[]);
    assert_eq!(user(&m, "Admin").weight, Some(0));
    assert!(
        !has_warning(&m, "No tasks defined on Admin"),
        "a class with weight 0 is not spawned: {:?}",
        warnings(&m)
    );
}

#[test]
fn every_way_of_reading_sys_argv_sees_the_same_command_line() {
    // The seeds' test: `export` right after --exclude-tags removes the class.
    let src = "from sys import argv\nimport sys as s\n\ndef _excluded(t):\n    if '--exclude-tags' not in argv:\n        return False\n    i = argv.index('--exclude-tags')\n    return i + 1 < len(argv) and t in argv[i + 1]\n\nclass Heavy(HttpUser):\n    weight = 0 if _excluded('export') else 2\n    @tag('export')\n    @task\n    def t(self):\n        pass\n\nclass Count(HttpUser):\n    weight = len(s.argv) + argv.count('-f')\n    @task\n    def t(self):\n        pass\n\nclass Same(HttpUser):\n    weight = 1 if s.argv[2] == argv[2] and argv[2] == sys.argv[2] else 0\n    @task\n    def t(self):\n        pass\n";
    let m = model(src);
    assert_eq!(user(&m, "Heavy").weight, Some(2));
    assert_eq!(user(&m, "Heavy").weight_depends_on, ["sys.argv"]);
    // locust -f locustfile.py
    assert_eq!(user(&m, "Count").weight, Some(4));
    assert_eq!(user(&m, "Count").weight_depends_on, ["sys.argv"]);
    assert_eq!(user(&m, "Same").weight, Some(1));
    let m = model_with(src, None, Some(&["export", "admin"]), &[]);
    assert_eq!(user(&m, "Heavy").weight, Some(0));
    assert!(!user(&m, "Heavy").spawned);
    assert!(
        !has_warning(&m, "No tasks defined on Heavy"),
        "{:?}",
        warnings(&m)
    );
    assert_eq!(user(&m, "Count").weight, Some(7));
    // `export` further on: Heavy is spawned without tasks, as in Locust.
    let m = model_with(src, None, Some(&["admin", "export"]), &[]);
    assert_eq!(user(&m, "Heavy").weight, Some(2));
    assert!(
        has_warning(&m, "No tasks defined on Heavy"),
        "{:?}",
        warnings(&m)
    );
}

#[test]
fn locust_args_follow_the_tag_options_in_sys_argv() {
    let src = "from sys import argv\n\nclass A(HttpUser):\n    weight = 5 if '--headless' in argv else 1\n    fixed_count = int(argv[argv.index('-u') + 1]) if '-u' in argv else 0\n    @task\n    def t(self):\n        pass\n";
    let dir = common::project(&[("locustfile.py", &format!("{HEAD}{src}"))]);
    let mut o = opts(dir.path());
    let m = run(o.clone());
    assert_eq!(user(&m, "A").weight, Some(1));
    assert_eq!(user(&m, "A").fixed_count, Some(0));
    o.locust_args = vec!["--headless".into(), "-u".into(), "3".into()];
    let m = run(o);
    assert_eq!(user(&m, "A").weight, Some(5));
    assert_eq!(user(&m, "A").fixed_count, Some(3));
    assert_eq!(m.filter.locust_args, ["--headless", "-u", "3"]);
}

#[test]
fn wait_times() {
    let m = model(
        "class A(HttpUser):\n    wait_time = between(1, 2.5)\n    @task\n    def t(self):\n        pass\n\nclass B(HttpUser):\n    wait_time = constant_pacing(3)\n    @task\n    def t(self):\n        pass\n\nclass C(HttpUser):\n    def wait_time(self):\n        return 1\n    @task\n    def t(self):\n        pass\n\nclass D(HttpUser):\n    @task\n    def t(self):\n        pass\n",
    );
    let w = |n: &str| user(&m, n).wait_time.clone().expect("wait time");
    assert_eq!(w("A").text, "between(1, 2.5)");
    assert_eq!(w("A").args["max_wait"], serde_json::json!(2.5));
    assert_eq!(w("B").kind, "constant_pacing");
    assert_eq!(w("C").kind, "custom");
    assert_eq!(w("D").text, "constant(0)", "Locust's default");
}

// ---------------------------------------------------------------------------
// Tasks
// ---------------------------------------------------------------------------

#[test]
fn task_decorator_weights_and_task_zero() {
    let m = model(
        "V2 = os.getenv('V2', '1') == '1'\n\nclass A(HttpUser):\n    @task\n    def one(self):\n        pass\n    @task(3)\n    def three(self):\n        pass\n    @task(2 if V2 else 0)\n    def maybe(self):\n        pass\n    @task(0)\n    def never(self):\n        pass\n    def helper(self):\n        pass\n",
    );
    let a = user(&m, "A");
    assert_eq!(task_names(&a.tasks), ["one", "three", "maybe", "never"]);
    assert_eq!(task(a, "three").weight, 3);
    assert_eq!(task(a, "maybe").weight_depends_on, ["V2"]);
    let never = task(a, "never");
    assert_eq!(never.weight, 0);
    assert!(!never.enabled && !never.kept_by_filter);
}

#[test]
fn base_tasks_merge_and_weights_add_up() {
    let m = model(
        "def home(user):\n    user.client.get('/')\n\ndef search(user):\n    user.client.get('/search/')\n\nclass Base(HttpUser):\n    abstract = True\n    tasks = [home]\n\nclass A(Base):\n    tasks = {home: 1, search: 2}\n\nclass B(Base):\n    tasks = [(search, 3), home]\n    @task\n    def own(self):\n        pass\n",
    );
    let a = user(&m, "A");
    assert_eq!(task(a, "home").weight, 2, "listed by the base and by A");
    assert_eq!(task(a, "search").weight, 2);
    let b = user(&m, "B");
    assert_eq!(task_names(&b.tasks), ["home", "search", "own"]);
    assert_eq!(task(b, "home").weight, 2);
    assert_eq!(task(b, "search").weight, 3);
    assert_eq!(urls(&task(b, "search").requests), ["GET /search/"]);
}

#[test]
fn taskset_lists_tasks_attribute_before_task_methods() {
    let m = model(
        "def listed(ts):\n    ts.client.get('/listed/')\n\nclass TS(TaskSet):\n    @task\n    def first(self):\n        pass\n    tasks = [listed]\n\nclass U(HttpUser):\n    tasks = [TS]\n",
    );
    let ts = task(user(&m, "U"), "TS");
    assert_eq!(ts.kind, TaskKind::Taskset);
    assert_eq!(
        task_names(ts.tasks.as_ref().expect("nested")),
        ["listed", "first"]
    );
}

#[test]
fn sequential_taskset_keeps_declaration_order() {
    let m = model(
        "def b(ts):\n    pass\n\nclass Seq(SequentialTaskSet):\n    @task\n    def a(self):\n        pass\n    tasks = [b]\n    @task(2)\n    def c(self):\n        pass\n\nclass U(HttpUser):\n    tasks = [Seq]\n",
    );
    let seq = task(user(&m, "U"), "Seq");
    assert_eq!(seq.kind, TaskKind::SequentialTaskset);
    assert_eq!(
        seq.sequence.as_deref().expect("sequence"),
        ["a", "b", "c", "c"]
    );
}

#[test]
fn nested_tasksets_at_any_depth_with_weights_and_on_start() {
    let m = model(
        "class Inner(TaskSet):\n    def on_start(self):\n        self.client.get('/inner/start/')\n    @task(3)\n    def deep(self):\n        self.client.get(f'/p/{self.user.pid}/deep/')\n\nclass Middle(TaskSet):\n    tasks = {Inner: 2}\n    @task\n    class Local(TaskSet):\n        @task\n        def leaf(self):\n            self.client.get('/leaf/')\n\nclass U(HttpUser):\n    tasks = [(Middle, 4)]\n",
    );
    let u = user(&m, "U");
    assert_eq!(task(u, "Middle").weight, 4);
    assert_eq!(task(u, "Middle/Inner").weight, 2);
    let deep = task(u, "Middle/Inner/deep");
    assert_eq!(deep.weight, 3);
    assert_eq!(urls(&deep.requests), ["GET /p/{pid}/deep/"]);
    let inner = task(u, "Middle/Inner");
    assert_eq!(
        urls(&inner.on_start.as_ref().expect("on_start").requests),
        ["GET /inner/start/"]
    );
    assert_eq!(urls(&task(u, "Middle/Local/leaf").requests), ["GET /leaf/"]);
}

#[test]
fn on_start_is_inherited_and_super_calls_are_followed() {
    let m = model(
        "class Base(HttpUser):\n    abstract = True\n    def on_start(self):\n        self.client.get('/login/')\n\nclass A(Base):\n    def on_start(self):\n        super().on_start()\n        self.client.get('/after/')\n    @task\n    def t(self):\n        pass\n\nclass B(Base):\n    @task\n    def t(self):\n        pass\n",
    );
    let a = user(&m, "A").on_start.as_ref().expect("A.on_start");
    assert_eq!(urls(&a.requests), ["GET /login/", "GET /after/"]);
    let b = user(&m, "B").on_start.as_ref().expect("inherited");
    assert_eq!(b.defined_in, "Base.on_start");
    assert_eq!(urls(&b.requests), ["GET /login/"]);
}

#[test]
fn duplicate_task_method_last_definition_wins_with_warning() {
    let m = model(
        "class A(HttpUser):\n    @task(2)\n    def page(self):\n        self.client.get('/old/')\n\n    @tag('new')\n    @task(5)\n    def page(self):\n        self.client.get('/new/')\n",
    );
    let p = task(user(&m, "A"), "page");
    assert_eq!((p.weight, p.tags.clone()), (5, vec!["new".to_string()]));
    assert_eq!(urls(&p.requests), ["GET /new/"]);
    let w = warnings(&m);
    assert!(
        w.iter()
            .any(|w| w.contains("locustfile.py:7: A.page is defined twice (lines 7 and 12)")),
        "{w:?}"
    );
}

#[test]
fn plain_mixin_task_methods_are_not_collected() {
    let m = model(
        "class Mixin:\n    @task\n    def mixed(self):\n        pass\n\nclass A(Mixin, HttpUser):\n    @task\n    def own(self):\n        pass\n",
    );
    assert_eq!(task_names(&user(&m, "A").tasks), ["own"]);
}

// ---------------------------------------------------------------------------
// Tags and the filter
// ---------------------------------------------------------------------------

const TAGGED: &str = "class Browse(TaskSet):\n    @tag('page')\n    @task\n    def page(self):\n        pass\n    @task\n    def untagged(self):\n        pass\n\nclass A(HttpUser):\n    tasks = [Browse]\n    @tag('api', 'critical')\n    @task\n    def api(self):\n        pass\n    @tag('export')\n    @task\n    def export(self):\n        pass\n\nclass OnlyExport(HttpUser):\n    @tag('export')\n    @task\n    def export(self):\n        pass\n\nclass Idle(HttpUser):\n    weight = 0\n    @tag('export')\n    @task\n    def export(self):\n        pass\n";

#[test]
fn tags_keep_only_tagged_tasks_and_tasksets_follow_their_children() {
    let m = model_with(TAGGED, Some(&["page"]), None, &[]);
    let a = user(&m, "A");
    assert!(task(a, "Browse").kept_by_filter, "a child survives");
    assert!(task(a, "Browse/page").enabled);
    assert!(
        !task(a, "Browse/untagged").kept_by_filter,
        "--tags drops untagged"
    );
    assert!(!task(a, "api").kept_by_filter);
    assert!(task(a, "Browse").tags.is_empty(), "TaskSets carry no tags");
}

#[test]
fn exclude_tags_alone_keeps_untagged_tasks() {
    let m = model_with(TAGGED, None, Some(&["export", "page"]), &[]);
    let a = user(&m, "A");
    assert!(task(a, "Browse/untagged").enabled);
    assert!(!task(a, "Browse/page").kept_by_filter);
    assert!(!task(a, "export").kept_by_filter);
    assert!(task(a, "api").enabled);
}

#[test]
fn tags_without_values_mean_no_filter() {
    let m = model_with(TAGGED, Some(&[]), Some(&[]), &[]);
    assert!(m.filter.tags.is_none() && m.filter.exclude_tags.is_none());
    assert!(task(user(&m, "A"), "Browse/untagged").enabled);
    assert!(m.warnings.is_empty(), "{:?}", warnings(&m));
}

#[test]
fn user_left_without_tasks_warns_no_tasks_defined_unless_not_spawned() {
    let m = model_with(TAGGED, None, Some(&["export"]), &[]);
    assert!(!user(&m, "OnlyExport").has_tasks_after_filter);
    assert!(
        has_warning(&m, "raises \"No tasks defined on OnlyExport\""),
        "{:?}",
        warnings(&m)
    );
    assert!(
        has_warning(&m, "OnlyExport had no tasks left after filtering"),
        "{:?}",
        warnings(&m)
    );
    assert!(!has_warning(&m, "No tasks defined on Idle"), "weight 0");
    assert!(!has_warning(&m, "No tasks defined on A"));
}

#[test]
fn comma_joined_tag_is_one_tag_and_warned_about() {
    let m = model_with(TAGGED, Some(&["api,page"]), None, &[]);
    assert!(!task(user(&m, "A"), "api").kept_by_filter);
    assert!(
        has_warning(&m, "--tags \"api,page\": no task carries this tag")
            && has_warning(&m, "separated by spaces, not commas: --tags api page"),
        "{:?}",
        warnings(&m)
    );
}

#[test]
fn tag_on_a_class_tags_every_task_inside_including_inherited_ones() {
    let m = model(
        "def shared(u):\n    pass\n\nclass Base(HttpUser):\n    abstract = True\n    @task\n    def home(self):\n        pass\n\n@tag('mobile')\nclass Mobile(Base):\n    @task\n    def app(self):\n        pass\n    @task\n    class Sync(TaskSet):\n        @task\n        def check(self):\n            pass\n\nclass Web(Base):\n    tasks = [shared]\n",
    );
    let mobile = user(&m, "Mobile");
    assert_eq!(task(mobile, "app").tags, ["mobile"]);
    assert_eq!(task(mobile, "Sync/check").tags, ["mobile"]);
    assert!(task(mobile, "Sync").tags.is_empty());
    // Locust stores tags on the function: the base's `home` is tagged for
    // every class that uses it.
    assert_eq!(task(user(&m, "Web"), "home").tags, ["mobile"]);
    assert!(task(user(&m, "Web"), "shared").tags.is_empty());
    assert!(
        has_warning(&m, "@tag(\"mobile\") on Mobile tags the task functions themselves, so it also tags Base.home"),
        "{:?}",
        warnings(&m)
    );
}

// ---------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------

#[test]
fn every_client_method_and_request_with_upper_cased_method() {
    let m = model(
        "class A(HttpUser):\n    @task\n    def all(self):\n        self.client.get('/g/')\n        self.client.post('/p/', json={})\n        self.client.put('/u/')\n        self.client.patch('/a/')\n        self.client.delete('/d/')\n        self.client.head('/h/')\n        self.client.options('/o/')\n        self.client.request('patch', '/r/')\n        self.client.request(method='Put', url='/k/')\n        with self.client.get('/w/', catch_response=True) as resp:\n            resp.success()\n",
    );
    assert_eq!(
        urls(&task(user(&m, "A"), "all").requests),
        [
            "GET /g/",
            "POST /p/",
            "PUT /u/",
            "PATCH /a/",
            "DELETE /d/",
            "HEAD /h/",
            "OPTIONS /o/",
            "PATCH /r/",
            "PUT /k/",
            "GET /w/"
        ]
    );
}

#[test]
fn name_params_and_query_string() {
    let m = model(
        "class A(HttpUser):\n    @task\n    def t(self):\n        self.client.get('/list/?page=2&sort=-x', name='/list/?page=[n]', params={'q': 'beton', 'n': 1})\n        self.client.get('https://cdn.example.com/app.js?v=3')\n",
    );
    let r = &task(user(&m, "A"), "t").requests[0];
    assert_eq!(r.url, "/list/");
    assert_eq!(r.query.as_deref(), Some("page=2&sort=-x"));
    assert_eq!(r.name.as_deref(), Some("/list/?page=[n]"));
    assert_eq!(r.params.as_deref(), Some("q=beton&n=1"));
    assert_eq!(r.line, 8);
    let cdn = &task(user(&m, "A"), "t").requests[1];
    assert_eq!(cdn.url, "https://cdn.example.com/app.js");
    assert_eq!(cdn.query.as_deref(), Some("v=3"));
}

#[test]
fn urls_built_with_constants_env_defaults_helpers_and_locals() {
    let m = model(
        r#"PREFIX = os.getenv("PREFIX", "/detail_project/").rstrip("/")
API = f"{PREFIX}/api"
ROOT = os.environ.get("ROOT", " /t ").strip()

def api_url(pid, path):
    return f"{API}/project/{pid}/{path.lstrip('/')}"

def page(pid, name):
    return "%s/%d/%s/" % (PREFIX, pid, name)

class A(HttpUser):
    @task
    def t(self):
        self.client.get(api_url(self.project_id, f"detail-ahsp/{self.pekerjaan_id}/"))
        self.client.get(page(7, "rekap"))
        url = "{}/items/{}/".format(ROOT, 3)
        url += "?full=1"
        self.client.get(url)
        export_id = self.client.post("/x/").json()["id"]
        self.client.get(ROOT + "/status/" + export_id + "/")
        for fmt in ["csv", "pdf"]:
            self.client.get(api_url(1, f"export/{fmt}/"))
"#,
    );
    assert_eq!(
        urls(&task(user(&m, "A"), "t").requests),
        [
            "GET /detail_project/api/project/{pid}/detail-ahsp/{pekerjaan_id}/",
            "GET /detail_project/7/rekap/",
            "GET /t/items/3/?full=1",
            "POST /x/",
            "GET /t/status/{export_id}/",
            "GET /detail_project/api/project/1/export/csv/",
            "GET /detail_project/api/project/1/export/pdf/",
        ]
    );
    let m = model_with(
        "PREFIX = os.getenv('PREFIX', '/a')\n\nclass A(HttpUser):\n    @task\n    def t(self):\n        self.client.get(PREFIX + '/x/')\n",
        None,
        None,
        &[("PREFIX", "/b")],
    );
    assert_eq!(urls(&task(user(&m, "A"), "t").requests), ["GET /b/x/"]);
}

#[test]
fn methods_called_on_self_are_followed_with_their_arguments() {
    let m = model(
        "class A(HttpUser):\n    BASE = '/api'\n    def url(self, pid):\n        return f'{self.BASE}/p/{pid}/'\n    def login(self):\n        self.client.post('/login/')\n    @staticmethod\n    def fmt(x):\n        return f'/s/{x}/'\n    @task\n    def t(self):\n        self.login()\n        self.client.get(self.url(5))\n        self.client.get(self.fmt('q'))\n",
    );
    assert_eq!(
        urls(&task(user(&m, "A"), "t").requests),
        ["POST /login/", "GET /api/p/5/", "GET /s/q/"]
    );
}

#[test]
fn commented_out_requests_are_disabled_requests_of_their_task() {
    let m = model(
        "class A(HttpUser):\n    @task\n    def t(self):\n        \"\"\"Example: # self.client.get('/in-docstring/')\"\"\"\n        self.client.get('/live/')\n        # Uncomment to test:\n        # self.client.post(\n        #     f'/p/{self.pid}/deep-copy/',\n        #     json={'a': 1},\n        # )\n        pass\n        # self.client.delete('/trailing/')\n",
    );
    let t = task(user(&m, "A"), "t");
    assert_eq!(
        urls(&t.requests),
        [
            "GET /live/",
            "POST /p/{pid}/deep-copy/",
            "DELETE /trailing/"
        ]
    );
    assert!(!t.requests[0].disabled && t.requests[0].active);
    assert!(t.requests[1].disabled && !t.requests[1].active);
    assert_eq!(t.requests[1].line, 11);
    assert!(t.requests[2].disabled);
}

#[test]
fn requests_behind_a_constant_false_flag_are_conditional() {
    let m = model(
        "MUTATIONS_ENABLED = False\n\nclass A(HttpUser):\n    @task\n    def guarded(self):\n        if MUTATIONS_ENABLED:\n            self.client.post('/save/')\n        self.client.get('/read/')\n    @task\n    def early_return(self):\n        if not MUTATIONS_ENABLED:\n            return\n        self.client.patch('/rename/')\n    @task\n    def unknown(self):\n        r = self.client.get('/x/')\n        if r.status_code != 200:\n            self.client.get('/retry/')\n",
    );
    let a = user(&m, "A");
    let g = &task(a, "guarded").requests;
    assert_eq!(urls(g), ["POST /save/", "GET /read/"]);
    assert_eq!(g[0].conditional_on.as_deref(), Some("MUTATIONS_ENABLED"));
    assert!(!g[0].active && !g[0].disabled);
    assert!(g[1].active && g[1].conditional_on.is_none());
    let e = &task(a, "early_return").requests;
    assert_eq!(urls(e), ["PATCH /rename/"]);
    assert_eq!(e[0].conditional_on.as_deref(), Some("MUTATIONS_ENABLED"));
    let u = &task(a, "unknown").requests;
    assert_eq!(u[1].condition.as_deref(), Some("r.status_code != 200"));
    assert!(u[1].active);
}

// ---------------------------------------------------------------------------
// Bad input, files, discovery
// ---------------------------------------------------------------------------

#[test]
fn syntax_error_warns_with_line_and_keeps_the_rest() {
    let m = model(
        "class A(HttpUser):\n    @task\n    def ok(self):\n        self.client.get('/ok/')\n    @task\n    def broken(self):\n        if self.x = 1:\n            pass\n\nclass B(HttpUser):\n    @task\n    def fine(self):\n        self.client.get('/fine/')\n",
    );
    assert!(
        has_warning(&m, "locustfile.py:11: syntax error"),
        "{:?}",
        warnings(&m)
    );
    assert_eq!(urls(&task(user(&m, "A"), "ok").requests), ["GET /ok/"]);
    assert_eq!(urls(&task(user(&m, "B"), "fine").requests), ["GET /fine/"]);
}

#[test]
fn unknown_tasks_value_is_a_warning_with_its_line() {
    let m = model(
        "from somewhere import make_tasks\n\nclass A(HttpUser):\n    tasks = make_tasks()\n    @task\n    def t(self):\n        pass\n",
    );
    assert!(
        has_warning(
            &m,
            "locustfile.py:8: `tasks` cannot be evaluated statically"
        ),
        "{:?}",
        warnings(&m)
    );
    assert_eq!(task_names(&user(&m, "A").tasks), ["t"]);
}

#[test]
fn requests_the_walk_cannot_follow_are_warnings_not_silence() {
    // A comprehension over a known list is followed; a lambda is not.
    let m = model(
        "URLS = ['/a/', '/b/']\n\nclass A(HttpUser):\n    @task\n    def t(self):\n        [self.client.get(u) for u in URLS]\n        list(map(lambda u: self.client.get(u), URLS))\n        self.client.get('/c/')\n",
    );
    assert_eq!(
        urls(&task(user(&m, "A"), "t").requests),
        ["GET /a/", "GET /b/", "GET /c/"]
    );
    assert!(
        has_warning(
            &m,
            "locustfile.py:11: `self.client.get(u)` is inside code routecov does not follow"
        ),
        "{:?}",
        warnings(&m)
    );
}

#[test]
fn malformed_and_recursive_code_never_panics() {
    let cases = [
        "class A(HttpUser):\n    @task\n    def t(self):\n        self.t()\n        self.client.get('/x/')\n",
        "class A(HttpUser):\n    tasks = [A]\n",
        "class A(HttpUser):\n    @task\n    def t(self):\n        self.client.get(\n",
        "class A(HttpUser):\n    @task(weight=)\n    def t(self): pass\n",
        "class A(HttpUser):\n    @task\n    def t(self):\n        # self.client.get('/a/', (\n        # )) ) (\n        pass\n",
        "class A(HttpUser):\n    @task\n    def t(self):\n        for i in range(10**9):\n            self.client.get(f'/i/{i}/')\n        while True:\n            self.client.get('/w/')\n",
        "class A(HttpUser):\n    wait_time = between()\n    weight = 'x'\n    fixed_count = None\n    @task\n    def t(self):\n        self.client.request()\n        self.client.get()\n",
        "class T(SequentialTaskSet):\n    tasks = [(1, 2)]\n\nclass A(HttpUser):\n    tasks = {T: 'x'}\n",
    ];
    for src in cases {
        let dir = common::project(&[("locustfile.py", &format!("{HEAD}{src}"))]);
        let m = extract_tasks(&opts(dir.path()));
        assert!(m.is_ok(), "{src}: {:?}", m.err());
    }
    let dir = common::project(&[("locustfile.py", "")]);
    std::fs::write(
        dir.path().join("locustfile.py"),
        b"# -*- coding: utf-8 -*-\nfrom locust import HttpUser, task\nclass A(HttpUser):\n    @task\n    def t(self):\n        self.client.get('/caf\xe9/')\n",
    )
    .expect("write");
    let m = run(opts(dir.path()));
    assert!(has_warning(&m, "not valid UTF-8"), "{:?}", warnings(&m));
}

#[test]
fn no_user_class_is_an_error() {
    let dir = common::project(&[("locustfile.py", "X = 1\n")]);
    let e = extract_tasks(&opts(dir.path())).expect_err("nothing to report");
    assert!(e.to_string().contains("no User class found"), "{e}");
}

#[test]
fn a_directory_loads_each_module_not_starting_with_underscore() {
    let dir = common::project(&[
        ("lt/__init__.py", "from .a import *\n"),
        ("lt/_common.py", "from locust import HttpUser\nBASE = '/api'\nclass Base(HttpUser):\n    abstract = True\n"),
        ("lt/a.py", "from locust import task\nfrom _common import Base, BASE\n\nclass A(Base):\n    @task\n    def t(self):\n        self.client.get(BASE + '/a/')\n"),
        ("lt/sub/b.py", "from locust import HttpUser, task\n\nclass B(HttpUser):\n    @task\n    def t(self):\n        self.client.get('/b/')\n"),
    ]);
    let m = run(TaskOptions {
        locustfile: Some(dir.path().join("lt")),
        base: dir.path().to_path_buf(),
        ..Default::default()
    });
    assert_eq!(m.files, ["lt/a.py", "lt/sub/b.py"]);
    assert_eq!(names(&m), ["A", "B", "Base"]);
    assert_eq!(urls(&task(user(&m, "A"), "t").requests), ["GET /api/a/"]);
}

#[test]
fn discovery_follows_locust_then_load_test_folders() {
    let dir = common::project(&[
        ("load_testing/locustfile.py", ""),
        ("tests/locustfile.py", ""),
    ]);
    let (p, how) = find_locustfile(dir.path()).expect("found");
    assert_eq!(p, dir.path().join("load_testing/locustfile.py"));
    assert!(how.contains("load_testing/"), "{how}");
    common::write(dir.path(), "locustfile/users.py", "");
    let (p, _) = find_locustfile(dir.path()).expect("found");
    assert_eq!(p, dir.path().join("locustfile"));
    common::write(dir.path(), "locustfile.py", "");
    let (p, _) = find_locustfile(dir.path()).expect("found");
    assert_eq!(p, dir.path().join("locustfile.py"));

    let named = common::project(&[("loadtests/estimator_locust.py", "")]);
    let (p, _) = find_locustfile(named.path()).expect("found");
    assert_eq!(p, named.path().join("loadtests/estimator_locust.py"));

    let empty = common::project(&[("README.md", "")]);
    let e = find_locustfile(empty.path()).expect_err("none");
    assert!(e.to_string().contains("looked for: locustfile.py"), "{e}");
}
