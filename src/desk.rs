//! A coder's session at the desk, without any GUI: the queue, this coder's answers (and only
//! this coder's: coding is blind), unit status, pre-filled numbers, undo/redo. Every change is
//! written to the project file before the call returns.

use std::collections::{BTreeMap, HashMap};

use crate::model::{Answer, Codebook, Kind, Unit, Variable};
use crate::store::{Project, QueueRow, StoreError, check_answer};

/// Where a coder stands with a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnitStatus {
    NotStarted,
    Partial,
    Done,
}

impl UnitStatus {
    pub fn label(self) -> &'static str {
        match self {
            UnitStatus::NotStarted => "not started",
            UnitStatus::Partial => "partial",
            UnitStatus::Done => "done",
        }
    }
}

/// One coding change, remembered for undo and redo.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub unit: String,
    pub variable: String,
    pub before: Option<Answer>,
    pub after: Option<Answer>,
}

/// The key that picks each value of a variable: its shortcut if the codebook gives one, else the
/// code's digit when every code is 0–9, else 1–9 then a–z by position. Retired values get none.
pub fn value_keys(variable: &Variable) -> Vec<(i64, Option<char>)> {
    let active: Vec<_> = variable.values.iter().filter(|v| !v.retired).collect();
    let digits = active.iter().all(|v| (0..=9).contains(&v.code));
    let mut by_position = ('1'..='9').chain('a'..='z');
    variable
        .values
        .iter()
        .map(|value| {
            if value.retired {
                return (value.code, None);
            }
            let key = match value.shortcut.as_deref().and_then(|s| s.chars().next()) {
                Some(shortcut) => Some(shortcut.to_ascii_lowercase()),
                None if digits => char::from_digit(value.code as u32, 10),
                None => by_position.next(),
            };
            (value.code, key)
        })
        .collect()
}

pub struct DeskSession {
    project: Project,
    coder: String,
    codebook: Codebook,
    queue: Vec<QueueRow>,
    answers: HashMap<String, BTreeMap<String, Answer>>,
    notes: HashMap<String, String>,
    undo: Vec<Change>,
    redo: Vec<Change>,
    /// When the last change reached the disk (local time, for the status line).
    last_saved: Option<chrono::DateTime<chrono::Local>>,
    /// Counts changes, so views can cache what they derive from the answers.
    revision: u64,
}

impl DeskSession {
    /// Opens a coder's session; the coder is added to the study if new.
    pub fn open(mut project: Project, coder: &str) -> Result<DeskSession, StoreError> {
        project.ensure_coder(coder, coder)?;
        let codebook = project.codebook()?;
        let queue = project.queue(coder)?;
        let mut answers: HashMap<String, BTreeMap<String, Answer>> = HashMap::new();
        for record in project.codings_of_coder(coder)? {
            answers
                .entry(record.unit)
                .or_default()
                .insert(record.variable, record.answer);
        }
        let notes = project.unit_notes(coder)?;
        Ok(DeskSession {
            project,
            coder: coder.trim().to_owned(),
            codebook,
            queue,
            answers,
            notes,
            undo: Vec::new(),
            redo: Vec::new(),
            last_saved: None,
            revision: 0,
        })
    }

    pub fn coder(&self) -> &str {
        &self.coder
    }

    pub fn codebook(&self) -> &Codebook {
        &self.codebook
    }

    pub fn project(&self) -> &Project {
        &self.project
    }

    /// Ends the session, handing back the open project (to switch coder).
    pub fn into_project(self) -> Project {
        self.project
    }

    pub fn queue(&self) -> &[QueueRow] {
        &self.queue
    }

    pub fn last_saved(&self) -> Option<chrono::DateTime<chrono::Local>> {
        self.last_saved
    }

    /// Changes with every saved change.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    pub fn unit(&self, uid: &str) -> Result<Unit, StoreError> {
        self.project.unit(uid)
    }

    pub fn answer(&self, unit: &str, variable: &str) -> Option<&Answer> {
        self.answers.get(unit)?.get(variable)
    }

    pub fn note(&self, unit: &str) -> &str {
        self.notes.get(unit).map_or("", String::as_str)
    }

    /// The value a number variable starts from on a unit: the coder's answer, else the unit
    /// field the codebook names.
    pub fn shown_number(&self, unit: &Unit, variable: &Variable) -> Option<f64> {
        match self.answer(&unit.uid, &variable.key) {
            Some(Answer::Number(number)) => Some(*number),
            _ => variable
                .prefill
                .as_deref()
                .and_then(|field| unit.number(field)),
        }
    }

    pub fn status(&self, unit: &str) -> UnitStatus {
        let Some(answers) = self.answers.get(unit).filter(|a| !a.is_empty()) else {
            return UnitStatus::NotStarted;
        };
        let complete = self
            .codebook
            .variables
            .iter()
            .filter(|v| v.required)
            .all(|v| answers.contains_key(&v.key));
        if complete {
            UnitStatus::Done
        } else {
            UnitStatus::Partial
        }
    }

    /// (done, partial, not started) over the queue.
    pub fn counts(&self) -> (usize, usize, usize) {
        let mut counts = (0, 0, 0);
        for row in &self.queue {
            match self.status(&row.uid) {
                UnitStatus::Done => counts.0 += 1,
                UnitStatus::Partial => counts.1 += 1,
                UnitStatus::NotStarted => counts.2 += 1,
            }
        }
        counts
    }

    /// The next unit after `from` (wrapping round) that is not done.
    pub fn next_not_done(&self, from: usize) -> Option<usize> {
        let n = self.queue.len();
        (1..=n)
            .map(|step| (from + step) % n)
            .find(|&i| self.status(&self.queue[i].uid) != UnitStatus::Done)
    }

    fn variable(&self, key: &str) -> Result<&Variable, StoreError> {
        self.codebook
            .variable(key)
            .ok_or_else(|| StoreError::UnknownVariable {
                key: key.to_owned(),
                available: String::new(),
            })
    }

    /// Sets (or clears) an answer, saving it at once together with the unit's pre-filled numbers
    /// that were only shown so far. Returns false when nothing changed.
    pub fn set_answer(
        &mut self,
        unit: &Unit,
        variable: &str,
        answer: Option<Answer>,
    ) -> Result<bool, StoreError> {
        let definition = self.variable(variable)?;
        if let Some(answer) = &answer {
            check_answer(definition, answer).map_err(|message| StoreError::InvalidAnswer {
                variable: variable.to_owned(),
                message,
            })?;
        }
        let before = self.answer(&unit.uid, variable).cloned();
        if before == answer {
            return Ok(false);
        }
        let prefills: Vec<(String, Answer)> = self
            .codebook
            .variables
            .iter()
            .filter(|v| v.kind == Kind::Number && v.key != variable)
            .filter(|v| self.answer(&unit.uid, &v.key).is_none())
            .filter_map(|v| Some((v.key.clone(), Answer::Number(self.shown_number(unit, v)?))))
            .collect();
        let mut writes: Vec<(&str, Option<&Answer>)> = prefills
            .iter()
            .map(|(key, value)| (key.as_str(), Some(value)))
            .collect();
        writes.push((variable, answer.as_ref()));
        self.project.set_answers(&unit.uid, &self.coder, &writes)?;
        let answers = self.answers.entry(unit.uid.clone()).or_default();
        for (key, value) in prefills {
            answers.insert(key, value);
        }
        match &answer {
            Some(value) => answers.insert(variable.to_owned(), value.clone()),
            None => answers.remove(variable),
        };
        self.undo.push(Change {
            unit: unit.uid.clone(),
            variable: variable.to_owned(),
            before,
            after: answer,
        });
        self.redo.clear();
        self.last_saved = Some(chrono::Local::now());
        self.revision += 1;
        Ok(true)
    }

    /// Ticks or unticks a value of a multi-select variable.
    pub fn toggle(&mut self, unit: &Unit, variable: &str, code: i64) -> Result<bool, StoreError> {
        let mut codes = match self.answer(&unit.uid, variable) {
            Some(Answer::Codes(codes)) => codes.clone(),
            _ => Vec::new(),
        };
        match codes.iter().position(|&c| c == code) {
            Some(at) => {
                codes.remove(at);
            }
            None => codes.push(code),
        }
        let answer = (!codes.is_empty()).then(|| Answer::codes(codes));
        self.set_answer(unit, variable, answer)
    }

    /// Writes a change's `to` side without recording a new undo step.
    fn apply(&mut self, unit: &str, variable: &str, to: Option<&Answer>) -> Result<(), StoreError> {
        self.project
            .set_answers(unit, &self.coder, &[(variable, to)])?;
        let answers = self.answers.entry(unit.to_owned()).or_default();
        match to {
            Some(value) => answers.insert(variable.to_owned(), value.clone()),
            None => answers.remove(variable),
        };
        self.last_saved = Some(chrono::Local::now());
        self.revision += 1;
        Ok(())
    }

    /// Takes back the last change; returns it so the desk can show its unit.
    pub fn undo(&mut self) -> Result<Option<Change>, StoreError> {
        let Some(change) = self.undo.pop() else {
            return Ok(None);
        };
        if let Err(error) = self.apply(&change.unit, &change.variable, change.before.as_ref()) {
            self.undo.push(change);
            return Err(error);
        }
        self.redo.push(change.clone());
        Ok(Some(change))
    }

    pub fn redo(&mut self) -> Result<Option<Change>, StoreError> {
        let Some(change) = self.redo.pop() else {
            return Ok(None);
        };
        if let Err(error) = self.apply(&change.unit, &change.variable, change.after.as_ref()) {
            self.redo.push(change);
            return Err(error);
        }
        self.undo.push(change.clone());
        Ok(Some(change))
    }

    pub fn set_note(&mut self, unit: &str, note: &str) -> Result<(), StoreError> {
        if self.note(unit) == note {
            return Ok(());
        }
        self.project.set_unit_note(unit, &self.coder, note)?;
        if note.is_empty() {
            self.notes.remove(unit);
        } else {
            self.notes.insert(unit.to_owned(), note.to_owned());
        }
        self.last_saved = Some(chrono::Local::now());
        self.revision += 1;
        Ok(())
    }
}

#[cfg(test)]
#[path = "desk_tests.rs"]
mod tests;
