fn main() {
    let status = routecov::cli::main_with_args(std::env::args_os());
    std::process::exit(status.code());
}
