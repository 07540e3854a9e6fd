//! The `clickpath` binary: the command line lives in the library (`clickpath::cli`).

fn main() -> std::process::ExitCode {
    std::process::ExitCode::from(clickpath::cli::main().code())
}
