//! Reliability data: a units × coders matrix of category indices, with missing cells, and the
//! ordered domain of categories the indices point into.

use std::collections::HashMap;

use thiserror::Error;

use crate::model::Level;

/// One category of the domain: how it is shown and, when it is a number, its value.
#[derive(Debug, Clone, PartialEq)]
pub struct Category {
    pub label: String,
    pub value: Option<f64>,
}

/// Units × coders; `cells[unit * coders + coder]` is an index into `categories`, or `None`.
#[derive(Debug, Clone, PartialEq)]
pub struct Ratings {
    pub coders: usize,
    pub cells: Vec<Option<u32>>,
    /// In rank order: numeric order for numbers, or the order the user gave.
    pub categories: Vec<Category>,
}

/// A problem with reliability data, with its position (1-based unit row and coder column).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RatingsError {
    #[error("row {row}, column {column}: '{value}' is not a number, but {level} data need numbers")]
    NotNumeric {
        row: usize,
        column: usize,
        value: String,
        level: Level,
    },
    #[error(
        "row {row}, column {column}: '{value}' is not one of the categories given with --categories"
    )]
    NotInDomain {
        row: usize,
        column: usize,
        value: String,
    },
    #[error(
        "ordinal data with text labels need their order: give it with --categories (e.g. --categories low,mid,high)"
    )]
    OrdinalWithoutOrder,
    #[error("the categories given contain '{0}' twice")]
    DuplicateCategory(String),
}

impl Ratings {
    pub fn units(&self) -> usize {
        self.cells.len().checked_div(self.coders).unwrap_or(0)
    }

    pub fn unit(&self, unit: usize) -> &[Option<u32>] {
        &self.cells[unit * self.coders..(unit + 1) * self.coders]
    }

    /// Builds ratings from text cells (rows = units, columns = coders; `None` = missing).
    ///
    /// With `domain`, categories are exactly those, in that order (numbers in it are compared as
    /// numbers: `1` and `1.0` are one category). Without, they are the values seen: sorted
    /// numerically when all are numbers, else in order of first appearance (nominal only).
    pub fn from_text(
        rows: &[Vec<Option<String>>],
        coders: usize,
        level: Level,
        domain: Option<&[String]>,
    ) -> Result<Ratings, RatingsError> {
        let mut builder = RatingsBuilder::new(coders, level, domain)?;
        for (row, cells) in rows.iter().enumerate() {
            builder.push_row(row + 1, cells.iter().map(|c| c.as_deref()))?;
        }
        builder.finish()
    }

    /// Builds ratings from numeric codes (rows = units, columns = coders), with the domain of
    /// codes in rank order (e.g. a codebook variable's codes, sorted).
    pub fn from_codes(rows: &[Vec<Option<f64>>], coders: usize, domain: &[f64]) -> Ratings {
        let mut domain: Vec<f64> = domain.iter().copied().filter(|v| v.is_finite()).collect();
        for row in rows {
            for value in row.iter().flatten() {
                if value.is_finite() && !domain.contains(value) {
                    domain.push(*value);
                }
            }
        }
        domain.sort_by(f64::total_cmp);
        domain.dedup();
        let categories = domain
            .iter()
            .map(|&value| Category {
                label: crate::model::format_number(value),
                value: Some(value),
            })
            .collect();
        let mut cells = Vec::with_capacity(rows.len() * coders);
        for row in rows {
            for column in 0..coders {
                let value = row.get(column).copied().flatten();
                cells.push(value.and_then(|v| {
                    domain
                        .binary_search_by(|probe| probe.total_cmp(&v))
                        .ok()
                        .map(|i| i as u32)
                }));
            }
        }
        Ratings {
            coders,
            cells,
            categories,
        }
    }
}

/// Builds [`Ratings`] row by row from text, without keeping the text: each distinct cell text is
/// looked up once, so millions of cells cost one small comparison each.
pub struct RatingsBuilder {
    coders: usize,
    level: Level,
    has_domain: bool,
    categories: Vec<Category>,
    index_of_key: HashMap<String, u32>,
    /// Distinct cell texts seen so far; searched linearly while short (the usual case), then
    /// through `text_map`.
    text_cache: Vec<(String, u32)>,
    text_map: HashMap<String, u32>,
    /// Single-byte texts (`1`, `a`): the usual codes, looked up without any comparison.
    byte_table: [Option<u32>; 128],
    cells: Vec<Option<u32>>,
}

const LINEAR_CACHE: usize = 24;

fn parse_number(text: &str) -> Option<f64> {
    text.trim().parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Numbers compare as numbers (`1` = `1.0`); anything else as trimmed text.
fn category_key(text: &str) -> String {
    match parse_number(text) {
        Some(value) => format!("{value}"),
        None => text.trim().to_owned(),
    }
}

impl RatingsBuilder {
    pub fn new(
        coders: usize,
        level: Level,
        domain: Option<&[String]>,
    ) -> Result<Self, RatingsError> {
        let mut builder = RatingsBuilder {
            coders,
            level,
            has_domain: domain.is_some(),
            categories: Vec::new(),
            index_of_key: HashMap::new(),
            text_cache: Vec::new(),
            text_map: HashMap::new(),
            byte_table: [None; 128],
            cells: Vec::new(),
        };
        for label in domain.unwrap_or_default() {
            let label = label.trim();
            let index = builder.categories.len() as u32;
            if builder
                .index_of_key
                .insert(category_key(label), index)
                .is_some()
            {
                return Err(RatingsError::DuplicateCategory(label.to_owned()));
            }
            builder.categories.push(Category {
                label: label.to_owned(),
                value: parse_number(label),
            });
        }
        Ok(builder)
    }

    fn cached(&self, text: &str) -> Option<u32> {
        if let [byte] = text.as_bytes() {
            return self.byte_table.get(*byte as usize).copied().flatten();
        }
        if self.text_map.is_empty() {
            self.text_cache
                .iter()
                .find(|(seen, _)| seen == text)
                .map(|&(_, index)| index)
        } else {
            self.text_map.get(text).copied()
        }
    }

    fn index(&mut self, text: &str, row: usize, column: usize) -> Result<u32, RatingsError> {
        if let Some(index) = self.cached(text) {
            return Ok(index);
        }
        let numeric_level = matches!(self.level, Level::Interval | Level::Ratio);
        if numeric_level && parse_number(text).is_none() {
            return Err(RatingsError::NotNumeric {
                row,
                column,
                value: text.to_owned(),
                level: self.level,
            });
        }
        let key = category_key(text);
        let index = match self.index_of_key.get(&key) {
            Some(&index) => index,
            None if self.has_domain => {
                return Err(RatingsError::NotInDomain {
                    row,
                    column,
                    value: text.to_owned(),
                });
            }
            None => {
                let index = self.categories.len() as u32;
                self.index_of_key.insert(key, index);
                self.categories.push(Category {
                    label: text.to_owned(),
                    value: parse_number(text),
                });
                index
            }
        };
        if let [byte] = text.as_bytes()
            && let Some(slot) = self.byte_table.get_mut(*byte as usize)
        {
            *slot = Some(index);
        } else if self.text_map.is_empty() && self.text_cache.len() < LINEAR_CACHE {
            self.text_cache.push((text.to_owned(), index));
        } else {
            if self.text_map.is_empty() {
                self.text_map.extend(self.text_cache.drain(..));
            }
            self.text_map.insert(text.to_owned(), index);
        }
        Ok(index)
    }

    /// Adds one unit: its cells in coder order (`None` = missing; texts are trimmed). `row` is
    /// the 1-based position named in errors. Short rows are padded with missing cells.
    pub fn push_row<'a>(
        &mut self,
        row: usize,
        cells: impl Iterator<Item = Option<&'a str>>,
    ) -> Result<(), RatingsError> {
        let mut cells_out = std::mem::take(&mut self.cells);
        let result = self.intern_row(row, cells, &mut cells_out);
        self.cells = cells_out;
        result
    }

    /// Turns one unit's texts into category numbers, appended to `out` (always `coders` of
    /// them), without keeping them: for callers that count as they read.
    pub fn intern_row<'a>(
        &mut self,
        row: usize,
        cells: impl Iterator<Item = Option<&'a str>>,
        out: &mut Vec<Option<u32>>,
    ) -> Result<(), RatingsError> {
        let start = out.len();
        for (column, cell) in cells.take(self.coders).enumerate() {
            let text = cell.map(str::trim_ascii);
            let index = match text.map(str::as_bytes) {
                // A one-byte code already seen: a table look-up, no call.
                Some(&[byte]) if byte < 128 && self.byte_table[byte as usize].is_some() => {
                    self.byte_table[byte as usize]
                }
                Some(bytes) if !bytes.is_empty() => {
                    Some(self.index(text.unwrap_or_default(), row, column + 1)?)
                }
                _ => None,
            };
            out.push(index);
        }
        out.resize(start + self.coders, None);
        Ok(())
    }

    /// One cell's category number (`None` for an empty cell), for readers that split fields
    /// themselves. `column` is 1-based, for errors.
    #[inline]
    pub fn intern_cell(
        &mut self,
        text: &str,
        row: usize,
        column: usize,
    ) -> Result<Option<u32>, RatingsError> {
        let text = text.trim_ascii();
        match text.as_bytes() {
            [] => Ok(None),
            &[byte] if byte < 128 && self.byte_table[byte as usize].is_some() => {
                Ok(self.byte_table[byte as usize])
            }
            _ => self.index(text, row, column).map(Some),
        }
    }

    /// Adds a unit already turned into category numbers (by [`Self::intern_cell`]).
    pub fn push_indices(&mut self, unit: &[Option<u32>]) {
        self.cells.extend_from_slice(unit);
    }

    /// Categories seen so far.
    pub fn category_count(&self) -> usize {
        self.categories.len()
    }

    /// Appends the rows another builder read (the next part of the same file), mapping its
    /// categories onto this one's: the result equals reading both parts in one builder. Returns
    /// the mapping (`map[theirs] = ours`).
    pub fn append(&mut self, other: RatingsBuilder) -> Result<Vec<u32>, RatingsError> {
        let mut remap = Vec::with_capacity(other.categories.len());
        for category in &other.categories {
            let key = category_key(&category.label);
            let index = match self.index_of_key.get(&key) {
                Some(&index) => index,
                None => {
                    let index = self.categories.len() as u32;
                    self.index_of_key.insert(key, index);
                    self.categories.push(category.clone());
                    index
                }
            };
            remap.push(index);
        }
        self.cells.extend(
            other
                .cells
                .iter()
                .map(|cell| cell.map(|index| remap[index as usize])),
        );
        Ok(remap)
    }

    /// Puts the categories in rank order (numbers numerically, unless a domain gave the order)
    /// and returns how their numbers changed (`map[old] = new`).
    pub fn rank(&mut self) -> Result<Vec<u32>, RatingsError> {
        let mut renumber: Vec<u32> = (0..self.categories.len() as u32).collect();
        if !self.has_domain {
            if self.categories.iter().all(|c| c.value.is_some()) {
                let mut order: Vec<usize> = (0..self.categories.len()).collect();
                order.sort_by(|&a, &b| {
                    let value = |i: usize| self.categories[i].value.unwrap_or(0.0);
                    value(a).total_cmp(&value(b))
                });
                for (new, &old) in order.iter().enumerate() {
                    renumber[old] = new as u32;
                }
                self.categories = order.iter().map(|&i| self.categories[i].clone()).collect();
            } else if self.level == Level::Ordinal {
                return Err(RatingsError::OrdinalWithoutOrder);
            }
        }
        Ok(renumber)
    }

    /// The categories, in rank order once [`Self::rank`] has run.
    pub fn categories(&self) -> &[Category] {
        &self.categories
    }

    pub fn finish(mut self) -> Result<Ratings, RatingsError> {
        let renumber = self.rank()?;
        if renumber
            .iter()
            .enumerate()
            .any(|(new, &old)| new as u32 != old)
        {
            for cell in self.cells.iter_mut().flatten() {
                *cell = renumber[*cell as usize];
            }
        }
        Ok(Ratings {
            coders: self.coders,
            cells: self.cells,
            categories: self.categories,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(data: &[&[&str]]) -> Vec<Vec<Option<String>>> {
        data.iter()
            .map(|row| {
                row.iter()
                    .map(|cell| (!cell.is_empty()).then(|| cell.to_string()))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn numbers_are_ranked_numerically_and_merged() {
        let ratings = Ratings::from_text(
            &rows(&[&["10", "2"], &["2.0", ""]]),
            2,
            Level::Ordinal,
            None,
        )
        .unwrap();
        let labels: Vec<&str> = ratings
            .categories
            .iter()
            .map(|c| c.label.as_str())
            .collect();
        assert_eq!(labels, ["2", "10"]);
        assert_eq!(ratings.cells, [Some(1), Some(0), Some(0), None]);
    }

    #[test]
    fn labels_need_an_order_for_ordinal_data_and_numbers_for_interval() {
        let data = rows(&[&["low", "high"]]);
        assert_eq!(
            Ratings::from_text(&data, 2, Level::Ordinal, None),
            Err(RatingsError::OrdinalWithoutOrder)
        );
        let domain = ["low".to_string(), "high".to_string()];
        let ordered = Ratings::from_text(&data, 2, Level::Ordinal, Some(&domain)).unwrap();
        assert_eq!(ordered.cells, [Some(0), Some(1)]);
        let error = Ratings::from_text(&data, 2, Level::Interval, None).unwrap_err();
        assert_eq!(
            error.to_string(),
            "row 1, column 1: 'low' is not a number, but interval data need numbers"
        );
        let error = Ratings::from_text(&rows(&[&["low", "mid"]]), 2, Level::Nominal, Some(&domain))
            .unwrap_err();
        assert!(matches!(error, RatingsError::NotInDomain { column: 2, .. }));
    }

    #[test]
    fn appending_a_second_part_equals_reading_it_all() {
        let data = rows(&[&["b", "a"], &["c", ""], &["a", "d"], &["e", "b"]]);
        let whole = Ratings::from_text(&data, 2, Level::Nominal, None).unwrap();
        let mut first = RatingsBuilder::new(2, Level::Nominal, None).unwrap();
        let mut second = RatingsBuilder::new(2, Level::Nominal, None).unwrap();
        for (i, row) in data.iter().enumerate() {
            let part = if i < 2 { &mut first } else { &mut second };
            part.push_row(i + 1, row.iter().map(|c| c.as_deref()))
                .unwrap();
        }
        first.append(second).unwrap();
        assert_eq!(first.finish().unwrap(), whole);
    }

    #[test]
    fn many_distinct_values_are_looked_up_correctly() {
        let data: Vec<Vec<Option<String>>> = (0..200)
            .map(|i| vec![Some(i.to_string()), Some((199 - i).to_string())])
            .collect();
        let ratings = Ratings::from_text(&data, 2, Level::Interval, None).unwrap();
        assert_eq!(ratings.categories.len(), 200);
        assert_eq!(ratings.cells[0], Some(0));
        assert_eq!(ratings.cells[1], Some(199));
        assert_eq!(ratings.categories[57].value, Some(57.0));
    }

    #[test]
    fn codes_keep_unused_domain_categories() {
        let ratings = Ratings::from_codes(&[vec![Some(3.0), Some(1.0)]], 2, &[1.0, 2.0, 3.0]);
        assert_eq!(ratings.categories.len(), 3);
        assert_eq!(ratings.cells, [Some(2), Some(0)]);
    }
}
