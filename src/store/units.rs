//! Units and their media.

use std::collections::BTreeMap;

use rusqlite::{OptionalExtension, Row, params};

use super::{Project, Result, StoreError, now};
use crate::model::{ExtraFields, Media, Unit};

/// What an import of units did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UpsertSummary {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub media_linked: usize,
}

impl UpsertSummary {
    /// Units read: added, updated or unchanged.
    pub fn rows(&self) -> usize {
        self.added + self.updated + self.unchanged
    }
}

const UNIT_COLUMNS: &str =
    "id, uid, platform, url, account, published_at, title, caption, duration_s,
     plays, likes, comments, shares, favorites, extra";

fn unit_from_row(row: &Row<'_>) -> rusqlite::Result<(i64, Unit)> {
    let extra: String = row.get(14)?;
    Ok((
        row.get(0)?,
        Unit {
            uid: row.get(1)?,
            platform: row.get(2)?,
            url: row.get(3)?,
            account: row.get(4)?,
            published_at: row.get(5)?,
            title: row.get(6)?,
            caption: row.get(7)?,
            duration_s: row.get(8)?,
            plays: row.get(9)?,
            likes: row.get(10)?,
            comments: row.get(11)?,
            shares: row.get(12)?,
            favorites: row.get(13)?,
            extra: serde_json::from_str(&extra).unwrap_or_default(),
            media: Vec::new(),
        },
    ))
}

impl Project {
    /// Adds new units and updates existing ones (matched by `uid`) in one transaction.
    ///
    /// Codings are never touched. Extra fields of an existing unit are merged: a re-import
    /// overwrites the columns it brings and keeps the others. Media links are added, not removed.
    pub fn upsert_units(&mut self, units: &[Unit], actor: &str) -> Result<UpsertSummary> {
        let upserted = self.upsert_units_from(units.iter(), actor, |_| true)?;
        Ok(upserted.unwrap_or_default())
    }

    /// The same as [`Project::upsert_units`] for units that arrive one at a time (an import
    /// builds them on another thread meanwhile), committed only if `commit_if` agrees once all
    /// have arrived — otherwise nothing is written and the result is `None`.
    pub fn upsert_units_from<U: std::borrow::Borrow<Unit>>(
        &mut self,
        units: impl IntoIterator<Item = U>,
        actor: &str,
        commit_if: impl FnOnce(&UpsertSummary) -> bool,
    ) -> Result<Option<UpsertSummary>> {
        let path = self.path.clone();
        let tx = super::begin(&mut self.conn).map_err(|e| super::sqlite_error(&path, e))?;
        let summary = (|| {
            let mut summary = UpsertSummary::default();
            let stamp = now();
            let mut next_position: i64 = tx.query_row(
                "SELECT coalesce(max(position), -1) + 1 FROM unit",
                [],
                |r| r.get(0),
            )?;
            // A study's first import has nothing to match: no lookup per row.
            let had_units: bool =
                tx.query_row("SELECT EXISTS (SELECT 1 FROM unit)", [], |r| r.get(0))?;
            let mut find =
                tx.prepare(&format!("SELECT {UNIT_COLUMNS} FROM unit WHERE uid = ?1"))?;
            let mut insert = tx.prepare(
                "INSERT INTO unit (uid, platform, url, account, published_at, title, caption,
                     duration_s, plays, likes, comments, shares, favorites, extra, position,
                     imported_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16)",
            )?;
            let mut update = tx.prepare(
                "UPDATE unit SET platform = ?2, url = ?3, account = ?4, published_at = ?5,
                     title = ?6, caption = ?7, duration_s = ?8, plays = ?9, likes = ?10,
                     comments = ?11, shares = ?12, favorites = ?13, extra = ?14, updated_at = ?15
                 WHERE id = ?1",
            )?;
            let mut link = tx.prepare(
                "INSERT OR IGNORE INTO media (unit_id, path, kind, position)
                 VALUES (?1, ?2, ?3, (SELECT count(*) FROM media WHERE unit_id = ?1))",
            )?;
            let mut log = tx.prepare(
                "INSERT INTO change_log (at, actor, action, unit, old, new)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for unit in units {
                let unit = unit.borrow();
                let existing = if had_units {
                    find.query_row([&unit.uid], unit_from_row).optional()?
                } else {
                    None
                };
                let unit_id = match existing {
                    None => {
                        insert.execute(params![
                            unit.uid,
                            unit.platform,
                            unit.url,
                            unit.account,
                            unit.published_at,
                            unit.title,
                            unit.caption,
                            unit.duration_s,
                            unit.plays,
                            unit.likes,
                            unit.comments,
                            unit.shares,
                            unit.favorites,
                            extra_json(&unit.extra),
                            next_position,
                            stamp,
                        ])?;
                        next_position += 1;
                        summary.added += 1;
                        tx.last_insert_rowid()
                    }
                    Some((id, old)) => {
                        let mut merged = unit.clone();
                        let mut extra: ExtraFields = old.extra.clone();
                        extra.extend(unit.extra.clone());
                        merged.extra = extra;
                        // Media links are compared separately: they are only ever added.
                        merged.media = Vec::new();
                        if merged == old {
                            summary.unchanged += 1;
                        } else {
                            update.execute(params![
                                id,
                                merged.platform,
                                merged.url,
                                merged.account,
                                merged.published_at,
                                merged.title,
                                merged.caption,
                                merged.duration_s,
                                merged.plays,
                                merged.likes,
                                merged.comments,
                                merged.shares,
                                merged.favorites,
                                extra_json(&merged.extra),
                                stamp,
                            ])?;
                            log.execute(params![
                                stamp,
                                actor,
                                "unit.update",
                                unit.uid,
                                serde_json::to_string(&old).ok(),
                                serde_json::to_string(&merged).ok(),
                            ])?;
                            summary.updated += 1;
                        }
                        id
                    }
                };
                for media in &unit.media {
                    summary.media_linked +=
                        link.execute(params![unit_id, media.path, media.kind.as_str()])?;
                }
            }
            if summary.added > 0 {
                log.execute(params![
                    stamp,
                    actor,
                    "units.import",
                    Option::<String>::None,
                    Option::<String>::None,
                    format!("{} units added", summary.added),
                ])?;
            }
            Ok(summary)
        })();
        match summary {
            Ok(summary) if commit_if(&summary) => {
                tx.commit().map_err(|e| super::sqlite_error(&path, e))?;
                Ok(Some(summary))
            }
            // Dropped, the transaction rolls back.
            Ok(_) => Ok(None),
            Err(error) => Err(super::sqlite_error(&path, error)),
        }
    }

    /// The stable ids of the study's units (not those only a training round holds), in import
    /// order.
    pub fn unit_ids(&self) -> Result<Vec<String>> {
        self.study_unit_ids("")
    }

    /// The study's units (not training-only) nobody has coded yet, in study order.
    pub fn uncoded_unit_ids(&self) -> Result<Vec<String>> {
        self.study_unit_ids("AND NOT EXISTS (SELECT 1 FROM coding WHERE coding.unit_id = unit.id)")
    }

    /// The ids of the study's units that meet `condition` (SQL after `AND`, or nothing).
    fn study_unit_ids(&self, condition: &str) -> Result<Vec<String>> {
        let mut query = self
            .conn
            .prepare(&format!(
                "SELECT uid FROM unit WHERE id NOT IN {} {condition} ORDER BY position",
                super::TRAINING_ONLY_UNITS
            ))
            .map_err(|e| self.err(e))?;
        let ids = query
            .query_map([], |row| row.get(0))
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<String>>>())
            .map_err(|e| self.err(e))?;
        Ok(ids)
    }

    /// Of `units`, how many count in the study and hold codes, and how many codes they hold:
    /// what a training round that is not counted would take out of the study.
    pub fn coded_in_study(&self, units: &[String]) -> Result<(usize, usize)> {
        let mut query = self
            .conn
            .prepare(&format!(
                "SELECT count(*) FROM coding c JOIN unit u ON u.id = c.unit_id
                 WHERE u.uid = ?1 AND u.id NOT IN {}",
                super::TRAINING_ONLY_UNITS
            ))
            .map_err(|e| self.err(e))?;
        let (mut coded, mut codes) = (0, 0);
        for unit in units {
            let count: i64 = query
                .query_row([unit], |row| row.get(0))
                .map_err(|e| self.err(e))?;
            if count > 0 {
                coded += 1;
                codes += count as usize;
            }
        }
        Ok((coded, codes))
    }

    pub fn unit_count(&self) -> Result<i64> {
        self.conn
            .query_row("SELECT count(*) FROM unit", [], |row| row.get(0))
            .map_err(|e| self.err(e))
    }

    /// One unit with its media, by its stable id.
    pub fn unit(&self, uid: &str) -> Result<Unit> {
        let (id, mut unit) = self
            .conn
            .query_row(
                &format!("SELECT {UNIT_COLUMNS} FROM unit WHERE uid = ?1"),
                [uid],
                unit_from_row,
            )
            .optional()
            .map_err(|e| self.err(e))?
            .ok_or_else(|| StoreError::UnknownUnit(uid.to_owned()))?;
        unit.media = self.media_of(id)?;
        Ok(unit)
    }

    fn media_of(&self, unit_id: i64) -> Result<Vec<Media>> {
        let mut query = self
            .conn
            .prepare_cached("SELECT path, kind FROM media WHERE unit_id = ?1 ORDER BY position, id")
            .map_err(|e| self.err(e))?;
        let rows = query
            .query_map([unit_id], |row| {
                let kind: String = row.get(1)?;
                Ok(Media {
                    path: row.get(0)?,
                    kind: kind.parse().unwrap_or(crate::model::MediaKind::Image),
                })
            })
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .map_err(|e| self.err(e))?;
        Ok(rows)
    }

    /// The study's units in study order, handed over one at a time and without their media
    /// links: for a reader that keeps a little of each (a draw keeps the id and a stratum).
    pub fn each_unit_without_media(&self, mut take: impl FnMut(Unit)) -> Result<()> {
        self.each_study_unit(|_, unit| take(unit))
    }

    /// Every study unit's row id and unit (without media), in study order.
    fn each_study_unit(&self, mut take: impl FnMut(i64, Unit)) -> Result<()> {
        let mut query = self
            .conn
            .prepare(&format!(
                "SELECT {UNIT_COLUMNS} FROM unit WHERE id NOT IN {} ORDER BY position",
                super::TRAINING_ONLY_UNITS
            ))
            .map_err(|e| self.err(e))?;
        let mut rows = query.query([]).map_err(|e| self.err(e))?;
        while let Some(row) = rows.next().map_err(|e| self.err(e))? {
            let (id, unit) = unit_from_row(row).map_err(|e| self.err(e))?;
            take(id, unit);
        }
        Ok(())
    }

    /// The names of the extra columns the first `among` study units have, sorted.
    pub fn extra_field_names(&self, among: usize) -> Result<Vec<String>> {
        let mut query = self
            .conn
            .prepare(&format!(
                "SELECT DISTINCT field.key FROM
                     (SELECT extra FROM unit WHERE id NOT IN {} ORDER BY position LIMIT ?1) AS u,
                     json_each(u.extra) AS field
                 ORDER BY field.key",
                super::TRAINING_ONLY_UNITS
            ))
            .map_err(|e| self.err(e))?;
        query
            .query_map([among as i64], |row| row.get(0))
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<String>>>())
            .map_err(|e| self.err(e))
    }

    /// The study's units (not those only a training round holds) in import order, with media.
    pub fn units(&self) -> Result<Vec<Unit>> {
        let mut rows = Vec::new();
        self.each_study_unit(|id, unit| rows.push((id, unit)))?;
        let mut media: BTreeMap<i64, Vec<Media>> = BTreeMap::new();
        let mut media_query = self
            .conn
            .prepare("SELECT unit_id, path, kind FROM media ORDER BY unit_id, position, id")
            .map_err(|e| self.err(e))?;
        let mut media_rows = media_query.query([]).map_err(|e| self.err(e))?;
        while let Some(row) = media_rows.next().map_err(|e| self.err(e))? {
            let unit_id: i64 = row.get(0).map_err(|e| self.err(e))?;
            let kind: String = row.get(2).map_err(|e| self.err(e))?;
            media.entry(unit_id).or_default().push(Media {
                path: row.get(1).map_err(|e| self.err(e))?,
                kind: kind.parse().unwrap_or(crate::model::MediaKind::Image),
            });
        }
        Ok(rows
            .into_iter()
            .map(|(id, mut unit)| {
                unit.media = media.remove(&id).unwrap_or_default();
                unit
            })
            .collect())
    }
}

fn extra_json(extra: &ExtraFields) -> String {
    serde_json::to_string(extra).unwrap_or_else(|_| "{}".to_owned())
}
