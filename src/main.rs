use std::process::ExitCode;

use clap::Parser;
use codingdesk::cli::{self, Cli, Outcome};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Rust ignores SIGPIPE, so printing to a closed pipe (`codingdesk describe … | head`) would
    // panic; the default action ends the process quietly instead, as other Unix tools do.
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to the default before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    // No transparent huge pages: mimalloc asks for them on its whole arena, so a thread's first
    // small allocation made the kernel zero a whole 2 MiB page. `agree` on a million units × 3
    // held 31 MB instead of 12 and took 7.2 ms instead of 6.4 (× 5 and an import: the same
    // time, less memory).
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes integers only and changes no memory of this process. A
    // kernel without it (before 3.15) keeps huge pages, which costs only that time: nothing to
    // report.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if let Some(study) = cli::study_handed_over(&args) {
        return open_gui(Some(study), false);
    }
    let cli = Cli::parse_from(args);
    match cli::run(cli) {
        Ok(Outcome::Done) => ExitCode::SUCCESS,
        Ok(Outcome::OpenGui(file)) => open_gui(file, false),
        Ok(Outcome::OpenSupervisor(file)) => open_gui(Some(file), true),
        Err(error) => {
            eprintln!("error: {}", message(&error));
            ExitCode::from(2)
        }
    }
}

/// The error and its causes, leaving out a cause whose text the message already says (many
/// errors name their cause in their own text, for the window's notices).
fn message(error: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in error.chain() {
        let part = cause.to_string();
        if text.contains(&part) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&part);
    }
    text
}

/// Windows gives a console program started from Explorer (a double-click on codingdesk.exe or on
/// a study) a console window of its own, which would stand empty behind the study's window for as
/// long as it is open. When this process is the only one on its console, the console was made
/// for it and is let go. Started from a command prompt, the prompt's console stays. Says whether
/// the console was let go.
#[cfg(all(windows, feature = "gui"))]
fn let_go_of_a_console_of_our_own() -> bool {
    use windows_sys::Win32::System::Console::{FreeConsole, GetConsoleProcessList};
    let mut processes = [0u32; 2];
    // SAFETY: the buffer and the length given agree; the call writes at most that many ids.
    let attached = unsafe { GetConsoleProcessList(processes.as_mut_ptr(), processes.len() as u32) };
    // SAFETY: FreeConsole takes no arguments; nothing of this process uses the console after it
    // (the window's messages go to its notices).
    attached == 1 && unsafe { FreeConsole() } != 0
}

#[cfg(feature = "gui")]
fn open_gui(file: Option<std::path::PathBuf>, supervisor: bool) -> ExitCode {
    use codingdesk::ui::{Launch, run};
    #[cfg(windows)]
    let without_console = let_go_of_a_console_of_our_own();
    let launch = match file {
        Some(path) => {
            // A server study is signed in to in the window (it asks for the password); a bad
            // profile name is said here, before a window opens.
            if codingdesk::study::is_server(&path.to_string_lossy()) {
                if let Err(error) = codingdesk::study::place_of(&path) {
                    eprintln!("error: {error}");
                    return ExitCode::from(2);
                }
            } else if !path.is_file() {
                eprintln!("error: {}", codingdesk::store::not_a_file(&path));
                return ExitCode::from(2);
            }
            if supervisor {
                Launch::Supervisor(path)
            } else {
                Launch::Project(path)
            }
        }
        None => Launch::Sample,
    };
    match run(launch) {
        Ok(()) => ExitCode::SUCCESS,
        // A process makes one window event loop: the fallback is this program again, drawing
        // with OpenGL.
        Err(codingdesk::ui::WindowError::NoGpu(error)) => {
            eprintln!(
                "codingdesk: the GPU renderer (wgpu) could not start ({error}); drawing with OpenGL (glow) instead. Set {}=glow to skip the attempt.",
                codingdesk::ui::RENDERER_VARIABLE
            );
            let again = std::env::current_exe().and_then(|program| {
                let mut command = std::process::Command::new(program);
                command
                    .args(std::env::args_os().skip(1))
                    .env(codingdesk::ui::RENDERER_VARIABLE, "glow");
                // Without a console now, the program again would get a new one of its own.
                #[cfg(windows)]
                if without_console {
                    use std::os::windows::process::CommandExt;
                    command.creation_flags(windows_sys::Win32::System::Threading::CREATE_NO_WINDOW);
                }
                command.status()
            });
            match again {
                Ok(status) if status.success() => ExitCode::SUCCESS,
                Ok(_) => ExitCode::from(2),
                Err(error) => {
                    eprintln!("error: the window could not be opened with OpenGL either: {error}");
                    ExitCode::from(2)
                }
            }
        }
        Err(error) => {
            eprintln!("error: the window could not be opened: {error}");
            ExitCode::from(2)
        }
    }
}

#[cfg(not(feature = "gui"))]
fn open_gui(_file: Option<std::path::PathBuf>, _supervisor: bool) -> ExitCode {
    eprintln!(
        "error: this codingdesk was built without its desktop window (feature `gui`); \
         every command works: see `codingdesk --help`"
    );
    ExitCode::from(2)
}
