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

fn open_gui(file: Option<std::path::PathBuf>) -> ExitCode {
    let target = file.map_or_else(
        || "the sample study".to_owned(),
        |f| f.display().to_string(),
    );
    eprintln!(
        "The desktop window is not built yet, so {target} cannot be opened in it. \
         Every other command works: see `codingdesk --help`."
    );
    ExitCode::from(2)
}
