//! `codingdesk server …`: a study's schema and sign-ins on a PostgreSQL server.

use std::io::BufRead;

use clap::{Args, Subcommand};

use crate::server;

#[derive(Debug, Args)]
pub struct ServerArgs {
    #[command(subcommand)]
    pub command: ServerCommand,
}

#[derive(Debug, Subcommand)]
pub enum ServerCommand {
    /// Create the study's schema and the codingdesk_coder / codingdesk_supervisor group roles in
    /// a database (run as its owner; safe to run again: it brings the schema up to date).
    Init {
        /// postgres://ADMIN@HOST:PORT/DATABASE (the password from PGPASSWORD, not the command line)
        url: String,
    },
    /// Sign a coder up: a login role that reads and writes only that coder's codes.
    AddCoder {
        url: String,
        /// The coder's name in the study (as in files and packages).
        #[arg(long)]
        name: String,
        /// The database role they sign in as (lower-case letters, digits, _).
        #[arg(long)]
        role: String,
        /// Read the role's password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Sign a supervisor up: a login role that reads and adjudicates everything.
    AddSupervisor {
        url: String,
        #[arg(long)]
        role: String,
        #[arg(long)]
        password_stdin: bool,
    },
}

/// The password, from standard input only: never an argument (other users see those in `ps`),
/// never echoed, never logged.
fn password(from_stdin: bool) -> anyhow::Result<Option<String>> {
    if !from_stdin {
        return Ok(None);
    }
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    let password = line.trim_end_matches(['\r', '\n']).to_owned();
    if password.is_empty() {
        anyhow::bail!("--password-stdin: standard input held no password");
    }
    Ok(Some(password))
}

pub fn run(args: ServerArgs) -> anyhow::Result<()> {
    match args.command {
        ServerCommand::Init { url } => {
            let done = server::init(&url)?;
            if done.version_before == done.version {
                println!("schema up to date (version {})", done.version);
            } else {
                println!(
                    "schema version {} -> {}; roles {} and {}",
                    done.version_before,
                    done.version,
                    server::CODER_ROLE,
                    server::SUPERVISOR_ROLE
                );
            }
        }
        ServerCommand::AddCoder {
            url,
            name,
            role,
            password_stdin,
        } => {
            server::add_coder(&url, &name, &role, password(password_stdin)?.as_deref())?;
            println!("coder '{name}' signs in as {role}");
        }
        ServerCommand::AddSupervisor {
            url,
            role,
            password_stdin,
        } => {
            server::add_supervisor(&url, &role, password(password_stdin)?.as_deref())?;
            println!("supervisor signs in as {role}");
        }
    }
    Ok(())
}

pub fn push(file: &std::path::Path, url: &str) -> anyhow::Result<()> {
    let copied = server::push(file, url)?;
    println!("pushed {}: {}", file.display(), copied.summary());
    Ok(())
}

pub fn pull(url: &str, out: &std::path::Path) -> anyhow::Result<()> {
    let copied = server::pull(url, out)?;
    println!("wrote {}: {}", out.display(), copied.summary());
    warn_set_aside(&copied.set_aside);
    Ok(())
}

/// Says which rows of a server study were left out of what was read, and what to do.
pub fn warn_set_aside(rows: &[crate::store::tables::SetAside]) {
    if rows.is_empty() {
        return;
    }
    eprintln!(
        "warning: {} row(s) on the server were left out: the file would refuse them (they were written before the server checked them). Fix or delete them on the server, or code the units again:",
        rows.len()
    );
    for row in rows {
        eprintln!("  {row}");
    }
}
