//! The `routecov` binary: a thin wrapper over [`routecov::cli`].

// tree-sitter allocates every node and parse stack with malloc; mimalloc's
// thread-local heaps make parsing on several threads cheaper than glibc's
// (measured by bench/routes.sh).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
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
    let status = routecov::cli::main_with_args(std::env::args_os());
    std::process::exit(status.code());
}
