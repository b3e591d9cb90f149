//! Merging coders' packages into the master, by stable keys (unit uid, coder name, variable
//! key, value code), never by row ids. The rules (docs/teams.md):
//!
//! - a code the package changed since it was made, and the master did not, is taken;
//! - a code changed on both sides is a conflict: the newer change wins unless `Prefer` says
//!   otherwise, the losing value goes to the change log (`merge.conflict`) and the report;
//! - values merged in the master's codebook since are mapped as its `codebook.merge` log says;
//!   codes that cannot be placed are kept aside in `merge_unmapped`, never dropped;
//! - the package's change-log entries are appended unless already there.
//!
//! Every write happens only when the master differs from the outcome, so merging a package
//! twice changes nothing, and packages of different coders touch disjoint keys, so their order
//! does not matter.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use rusqlite::{OptionalExtension, Transaction};
use serde::Serialize;

use super::codebook::load_codebook;
use super::merge_input::{LogEntry, PackageData, read_package};
use super::{Project, Result, StoreError, begin, sqlite_error};
use crate::model::{Answer, Codebook};

/// How a merge decides what the packages alone cannot tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MergeOptions {
    pub prefer: Prefer,
    /// Take packages made before packages carried proof of issue (their master record has no
    /// secret): such a package cannot be told from a forged one, so only on the supervisor's
    /// word. Their codes still go to the coder the master issued them to.
    pub trust_unproven: bool,
}

/// Which side wins a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Prefer {
    /// The side whose last change is newer (the master on a tie).
    #[default]
    Newer,
    Master,
    Package,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Master,
    Package,
}

impl Side {
    /// How a report says which value a conflict's merge kept.
    pub fn outcome(self) -> &'static str {
        match self {
            Side::Master => "kept the master's",
            Side::Package => "took the package's",
        }
    }
}

/// The same code (or unit note, when `variable` is `None`) changed in the master and in the
/// package since the package was made.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Conflict {
    pub unit: String,
    pub coder: String,
    pub variable: Option<String>,
    pub master: String,
    pub package: String,
    pub master_changed_at: String,
    pub package_changed_at: String,
    pub kept: Side,
}

/// The pseudo-variable under which a unit note is kept aside and reported.
pub const UNIT_NOTE: &str = "(unit note)";

/// A code that could not be placed in the master, kept aside in `merge_unmapped`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnmappedCode {
    pub unit: String,
    pub coder: String,
    pub variable: String,
    pub value: String,
    pub reason: String,
}

/// A code rewritten by the master's codebook history (a value merged since packaging).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MappedCode {
    pub unit: String,
    pub variable: String,
    pub from: String,
    pub to: String,
}

/// What merging one package did (or, in a preview, would do).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct PackageMerge {
    pub file: String,
    pub package_id: String,
    pub coder: String,
    pub made_at: String,
    pub codebook_version: i64,
    pub units: i64,
    pub added: usize,
    pub updated: usize,
    pub cleared: usize,
    pub unchanged: usize,
    pub notes_changed: usize,
    pub log_entries: usize,
    pub conflicts: Vec<Conflict>,
    pub mapped: Vec<MappedCode>,
    pub unmapped: Vec<UnmappedCode>,
    /// How many of `unmapped` were not kept aside by an earlier merge.
    pub newly_kept_aside: usize,
    /// Codes and notes an earlier merge kept aside that this one could place (the codebook
    /// gained their value, or the master their unit, since): no longer kept aside.
    pub placed_from_kept_aside: usize,
    pub notices: Vec<String>,
}

impl PackageMerge {
    pub fn changes_anything(&self) -> bool {
        self.added + self.updated + self.cleared + self.notes_changed + self.log_entries > 0
            || !self.conflicts.is_empty()
            || self.newly_kept_aside > 0
            || self.placed_from_kept_aside > 0
    }
}

/// What a merge of several packages did.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct MergeReport {
    pub master: String,
    pub packages: Vec<PackageMerge>,
    /// False for a preview, and when nothing needed to change.
    pub applied: bool,
    /// The copy of the master taken before it was changed.
    pub backup: Option<PathBuf>,
}

impl MergeReport {
    pub fn changes_anything(&self) -> bool {
        self.packages.iter().any(PackageMerge::changes_anything)
    }
}

impl Project {
    /// Codes the last merges could not place, kept aside: (unit, coder, variable, value, reason).
    pub fn kept_aside(&self) -> Result<Vec<UnmappedCode>> {
        let mut query = self
            .conn
            .prepare(
                "SELECT unit, coder, variable, value, reason FROM merge_unmapped
                 ORDER BY kept_at, unit, coder, variable",
            )
            .map_err(|e| self.err(e))?;
        let rows = query
            .query_map([], |row| {
                Ok(UnmappedCode {
                    unit: row.get(0)?,
                    coder: row.get(1)?,
                    variable: row.get(2)?,
                    value: row.get(3)?,
                    reason: row.get(4)?,
                })
            })
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .map_err(|e| self.err(e))?;
        Ok(rows)
    }

    /// Merges coders' packages into this master in one transaction, after a backup copy. With
    /// `apply` false nothing is written: the report is a preview. Every package is checked
    /// first; one refused package refuses the whole merge and leaves the master untouched.
    pub fn merge_packages(
        &mut self,
        files: &[PathBuf],
        options: MergeOptions,
        actor: &str,
        apply: bool,
    ) -> Result<MergeReport> {
        let prefer = options.prefer;
        if self.package_info()?.is_some() {
            return Err(StoreError::Invalid(format!(
                "{} is a coder's package: merge packages into the master project",
                self.path.display()
            )));
        }
        if files.is_empty() {
            return Err(StoreError::Invalid("no package to merge".into()));
        }
        let study_uid = self.study_uid()?;
        let packages = files
            .iter()
            .map(|file| {
                let package = read_package(file, &study_uid)?;
                let issued = self.prove(&package, options.trust_unproven)?;
                Ok((package, issued))
            })
            .collect::<Result<Vec<_>>>()?;
        let preview = self.run_merge(&packages, prefer, actor, false)?;
        if !apply || !preview.changes_anything() {
            return Ok(preview);
        }
        let backup = self.backup_copy("pre-merge", "before merging packages into it")?;
        let mut report = self.run_merge(&packages, prefer, actor, true)?;
        report.applied = true;
        report.backup = Some(backup);
        Ok(report)
    }

    /// Whom the master issued `package` to, if the package proves it is the one issued: its
    /// id names a package record here and it holds that record's secret. Nothing the package
    /// says of itself (its coder's name, its id alone) is taken on trust.
    fn prove(&self, package: &PackageData, trust_unproven: bool) -> Result<Issued> {
        let refuse = |reason: String| StoreError::PackageRefused {
            file: package.file.clone(),
            reason,
        };
        let record: Option<(Option<i64>, Option<String>, String)> = self
            .conn
            .query_row(
                "SELECT p.coder_id, p.secret, p.coder FROM package p WHERE p.id = ?1",
                [&package.info.id],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        let Some((coder_id, secret, recorded_coder)) = record else {
            return Err(refuse(
                "this master never issued a package with its id: it was made from another copy of the study, or changed after it was made; nothing was merged".into(),
            ));
        };
        match (&secret, &package.secret) {
            (Some(kept), Some(held)) if same_secret(kept, held) => {}
            (Some(_), _) => {
                return Err(refuse(format!(
                    "it does not hold the proof the master gave the package it issued to {recorded_coder}: it was changed or forged after it was made; nothing was merged. Ask {recorded_coder} for the file the master made, or make a new package"
                )));
            }
            (None, _) if trust_unproven => {}
            (None, _) => {
                return Err(refuse(format!(
                    "it was made for {recorded_coder} by an earlier Codingdesk, before packages carried proof of who they were issued to, so a forged copy cannot be told from it. If it reached you from {recorded_coder} by a way you trust, merge it with --trust-unproven (its codes go to {recorded_coder} whatever it says inside)"
                )));
            }
        }
        let coder_id = coder_id.ok_or_else(|| {
            refuse(format!(
                "the coder it was issued to ({recorded_coder}) is no longer in the study"
            ))
        })?;
        let coder: String = self
            .conn
            .query_row("SELECT name FROM coder WHERE id = ?1", [coder_id], |row| {
                row.get(0)
            })
            .map_err(|e| self.err(e))?;
        // The package's own coder row carries the master's id. A name that differs from the
        // master's was changed in the file (renaming is refused while packages are out).
        let inside = package
            .coders
            .iter()
            .find(|(id, _)| *id == coder_id)
            .map(|(_, name)| name.clone());
        if inside.as_deref() != Some(coder.as_str()) || package.info.coder != coder {
            return Err(refuse(format!(
                "the master issued it to {coder}, but inside it names its coder '{}': it was changed after it was made; nothing was merged",
                inside.unwrap_or_else(|| package.info.coder.clone())
            )));
        }
        Ok(Issued { coder_id, coder })
    }

    fn run_merge(
        &mut self,
        packages: &[(PackageData, Issued)],
        prefer: Prefer,
        actor: &str,
        commit: bool,
    ) -> Result<MergeReport> {
        let path = self.path.clone();
        let fail = |e| sqlite_error(&path, e);
        let tx = begin(&mut self.conn).map_err(fail)?;
        let codebook = load_codebook(&tx).map_err(fail)?;
        let drift = Drift::load(&tx).map_err(fail)?;
        let mut report = MergeReport {
            master: path.display().to_string(),
            ..MergeReport::default()
        };
        for (package, issued) in packages {
            let merger = Merger {
                tx: &tx,
                codebook: &codebook,
                drift: &drift,
                prefer,
                actor,
            };
            report
                .packages
                .push(merger.merge(package, issued).map_err(fail)?);
        }
        if commit {
            tx.commit().map_err(fail)?;
        }
        Ok(report)
    }
}

/// The coder the master issued a package to, as the master knows them.
pub(super) struct Issued {
    pub coder_id: i64,
    pub coder: String,
}

/// Compares two secrets in time that does not depend on where they first differ.
fn same_secret(kept: &str, held: &str) -> bool {
    let (kept, held) = (kept.as_bytes(), held.as_bytes());
    kept.len() == held.len()
        && kept
            .iter()
            .zip(held)
            .fold(0u8, |difference, (a, b)| difference | (a ^ b))
            == 0
}

/// Values merged in the master's codebook: (variable, from) → into, from the change log.
struct Drift(HashMap<(String, i64), i64>);

impl Drift {
    fn load(tx: &Transaction<'_>) -> rusqlite::Result<Drift> {
        let mut query = tx.prepare(
            "SELECT variable, old, new FROM change_log WHERE action = 'codebook.merge' ORDER BY id",
        )?;
        let rows = query
            .query_map([], |row| {
                Ok((
                    row.get::<_, Option<String>>(0)?,
                    row.get::<_, Option<String>>(1)?,
                    row.get::<_, Option<String>>(2)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        // Entries read "CODE LABEL"; the code is what matters.
        let code = |text: &Option<String>| -> Option<i64> {
            text.as_deref()?.split_whitespace().next()?.parse().ok()
        };
        let mut merged = HashMap::new();
        for (variable, old, new) in rows {
            if let (Some(variable), Some(from), Some(into)) = (variable, code(&old), code(&new)) {
                merged.insert((variable, from), into);
            }
        }
        Ok(Drift(merged))
    }

    /// The package's answer in the master's codebook, or why it cannot be placed.
    fn map(
        &self,
        codebook: &Codebook,
        key: &str,
        answer: &Answer,
    ) -> std::result::Result<Answer, String> {
        let variable = codebook
            .variable(key)
            .ok_or_else(|| format!("variable '{key}' is not in the master's codebook"))?;
        if !answer.fits(variable.kind) {
            return Err(format!(
                "variable '{key}' now expects a {} answer",
                variable.kind
            ));
        }
        let map_code = |original: i64| -> std::result::Result<i64, String> {
            let mut code = original;
            // Follow merges (a into b, b into c) to a value in use; the bound stops a cycle.
            for _ in 0..=variable.values.len() {
                if variable.value(code).is_some_and(|value| !value.retired) {
                    return Ok(code);
                }
                match self.0.get(&(key.to_owned(), code)) {
                    Some(&into) => code = into,
                    None => break,
                }
            }
            // A retired value nobody merged is still in the codebook: the code stays valid.
            match variable.value(code) {
                Some(_) => Ok(code),
                None => Err(format!(
                    "value {original} of '{key}' is not in the master's codebook"
                )),
            }
        };
        match answer {
            Answer::Code(code) => Ok(Answer::Code(map_code(*code)?)),
            Answer::Codes(codes) => {
                let mapped: Vec<i64> = codes
                    .iter()
                    .map(|code| map_code(*code))
                    .collect::<std::result::Result<_, _>>()?;
                match variable.exclusive_conflict(&mapped) {
                    Some(conflict) => Err(format!("'{key}': {conflict}")),
                    None => Ok(Answer::codes(mapped)),
                }
            }
            Answer::Number(number) if !number.is_finite() => Err("the number is not finite".into()),
            other => Ok(other.clone()),
        }
    }
}

/// A code's full state on one side: the answer and the coder's note on it.
type CodeState = Option<(Answer, String)>;

fn describe_code(state: &CodeState) -> String {
    match state {
        None => "(no code)".into(),
        Some((answer, note)) if note.is_empty() => answer.to_plain(),
        Some((answer, note)) => format!("{} (note: {note})", answer.to_plain()),
    }
}

fn describe_note(note: &Option<String>) -> String {
    note.clone().unwrap_or_else(|| "(no note)".into())
}

/// (unit uid, variable key), or (unit uid, None) for a unit note.
type Key = (String, Option<String>);

/// What to do with one key.
enum Decision {
    TakePackage,
    KeepMaster,
    Conflict(Side),
}

/// `package_at`/`master_at`: the last change of the key on each side since packaging.
fn decide(
    package_at: Option<&String>,
    master_at: Option<&String>,
    master_missing: bool,
    prefer: Prefer,
) -> Decision {
    match (package_at, master_at) {
        (Some(_), None) => Decision::TakePackage,
        (None, Some(_)) => Decision::KeepMaster,
        // Neither side logged a change: never lose a code the master lacks.
        (None, None) if master_missing => Decision::TakePackage,
        (None, None) => Decision::KeepMaster,
        (Some(package_at), Some(master_at)) => Decision::Conflict(match prefer {
            Prefer::Master => Side::Master,
            Prefer::Package => Side::Package,
            Prefer::Newer if package_at > master_at => Side::Package,
            Prefer::Newer => Side::Master,
        }),
    }
}

fn is_change(action: &str) -> bool {
    matches!(
        action,
        "coding.set" | "coding.clear" | "coding.merge" | "note.set"
    )
}

/// The last change per key among `entries`.
fn last_changes<'a>(entries: impl Iterator<Item = &'a LogEntry>) -> HashMap<Key, String> {
    let mut last: HashMap<Key, String> = HashMap::new();
    for entry in entries.filter(|entry| is_change(&entry.action)) {
        let key = (
            entry.unit.clone().unwrap_or_default(),
            entry.variable.clone(),
        );
        let at = last.entry(key).or_default();
        if entry.at > *at {
            *at = entry.at.clone();
        }
    }
    last
}

struct Merger<'a> {
    tx: &'a Transaction<'a>,
    codebook: &'a Codebook,
    drift: &'a Drift,
    prefer: Prefer,
    actor: &'a str,
}

/// The master's side for one coder.
struct MasterSide {
    coder_id: i64,
    units: HashMap<String, i64>,
    variables: HashMap<String, i64>,
    codes: HashMap<(String, String), (Answer, String)>,
    notes: HashMap<String, String>,
    /// The master's change-log entries of this coder since the package was made.
    log: HashSet<LogEntry>,
}

mod apply;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codebook::preset;

    #[test]
    fn only_a_change_on_both_sides_is_a_conflict_and_prefer_decides_it() {
        let (early, late) = (
            "2026-01-01T00:00:00.000Z".to_owned(),
            "2026-01-02T00:00:00.000Z".to_owned(),
        );
        let taken = |d: Decision| matches!(d, Decision::TakePackage);
        assert!(taken(decide(Some(&late), None, false, Prefer::Newer)));
        assert!(matches!(
            decide(None, Some(&late), false, Prefer::Package),
            Decision::KeepMaster
        ));
        assert!(
            taken(decide(None, None, true, Prefer::Master)),
            "a missing code is added"
        );
        assert!(matches!(
            decide(None, None, false, Prefer::Package),
            Decision::KeepMaster
        ));
        for (prefer, package_at, master_at, kept) in [
            (Prefer::Newer, &late, &early, Side::Package),
            (Prefer::Newer, &early, &late, Side::Master),
            (Prefer::Newer, &early, &early, Side::Master),
            (Prefer::Master, &late, &early, Side::Master),
            (Prefer::Package, &early, &late, Side::Package),
        ] {
            assert!(
                matches!(decide(Some(package_at), Some(master_at), false, prefer), Decision::Conflict(side) if side == kept),
                "{prefer:?}"
            );
        }
    }

    #[test]
    fn merged_values_are_followed_and_unknown_ones_refused() {
        let mut codebook = preset("tiktok-six").unwrap().codebook().unwrap();
        let theme = codebook
            .variables
            .iter_mut()
            .find(|v| v.key == "theme")
            .unwrap();
        for value in theme
            .values
            .iter_mut()
            .filter(|v| v.code == 4 || v.code == 9)
        {
            value.retired = true;
        }
        // 4 was merged into 9, then 9 into 3.
        let drift = Drift(HashMap::from([
            (("theme".into(), 4), 9),
            (("theme".into(), 9), 3),
        ]));
        assert_eq!(
            drift.map(&codebook, "theme", &Answer::Code(4)),
            Ok(Answer::Code(3))
        );
        assert_eq!(
            drift.map(&codebook, "theme", &Answer::Code(1)),
            Ok(Answer::Code(1))
        );
        let unknown = drift.map(&codebook, "theme", &Answer::Code(7)).unwrap_err();
        assert!(unknown.contains("value 7"), "{unknown}");
        let gone = drift.map(&codebook, "mood", &Answer::Code(1)).unwrap_err();
        assert!(gone.contains("'mood'"), "{gone}");
        let kind = drift
            .map(&codebook, "theme", &Answer::Text("x".into()))
            .unwrap_err();
        assert!(kind.contains("expects"), "{kind}");
        // A cycle in a (hand-edited) log ends instead of looping.
        let cycle = Drift(HashMap::from([
            (("theme".into(), 4), 9),
            (("theme".into(), 9), 4),
        ]));
        assert_eq!(
            cycle.map(&codebook, "theme", &Answer::Code(4)),
            Ok(Answer::Code(4))
        );
    }
}
