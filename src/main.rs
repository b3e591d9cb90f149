use std::process::ExitCode;

use clap::Parser;
use codingdesk::cli::{self, Cli, Outcome};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli::run(cli) {
        Ok(Outcome::Done) => ExitCode::SUCCESS,
        Ok(Outcome::OpenGui(file)) => open_gui(file),
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(2)
        }
    }
}

#[cfg(feature = "gui")]
fn open_gui(file: Option<std::path::PathBuf>) -> ExitCode {
    use codingdesk::ui::{Launch, run};
    let launch = match file {
        Some(path) => {
            if !path.is_file() {
                eprintln!("error: {} does not exist", path.display());
                return ExitCode::from(2);
            }
            Launch::Project(path)
        }
        None => Launch::Sample,
    };
    match run(launch) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: the window could not be opened: {error}");
            ExitCode::from(2)
        }
    }
}

#[cfg(not(feature = "gui"))]
fn open_gui(_file: Option<std::path::PathBuf>) -> ExitCode {
    eprintln!(
        "error: this codingdesk was built without its desktop window (feature `gui`); \
         every command works: see `codingdesk --help`"
    );
    ExitCode::from(2)
}
