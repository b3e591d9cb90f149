//! One package merged into the master inside the merge's transaction.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rusqlite::{OptionalExtension, params};

use super::super::codings::{CodingRecord, answer_from_row, upsert_coding};
use super::super::merge_input::{LOG_COLUMNS, PackageData, PackageNote, log_entry_from_row};
use super::super::now;
use super::{
    CodeState, Conflict, Decision, Issued, Key, MappedCode, MasterSide, Merger, PackageMerge, Side,
    UNIT_NOTE, UnmappedCode, decide, describe_code, describe_note, last_changes,
};

impl Merger<'_> {
    pub(super) fn merge(
        &self,
        package: &PackageData,
        issued: &Issued,
    ) -> rusqlite::Result<PackageMerge> {
        let info = &package.info;
        let coder = issued.coder.as_str();
        let mut out = PackageMerge {
            file: package.file.clone(),
            package_id: info.id.clone(),
            coder: coder.to_owned(),
            made_at: info.made_at.clone(),
            codebook_version: info.codebook_version,
            units: info.units,
            ..PackageMerge::default()
        };
        if info.codebook_version != self.codebook.version {
            out.notices.push(format!(
                "made with codebook version {}; the master's is version {}: codes were placed by the master's codebook and its history",
                info.codebook_version, self.codebook.version
            ));
        }
        let master = self.load_master(issued, info.master_log_position)?;
        let package_log: Vec<_> = package
            .log
            .iter()
            .filter(|entry| entry.coder.as_deref() == Some(coder))
            .collect();
        let copied: std::collections::HashSet<_> = package_log.iter().copied().collect();
        // The master's own changes: entries appended by an earlier merge of this package are
        // the package's changes, not the master's.
        let master_changes = last_changes(master.log.iter().filter(|e| !copied.contains(e)));
        let package_changes = last_changes(package_log.iter().copied());

        self.merge_codes(
            package,
            &master,
            &master_changes,
            &package_changes,
            &mut out,
        )?;
        self.merge_notes(
            package,
            &master,
            &master_changes,
            &package_changes,
            &mut out,
        )?;

        for entry in package_log {
            if master.log.contains(entry) {
                continue;
            }
            self.tx.execute(
                &format!(
                    "INSERT INTO change_log ({LOG_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
                ),
                params![
                    entry.at,
                    entry.actor,
                    entry.action,
                    entry.unit,
                    entry.coder,
                    entry.variable,
                    entry.old,
                    entry.new
                ],
            )?;
            out.log_entries += 1;
        }
        if out.changes_anything() {
            self.record_merge(package, &out)?;
        }
        Ok(out)
    }

    fn load_master(&self, issued: &Issued, position: i64) -> rusqlite::Result<MasterSide> {
        let tx = self.tx;
        let (coder_id, coder) = (issued.coder_id, issued.coder.as_str());
        let pairs = |sql: &str| -> rusqlite::Result<HashMap<String, i64>> {
            let mut query = tx.prepare(sql)?;
            query
                .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
                .collect()
        };
        let units = pairs("SELECT uid, id FROM unit")?;
        let variables = pairs("SELECT key, id FROM variable")?;
        let mut query = tx.prepare(
            "SELECT u.uid, v.key, k.code, k.codes, k.number, k.text, k.note FROM coding k
             JOIN unit u ON u.id = k.unit_id JOIN variable v ON v.id = k.variable_id
             WHERE k.coder_id = ?1",
        )?;
        let codes = query
            .query_map([coder_id], |row| {
                Ok((
                    (row.get(0)?, row.get(1)?),
                    (answer_from_row(row, 2)?, row.get(6)?),
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut query = tx.prepare(
            "SELECT u.uid, n.note FROM unit_note n JOIN unit u ON u.id = n.unit_id
             WHERE n.coder_id = ?1",
        )?;
        let notes = query
            .query_map([coder_id], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut query = tx.prepare(&format!(
            "SELECT {LOG_COLUMNS} FROM change_log WHERE coder = ?1 AND id > ?2"
        ))?;
        let log = query
            .query_map(params![coder, position], log_entry_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(MasterSide {
            coder_id,
            units,
            variables,
            codes,
            notes,
            log,
        })
    }

    fn merge_codes(
        &self,
        package: &PackageData,
        master: &MasterSide,
        master_changes: &HashMap<Key, String>,
        package_changes: &HashMap<Key, String>,
        out: &mut PackageMerge,
    ) -> rusqlite::Result<()> {
        let coder = package.info.coder.as_str();
        let mut codes: BTreeMap<(String, String), &CodingRecord> = BTreeMap::new();
        for code in &package.codes {
            if *code.coder == *coder {
                codes.insert((code.unit.to_string(), code.variable.to_string()), code);
            } else {
                let reason = other_name(&code.coder, coder);
                self.keep_aside(package, code, code.answer.to_plain(), reason, out)?;
            }
        }
        // Codes the package cleared since it was made are in its log, not in its codes.
        let mut keys: BTreeSet<(String, String)> = codes.keys().cloned().collect();
        keys.extend(package_changes.keys().filter_map(|(unit, variable)| {
            variable
                .as_ref()
                .map(|variable| (unit.clone(), variable.clone()))
        }));
        for key in keys {
            let (unit, variable) = &key;
            let code = codes.get(&key).copied();
            let mut mapped_from = None;
            let package_state: CodeState = match code {
                None => None,
                Some(code) => {
                    let placed = if master.units.contains_key(unit) {
                        self.drift.map(self.codebook, variable, &code.answer)
                    } else {
                        Err(format!("unit '{unit}' is not in the master"))
                    };
                    match placed {
                        Ok(answer) => {
                            self.release_kept_aside(
                                (unit, coder, variable),
                                &code.answer.to_plain(),
                                out,
                            )?;
                            if answer != code.answer {
                                mapped_from = Some(code.answer.to_plain());
                            }
                            Some((answer, code.note.clone()))
                        }
                        Err(reason) => {
                            self.keep_aside(package, code, code.answer.to_plain(), reason, out)?;
                            continue;
                        }
                    }
                }
            };
            let master_state: CodeState = master.codes.get(&key).cloned();
            if package_state == master_state {
                out.unchanged += 1;
                continue;
            }
            let change_key: Key = (unit.clone(), Some(variable.clone()));
            let take = self.resolve(
                (&change_key, package_changes, master_changes),
                master_state.is_none(),
                (describe_code(&master_state), describe_code(&package_state)),
                &package.info.coder,
                out,
            )?;
            let (Some(&unit_id), Some(&variable_id), true) =
                (master.units.get(unit), master.variables.get(variable), take)
            else {
                out.unchanged += 1;
                continue;
            };
            let ids = (unit_id, master.coder_id, variable_id);
            match (&package_state, code) {
                (Some((answer, note)), Some(code)) => {
                    upsert_coding(
                        self.tx,
                        ids,
                        (answer, note),
                        (&code.created_at, &code.updated_at),
                    )?;
                    if master_state.is_none() {
                        out.added += 1;
                    } else {
                        out.updated += 1;
                    }
                }
                _ => {
                    self.tx.execute(
                        "DELETE FROM coding WHERE unit_id = ?1 AND coder_id = ?2 AND variable_id = ?3",
                        params![ids.0, ids.1, ids.2],
                    )?;
                    out.cleared += 1;
                }
            }
            let action = if package_state.is_some() {
                "merge.set"
            } else {
                "merge.clear"
            };
            self.log(
                action,
                (Some(unit.as_str()), Some(variable.as_str())),
                coder,
                (describe_code(&master_state), describe_code(&package_state)),
            )?;
            if let (Some(from), Some((answer, _))) = (mapped_from, &package_state) {
                let to = answer.to_plain();
                self.log(
                    "merge.map",
                    (Some(unit.as_str()), Some(variable.as_str())),
                    coder,
                    (from.clone(), to.clone()),
                )?;
                out.mapped.push(MappedCode {
                    unit: unit.clone(),
                    variable: variable.clone(),
                    from,
                    to,
                });
            }
        }
        Ok(())
    }

    fn merge_notes(
        &self,
        package: &PackageData,
        master: &MasterSide,
        master_changes: &HashMap<Key, String>,
        package_changes: &HashMap<Key, String>,
        out: &mut PackageMerge,
    ) -> rusqlite::Result<()> {
        let coder = package.info.coder.as_str();
        let mut notes: BTreeMap<&str, &PackageNote> = BTreeMap::new();
        for note in &package.notes {
            if note.coder == coder {
                notes.insert(note.unit.as_str(), note);
            } else {
                let reason = other_name(&note.coder, coder);
                self.keep_aside_note(package, note, reason, out)?;
            }
        }
        let mut units: BTreeSet<&str> = notes.keys().copied().collect();
        units.extend(
            package_changes
                .keys()
                .filter(|(_, variable)| variable.is_none())
                .map(|(unit, _)| unit.as_str()),
        );
        for unit in units {
            let package_note = notes.get(unit).map(|note| note.note.clone());
            let Some(&unit_id) = master.units.get(unit) else {
                if let Some(note) = notes.get(unit) {
                    let reason = format!("unit '{unit}' is not in the master");
                    self.keep_aside_note(package, note, reason, out)?;
                }
                continue;
            };
            if let Some(note) = &package_note {
                self.release_kept_aside((unit, coder, UNIT_NOTE), note, out)?;
            }
            let master_note = master.notes.get(unit).cloned();
            if package_note == master_note {
                continue;
            }
            let change_key: Key = (unit.to_owned(), None);
            let take = self.resolve(
                (&change_key, package_changes, master_changes),
                master_note.is_none(),
                (describe_note(&master_note), describe_note(&package_note)),
                coder,
                out,
            )?;
            if !take {
                continue;
            }
            match notes.get(unit) {
                Some(note) => {
                    self.tx.execute(
                        "INSERT INTO unit_note (unit_id, coder_id, note, updated_at) VALUES (?1, ?2, ?3, ?4)
                         ON CONFLICT (unit_id, coder_id) DO UPDATE SET note = excluded.note,
                             updated_at = excluded.updated_at",
                        params![unit_id, master.coder_id, note.note, note.updated_at],
                    )?;
                }
                None => {
                    self.tx.execute(
                        "DELETE FROM unit_note WHERE unit_id = ?1 AND coder_id = ?2",
                        params![unit_id, master.coder_id],
                    )?;
                }
            }
            self.log(
                "merge.note",
                (Some(unit), None),
                coder,
                (describe_note(&master_note), describe_note(&package_note)),
            )?;
            out.notes_changed += 1;
        }
        Ok(())
    }

    /// Decides whether the package's state is taken, recording a conflict (once: a conflict an
    /// earlier merge already logged is not logged or reported again).
    fn resolve(
        &self,
        (key, package_changes, master_changes): (
            &Key,
            &HashMap<Key, String>,
            &HashMap<Key, String>,
        ),
        master_missing: bool,
        (master_value, package_value): (String, String),
        coder: &str,
        out: &mut PackageMerge,
    ) -> rusqlite::Result<bool> {
        let package_at = package_changes.get(key);
        let master_at = master_changes.get(key);
        match decide(package_at, master_at, master_missing, self.prefer) {
            Decision::TakePackage => Ok(true),
            Decision::KeepMaster => Ok(false),
            Decision::Conflict(kept) => {
                let (winner, loser) = match kept {
                    Side::Package => (&package_value, &master_value),
                    Side::Master => (&master_value, &package_value),
                };
                let (unit, variable) = key;
                let seen: Option<i64> = self
                    .tx
                    .query_row(
                        "SELECT 1 FROM change_log WHERE action = 'merge.conflict' AND unit = ?1
                         AND coder = ?2 AND variable IS ?3 AND old = ?4 AND new = ?5",
                        params![unit, coder, variable, loser, winner],
                        |row| row.get(0),
                    )
                    .optional()?;
                if seen.is_some() {
                    return Ok(kept == Side::Package);
                }
                self.log(
                    "merge.conflict",
                    (Some(unit.as_str()), variable.as_deref()),
                    coder,
                    (loser.clone(), winner.clone()),
                )?;
                out.conflicts.push(Conflict {
                    unit: unit.clone(),
                    coder: coder.to_owned(),
                    variable: variable.clone(),
                    master: master_value,
                    package: package_value,
                    master_changed_at: master_at.cloned().unwrap_or_default(),
                    package_changed_at: package_at.cloned().unwrap_or_default(),
                    kept,
                });
                Ok(kept == Side::Package)
            }
        }
    }

    fn keep_aside(
        &self,
        package: &PackageData,
        code: &CodingRecord,
        value: String,
        reason: String,
        out: &mut PackageMerge,
    ) -> rusqlite::Result<()> {
        self.keep_aside_item(
            package,
            UnmappedCode {
                unit: code.unit.to_string(),
                coder: code.coder.to_string(),
                variable: code.variable.to_string(),
                value,
                reason,
            },
            out,
        )
    }

    fn keep_aside_note(
        &self,
        package: &PackageData,
        note: &PackageNote,
        reason: String,
        out: &mut PackageMerge,
    ) -> rusqlite::Result<()> {
        self.keep_aside_item(
            package,
            UnmappedCode {
                unit: note.unit.clone(),
                coder: note.coder.clone(),
                variable: UNIT_NOTE.to_owned(),
                value: note.note.clone(),
                reason,
            },
            out,
        )
    }

    fn keep_aside_item(
        &self,
        package: &PackageData,
        item: UnmappedCode,
        out: &mut PackageMerge,
    ) -> rusqlite::Result<()> {
        let inserted = self.tx.execute(
            "INSERT OR IGNORE INTO merge_unmapped (unit, coder, variable, value, reason, package_id,
                                                   kept_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                item.unit,
                item.coder,
                item.variable,
                item.value,
                item.reason,
                package.info.id,
                now()
            ],
        )?;
        if inserted > 0 {
            self.log(
                "merge.unmapped",
                (Some(item.unit.as_str()), Some(item.variable.as_str())),
                &item.coder,
                (item.reason.clone(), item.value.clone()),
            )?;
            out.newly_kept_aside += 1;
        }
        out.unmapped.push(item);
        Ok(())
    }

    /// A code or note an earlier merge kept aside that is now placed leaves `merge_unmapped`,
    /// with a `merge.placed` log entry; the merge then handles it like any other.
    fn release_kept_aside(
        &self,
        (unit, coder, variable): (&str, &str, &str),
        value: &str,
        out: &mut PackageMerge,
    ) -> rusqlite::Result<()> {
        let released = self.tx.execute(
            "DELETE FROM merge_unmapped
             WHERE unit = ?1 AND coder = ?2 AND variable = ?3 AND value = ?4",
            params![unit, coder, variable, value],
        )?;
        if released > 0 {
            self.log(
                "merge.placed",
                (Some(unit), Some(variable)),
                coder,
                (value.to_owned(), value.to_owned()),
            )?;
            out.placed_from_kept_aside += released;
        }
        Ok(())
    }

    fn record_merge(&self, package: &PackageData, out: &PackageMerge) -> rusqlite::Result<()> {
        let info = &package.info;
        let stamp = now();
        let updated = self.tx.execute(
            "UPDATE package SET merged_at = ?2 WHERE id = ?1",
            params![info.id, stamp],
        )?;
        if updated == 0 {
            // A package made from another copy of this master: remember it here too.
            self.tx.execute(
                "INSERT INTO package (id, coder, made_at, codebook_version, master_log_position,
                                      package_log_position, units, file, merged_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    info.id,
                    info.coder,
                    info.made_at,
                    info.codebook_version,
                    info.master_log_position,
                    info.package_log_position,
                    info.units,
                    package.file,
                    stamp
                ],
            )?;
        }
        let summary = format!(
            "{} {}: {} added, {} updated, {} cleared, {} notes, {} conflicts, {} kept aside",
            info.id,
            package.file,
            out.added,
            out.updated,
            out.cleared,
            out.notes_changed,
            out.conflicts.len(),
            out.newly_kept_aside
        );
        self.log(
            "merge.package",
            (None, None),
            &info.coder,
            (String::new(), summary),
        )
    }

    fn log(
        &self,
        action: &str,
        (unit, variable): (Option<&str>, Option<&str>),
        coder: &str,
        (old, new): (String, String),
    ) -> rusqlite::Result<()> {
        self.tx.execute(
            &format!(
                "INSERT INTO change_log ({LOG_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
            ),
            params![now(), self.actor, action, unit, coder, variable, old, new],
        )?;
        Ok(())
    }
}

/// Why work done under another name in a package is kept aside: a package carries one coder.
fn other_name(name: &str, coder: &str) -> String {
    format!("coded under the name '{name}' in the package, which is {coder}'s")
}
