//! Results: per variable the frequency table (count, %, valid %, missing) with a bar chart, for
//! the final dataset or any single coder, rolled up to primary categories where the codebook is
//! hierarchical; and the crosstab of two variables with χ², df, p and Cramér's V.

use egui_plot::{Bar, BarChart, Plot};

use super::{Snapshot, combo};
use crate::model::Kind;
use crate::results::{self, CategoryCount, Dataset, Source};
use crate::ui::Command;

#[derive(Default)]
pub struct ResultsView {
    /// `None`: the final dataset; else one coder's codes.
    coder: Option<String>,
    variable: Option<String>,
    roll_up: bool,
    rows: Option<String>,
    columns: Option<String>,
    /// A coder's dataset, for a snapshot revision.
    cached: Option<(u64, String, Dataset)>,
}

/// A choice of variable; `name` is also its id.
fn pick_variable(
    ui: &mut egui::Ui,
    name: &str,
    current: &mut Option<String>,
    snapshot: &Snapshot,
    kinds: &[Kind],
) {
    let shown = current
        .as_deref()
        .and_then(|k| snapshot.codebook.variable(k))
        .map_or("choose…".to_owned(), |v| v.label.clone());
    combo(ui, name, name, shown, |ui| {
        for variable in snapshot
            .codebook
            .variables
            .iter()
            .filter(|v| kinds.contains(&v.kind))
        {
            ui.selectable_value(current, Some(variable.key.clone()), &variable.label);
        }
    });
}

impl ResultsView {
    fn dataset<'a>(&'a mut self, snapshot: &'a Snapshot) -> &'a Dataset {
        let Some(coder) = &self.coder else {
            return &snapshot.final_dataset;
        };
        let stale = !matches!(&self.cached, Some((rev, who, _)) if *rev == snapshot.revision && who == coder);
        if stale {
            let values = snapshot
                .codings
                .iter()
                .filter(|r| &r.coder == coder)
                .map(|r| ((r.unit.clone(), r.variable.clone()), r.answer.clone()))
                .collect();
            let dataset = Dataset {
                values,
                unresolved: Vec::new(),
            };
            self.cached = Some((snapshot.revision, coder.clone(), dataset));
        }
        match &self.cached {
            Some((_, _, dataset)) => dataset,
            None => &snapshot.final_dataset,
        }
    }

    pub fn show(&mut self, ui: &mut egui::Ui, snapshot: &Snapshot) -> Vec<Command> {
        let choice_kinds = [Kind::Single, Kind::Multi];
        if self.variable.is_none() {
            self.variable = snapshot
                .codebook
                .variables
                .iter()
                .find(|v| v.kind.has_values())
                .map(|v| v.key.clone());
        }
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.heading("Results of");
                    let shown = self
                        .coder
                        .as_ref()
                        .map_or("the final dataset".to_owned(), |c| format!("coder {c}"));
                    combo(ui, "results-source", "Results of", shown, |ui| {
                        ui.selectable_value(&mut self.coder, None, "the final dataset");
                        for coder in &snapshot.coders {
                            ui.selectable_value(
                                &mut self.coder,
                                Some(coder.clone()),
                                format!("coder {coder}"),
                            );
                        }
                    });
                    ui.label("for");
                    pick_variable(ui, "Variable", &mut self.variable, snapshot, &choice_kinds);
                });
                let source = self.coder.clone().map_or(Source::Final, Source::Coder);
                let units: Vec<String> = snapshot.units.iter().map(|u| u.uid.clone()).collect();
                let key = self.variable.clone();
                let variable = key.as_deref().and_then(|k| snapshot.codebook.variable(k));
                if let Some(variable) = variable {
                    let roll_up = self.roll_up;
                    let table =
                        results::frequencies(variable, self.dataset(snapshot), &units, &source);
                    if table.primary.is_some() {
                        ui.checkbox(&mut self.roll_up, "Roll up to the primary categories");
                    }
                    let rows = match (&table.primary, roll_up) {
                        (Some(primary), true) => primary,
                        _ => &table.categories,
                    };
                    frequency_table(ui, rows, &table);
                    chart(ui, rows);
                }
                ui.add_space(16.0);
                self.crosstab(ui, snapshot, &source, &units);
            });
        });
        Vec::new()
    }

    fn crosstab(
        &mut self,
        ui: &mut egui::Ui,
        snapshot: &Snapshot,
        source: &Source,
        units: &[String],
    ) {
        ui.horizontal(|ui| {
            ui.heading("Crosstab");
            pick_variable(
                ui,
                "Crosstab rows",
                &mut self.rows,
                snapshot,
                &[Kind::Single],
            );
            ui.label("×");
            pick_variable(
                ui,
                "Crosstab columns",
                &mut self.columns,
                snapshot,
                &[Kind::Single],
            );
        });
        let (Some(rows), Some(columns)) = (
            self.rows
                .clone()
                .and_then(|k| snapshot.codebook.variable(&k).cloned()),
            self.columns
                .clone()
                .and_then(|k| snapshot.codebook.variable(&k).cloned()),
        ) else {
            ui.weak("Choose two single-choice variables.");
            return;
        };
        let table = results::crosstab(&rows, &columns, self.dataset(snapshot), units, source);
        egui::Grid::new("crosstab").striped(true).show(ui, |ui| {
            ui.strong(format!("{} \\ {}", rows.label, columns.label));
            for c in &table.column_categories {
                ui.strong(c);
            }
            ui.end_row();
            for (i, label) in table.row_categories.iter().enumerate() {
                ui.strong(label);
                for j in 0..table.column_categories.len() {
                    ui.label(format!(
                        "{}  ({:.1}% row, {:.1}% col)",
                        table.counts[i][j], table.row_percent[i][j], table.column_percent[i][j]
                    ));
                }
                ui.end_row();
            }
        });
        match &table.test {
            Some(test) => {
                ui.label(format!(
                    "N = {}. χ² = {:.2}, df = {}, {}, Cramér's V = {}{}",
                    table.n,
                    test.chi2,
                    test.df,
                    crate::format::p_value(Some(test.p)),
                    crate::format::apa(Some(test.cramers_v)),
                    if test.small_expected > 0 {
                        format!(
                            " — {} cell(s) expect fewer than 5: read p with care",
                            test.small_expected
                        )
                    } else {
                        String::new()
                    }
                ));
            }
            None => {
                ui.label("χ² not computed: fewer than two categories of a variable occur.");
            }
        }
    }
}

fn frequency_table(ui: &mut egui::Ui, rows: &[CategoryCount], table: &results::Frequencies) {
    egui::Grid::new("frequencies").striped(true).show(ui, |ui| {
        for header in ["Code", "Category", "Count", "%", "Valid %"] {
            ui.strong(header);
        }
        ui.end_row();
        for row in rows {
            ui.label(row.code.to_string());
            ui.label(&row.label);
            ui.label(row.count.to_string());
            ui.label(format!("{:.1}", row.percent));
            ui.label(format!("{:.1}", row.valid_percent));
            ui.end_row();
        }
        ui.label("");
        ui.label("Missing");
        ui.label(table.missing.to_string());
        ui.end_row();
    });
    let mut notes = vec![format!("N = {}.", table.n)];
    notes.extend(table.notes());
    ui.weak(notes.join(" "));
}

/// Horizontal bars of valid %, the first category on top.
fn chart(ui: &mut egui::Ui, rows: &[CategoryCount]) {
    let n = rows.len();
    let text_color = ui.visuals().strong_text_color();
    let fill = egui::Color32::from_rgb(0x4a, 0x78, 0xb5);
    let bars: Vec<Bar> = rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            Bar::new((n - 1 - i) as f64, row.valid_percent)
                .name(format!("{} {}", row.code, row.label))
                .width(0.7)
                .fill(fill)
        })
        .collect();
    let labels: Vec<String> = rows.iter().rev().map(|r| r.label.clone()).collect();
    Plot::new("frequency-chart")
        .height(28.0 * n as f32 + 60.0)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .include_x(0.0)
        // The longest bar and its label, not always 0–100.
        .include_x(rows.iter().map(|r| r.valid_percent).fold(0.0, f64::max) * 1.15 + 1.0)
        .show_grid([true, false])
        // Every category's row (28 px apart) keeps its label; the % axis still ticks round.
        .grid_spacing(egui::Rangef::new(20.0, 300.0))
        .x_axis_formatter(|mark, _| format!("{}%", crate::format::axis(mark.value)))
        .x_axis_label("valid %")
        .y_axis_min_width(160.0)
        .y_axis_formatter(move |mark, _range| {
            let at = mark.value.round();
            if (mark.value - at).abs() > 1e-6 || at < 0.0 {
                return String::new();
            }
            labels.get(at as usize).cloned().unwrap_or_default()
        })
        .show(ui, |plot| {
            plot.bar_chart(BarChart::new("valid %", bars).color(fill).horizontal());
            // Each bar's value at its end, as a paper's figure prints it.
            for (i, row) in rows.iter().enumerate() {
                plot.text(
                    egui_plot::Text::new(
                        "value",
                        egui_plot::PlotPoint::new(row.valid_percent + 0.5, (n - 1 - i) as f64),
                        format!("{:.1}%", row.valid_percent),
                    )
                    .anchor(egui::Align2::LEFT_CENTER)
                    .color(text_color),
                );
            }
        });
}
