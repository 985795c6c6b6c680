//! The `routecov` binary: a thin wrapper over [`routecov::cli`].

// tree-sitter allocates every node and parse stack with malloc; mimalloc's
// thread-local heaps make parsing on several threads cheaper than glibc's
// (measured by bench/routes.sh).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const STACK_BYTES: usize = 64 * 1024 * 1024;

/// mimalloc asks for transparent huge pages, and the kernel then clears
/// 2 MiB at the first touch of each: for a run that builds its syntax trees
/// once, half the CPU time went to clearing pages that were never filled,
/// and the peak memory grew by a fifth (bench/routes.sh). Off for this
/// process and the ones it starts (the Python of `verify` inherits it); a
/// failure leaves the default.
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    {
        // The kernel reads every argument as an unsigned long and refuses
        // the call unless the last three are zero.
        let (on, zero): (libc::c_ulong, libc::c_ulong) = (1, 0);
        // SAFETY: a plain system call on integers; it changes nothing but
        // the process's page policy.
        let _ = unsafe { libc::prctl(libc::PR_SET_THP_DISABLE, on, zero, zero, zero) };
    }
}

/// mimalloc's `mi_option_purge_delay` (its `mimalloc.h`, v2 and v3 alike),
/// which the bindings do not name.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// mimalloc keeps freed pages for 10 ms before it returns them to the
/// system; a run that frees its parsers' and evaluator's scratch memory
/// while it builds the next structures then peaks with both resident
/// (about 5 MB more at 50,000 routes, bench/routes.sh). 1 ms returns most
/// of them in time; 0 (at once) saved another 2 MB for a tenth more system
/// time.
fn purge_freed_pages_sooner() {
    // SAFETY: sets one of mimalloc's integer options, before any thread
    // but this one exists.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 1) };
}

fn main() {
    no_huge_pages();
    purge_freed_pages_sooner();
    // SAFETY: called once, before any tree-sitter object exists, with
    // mimalloc's C functions, which are thread-safe and pair with each other.
    unsafe {
        tree_sitter::set_allocator(
            Some(libmimalloc_sys::mi_malloc),
            Some(libmimalloc_sys::mi_calloc),
            Some(libmimalloc_sys::mi_realloc),
            Some(libmimalloc_sys::mi_free),
        );
    }
    // Every recursion has a depth limit; a large stack is the second line of
    // defence, so that a limit set generously for real code never meets the
    // default 8 MiB. Untouched stack pages cost no memory.
    let analysis = std::thread::Builder::new()
        .name("routecov".into())
        .stack_size(STACK_BYTES)
        .spawn(|| routecov::cli::main_with_args(std::env::args_os()));
    let code = match analysis.map(|t| t.join()) {
        Ok(Ok(status)) => status.code(),
        Ok(Err(_)) => 2, // a panic: its message is already on stderr
        Err(e) => {
            eprintln!("routecov: cannot start: {e}");
            2
        }
    };
    std::process::exit(code);
}
