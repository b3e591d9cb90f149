//! Results: per variable the frequency table (count, %, valid %, missing) with a bar chart, for
//! the final dataset or any single coder, rolled up to primary categories where the codebook is
//! hierarchical; and the crosstab of two variables with χ², df, p and Cramér's V.

use egui_plot::{Bar, BarChart, Plot};

use super::{Snapshot, combo};
use crate::model::Kind;
use crate::results::{self, CategoryCount, Dataset, Source};
use crate::supervise::SupervisorAction;
use crate::ui::Command;

#[derive(Default)]
pub struct ResultsView {
    /// `None`: the final dataset; else one coder's codes.
    coder: Option<String>,
    variable: Option<String>,
    roll_up: bool,
    rows: Option<String>,
    columns: Option<String>,
    /// The coder whose codes were asked for, at a snapshot revision (asked once per revision).
    asked: Option<(u64, String)>,
    /// The tables shown, for the choices and snapshot they were computed from: a study of
    /// 100,000 units is not counted again every frame.
    computed: Option<(Computed, Tables)>,
}

/// What the shown tables were computed from.
#[derive(Clone, PartialEq)]
struct Computed {
    revision: u64,
    coder: Option<String>,
    variable: Option<String>,
    rows: Option<String>,
    columns: Option<String>,
}

struct Tables {
    frequencies: Option<results::Frequencies>,
    crosstab: Option<(String, String, results::Crosstab)>,
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
        .and_then(|k| snapshot.shown.variable(k))
        .map_or_else(|| crate::tr!("export-choose-lower"), |v| v.label.clone());
    combo(ui, name, name, shown, |ui| {
        for variable in snapshot
            .shown
            .variables
            .iter()
            .filter(|v| kinds.contains(&v.kind))
        {
            ui.selectable_value(current, Some(variable.key.clone()), &variable.label);
        }
    });
}

impl ResultsView {
    /// The dataset the choice of source names: the final one, or the chosen coder's once the
    /// session has read it (asked for with a command; `None` until then).
    fn dataset<'a>(
        &mut self,
        snapshot: &'a Snapshot,
        commands: &mut Vec<Command>,
    ) -> Option<&'a Dataset> {
        let Some(coder) = &self.coder else {
            return Some(&snapshot.final_dataset);
        };
        if let Some((read, dataset)) = &snapshot.coder_results
            && read == coder
        {
            return Some(dataset);
        }
        let asked = (snapshot.revision, coder.clone());
        if self.asked.as_ref() != Some(&asked) {
            commands.push(SupervisorAction::ShowCoderResults(coder.clone()).into());
            self.asked = Some(asked);
        }
        None
    }

    /// The tables for the current choices, computed again only when a choice or the snapshot
    /// changed.
    fn tables(&mut self, snapshot: &Snapshot, commands: &mut Vec<Command>) -> Option<&Tables> {
        let wanted = Computed {
            revision: snapshot.revision,
            coder: self.coder.clone(),
            variable: self.variable.clone(),
            rows: self.rows.clone(),
            columns: self.columns.clone(),
        };
        if self
            .computed
            .as_ref()
            .is_none_or(|(done, _)| *done != wanted)
        {
            let dataset = self.dataset(snapshot, commands)?;
            let source = self.coder.clone().map_or(Source::Final, Source::Coder);
            let units = &snapshot.table.uids;
            let frequencies = wanted
                .variable
                .as_deref()
                .and_then(|k| snapshot.shown.variable(k))
                .map(|variable| results::frequencies(variable, dataset, units, &source));
            let pair = |key: &Option<String>| {
                key.as_deref()
                    .and_then(|k| snapshot.shown.variable(k))
                    .cloned()
            };
            let crosstab = pair(&wanted.rows)
                .zip(pair(&wanted.columns))
                .map(|(rows, columns)| {
                    let table = results::crosstab(&rows, &columns, dataset, units, &source);
                    (rows.label, columns.label, table)
                });
            let tables = Tables {
                frequencies,
                crosstab,
            };
            self.computed = Some((wanted, tables));
        }
        self.computed.as_ref().map(|(_, tables)| tables)
    }

    pub fn show(&mut self, ui: &mut egui::Ui, snapshot: &Snapshot) -> Vec<Command> {
        let mut commands = Vec::new();
        let choice_kinds = [Kind::Single, Kind::Multi];
        if self.variable.is_none() {
            self.variable = snapshot
                .shown
                .variables
                .iter()
                .find(|v| v.kind.has_values())
                .map(|v| v.key.clone());
        }
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.heading(crate::tr!("res-results-of"));
                    let shown = self.coder.as_ref().map_or_else(
                        || crate::tr!("res-final"),
                        |c| crate::tr!("res-coder", name = c),
                    );
                    combo(
                        ui,
                        "results-source",
                        &crate::tr!("res-results-of"),
                        shown,
                        |ui| {
                            ui.selectable_value(&mut self.coder, None, crate::tr!("res-final"));
                            for coder in &snapshot.coders {
                                ui.selectable_value(
                                    &mut self.coder,
                                    Some(coder.clone()),
                                    crate::tr!("res-coder", name = coder),
                                );
                            }
                        },
                    );
                    ui.label(crate::tr!("res-for"));
                    pick_variable(
                        ui,
                        &crate::tr!("rel-col-variable"),
                        &mut self.variable,
                        snapshot,
                        &choice_kinds,
                    );
                });
                let mut roll_up = self.roll_up;
                let Some(tables) = self.tables(snapshot, &mut commands) else {
                    ui.spinner();
                    return;
                };
                if let Some(table) = &tables.frequencies {
                    if table.primary.is_some() {
                        ui.checkbox(&mut roll_up, crate::tr!("res-roll-up"));
                    }
                    let rows = match (&table.primary, roll_up) {
                        (Some(primary), true) => primary,
                        _ => &table.categories,
                    };
                    frequency_table(ui, rows, table);
                    chart(ui, rows);
                }
                self.roll_up = roll_up;
                ui.add_space(16.0);
                self.crosstab(ui, snapshot, &mut commands);
            });
        });
        commands
    }

    fn crosstab(&mut self, ui: &mut egui::Ui, snapshot: &Snapshot, commands: &mut Vec<Command>) {
        ui.horizontal(|ui| {
            ui.heading(crate::tr!("res-crosstab"));
            pick_variable(
                ui,
                &crate::tr!("export-crosstab-rows"),
                &mut self.rows,
                snapshot,
                &[Kind::Single],
            );
            ui.label("×");
            pick_variable(
                ui,
                &crate::tr!("export-crosstab-columns"),
                &mut self.columns,
                snapshot,
                &[Kind::Single],
            );
        });
        let Some(tables) = self.tables(snapshot, commands) else {
            ui.spinner();
            return;
        };
        let Some((rows, columns, table)) = &tables.crosstab else {
            ui.weak(crate::tr!("res-choose-two"));
            return;
        };
        egui::Grid::new("crosstab").striped(true).show(ui, |ui| {
            ui.strong(format!("{rows} \\ {columns}"));
            for c in &table.column_categories {
                ui.strong(c);
            }
            ui.end_row();
            for (i, label) in table.row_categories.iter().enumerate() {
                ui.strong(label);
                for j in 0..table.column_categories.len() {
                    ui.label(crate::tr!(
                        "res-cell",
                        count = table.counts[i][j],
                        row = format!("{:.1}", table.row_percent[i][j]),
                        column = format!("{:.1}", table.column_percent[i][j])
                    ));
                }
                ui.end_row();
            }
        });
        match &table.test {
            Some(test) => {
                let small = if test.small_expected > 0 {
                    crate::tr!("res-small-expected", count = test.small_expected)
                } else {
                    String::new()
                };
                ui.label(crate::tr!(
                    "res-chi-square",
                    n = table.n,
                    chi2 = format!("{:.2}", test.chi2),
                    df = test.df,
                    p = crate::format::p_value(Some(test.p)),
                    v = crate::format::apa(Some(test.cramers_v)),
                    small = small
                ));
            }
            None => {
                ui.label(crate::tr!("res-no-chi-square"));
            }
        }
    }
}

fn frequency_table(ui: &mut egui::Ui, rows: &[CategoryCount], table: &results::Frequencies) {
    egui::Grid::new("frequencies").striped(true).show(ui, |ui| {
        for header in [
            crate::tr!("res-col-code"),
            crate::tr!("report-category"),
            crate::tr!("res-col-count"),
            "%".to_owned(),
            crate::tr!("report-valid-percent"),
        ] {
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
        ui.label(crate::tr!("report-missing"));
        ui.label(table.missing.to_string());
        ui.end_row();
    });
    let mut notes = vec![format!("N = {}.", table.n)];
    if table.kind == Kind::Multi {
        notes.push(crate::tr!("report-multi-note"));
    }
    if table.unresolved > 0 {
        notes.push(crate::tr!(
            "report-unresolved-note",
            count = table.unresolved
        ));
    }
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
        .x_axis_label(crate::tr!("report-valid-percent"))
        .y_axis_min_width(160.0)
        .y_axis_formatter(move |mark, _range| {
            let at = mark.value.round();
            if (mark.value - at).abs() > 1e-6 || at < 0.0 {
                return String::new();
            }
            labels.get(at as usize).cloned().unwrap_or_default()
        })
        .show(ui, |plot| {
            plot.bar_chart(
                BarChart::new(crate::tr!("report-valid-percent"), bars)
                    .color(fill)
                    .horizontal(),
            );
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
