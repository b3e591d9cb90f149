//! `codingdesk package` and `codingdesk merge`: coding on several laptops.

use super::columns;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::Format;
use crate::store::{
    MergeOptions, MergeReport, PackageMerge, PackageOptions, PackageSummary, Prefer, UNIT_NOTE,
};

#[derive(Debug, Args)]
pub struct PackageArgs {
    /// The master project.
    pub file: PathBuf,
    /// The coder the package is for.
    #[arg(long, required_unless_present = "all", conflicts_with = "all")]
    pub coder: Option<String>,
    /// One package per coder with assignments (every coder when there are none), written into
    /// the folder given by --out as STUDY-CODER.cdesk.
    #[arg(long)]
    pub all: bool,
    /// The package file to write (with --all: the folder to write them into).
    #[arg(long)]
    pub out: PathBuf,
    /// Do not copy media next to the package; refer to the master's files instead.
    #[arg(long)]
    pub no_media: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PreferArg {
    Newer,
    Master,
    Package,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The master project.
    pub file: PathBuf,
    /// Packages coders sent back.
    #[arg(required = true)]
    pub packages: Vec<PathBuf>,
    /// Which side wins a code changed in both since packaging (the losing value is kept in the
    /// change log and listed).
    #[arg(long, value_enum, default_value_t = PreferArg::Newer)]
    pub prefer: PreferArg,
    /// Show what the merge would do without writing anything.
    #[arg(long)]
    pub dry_run: bool,
    /// Also take packages made before packages carried proof of whom the master issued them
    /// to. Such a file cannot be told from a forged one: use it only for a package that
    /// reached you from its coder by a way you trust. Its codes go to the coder the master
    /// issued it to, whatever it says inside.
    #[arg(long)]
    pub trust_unproven: bool,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

pub fn package(args: PackageArgs) -> anyhow::Result<()> {
    let mut project = super::open_study(&args.file)?;
    let options = PackageOptions {
        copy_media: !args.no_media,
    };
    let summaries = match &args.coder {
        Some(coder) => vec![project.write_package(coder, &args.out, options, &crate::actor())?],
        None => project.write_packages_for_all(&args.out, options, &crate::actor())?,
    };
    project.save()?;
    for summary in &summaries {
        print_package(summary);
    }
    Ok(())
}

fn print_package(summary: &PackageSummary) {
    println!(
        "{}: package for {} — {} units, {} codes, {} unit notes",
        summary.file.display(),
        summary.coder,
        summary.units,
        summary.codes,
        summary.notes
    );
    if let Some(folder) = &summary.media_folder {
        println!(
            "  {} media files copied to {} (send the folder with the file)",
            summary.media_copied,
            folder.display()
        );
    }
    if !summary.media_missing.is_empty() {
        println!(
            "  {} media files not found, references kept: {}",
            summary.media_missing.len(),
            summary.media_missing.join(", ")
        );
    }
    if !summary.media_refused.is_empty() {
        println!(
            "  {} media paths not copied, they name no picture or video: {}",
            summary.media_refused.len(),
            summary.media_refused.join(", ")
        );
    }
}

pub fn merge(args: MergeArgs) -> anyhow::Result<()> {
    let mut project = super::open_study(&args.file)?;
    let prefer = match args.prefer {
        PreferArg::Newer => Prefer::Newer,
        PreferArg::Master => Prefer::Master,
        PreferArg::Package => Prefer::Package,
    };
    let report = project.merge_packages(
        &args.packages,
        MergeOptions {
            prefer,
            trust_unproven: args.trust_unproven,
        },
        &crate::actor(),
        !args.dry_run,
    )?;
    project.save()?;
    match args.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&report)?),
        Format::Table => print_merge(&report, args.dry_run),
    }
    Ok(())
}

fn print_merge(report: &MergeReport, dry_run: bool) {
    let headline = if !report.changes_anything() {
        "Nothing to merge: the master already holds everything in these packages.".to_owned()
    } else if dry_run {
        "Preview (--dry-run): nothing was written.".to_owned()
    } else {
        format!(
            "Merged into {}{}.",
            report.master,
            report
                .backup
                .as_ref()
                .map(|backup| format!(" (backup first: {})", backup.display()))
                .unwrap_or_default()
        )
    };
    println!("{headline}\n");
    let width = columns::widest(report.packages.iter().map(|p| p.file.as_str()), 7);
    println!(
        "{:<width$}  {:<12} {:>5} {:>6} {:>8} {:>8} {:>10} {:>6} {:>10} {:>11}",
        "package",
        "coder",
        "units",
        "added",
        "updated",
        "cleared",
        "unchanged",
        "notes",
        "conflicts",
        "kept aside"
    );
    for p in &report.packages {
        println!(
            "{}  {} {:>5} {:>6} {:>8} {:>8} {:>10} {:>6} {:>10} {:>11}",
            columns::left(&p.file, width),
            columns::left(&p.coder, 12),
            p.units,
            p.added,
            p.updated,
            p.cleared,
            p.unchanged,
            p.notes_changed,
            p.conflicts.len(),
            p.unmapped.len()
        );
    }
    for p in &report.packages {
        print_details(p);
    }
}

fn print_details(p: &PackageMerge) {
    for notice in &p.notices {
        println!("\n{}: {notice}", p.file);
    }
    if p.placed_from_kept_aside > 0 {
        println!(
            "\n{}: {} kept aside by an earlier merge can be placed now",
            p.file, p.placed_from_kept_aside
        );
    }
    if !p.conflicts.is_empty() {
        println!(
            "\n{}: {} conflicts (changed in the master and in the package; the other value is in the change log):",
            p.file,
            p.conflicts.len()
        );
        for c in &p.conflicts {
            println!(
                "  {} {} {}: master {} ({}) vs package {} ({}) → {}",
                c.unit,
                c.coder,
                c.variable.as_deref().unwrap_or(UNIT_NOTE),
                c.master,
                c.master_changed_at,
                c.package,
                c.package_changed_at,
                c.kept.outcome()
            );
        }
    }
    if !p.mapped.is_empty() {
        println!(
            "\n{}: {} codes mapped by the codebook's history:",
            p.file,
            p.mapped.len()
        );
        for m in &p.mapped {
            println!("  {} {}: {} → {}", m.unit, m.variable, m.from, m.to);
        }
    }
    if !p.unmapped.is_empty() {
        println!(
            "\n{}: {} codes cannot be placed and are kept aside (not dropped; `codingdesk status` lists them):",
            p.file,
            p.unmapped.len()
        );
        for u in &p.unmapped {
            println!(
                "  {} {} {} = {}: {}",
                u.unit, u.coder, u.variable, u.value, u.reason
            );
        }
    }
}
