//! The reliability table: one model of its rows and columns, built once from a project's
//! agreement, and drawn by the command line, the report, the XLSX workbook and the window. The
//! four disagreed (each had its own columns and its own "two coders → Scott/Cohen, else
//! Fleiss/Light" rule); now they can differ only in how a cell looks.

use super::{Method, ProjectAgreement, VariableAgreement, Verdict};
use crate::i18n::Lang;
use crate::model::Codebook;
use crate::stats::Coefficient;
use crate::tr_in;

/// A column of the reliability table, in the order the table shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Variable,
    /// The level of measurement, or how a multi-select variable was compared.
    Level,
    Units,
    Coders,
    /// A coefficient from the measures: % agreement, Holsti (two coders only), the two κ that
    /// fit the number of coders, AC1 and α.
    Measure(Coefficient),
    /// α's 95% bootstrap interval.
    Interval,
    /// The bootstrap's P(α < .800), which decides the verdict with α.
    PBelow,
    Verdict,
}

impl Column {
    pub fn heading_in(self, lang: Lang) -> String {
        match self {
            Column::Variable => tr_in!(lang, "report-variable"),
            Column::Level => tr_in!(lang, "report-level"),
            Column::Units => tr_in!(lang, "report-units"),
            Column::Coders => tr_in!(lang, "report-coders"),
            Column::Measure(Coefficient::PercentAgreement) => {
                tr_in!(lang, "report-percent-agreement")
            }
            Column::Measure(coefficient) => coefficient.name_in(lang),
            Column::Interval => tr_in!(lang, "report-ci"),
            Column::PBelow => tr_in!(lang, "report-p-below"),
            Column::Verdict => tr_in!(lang, "report-verdict"),
        }
    }

    /// True for the columns the verdict colours (α and the chance it is below .800).
    pub fn shows_verdict(self) -> bool {
        matches!(
            self,
            Column::Measure(Coefficient::KrippendorffAlpha) | Column::PBelow | Column::Verdict
        )
    }
}

/// A cell's value, typed so that a spreadsheet gets numbers and a page gets `format`'s text.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Count(usize),
    /// A share shown as a percentage.
    Share(Option<f64>),
    /// A coefficient or probability, APA style (`.812`).
    Coefficient(Option<f64>),
    Interval(Option<[f64; 2]>),
}

impl Cell {
    /// The cell as every table prints it (the one display rule of `crate::format`).
    pub fn display(&self) -> String {
        use crate::format::{apa, percent};
        match self {
            Cell::Text(text) => text.clone(),
            Cell::Count(count) => count.to_string(),
            Cell::Share(share) => percent(*share),
            Cell::Coefficient(value) => apa(*value),
            Cell::Interval(None) => "—".to_owned(),
            Cell::Interval(Some([low, high])) => {
                format!("[{}, {}]", apa(Some(*low)), apa(Some(*high)))
            }
        }
    }
}

/// One row: a variable, a value of a multi-select variable, or a set comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The row by the codebook's keys (`shooting = Drone`, `theme (parent level)`): what a
    /// script matches on, and the window's hover text.
    pub key: String,
    pub verdict: Verdict,
    /// One cell per column of the table.
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ReliabilityTable {
    pub caption: String,
    pub coders: Vec<String>,
    pub columns: Vec<Column>,
    /// The columns' headings in the table's language.
    pub headings: Vec<String>,
    pub rows: Vec<Row>,
    /// What the table rests on and what it leaves out, in sentences under it.
    pub notes: Vec<String>,
}

impl ReliabilityTable {
    /// The table of `agreement` (relabelled to `shown`, the codebook in `lang`), in `lang`.
    pub fn new(agreement: &ProjectAgreement, shown: &Codebook, lang: Lang) -> ReliabilityTable {
        let coders = agreement
            .variables
            .first()
            .map(|row| row.coders.clone())
            .unwrap_or_default();
        let two = coders.len() <= 2;
        let mut columns = vec![
            Column::Variable,
            Column::Level,
            Column::Units,
            Column::Coders,
            Column::Measure(Coefficient::PercentAgreement),
        ];
        // Holsti's coefficient and Scott/Cohen are for two coders; with more, Fleiss and Light.
        if two {
            columns.extend([
                Column::Measure(Coefficient::Holsti),
                Column::Measure(Coefficient::ScottPi),
                Column::Measure(Coefficient::CohenKappa),
            ]);
        } else {
            columns.extend([
                Column::Measure(Coefficient::FleissKappa),
                Column::Measure(Coefficient::LightKappa),
            ]);
        }
        columns.extend([
            Column::Measure(Coefficient::GwetAc1),
            Column::Measure(Coefficient::KrippendorffAlpha),
            Column::Interval,
            Column::PBelow,
            Column::Verdict,
        ]);
        let rows = agreement
            .variables
            .iter()
            .map(|row| Row {
                key: row.name(),
                verdict: row.verdict(),
                cells: columns
                    .iter()
                    .map(|column| cell(row, *column, lang))
                    .collect(),
            })
            .collect();
        let mut notes = vec![tr_in!(lang, "report-reliability-note")];
        if !agreement.prefilled_left_out.is_empty() {
            notes.push(tr_in!(
                lang,
                "report-prefilled-left-out",
                names = agreement.prefilled_labels(shown).join(", ")
            ));
        }
        ReliabilityTable {
            caption: tr_in!(
                lang,
                "report-reliability-caption",
                version = agreement.codebook_version
            ),
            coders,
            headings: columns.iter().map(|c| c.heading_in(lang)).collect(),
            columns,
            rows,
            notes,
        }
    }

    /// The cells of `column`, row by row.
    pub fn column(&self, column: Column) -> impl Iterator<Item = &Cell> {
        let at = self.columns.iter().position(|c| *c == column);
        self.rows
            .iter()
            .filter_map(move |row| at.and_then(|at| row.cells.get(at)))
    }
}

/// A row's name as a methods section writes it: the variable's label, with the value for a
/// multi-select value row, or what was compared for a set row.
pub fn title(row: &VariableAgreement, lang: Lang) -> String {
    match (&row.value_label, &row.method) {
        (Some(value), _) => format!("{}: {value}", row.label),
        (None, Method::Masi) => tr_in!(lang, "report-masi-row", variable = &row.label),
        (None, Method::Mvda) => tr_in!(lang, "report-mvda-row", variable = &row.label),
        (None, Method::Rolled { levels_up }) => tr_in!(
            lang,
            "report-rolled-row",
            variable = &row.label,
            levels = *levels_up
        ),
        (None, Method::Standard | Method::Binary) => row.label.clone(),
    }
}

fn cell(row: &VariableAgreement, column: Column, lang: Lang) -> Cell {
    let bootstrap = row.alpha_bootstrap.as_ref();
    match column {
        Column::Variable => Cell::Text(title(row, lang)),
        Column::Level => Cell::Text(match row.method {
            Method::Masi => tr_in!(lang, "report-method-masi"),
            Method::Mvda => tr_in!(lang, "report-method-mvda"),
            Method::Binary => tr_in!(lang, "report-method-binary"),
            Method::Standard | Method::Rolled { .. } => row.level.name(lang),
        }),
        Column::Units => Cell::Count(row.units),
        Column::Coders => Cell::Count(row.coders.len()),
        Column::Measure(Coefficient::PercentAgreement) => {
            Cell::Share(row.measures.percent_agreement)
        }
        Column::Measure(coefficient) => Cell::Coefficient(row.measures.get(coefficient)),
        Column::Interval => Cell::Interval(bootstrap.map(|b| b.ci95)),
        Column::PBelow => Cell::Coefficient(bootstrap.map(|b| b.p_below.acceptable)),
        Column::Verdict => Cell::Text(row.verdict_label_in(lang)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Level;
    use crate::stats::alpha::PBelow;
    use crate::stats::{AlphaBootstrap, Measures};

    fn row(coders: usize, alpha: f64, bootstrap: Option<AlphaBootstrap>) -> VariableAgreement {
        let measures = Measures {
            percent_agreement: Some(0.9),
            holsti: Some(0.9),
            scott_pi: Some(0.81),
            cohen_kappa: Some(0.82),
            fleiss_kappa: Some(0.79),
            light_kappa: Some(0.78),
            gwet_ac1: Some(0.85),
            krippendorff_alpha: Some(alpha),
            ..Measures::default()
        };
        let verdict = Verdict::decide(Some(alpha), bootstrap.as_ref());
        VariableAgreement {
            variable: "theme".into(),
            label: "Theme".into(),
            value: None,
            value_label: None,
            method: Method::Standard,
            level: Level::Nominal,
            units: 50,
            values: 100,
            coders: (0..coders).map(|i| format!("c{i}")).collect(),
            measures,
            alpha_bootstrap: bootstrap,
            verdict,
            notes: Vec::new(),
            pair_alpha: Vec::new(),
        }
    }

    fn agreement(rows: Vec<VariableAgreement>) -> ProjectAgreement {
        ProjectAgreement {
            codebook_version: 3,
            variables: rows,
            prefilled_left_out: vec!["likes".into()],
        }
    }

    #[test]
    fn two_coders_get_holsti_scott_and_cohen_more_get_fleiss_and_light() {
        let codebook = Codebook::default();
        let two = ReliabilityTable::new(&agreement(vec![row(2, 0.9, None)]), &codebook, Lang::En);
        assert!(two.columns.contains(&Column::Measure(Coefficient::Holsti)));
        assert!(
            two.columns
                .contains(&Column::Measure(Coefficient::CohenKappa))
        );
        assert!(
            !two.columns
                .contains(&Column::Measure(Coefficient::FleissKappa))
        );
        let three = ReliabilityTable::new(&agreement(vec![row(3, 0.9, None)]), &codebook, Lang::En);
        assert!(
            !three
                .columns
                .contains(&Column::Measure(Coefficient::Holsti))
        );
        assert_eq!(
            three
                .column(Column::Measure(Coefficient::LightKappa))
                .map(Cell::display)
                .collect::<Vec<_>>(),
            [".780"]
        );
        for table in [&two, &three] {
            assert!(
                table
                    .rows
                    .iter()
                    .all(|r| r.cells.len() == table.columns.len())
            );
            assert_eq!(table.columns.last(), Some(&Column::Verdict));
        }
        // Pre-filled metadata is named under the table, never a row.
        assert!(three.notes.iter().any(|n| n.contains("likes")));
    }

    #[test]
    fn cells_show_the_bootstrap_and_the_verdict_it_decides() {
        let bootstrap = AlphaBootstrap {
            samples: 1000,
            seed: 1,
            ci95: [0.687, 0.848],
            p_below: PBelow {
                acceptable: 0.785,
                tentative: 0.01,
            },
        };
        let table = ReliabilityTable::new(
            &agreement(vec![row(2, 0.768, Some(bootstrap)), row(2, 0.9, None)]),
            &Codebook::default(),
            Lang::En,
        );
        let shown: Vec<String> = table.rows[0].cells.iter().map(Cell::display).collect();
        assert_eq!(
            shown,
            [
                "Theme",
                "nominal",
                "50",
                "2",
                "90.0%",
                ".900",
                ".810",
                ".820",
                ".850",
                ".768",
                "[.687, .848]",
                ".785",
                "tentative"
            ]
        );
        assert_eq!(table.rows[0].verdict, Verdict::Tentative);
        // Without a bootstrap the verdict says it rests on the point estimate.
        let last = table.rows[1].cells.last().map(Cell::display).unwrap();
        assert_eq!(last, "acceptable (point estimate)");
    }
}
