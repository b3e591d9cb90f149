//! The study report as one self-contained HTML file (no scripts, no external files): summary,
//! codebook version, an APA-style reliability table, category percentages with bar charts,
//! chosen crosstabs and the codebook as an appendix. Open it in any browser, print it to PDF.

mod analyses;
pub mod methods;

use std::fmt::Write as _;
use std::path::Path;

use thiserror::Error;

use crate::agreement::table::{Cell, Column, ReliabilityTable};
use crate::agreement::{self, AgreementError, AgreementOptions, Verdict};
use crate::format::apa;
use crate::i18n::Lang;
use crate::markup::{html_text as text, xml_escape as esc};
use crate::model::{Codebook, Kind};
use crate::results::{self, Crosstab, Frequencies, Source};
use crate::stats::Bootstrap;
use crate::store::{Project, StoreError};
use crate::tr_in;

#[derive(Debug, Error)]
pub enum ReportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Agreement(#[from] AgreementError),
    #[error("crosstab {0}: {1}")]
    Crosstab(String, String),
    #[error("analysis: {0}")]
    Analysis(String),
    #[error("{}", crate::tr!("err-cannot-write", file = file, reason = source.to_string()))]
    Write {
        file: String,
        #[source]
        source: std::io::Error,
    },
}

/// What goes into a report beyond what every report has.
#[derive(Debug, Clone)]
pub struct ReportOptions {
    /// (row variable, column variable) pairs.
    pub crosstabs: Vec<(String, String)>,
    pub bootstrap: Bootstrap,
    /// The language of the report's text and of the codebook in it (where it has that language).
    pub lang: Lang,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            crosstabs: Vec::new(),
            bootstrap: Bootstrap::DEFAULT,
            lang: Lang::En,
        }
    }
}

/// Parses `theme:emotion` into a pair.
pub fn parse_crosstab(text: &str) -> Result<(String, String), String> {
    text.split_once(':')
        .map(|(a, b)| (a.trim().to_owned(), b.trim().to_owned()))
        .filter(|(a, b)| !a.is_empty() && !b.is_empty())
        .ok_or_else(|| format!("a crosstab is ROW:COLUMN, e.g. theme:emotion, not '{text}'"))
}

const STYLE: &str = "body{font-family:system-ui,'Noto Sans CJK SC','WenQuanYi Micro Hei',sans-serif;\
max-width:72rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f;line-height:1.45}\
table{border-collapse:collapse;margin:.5rem 0 1.5rem}th,td{padding:.2rem .6rem;text-align:right}\
td{white-space:nowrap}th:first-child,td:first-child{text-align:left;white-space:normal}thead th{border-top:2px solid #000;border-bottom:1px solid #000}\
tbody tr:last-child td{border-bottom:2px solid #000}caption{text-align:left;font-style:italic;padding-bottom:.3rem}\
.ok{background:#e3f4e1}.tentative{background:#fff4d6}.low{background:#fbe3e1}\
.note{font-size:.9rem;color:#555}h2{border-bottom:1px solid #ccc;padding-bottom:.2rem;margin-top:2.5rem}\
svg{display:block;margin:.5rem 0 1.5rem;max-width:100%}svg text{font-family:inherit}dl dt{font-weight:600;margin-top:.6rem}\
th{vertical-align:bottom}td.verdict,td.text,th.text{white-space:normal;text-align:left}td.verdict{min-width:6em}\
table.reliability{font-size:.9rem}table.reliability td:first-child{min-width:12em}\
@media screen{table{display:block;overflow-x:auto;max-width:100%}}\
@page{size:A4;margin:14mm}@media print{body{max-width:none;margin:0;padding:0;font-size:10pt}\
table,table.reliability{font-size:8pt}th,td{padding:.1rem .3rem}h2{break-after:avoid}tr,svg{break-inside:avoid}}";

/// The report as HTML text.
pub fn html_report(project: &Project, options: &ReportOptions) -> Result<String, ReportError> {
    let lang = options.lang;
    let original = project.codebook()?;
    let codebook = original.localized(lang);
    let status = project.status()?;
    let units = project.unit_ids()?;
    let dataset = results::final_dataset(project)?;
    let title = project.title()?;
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <title>{}</title><style>{STYLE}</style></head><body>\n\
         <h1>{t}</h1>\n",
        match lang {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        },
        text(&tr_in!(lang, "report-title", study = &title)),
        t = esc(&title)
    );
    let primary = project.primary_coder()?;
    let rows = [
        (tr_in!(lang, "report-units"), status.units.to_string()),
        (tr_in!(lang, "report-coders"), status.coders.to_string()),
        (tr_in!(lang, "report-codes"), status.codings.to_string()),
        (
            tr_in!(lang, "report-codebook"),
            tr_in!(
                lang,
                "report-codebook-version",
                title = &codebook.title,
                name = &codebook.name,
                version = codebook.version
            ),
        ),
        (
            tr_in!(lang, "report-primary-coder"),
            primary.unwrap_or_else(|| tr_in!(lang, "report-none")),
        ),
        (
            tr_in!(lang, "report-unresolved"),
            dataset.unresolved.len().to_string(),
        ),
        (
            tr_in!(lang, "report-made"),
            chrono::Local::now().format("%Y-%m-%d %H:%M").to_string(),
        ),
    ];
    let _ = write!(
        out,
        "<h2>{}</h2><table><tbody>",
        tr_in!(lang, "report-study")
    );
    for (name, value) in rows {
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td></tr>",
            esc(&name),
            esc(&value)
        );
    }
    let _ = writeln!(
        out,
        "</tbody></table><p class=\"note\">{}</p>",
        text(&tr_in!(lang, "report-final-dataset-note"))
    );
    reliability_section(&mut out, project, options, &original, &codebook)?;
    let table =
        crate::analysis::Table::load(project).map_err(|e| ReportError::Analysis(e.to_string()))?;
    indices_section(&mut out, &table, lang);
    let _ = writeln!(
        out,
        "<h2>{}</h2>",
        text(&tr_in!(lang, "report-percentages"))
    );
    for variable in codebook.variables.iter().filter(|v| v.kind.has_values()) {
        let table = results::frequencies(variable, &dataset, &units, &Source::Final);
        frequency_section(&mut out, &table, lang);
    }
    if !options.crosstabs.is_empty() {
        let _ = writeln!(out, "<h2>{}</h2>", text(&tr_in!(lang, "report-crosstabs")));
    }
    for (rows, columns) in &options.crosstabs {
        let name = format!("{rows} × {columns}");
        let find = |key: &str| {
            codebook
                .variable(key)
                .filter(|v| v.kind == Kind::Single)
                .ok_or_else(|| {
                    ReportError::Crosstab(
                        name.clone(),
                        format!(
                            "'{key}' is not a single-choice variable (variables: {})",
                            codebook.variable_keys()
                        ),
                    )
                })
        };
        let (row_variable, column_variable) = (find(rows)?, find(columns)?);
        let mut table = results::crosstab(
            row_variable,
            column_variable,
            &dataset,
            &units,
            &Source::Final,
        );
        // Named as the reader's codebook names them, not by their keys.
        table.rows.clone_from(&row_variable.label);
        table.columns.clone_from(&column_variable.label);
        crosstab_section(&mut out, &table, lang);
    }
    let items = crate::analysis::items::stored(project)
        .map_err(|e| ReportError::Analysis(e.to_string()))?;
    if !items.is_empty() {
        let _ = writeln!(out, "<h2>{}</h2>", text(&tr_in!(lang, "report-analyses")));
    }
    for (id, item) in items {
        let item = match item {
            Ok(item) => item,
            Err(problem) => {
                let _ = write!(
                    out,
                    "<h3>{}</h3><p class=\"note\">{}</p>",
                    esc(&format!("#{id}")),
                    text(&tr_in!(lang, "report-not-computed", reason = problem))
                );
                continue;
            }
        };
        let _ = write!(out, "<h3>{}</h3>", esc(&item.title(&codebook, lang)));
        match analyses::analysis_html(&item, project, &table, lang) {
            Ok(html) => out.push_str(&html),
            // The data may have changed since the analysis was added: say so, keep the report.
            Err(error) => {
                let _ = write!(
                    out,
                    "<p class=\"note\">{}</p>",
                    text(&tr_in!(
                        lang,
                        "report-not-computed",
                        reason = error.to_string()
                    ))
                );
            }
        }
    }
    appendix(&mut out, &codebook, lang);
    out.push_str("</body></html>\n");
    Ok(out)
}

fn reliability_section(
    out: &mut String,
    project: &Project,
    options: &ReportOptions,
    original: &Codebook,
    shown: &Codebook,
) -> Result<(), ReportError> {
    let lang = options.lang;
    let _ = writeln!(
        out,
        "<h2>{}</h2>",
        text(&tr_in!(lang, "report-reliability"))
    );
    let agreement = match agreement::project_agreement(
        project,
        &AgreementOptions {
            bootstrap: Some(options.bootstrap),
            ..Default::default()
        },
    ) {
        Ok(agreement) => agreement,
        Err(AgreementError::TooFewCoders(why)) => {
            let _ = writeln!(
                out,
                "<p>{}</p>",
                text(&tr_in!(lang, "report-too-few-coders", reason = why))
            );
            return Ok(());
        }
        Err(error) => return Err(error.into()),
    };
    let mut agreement = agreement;
    agreement.relabel(original, shown);
    reliability_table(out, &ReliabilityTable::new(&agreement, shown, lang));
    let coders = agreement
        .variables
        .first()
        .map(|row| row.coders.clone())
        .unwrap_or_default();
    let draw = project.assignment_draw()?;
    let training = crate::training::all_reports(project, shown)?;
    let paragraph = methods::methods_paragraph(
        &methods::MethodsFacts {
            coders: &coders,
            units: project.unit_ids()?.len() as i64,
            draw: draw.as_ref(),
            agreement: &agreement,
            shown,
            bootstrap: options.bootstrap,
            training: &training,
        },
        lang,
    );
    let _ = writeln!(
        out,
        "<h3>{}</h3><p class=\"methods\">{}</p>",
        text(&tr_in!(lang, "methods-heading")),
        esc(&paragraph)
    );
    Ok(())
}

/// The reliability table of the shared model (`agreement::table`), as HTML.
fn reliability_table(out: &mut String, table: &ReliabilityTable) {
    let _ = write!(
        out,
        "<table class=\"reliability\"><caption>{}</caption><thead><tr>",
        text(&table.caption)
    );
    for (column, heading) in table.columns.iter().zip(&table.headings) {
        let words = matches!(column, Column::Variable | Column::Level | Column::Verdict);
        let class = if words { " class=\"text\"" } else { "" };
        let _ = write!(out, "<th{class}>{}</th>", text(heading));
    }
    out.push_str("</tr></thead><tbody>\n");
    for row in &table.rows {
        let class = match row.verdict {
            Verdict::Acceptable => "ok",
            Verdict::Tentative => "tentative",
            Verdict::Unacceptable => "low",
            Verdict::Undefined => "",
        };
        let _ = write!(out, "<tr class=\"{class}\">");
        for (column, cell) in table.columns.iter().zip(&row.cells) {
            // Words wrap and read from the left; numbers stay on one line, right-aligned.
            let class = match (column, cell) {
                (Column::Verdict, _) => " class=\"verdict\"",
                (_, Cell::Text(_)) => " class=\"text\"",
                _ => "",
            };
            let _ = write!(out, "<td{class}>{}</td>", esc(&cell.display()));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table>\n");
    for note in &table.notes {
        let _ = writeln!(out, "<p class=\"note\">{}</p>", text(note));
    }
}

/// The composite indices defined in the project: formula and distribution.
fn indices_section(out: &mut String, table: &crate::analysis::Table, lang: Lang) {
    if table.indices.is_empty() {
        return;
    }
    let _ = write!(
        out,
        "<h2>{}</h2><table><thead><tr>",
        text(&tr_in!(lang, "report-indices"))
    );
    for heading in [
        tr_in!(lang, "report-index"),
        tr_in!(lang, "report-definition"),
        "n".to_owned(),
        tr_in!(lang, "stat-mean"),
        tr_in!(lang, "stat-sd"),
        tr_in!(lang, "stat-min"),
        tr_in!(lang, "stat-max"),
    ] {
        let _ = write!(out, "<th>{}</th>", text(&heading));
    }
    out.push_str("</tr></thead><tbody>");
    for definition in &table.indices {
        let values: Vec<f64> = table
            .values(&definition.name)
            .unwrap_or_default()
            .into_iter()
            .flatten()
            .collect();
        let s = crate::stats::numeric::summary(&values);
        let f = |v: Option<f64>| v.map_or("—".to_owned(), |v| format!("{v:.3}"));
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&definition.name),
            esc(&definition.formula()),
            s.n,
            f(s.mean),
            f(s.sd),
            f(s.min),
            f(s.max)
        );
    }
    out.push_str("</tbody></table>\n");
}

/// A horizontal bar chart as inline SVG.
fn bars(rows: &[(String, f64)]) -> String {
    // As wide as the longest label needs (a fixed 230 px cut "Tourist attraction
    // introduction" to "urist attraction introduction"), estimated from its display width at
    // the report's 16 px font; a label past the widest column is shortened with "…" and kept
    // whole in its tooltip.
    use unicode_width::UnicodeWidthStr;
    const PX_PER_COLUMN: f64 = 8.6;
    const WIDEST: f64 = 420.0;
    let needed = |label: &str| label.width() as f64 * PX_PER_COLUMN + 12.0;
    let label_width = rows
        .iter()
        .map(|(label, _)| needed(label))
        .fold(120.0f64, f64::max)
        .min(WIDEST);
    let shown = |label: &str| -> String {
        if needed(label) <= label_width {
            return label.to_owned();
        }
        let mut short = String::new();
        for c in label.chars() {
            if needed(&format!("{short}{c}…")) > label_width {
                break;
            }
            short.push(c);
        }
        format!("{short}…")
    };
    let bar_width = 360.0;
    let height = 22.0;
    let max = rows
        .iter()
        .map(|(_, v)| *v)
        .fold(0.0f64, f64::max)
        .max(1e-9);
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" role=\"img\">",
        label_width + bar_width + 60.0,
        height * rows.len() as f64 + 4.0
    );
    for (i, (label, value)) in rows.iter().enumerate() {
        let y = i as f64 * height + 2.0;
        let w = value / max * bar_width;
        let _ = write!(
            svg,
            "<text x=\"{x}\" y=\"{ty}\" text-anchor=\"end\"><title>{full}</title>{l}</text>\
             <rect x=\"{bx}\" y=\"{y}\" width=\"{w:.1}\" height=\"{h}\" fill=\"#4a78b5\"/>\
             <text x=\"{vx:.1}\" y=\"{ty}\">{value:.1}%</text>",
            x = label_width - 6.0,
            ty = y + 14.0,
            full = esc(label),
            l = esc(&shown(label)),
            bx = label_width,
            h = height - 6.0,
            vx = label_width + w + 4.0,
        );
    }
    svg.push_str("</svg>");
    svg
}

fn frequency_section(out: &mut String, table: &Frequencies, lang: Lang) {
    let _ = write!(
        out,
        "<h3>{} <small>({})</small></h3><table><thead><tr><th>{}</th><th>n</th><th>%</th>\
         <th>{}</th></tr></thead><tbody>",
        esc(&table.label),
        esc(&table.variable),
        text(&tr_in!(lang, "report-category")),
        text(&tr_in!(lang, "report-valid-percent"))
    );
    for c in &table.categories {
        let _ = write!(
            out,
            "<tr><td>{} {}</td><td>{}</td><td>{:.1}</td><td>{:.1}</td></tr>",
            c.code,
            esc(&c.label),
            c.count,
            c.percent,
            c.valid_percent
        );
    }
    let _ = write!(
        out,
        "<tr><td>{}</td><td>{}</td><td>{:.1}</td><td></td></tr></tbody></table>",
        text(&tr_in!(lang, "report-missing")),
        table.missing,
        if table.n == 0 {
            0.0
        } else {
            table.missing as f64 * 100.0 / table.n as f64
        }
    );
    let shown = table.primary.as_ref().unwrap_or(&table.categories);
    let rows: Vec<(String, f64)> = shown
        .iter()
        .map(|c| (c.label.clone(), c.valid_percent))
        .collect();
    out.push_str(&bars(&rows));
    let mut notes = Vec::new();
    if table.primary.is_some() {
        notes.push(tr_in!(lang, "report-rolled-up"));
    }
    if table.kind == Kind::Multi {
        notes.push(tr_in!(lang, "report-multi-note"));
    }
    if table.unresolved > 0 {
        notes.push(tr_in!(
            lang,
            "report-unresolved-note",
            count = table.unresolved
        ));
    }
    let _ = writeln!(
        out,
        "<p class=\"note\">{}</p>",
        text(&tr_in!(
            lang,
            "report-frequency-note",
            n = table.n,
            notes = notes.join(" ")
        ))
    );
}

fn crosstab_section(out: &mut String, table: &Crosstab, lang: Lang) {
    let _ = write!(
        out,
        "<table><caption>{}</caption><thead><tr><th></th>",
        text(&tr_in!(
            lang,
            "report-crosstab-caption",
            rows = &table.rows,
            columns = &table.columns
        ))
    );
    for c in &table.column_categories {
        let _ = write!(out, "<th>{}</th>", esc(c));
    }
    out.push_str("</tr></thead><tbody>");
    for (i, label) in table.row_categories.iter().enumerate() {
        let _ = write!(out, "<tr><td>{}</td>", esc(label));
        for (count, pct) in table.counts[i].iter().zip(&table.row_percent[i]) {
            let _ = write!(out, "<td>{count} ({pct:.1}%)</td>");
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    match &table.test {
        Some(t) => {
            let p = crate::format::p_value(Some(t.p));
            let small = if t.small_expected > 0 {
                tr_in!(lang, "report-small-expected", count = t.small_expected)
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "<p class=\"note\">{}</p>",
                text(&tr_in!(
                    lang,
                    "report-chi-square",
                    n = table.n,
                    df = t.df,
                    chi2 = format!("{:.2}", t.chi2),
                    p = p,
                    v = apa(Some(t.cramers_v)),
                    small = small
                ))
            );
        }
        None => {
            let _ = writeln!(
                out,
                "<p class=\"note\">{}</p>",
                text(&tr_in!(lang, "report-no-chi-square"))
            );
        }
    }
}

fn appendix(out: &mut String, codebook: &Codebook, lang: Lang) {
    let _ = write!(
        out,
        "<h2>{}</h2><p>{} {}</p>",
        text(&tr_in!(lang, "report-appendix")),
        text(&tr_in!(
            lang,
            "report-codebook-version",
            title = &codebook.title,
            name = &codebook.name,
            version = codebook.version
        )),
        esc(&codebook.description)
    );
    for variable in &codebook.variables {
        let _ = write!(
            out,
            "<h3>{} <small>({}; {}, {})</small></h3><p>{}</p>",
            esc(&variable.label),
            esc(&variable.key),
            variable.kind.name(lang),
            variable.level.name(lang),
            esc(&variable.definition)
        );
        if variable.values.is_empty() {
            continue;
        }
        out.push_str("<dl>");
        for value in &variable.values {
            let retired = if value.retired {
                tr_in!(lang, "report-retired")
            } else {
                String::new()
            };
            let _ = write!(
                out,
                "<dt>{} {}{retired}</dt><dd>{}",
                value.code,
                esc(&value.label),
                esc(&value.definition)
            );
            if !value.examples.is_empty() {
                let _ = write!(
                    out,
                    "<br>{}",
                    text(&tr_in!(
                        lang,
                        "report-examples",
                        examples = value.examples.join("; ")
                    ))
                );
            }
            if !value.counter_examples.is_empty() {
                let _ = write!(
                    out,
                    "<br>{}",
                    text(&tr_in!(
                        lang,
                        "report-counter-examples",
                        examples = value.counter_examples.join("; ")
                    ))
                );
            }
            out.push_str("</dd>");
        }
        out.push_str("</dl>\n");
    }
}

/// Writes the report to `path`.
pub fn write_report(
    project: &Project,
    path: &Path,
    options: &ReportOptions,
) -> Result<(), ReportError> {
    let html = html_report(project, options)?;
    std::fs::write(path, html).map_err(|source| ReportError::Write {
        file: path.display().to_string(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bar_labels_get_the_room_they_need_or_an_ellipsis_and_a_tooltip() {
        let long = "Tourist attraction introduction".to_owned();
        let svg = bars(&[(long.clone(), 40.0), ("Food".into(), 10.0)]);
        // The label ends at x = label width − 6 and starts inside the picture.
        let x: f64 = svg
            .split("<text x=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap()
            .parse()
            .unwrap();
        assert!(x - long.len() as f64 * 8.6 >= 0.0, "x = {x}: {svg}");
        assert!(svg.contains(&format!("{long}</text>")), "whole: {svg}");
        let huge = "重庆".repeat(60);
        let svg = bars(&[(huge.clone(), 40.0)]);
        assert!(svg.contains("…</text>"), "shortened: {svg}");
        assert!(
            svg.contains(&format!("<title>{huge}</title>")),
            "kept whole: {svg}"
        );
    }

    #[test]
    fn crosstab_pairs_parse() {
        assert_eq!(
            parse_crosstab("theme:emotion").unwrap(),
            ("theme".to_owned(), "emotion".to_owned())
        );
        assert!(parse_crosstab("theme").is_err());
    }
}
