//! Which top-level modules an environment can import: the standard
//! library's, and those installed in site-packages (packages, plain
//! modules, compiled extensions, namespace directories, and the paths and
//! editable installs `.pth` files add). A module in none of them raises
//! `ImportError` when imported, which code guarding an optional dependency
//! (`try: import x` / `except ImportError:`) relies on.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// `sys.stdlib_module_names` of CPython 3.11, with the modules later
/// versions added: a module that exists in some version counts, so that an
/// import is never taken to fail where it may succeed.
const STDLIB: &str = "
    __future__ _abc _aix_support _android_support _ast _asyncio _bisect _blake2 
    _bootsubprocess _bz2 _codecs _codecs_cn _codecs_hk _codecs_iso2022 _codecs_jp _codecs_kr 
    _codecs_tw _collections _collections_abc _colorize _compat_pickle _compression 
    _contextvars _crypt _csv _ctypes _curses _curses_panel _datetime _dbm _decimal 
    _elementtree _frozen_importlib _frozen_importlib_external _functools _gdbm _hashlib 
    _heapq _hmac _imp _interpchannels _interpqueues _interpreters _io _ios_support _json 
    _locale _lsprof _lzma _markupbase _md5 _msi _multibytecodec _multiprocessing _opcode 
    _opcode_metadata _operator _osx_support _overlapped _pickle _posixshmem _posixsubprocess 
    _py_abc _pydatetime _pydecimal _pyio _pylong _pyrepl _queue _random _remote_debugging 
    _scproxy _sha1 _sha256 _sha3 _sha512 _signal _sitebuiltins _socket _sqlite3 _sre _ssl 
    _stat _statistics _string _strptime _struct _suggestions _symtable _sysconfig _thread 
    _threading_local _tkinter _tokenize _tracemalloc _typing _uuid _warnings _weakref 
    _weakrefset _winapi _wmi _zoneinfo _zstd abc aifc annotationlib antigravity argparse 
    array ast asynchat asyncio asyncore atexit audioop base64 bdb binascii bisect builtins 
    bz2 cProfile calendar cgi cgitb chunk cmath cmd code codecs codeop collections colorsys 
    compileall compression concurrent configparser contextlib contextvars copy copyreg crypt 
    csv ctypes curses dataclasses datetime dbm decimal difflib dis distutils doctest email 
    encodings ensurepip enum errno faulthandler fcntl filecmp fileinput fnmatch fractions 
    ftplib functools gc genericpath getopt getpass gettext glob graphlib grp gzip hashlib 
    heapq hmac html http idlelib imaplib imghdr imp importlib inspect io ipaddress itertools 
    json keyword lib2to3 linecache locale logging lzma mailbox mailcap marshal math mimetypes 
    mmap modulefinder msilib msvcrt multiprocessing netrc nis nntplib nt ntpath nturl2path 
    numbers opcode operator optparse os ossaudiodev pathlib pdb pickle pickletools pipes 
    pkgutil platform plistlib poplib posix posixpath pprint profile pstats pty pwd py_compile 
    pyclbr pydoc pydoc_data pyexpat queue quopri random re readline reprlib resource 
    rlcompleter runpy sched secrets select selectors shelve shlex shutil signal site smtpd 
    smtplib sndhdr socket socketserver spwd sqlite3 sre_compile sre_constants sre_parse ssl 
    stat statistics string stringprep struct subprocess sunau symtable sys sysconfig syslog 
    tabnanny tarfile telnetlib tempfile termios textwrap this threading time timeit tkinter 
    token tokenize tomllib trace traceback tracemalloc tty turtle turtledemo types typing 
    unicodedata unittest urllib uu uuid venv warnings wave weakref webbrowser winreg winsound 
    wsgiref xdrlib xml xmlrpc zipapp zipfile zipimport zlib zoneinfo
";

pub fn is_stdlib(top: &str) -> bool {
    STDLIB.split_whitespace().any(|n| n == top)
}

/// The top-level module names the site-packages directories provide.
pub fn top_level_names(site_packages: &[PathBuf]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for dir in site_packages {
        add_dir(dir, &mut out);
        for extra in pth_paths(dir) {
            add_dir(&extra, &mut out);
        }
    }
    out
}

/// How deep below a project root a folder may hold a package that code
/// puts on `sys.path` itself (`sys.path.insert(0, BASE_DIR / "apps")`).
const TREE_DEPTH: usize = 4;

/// True when a module or package named `top` is somewhere in the project
/// below `root` though not at its top: code may put its folder on
/// `sys.path`, so importing it may succeed.
pub fn in_project_tree(root: &Path, top: &str) -> bool {
    walkdir::WalkDir::new(root)
        .max_depth(TREE_DEPTH)
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0 || !super::is_ignored_dir(&e.file_name().to_string_lossy())
        })
        .flatten()
        .any(|e| {
            let name = e.file_name().to_string_lossy();
            let stem = name.strip_suffix(".py").unwrap_or(&name);
            stem == top && (e.file_type().is_dir() || name.ends_with(".py"))
        })
}

/// Names of the modules and packages directly in `dir`.
fn add_dir(dir: &Path, out: &mut BTreeSet<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        let path = e.path();
        if path.is_dir() {
            out.insert(name);
            continue;
        }
        // `x.py`, `x.pyc`, `x.so`, `x.cpython-311-x86_64-linux-gnu.so`,
        // `x.pyd`: the module is `x`.
        let module_file = [".py", ".pyc", ".so", ".pyd"]
            .iter()
            .any(|ext| name.ends_with(ext));
        if module_file {
            if let Some(stem) = name.split('.').next() {
                out.insert(stem.to_string());
            }
        }
        if name.starts_with("__editable__") && name.ends_with(".py") {
            out.extend(editable_names(&path));
        }
    }
}

/// Directories the `.pth` files of `dir` add to `sys.path` (their lines
/// that are not comments or `import` statements).
fn pth_paths(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for e in entries.flatten() {
        let path = e.path();
        if path.extension().is_none_or(|x| x != "pth") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        for line in text.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') || line.starts_with("import") {
                continue;
            }
            out.push(dir.join(line));
        }
    }
    out
}

/// The top-level names an editable install's finder maps to their
/// sources (`MAPPING = {'pkg': '/src/pkg'}`): every quoted identifier on
/// that line, which may name more than the packages but never fewer.
fn editable_names(finder: &Path) -> Vec<String> {
    let Ok(text) = std::fs::read_to_string(finder) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for line in text.lines().filter(|l| l.contains("MAPPING")) {
        for (i, quoted) in line.split(['\'', '"']).enumerate() {
            let identifier =
                !quoted.is_empty() && quoted.chars().all(|c| c.is_alphanumeric() || c == '_');
            if i % 2 == 1 && identifier {
                out.push(quoted.to_string());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_packages_names_cover_packages_modules_extensions_and_pth_paths() {
        let tmp = std::env::temp_dir().join(format!("routecov-installed-{}", std::process::id()));
        let site = tmp.join("site-packages");
        let extra = tmp.join("src");
        std::fs::create_dir_all(site.join("pkg")).unwrap();
        std::fs::create_dir_all(site.join("nspkg")).unwrap();
        std::fs::create_dir_all(extra.join("devpkg")).unwrap();
        std::fs::write(site.join("six.py"), "").unwrap();
        std::fs::write(site.join("_speedups.cpython-311-x86_64-linux-gnu.so"), "").unwrap();
        std::fs::write(
            site.join("dev.pth"),
            format!("# comment\nimport os\n{}\n", extra.display()),
        )
        .unwrap();
        std::fs::write(
            site.join("__editable___app_1_0_finder.py"),
            "MAPPING: dict[str, str] = {'edited': '/home/u/edited'}\n",
        )
        .unwrap();
        let names = top_level_names(&[site]);
        for n in ["pkg", "nspkg", "six", "_speedups", "devpkg", "edited"] {
            assert!(names.contains(n), "{n} missing from {names:?}");
        }
        assert!(!names.contains("prometheus_client"));
        assert!(in_project_tree(&tmp, "devpkg") && !in_project_tree(&tmp, "prometheus_client"));
        assert!(is_stdlib("json") && is_stdlib("__future__") && !is_stdlib("requests"));
        let _ = std::fs::remove_dir_all(&tmp);
    }
}
