//! Reliability reports as people read them (aligned tables, three decimals, α thresholds marked)
//! and as CSV for spreadsheets.

use super::columns;
use crate::agreement::drift::{Against, Drift};
use crate::agreement::influence::Influence;
use crate::agreement::table::{Cell, Column, ReliabilityTable};
use crate::agreement::{Confusion, Verdict};
use crate::stats::{Coefficient, Measures, Report};

/// Three decimals without the leading zero, as APA style prints coefficients; `—` if undefined.
pub use crate::format::apa as decimal;

/// How α stands against the conventional thresholds (Krippendorff 2004: .800, .667), decided
/// with the bootstrap where there is one (`Verdict::decide`).
pub fn verdict_mark(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Acceptable => "acceptable",
        Verdict::Tentative => "tentative",
        Verdict::Unacceptable => "unacceptable",
        Verdict::Undefined => "",
    }
}

/// How the verdicts are decided, printed under a reliability table.
const VERDICT_RULE: &str = "verdict (Krippendorff 2004): acceptable when alpha >= .800 and the bootstrap's P(alpha < .800) <= .05; tentative when alpha >= .667 and P(alpha < .667) <= .05; otherwise unacceptable (without a bootstrap: the point estimate).";

/// Every coefficient, by the name papers print, with its value.
fn rows_of(m: &Measures) -> [(Coefficient, Option<f64>); 12] {
    Coefficient::ALL.map(|coefficient| (coefficient, m.get(coefficient)))
}

pub fn print_report_table(file: &str, coders: &[String], report: &Report) {
    let counts = &report.counts;
    println!("{file}: {} coders ({})", counts.coders, coders.join(", "));
    println!(
        "{} units, {} pairable, {} values; level: {}\n",
        counts.units, counts.pairable_units, counts.values, report.level
    );
    for (coefficient, value) in rows_of(&report.measures) {
        let mark = if coefficient == Coefficient::KrippendorffAlpha {
            verdict_mark(Verdict::decide(value, report.alpha_bootstrap.as_ref()))
        } else {
            ""
        };
        println!("  {:<34}{:>7}  {mark}", coefficient.name(), decimal(value));
    }
    if report.alpha_bootstrap.is_some() {
        println!("\n  {VERDICT_RULE}");
    }
    if let Some(boot) = &report.alpha_bootstrap {
        println!(
            "\n  alpha 95% CI [{}, {}]; P(alpha < .667) = {:.3}, P(alpha < .800) = {:.3} ({} resamples, seed {})",
            decimal(Some(boot.ci95[0])),
            decimal(Some(boot.ci95[1])),
            boot.p_below.tentative,
            boot.p_below.acceptable,
            boot.samples,
            boot.seed
        );
    }
    if !report.notes.is_empty() {
        println!("\nnotes:");
        for note in &report.notes {
            println!("  - {note}");
        }
    }
}

/// The reliability table of the shared model (`agreement::table`), as aligned text: text
/// columns to the left, numbers to the right, the variable's name cut at 52 columns.
pub fn print_agreement_table(title: &str, table: &ReliabilityTable) {
    println!("{title} — {}\n", table.caption);
    if !table.coders.is_empty() {
        println!("coders: {}\n", table.coders.join(", "));
    }
    let shown: Vec<Vec<String>> = table
        .rows
        .iter()
        .map(|row| row.cells.iter().map(Cell::display).collect())
        .collect();
    let widths: Vec<usize> = table
        .headings
        .iter()
        .enumerate()
        .map(|(at, heading)| {
            let widest = columns::widest(
                shown.iter().map(|cells| cells[at].as_str()),
                columns::width(heading),
            );
            if table.columns[at] == Column::Variable {
                widest.min(52)
            } else {
                widest
            }
        })
        .collect();
    let line = |cells: Vec<String>, numbers: &dyn Fn(usize) -> bool| {
        let last = cells.len().saturating_sub(1);
        let mut text = String::new();
        for (at, cell) in cells.iter().enumerate() {
            if at > 0 {
                text.push_str("  ");
            }
            text.push_str(&match (numbers(at), at == last) {
                (true, _) => columns::right(cell, widths[at]),
                (false, true) => cell.clone(),
                (false, false) => columns::fit(cell, widths[at]),
            });
        }
        println!("{}", text.trim_end());
    };
    let is_number = |at: usize| {
        !matches!(
            table.rows.first().and_then(|row| row.cells.get(at)),
            None | Some(Cell::Text(_))
        )
    };
    line(table.headings.clone(), &is_number);
    for cells in shown {
        line(cells, &is_number);
    }
    println!();
    for note in &table.notes {
        println!("{note}");
    }
}

/// Each coder's windows of agreement with the others, and the warnings.
pub fn print_drift(drift: &Drift) {
    let whom = match drift.against {
        Against::Others => "the other coders",
        Against::Gold => "the adjudicated values (gold)",
    };
    let windows = match drift.window {
        Some(units) => format!("windows of {units} compared units"),
        None => "calendar weeks".to_owned(),
    };
    println!(
        "{}: each coder's alpha with {whom}, in {windows} of their coding order (alpha_min {})\n",
        drift.variable,
        decimal(Some(drift.alpha_min))
    );
    for coder in &drift.coders {
        println!("{}", coder.coder);
        for window in &coder.windows {
            let mark = if window.alpha.is_some_and(|a| a < drift.alpha_min) {
                "  below alpha_min"
            } else {
                ""
            };
            let week = window
                .week
                .as_ref()
                .map_or_else(String::new, |w| format!("{w}  "));
            println!(
                "  {week}units {:>4}–{:<4} {} → {}  pairs {:>4}  alpha {:>6}  agreement {:>6}{mark}",
                window.first,
                window.last,
                crate::format::local_time(&window.from),
                crate::format::local_time(&window.to),
                window.pairs,
                decimal(window.alpha),
                crate::format::percent(window.percent_agreement)
            );
        }
    }
    if drift.coders.iter().all(|c| c.windows.is_empty()) {
        println!(
            "nothing to compare yet: no coder has two units with {whom}{}",
            match drift.against {
                Against::Others => "",
                Against::Gold => " (adjudicate some units first: codingdesk adjudicate)",
            }
        );
        return;
    }
    let warnings = drift.warnings();
    if warnings.is_empty() {
        println!("\nno window below alpha_min");
    }
    for coder in warnings {
        println!(
            "\nwarning: {} has {} window(s) below alpha {} — look at those units with them, or retrain",
            coder.coder,
            coder.below,
            decimal(Some(drift.alpha_min))
        );
    }
}

/// α with each coder left out and the units that move α most.
pub fn print_influence(influence: &Influence) {
    println!(
        "{}: Krippendorff's alpha {} over {} units, {} coders\n",
        influence.variable,
        decimal(influence.alpha),
        influence.units,
        influence.coders.len()
    );
    println!("alpha with each coder left out (a rise: the others agree better without them):");
    let width = columns::widest(influence.coders.iter().map(String::as_str), 5);
    for left in &influence.coders_left_out {
        println!(
            "  {} {:>7}  {}",
            columns::left(&left.coder, width),
            decimal(left.alpha_without),
            left.change.map_or(String::new(), crate::format::signed_apa)
        );
    }
    if influence.units_skipped {
        println!(
            "\n(units: more than {} pairable units — the units' influence is not computed)",
            crate::agreement::influence::MAX_UNITS_FOR_UNIT_INFLUENCE
        );
        return;
    }
    println!("\nthe units that move alpha most (alpha without the unit; each coder's value):");
    for unit in &influence.decisive_units {
        let values: Vec<String> = influence
            .coders
            .iter()
            .zip(&unit.values)
            .map(|(coder, value)| format!("{coder}: {}", value.as_deref().unwrap_or("—")))
            .collect();
        println!(
            "  {:<22} {:>7}  {:>7}   {}",
            columns::fit(&unit.unit, 22),
            decimal(unit.alpha_without),
            crate::format::signed_apa(unit.change),
            values.join(", ")
        );
    }
}

pub fn print_confusion(confusion: &Confusion) {
    let [a, b] = &confusion.coders;
    println!("{}: rows {a}, columns {b}\n", confusion.variable);
    let width = columns::widest(confusion.categories.iter().map(String::as_str), 4);
    print!("{:width$}", "");
    for (index, _) in confusion.categories.iter().enumerate() {
        print!(" {:>5}", format!("[{}]", index + 1));
    }
    println!();
    for (index, (label, row)) in confusion
        .categories
        .iter()
        .zip(&confusion.counts)
        .enumerate()
    {
        print!("{}", columns::left(label, width));
        for count in row {
            print!(" {count:>5}");
        }
        println!("   [{}]", index + 1);
    }
}

/// One CSV row per report: variable, value, counts, every measure, α's bootstrap.
pub fn write_csv(rows: &[(String, Option<String>, &Report)]) -> anyhow::Result<()> {
    let mut out = crate::export::SafeCsv::new(csv::Writer::from_writer(std::io::stdout()));
    let mut header = vec![
        "variable",
        "value",
        "level",
        "units",
        "pairable_units",
        "coders",
        "values",
    ];
    header.extend(Coefficient::ALL.map(Coefficient::key));
    header.extend([
        "alpha_ci95_low",
        "alpha_ci95_high",
        "p_alpha_below_0.667",
        "p_alpha_below_0.800",
    ]);
    out.write_record(&header)?;
    let number = |v: Option<f64>| v.map_or_else(String::new, |v| v.to_string());
    for (variable, value, report) in rows {
        let mut record = vec![
            variable.clone(),
            value.clone().unwrap_or_default(),
            report.level.to_string(),
            report.counts.units.to_string(),
            report.counts.pairable_units.to_string(),
            report.counts.coders.to_string(),
            report.counts.values.to_string(),
        ];
        record.extend(rows_of(&report.measures).iter().map(|(_, v)| number(*v)));
        match &report.alpha_bootstrap {
            Some(b) => record.extend([
                b.ci95[0].to_string(),
                b.ci95[1].to_string(),
                b.p_below.tentative.to_string(),
                b.p_below.acceptable.to_string(),
            ]),
            None => record.extend([String::new(), String::new(), String::new(), String::new()]),
        }
        out.write_record(&record)?;
    }
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_drop_the_leading_zero() {
        assert_eq!(decimal(Some(0.7434)), ".743");
        assert_eq!(decimal(Some(-0.05)), "-.050");
        assert_eq!(decimal(Some(1.0)), "1.000");
        assert_eq!(decimal(None), "—");
        assert_eq!(verdict_mark(Verdict::of(Some(0.81))), "acceptable");
        assert_eq!(verdict_mark(Verdict::of(Some(0.7))), "tentative");
    }
}
