//! The `codingdesk` command line. Each subcommand is a thin layer over the core; errors go back to
//! `main`, which prints them and exits with status 2.

mod agree;
mod analysis;
mod assign;
mod columns;
mod index;
mod plan;
mod project;
mod report_format;
mod results;
mod server;
mod team;
mod training;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Quantitative content analysis of social-media posts and short videos: codebooks, blind coding,
/// inter-coder agreement, adjudication, results and exports, in one SQLite project file.
///
/// Wherever a command takes a project FILE, a study on a PostgreSQL server works too:
/// postgres://ROLE@HOST:PORT/DATABASE (password from PGPASSWORD) or @PROFILE (a connection
/// profile in connections.toml). See docs/server.md.
#[derive(Debug, Parser)]
#[command(name = "codingdesk", version, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Language of the labels printed and written (codebook labels where the codebook has the
    /// language, reports, SPSS and XLSX labels): en or zh. Default: the system's language.
    #[arg(long, global = true, value_name = "en|zh")]
    pub lang: Option<crate::i18n::Lang>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new project file with a codebook (a preset name or a TOML file).
    New {
        /// The project file to create (.cdesk or .sqlite).
        file: PathBuf,
        /// A preset (tiktok-six, city-image, lynch, xiaohongshu, blank) or a codebook TOML file.
        #[arg(long)]
        codebook: String,
        /// The study's title (default: the file name).
        #[arg(long)]
        title: Option<String>,
    },
    /// Import units (posts/videos) from CSV/TSV, XLSX, JSON or JSON Lines; re-importing updates
    /// units by id and never touches codes.
    Import(ImportArgs),
    /// Import codes from a long CSV: unit_id,coder,variable,value[,note] (values: codes or
    /// labels; multi-select as a;b).
    ImportCodes {
        file: PathBuf,
        codes: PathBuf,
        /// Text encoding of the file (detected when absent: UTF-8, UTF-8 with BOM, GBK).
        #[arg(long)]
        encoding: Option<String>,
    },
    /// Show a project's codebook, export it as TOML with --export, or apply an edited TOML
    /// with --apply (add, edit, reorder; removing what codes use is refused).
    Codebook {
        file: PathBuf,
        /// Write the codebook as TOML to this path ('-' for standard output).
        #[arg(long, conflicts_with = "apply")]
        export: Option<PathBuf>,
        /// Replace the codebook's structure with this TOML file (variables matched by key, values
        /// by code). The version goes up by one and the change is logged.
        #[arg(long)]
        apply: Option<PathBuf>,
    },
    /// Change a value of the codebook once codes exist: rename it, retire or restore it, or merge
    /// it into another value. Nothing is deleted; every change is logged and versioned.
    Value(project::ValueArgs),
    /// List the bundled codebook presets.
    Presets,
    /// Units, coders and coding progress of a project.
    Status {
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// List a study's coders with their progress; add coders (--add) or rename one (--rename).
    Coders {
        file: PathBuf,
        /// Add a coder (repeat for several).
        #[arg(long, value_name = "NAME")]
        add: Vec<String>,
        /// Rename a coder: their codes, notes and assignments follow.
        #[arg(long, num_args = 2, value_names = ["OLD", "NEW"])]
        rename: Vec<String>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Write a self-contained copy of a project (one file holding every committed change, even
    /// while windows have it open): the file to mail, archive or hand in.
    Copy {
        file: PathBuf,
        /// The copy to write (refused if it exists).
        out: PathBuf,
    },
    /// Build a bundled sample study into a project file and print its path.
    Sample {
        /// chongqing-tiktok (50 videos, codes from 3 coders) or shenzhen-douyin (2,580 videos).
        #[arg(default_value = "chongqing-tiktok")]
        name: String,
        /// Where to write the project (default: the user's data folder).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Replace a project file that is already there with a fresh copy of the sample.
        #[arg(long, alias = "rebuild")]
        force: bool,
    },
    /// Inter-coder agreement of a CSV of codes (rows = units, columns = coders): every standard
    /// coefficient, with missing data, text labels and α's bootstrap.
    Agree(agree::AgreeArgs),
    /// Reliability of a project, per codebook variable, over the units two coders or more coded.
    Agreement(agree::AgreementArgs),
    /// How many units the reliability subsample needs (Bloch & Kraemer's formula as Krippendorff
    /// uses it), for given categories — or per variable of a project, with whether the units
    /// coded so far suffice.
    PlanReliability(plan::PlanArgs),
    /// The methods paragraph of a study (coders, the reliability subsample and how it was drawn,
    /// α per variable with 95% CI and P(α < .800), the verdicts, the software), in --lang.
    Methods(results::MethodsArgs),
    /// Coder drift: each coder's agreement with the others over the order they coded in, in
    /// windows of N overlap units, with a warning for a window below α_min.
    Drift(agree::DriftArgs),
    /// Training rounds against a gold standard: start one (--start), see each coder's agreement
    /// with gold and misses (--round, --coder), close it (--close), clear who passed (--clear).
    Training(training::TrainingArgs),
    /// Assign units to coders: a seeded reliability subsample for all of them (optionally
    /// stratified) and the rest split evenly or by shares.
    Assign(assign::AssignArgs),
    /// Category frequencies (count, %, valid %, missing) of the final dataset or one coder.
    Stats(results::StatsArgs),
    /// Crosstab of two single-choice variables: counts, row and column percentages, χ², df, p and
    /// Cramér's V.
    Crosstab(results::CrosstabArgs),
    /// Export codes for spreadsheets, statistics packages and other tools (long-csv, wide-csv,
    /// spss, xlsx, recal, qdc, html).
    Export(results::ExportArgs),
    /// Write the study report as one self-contained HTML file: summary, reliability table,
    /// percentages with charts, chosen crosstabs, the codebook.
    Report(results::ReportArgs),
    /// A study on a PostgreSQL server: create its schema and roles, sign coders and supervisors
    /// up (docs/server.md).
    Server(server::ServerArgs),
    /// Upload a file study to an initialised, empty server database: all of it, in one
    /// transaction (run as a supervisor or the database's owner).
    Push {
        file: PathBuf,
        /// postgres://USER@HOST:PORT/DATABASE (password from PGPASSWORD)
        url: String,
    },
    /// Write a server study into a new self-contained project file (archive, exports, packages).
    Pull {
        url: String,
        /// The project file to write (refused if it exists).
        out: PathBuf,
    },
    /// List the units and variables on which coders disagree, with each coder's value.
    Disagreements(results::DisagreementsArgs),
    /// Settle a disagreement: the final value of a variable for a unit (raw codes are kept).
    Adjudicate(results::AdjudicateArgs),
    /// Name the primary coder, whose values settle disagreements nobody adjudicated.
    Primary(results::PrimaryArgs),
    /// Descriptive statistics of numeric fields (n, missing, mean, median, SD, min, max,
    /// quartiles, share below a threshold), optionally per group.
    Describe(analysis::DescribeArgs),
    /// Units per year, month, weekday or hour of publication, optionally split by a variable.
    Timeline(analysis::TimelineArgs),
    /// A numeric field across the categories of a variable: group descriptives,
    /// Kruskal–Wallis (Mann–Whitney for two groups) and one-way ANOVA.
    Compare(analysis::CompareArgs),
    /// Pearson's r or Spearman's ρ between numeric fields, with n, two-tailed p and 95% CI.
    Correlate(analysis::CorrelateArgs),
    /// Define a composite index: a weighted sum of standardised fields, saved in the project
    /// and usable as a field by every analysis and export.
    Index(index::IndexArgs),
    /// Rank the units by a numeric field (ties share a rank).
    Rank(index::RankArgs),
    /// Write a coder's package: a project file with the codebook, the coder's units and media,
    /// and only that coder's codes, to code on another computer and merge back.
    Package(team::PackageArgs),
    /// Merge coders' packages into the master by stable keys: repeatable, order-independent,
    /// conflicts listed, codes that cannot be placed kept aside. One transaction, backup first.
    Merge(team::MergeArgs),
    /// Open a project in the desktop window (without FILE: the window as plain `codingdesk`
    /// opens it, which is what the desktop entry runs when started from the menu).
    Open {
        file: Option<PathBuf>,
        /// Open in supervisor mode (codebook, assignments, reliability, adjudication, results,
        /// exports) instead of the coder's desk.
        #[arg(long)]
        supervisor: bool,
    },
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The project file.
    pub file: PathBuf,
    /// The units file (.csv, .tsv, .xlsx, .json, .jsonl).
    pub input: PathBuf,
    /// Folder of media files named after unit ids (ID.jpg, ID_2.png, ID.mp4 ...).
    #[arg(long)]
    pub media: Option<PathBuf>,
    /// Map a column to a field: COLUMN=FIELD (FIELD: id, platform, url, account, published_at,
    /// title, caption, duration_s, plays, likes, comments, shares, favorites, media, extra, ignore).
    #[arg(long = "map", value_name = "COLUMN=FIELD")]
    pub map: Vec<String>,
    /// Text encoding (detected when absent: UTF-8, UTF-8 with BOM, UTF-16 with BOM, GBK/GB18030).
    #[arg(long)]
    pub encoding: Option<String>,
    /// Worksheet of an XLSX file (default: the first).
    #[arg(long)]
    pub sheet: Option<String>,
    /// Platform of every unit when the file has no platform column (tiktok, douyin, weibo ...).
    #[arg(long)]
    pub platform: Option<String>,
    /// Accept media paths that lead outside the units file's folder and the --media folder
    /// (absolute paths, ../, links out). Only for units files you trust.
    #[arg(long)]
    pub allow_outside_media: bool,
}

/// The study a file manager or a desktop entry hands over as the only argument (a double-click on
/// a `.cdesk`, a study dropped on `codingdesk.exe`): `codingdesk study.cdesk` opens it as
/// `codingdesk open study.cdesk` does. Only an existing `.cdesk` or `.sqlite` file counts, so a
/// command's name always means the command.
pub fn study_handed_over(args: &[std::ffi::OsString]) -> Option<PathBuf> {
    let [_, only] = args else {
        return None;
    };
    let path = PathBuf::from(only);
    let study = path.extension().is_some_and(|extension| {
        ["cdesk", "sqlite"]
            .iter()
            .any(|known| extension.eq_ignore_ascii_case(known))
    });
    (study && path.is_file()).then_some(path)
}

/// What the binary should do after the command line was read.
pub enum Outcome {
    Done,
    /// Start the desktop window, on this project if given.
    OpenGui(Option<PathBuf>),
    /// Start the desktop window in supervisor mode on this project.
    OpenSupervisor(PathBuf),
}

pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    // The command line runs on one thread: its language is that thread's.
    crate::i18n::set_ui_language(cli.lang.unwrap_or_else(crate::i18n::Lang::system));
    let Some(command) = cli.command else {
        return Ok(Outcome::OpenGui(None));
    };
    match command {
        Command::New {
            file,
            codebook,
            title,
        } => project::new(&file, &codebook, title)?,
        Command::Import(args) => project::import(args)?,
        Command::ImportCodes {
            file,
            codes,
            encoding,
        } => project::import_codes(&file, &codes, encoding)?,
        Command::Codebook {
            file,
            export,
            apply,
        } => project::codebook(&file, export, apply)?,
        Command::Presets => project::presets(),
        Command::Value(args) => project::value(args)?,
        Command::Status { file, format } => project::status(&file, format)?,
        Command::Copy { file, out } => project::copy(&file, &out)?,
        Command::Coders {
            file,
            add,
            rename,
            format,
        } => project::coders(&file, &add, &rename, format)?,
        Command::Sample { name, out, force } => project::sample(&name, out, force)?,
        Command::Agree(args) => agree::agree(args)?,
        Command::Agreement(args) => agree::agreement(args)?,
        Command::PlanReliability(args) => plan::plan_reliability(args)?,
        Command::Methods(args) => results::methods(args)?,
        Command::Drift(args) => agree::drift(args)?,
        Command::Assign(args) => assign::assign(args)?,
        Command::Training(args) => training::training(args)?,
        Command::Stats(args) => results::stats(args)?,
        Command::Crosstab(args) => results::crosstab(args)?,
        Command::Primary(args) => results::primary(args)?,
        Command::Disagreements(args) => results::disagreements(args)?,
        Command::Adjudicate(args) => results::adjudicate(args)?,
        Command::Export(args) => results::export(args)?,
        Command::Report(args) => results::report(args)?,
        Command::Server(args) => server::run(args)?,
        Command::Push { file, url } => server::push(&file, &url)?,
        Command::Pull { url, out } => server::pull(&url, &out)?,
        Command::Describe(args) => analysis::describe(args)?,
        Command::Timeline(args) => analysis::timeline(args)?,
        Command::Compare(args) => analysis::compare(args)?,
        Command::Correlate(args) => analysis::correlate(args)?,
        Command::Index(args) => index::index(args)?,
        Command::Rank(args) => index::rank(args)?,
        Command::Package(args) => team::package(args)?,
        Command::Merge(args) => team::merge(args)?,
        Command::Open { file, supervisor } => {
            return Ok(match (file, supervisor) {
                (Some(file), true) => Outcome::OpenSupervisor(file),
                (None, true) => anyhow::bail!("--supervisor needs the project FILE to open"),
                (file, false) => Outcome::OpenGui(file),
            });
        }
    }
    Ok(Outcome::Done)
}

/// Opens the study a command names (a file, a server URL or profile), and says on standard
/// error which of a server study's rows its read left out.
fn open_study(arg: &std::path::Path) -> crate::study::Result<crate::study::Study> {
    let study = crate::study::Study::open(arg)?;
    server::warn_set_aside(study.set_aside());
    Ok(study)
}

#[cfg(test)]
mod handed_over_tests {
    use super::study_handed_over;
    use std::ffi::OsString;

    #[test]
    fn only_an_existing_study_file_alone_is_opened() {
        let dir = tempfile::tempdir().unwrap();
        let study = dir.path().join("Study.CDESK");
        std::fs::write(&study, b"").unwrap();
        let notes = dir.path().join("notes.txt");
        std::fs::write(&notes, b"").unwrap();
        let args = |rest: &[&std::path::Path]| -> Vec<OsString> {
            std::iter::once(OsString::from("codingdesk"))
                .chain(rest.iter().map(|p| p.as_os_str().to_owned()))
                .collect()
        };
        assert_eq!(study_handed_over(&args(&[&study])), Some(study.clone()));
        assert_eq!(study_handed_over(&args(&[&notes])), None);
        assert_eq!(
            study_handed_over(&args(&[&dir.path().join("gone.cdesk")])),
            None
        );
        assert_eq!(
            study_handed_over(&args(&[std::path::Path::new("status")])),
            None
        );
        assert_eq!(study_handed_over(&args(&[&study, &study])), None);
        assert_eq!(study_handed_over(&args(&[])), None);
    }
}
