//! The Analysis tab: descriptives with histogram and box plot, timeline, group comparison with
//! box plots, correlation with scatter plot, composite indices. Everything is computed from the
//! snapshot's table (units, numeric fields, indices) with the same functions as the CLI; every
//! chart is a [`Chart`] that egui_plot draws and "Save chart" writes as SVG.

mod compute;

use compute::{Asked, Computed, Mode, compute};

use super::plot::draw;
use super::{Snapshot, combo};
use crate::analysis::Standardize;
use crate::analysis::analyses::Method;
use crate::analysis::items::Item;
use crate::analysis::timeline::Period;
use crate::charts::Chart;
use crate::model::{Kind, UnitField};
use crate::supervise::SupervisorAction;
use crate::ui::command::Command;

pub struct AnalysisView {
    mode: Mode,
    field: Option<String>,
    second: Option<String>,
    by: Option<String>,
    below: String,
    log10: bool,
    period: Period,
    method: Method,
    index_name: String,
    weights: String,
    standardize: Standardize,
    normalize: bool,
    chart_path: String,
    /// The last analysis computed, and what it was computed from: statistics and charts are
    /// computed again only when the choices or the study (its revision) change, not every frame.
    cache: Option<(Asked, Computed)>,
    /// How many times an analysis was computed (the tests check the cache with it).
    computations: usize,
}

impl Default for AnalysisView {
    fn default() -> Self {
        AnalysisView {
            mode: Mode::Describe,
            field: None,
            second: None,
            by: None,
            below: String::new(),
            log10: false,
            period: Period::Year,
            method: Method::Pearson,
            index_name: String::new(),
            weights: String::new(),
            standardize: Standardize::Minmax,
            normalize: false,
            chart_path: String::new(),
            cache: None,
            computations: 0,
        }
    }
}

impl AnalysisView {
    fn pick_field(ui: &mut egui::Ui, name: &str, slot: &mut Option<String>, fields: &[String]) {
        if slot.as_ref().is_none_or(|f| !fields.contains(f)) {
            *slot = fields.first().cloned();
        }
        let lang = crate::i18n::ui_language();
        let shown = slot.as_deref().map_or_else(
            || crate::tr!("export-choose-lower"),
            |field| UnitField::label_of(field, lang),
        );
        combo(ui, name, name, shown, |ui| {
            for field in fields {
                ui.selectable_value(slot, Some(field.clone()), UnitField::label_of(field, lang));
            }
        });
    }

    fn pick_group(&mut self, ui: &mut egui::Ui, snapshot: &Snapshot, optional: bool) {
        let mut choices: Vec<(String, String)> = snapshot
            .shown
            .variables
            .iter()
            .filter(|v| v.kind == Kind::Single)
            .map(|v| (v.key.clone(), v.label.clone()))
            .collect();
        let lang = crate::i18n::ui_language();
        for field in ["account", "platform", "year"] {
            let name = if field == "year" {
                crate::tr!("ana-year")
            } else {
                UnitField::label_of(field, lang)
            };
            choices.push((field.to_owned(), crate::tr!("ana-unit-field", field = name)));
        }
        if !optional && self.by.is_none() {
            self.by = choices.first().map(|(k, _)| k.clone());
        }
        let shown = self
            .by
            .as_ref()
            .and_then(|b| choices.iter().find(|(k, _)| k == b))
            .map_or_else(|| crate::tr!("ana-no-groups"), |(_, l)| l.clone());
        combo(ui, "Group by", &crate::tr!("ana-group-by"), shown, |ui| {
            if optional {
                ui.selectable_value(&mut self.by, None, crate::tr!("ana-no-groups"));
            }
            for (key, label) in &choices {
                ui.selectable_value(&mut self.by, Some(key.clone()), label);
            }
        });
    }

    /// The analysis for the choices now made, computed only if they or the study changed.
    fn computed(&mut self, snapshot: &Snapshot) -> &Computed {
        let asked = Asked {
            revision: snapshot.revision,
            mode: self.mode,
            field: self.field.clone(),
            second: self.second.clone(),
            by: self.by.clone(),
            below: self.below.trim().parse::<f64>().ok(),
            log10: self.log10,
            period: self.period,
            method: self.method,
            lang: crate::i18n::ui_language(),
        };
        let fresh = matches!(&self.cache, Some((cached, _)) if *cached == asked);
        if !fresh {
            self.computations += 1;
            let computed = compute(&asked, snapshot);
            self.cache = Some((asked, computed));
        }
        match &self.cache {
            Some((_, computed)) => computed,
            None => &Computed::Nothing,
        }
    }

    pub fn show(&mut self, ui: &mut egui::Ui, snapshot: &Snapshot) -> Vec<Command> {
        let mut commands = Vec::new();
        egui::CentralPanel::default().show(ui, |ui| {
            ui.horizontal(|ui| {
                for (mode, label) in [
                    (Mode::Describe, crate::tr!("ana-describe")),
                    (Mode::Timeline, crate::tr!("ana-timeline")),
                    (Mode::Compare, crate::tr!("ana-compare")),
                    (Mode::Correlate, crate::tr!("ana-correlate")),
                    (Mode::Index, crate::tr!("ana-index")),
                ] {
                    if ui.selectable_label(self.mode == mode, label).clicked() {
                        self.mode = mode;
                    }
                }
            });
            ui.separator();
            egui::ScrollArea::vertical().show(ui, |ui| {
                let item = match self.mode {
                    Mode::Describe => self.describe(ui, snapshot),
                    Mode::Timeline => self.timeline(ui, snapshot),
                    Mode::Compare => self.compare(ui, snapshot),
                    Mode::Correlate => self.correlate(ui, snapshot),
                    Mode::Index => {
                        self.index(ui, snapshot, &mut commands);
                        None
                    }
                };
                // A table without its chart says why there is no chart.
                if let Some((
                    _,
                    Computed::Describe {
                        chart: Err(error), ..
                    }
                    | Computed::Correlate {
                        chart: Err(error), ..
                    },
                )) = &self.cache
                {
                    ui.colored_label(
                        ui.visuals().error_fg_color,
                        crate::tr!("ana-no-chart", reason = error.to_string()),
                    );
                }
                let chart = self.cache.as_ref().and_then(|(_, c)| c.chart());
                if let (Some(item), Some(chart)) = (item, chart) {
                    draw(ui, chart);
                    save_row(
                        ui,
                        &mut self.chart_path,
                        snapshot,
                        chart,
                        item,
                        &mut commands,
                    );
                }
            });
        });
        commands
    }

    fn describe(&mut self, ui: &mut egui::Ui, snapshot: &Snapshot) -> Option<Item> {
        let fields = snapshot.table.numeric_fields();
        ui.horizontal(|ui| {
            ui.label(crate::tr!("ana-field-colon"));
            Self::pick_field(ui, &crate::tr!("ana-field"), &mut self.field, &fields);
            self.pick_group(ui, snapshot, true);
            let label = ui.label(crate::tr!("ana-share-below"));
            ui.add(egui::TextEdit::singleline(&mut self.below).desired_width(70.0))
                .labelled_by(label.id);
            ui.checkbox(&mut self.log10, crate::tr!("ana-log-scale"));
        });
        let below = self.below.trim();
        if !below.is_empty() && below.parse::<f64>().is_err() {
            ui.colored_label(
                ui.visuals().error_fg_color,
                crate::tr!("ana-below-not-number", text = below),
            );
        }
        let item = Item::Describe {
            field: self.field.clone()?,
            by: self.by.clone(),
            below: self.below.trim().parse::<f64>().ok(),
            log10: self.log10,
        };
        let Computed::Describe { rows, .. } = self.computed(snapshot) else {
            return show_failure(ui, self.cache.as_ref());
        };
        egui::Grid::new("descriptives")
            .striped(true)
            .show(ui, |ui| {
                for header in [
                    crate::tr!("stat-group"),
                    "n".to_owned(),
                    crate::tr!("report-missing"),
                    crate::tr!("stat-mean"),
                    crate::tr!("stat-median"),
                    crate::tr!("stat-sd"),
                    crate::tr!("stat-min"),
                    crate::tr!("stat-q1"),
                    crate::tr!("stat-q3"),
                    crate::tr!("stat-max"),
                    crate::tr!("stat-percent-below"),
                ] {
                    ui.strong(header);
                }
                ui.end_row();
                for row in rows {
                    let s = &row.summary;
                    ui.label(
                        row.group
                            .clone()
                            .unwrap_or_else(|| crate::tr!("ana-all-units")),
                    );
                    ui.label(crate::format::grouped(s.n as i64));
                    ui.label(crate::format::grouped(row.missing as i64));
                    for v in [s.mean, s.median, s.sd, s.min, s.q1, s.q3, s.max] {
                        ui.label(crate::format::statistic(v));
                    }
                    ui.label(
                        row.below
                            .as_ref()
                            .map_or(String::new(), |b| format!("{:.1}%", b.percent)),
                    );
                    ui.end_row();
                }
            });
        Some(item)
    }

    fn timeline(&mut self, ui: &mut egui::Ui, snapshot: &Snapshot) -> Option<Item> {
        ui.horizontal(|ui| {
            for (period, label) in [
                (Period::Year, crate::tr!("ana-period-year")),
                (Period::Month, crate::tr!("ana-period-month")),
                (Period::Weekday, crate::tr!("ana-period-weekday")),
                (Period::Hour, crate::tr!("ana-period-hour")),
            ] {
                ui.radio_value(&mut self.period, period, label);
            }
            ui.label(crate::tr!("ana-split-by"));
            self.pick_group(ui, snapshot, true);
        });
        let item = Item::Timeline {
            period: self.period,
            split: self.by.clone(),
        };
        let Computed::Timeline { result, .. } = self.computed(snapshot) else {
            return show_failure(ui, self.cache.as_ref());
        };
        ui.label(crate::tr!(
            "ana-dated",
            dated = crate::format::grouped(result.rows.iter().map(|r| r.count as i64).sum()),
            undated = crate::format::grouped(result.undated as i64)
        ));
        // A long timeline (60 months) would push its chart off the screen: its table folds away.
        egui::CollapsingHeader::new(crate::tr!("ana-per-period", count = result.rows.len()))
            .id_salt(("timeline-table", result.rows.len() <= 12))
            .default_open(result.rows.len() <= 12)
            .show(ui, |ui| {
                egui::Grid::new("timeline").striped(true).show(ui, |ui| {
                    ui.strong(crate::tr!("ana-period"));
                    ui.strong(crate::tr!("rel-col-units"));
                    for c in &result.categories {
                        ui.strong(c);
                    }
                    ui.end_row();
                    for row in &result.rows {
                        ui.label(&row.period);
                        ui.label(crate::format::grouped(row.count as i64));
                        for n in &row.split {
                            ui.label(crate::format::grouped(*n as i64));
                        }
                        ui.end_row();
                    }
                });
            });
        Some(item)
    }

    fn compare(&mut self, ui: &mut egui::Ui, snapshot: &Snapshot) -> Option<Item> {
        let fields = snapshot.table.numeric_fields();
        ui.horizontal(|ui| {
            ui.label(crate::tr!("ana-compare-label"));
            Self::pick_field(ui, &crate::tr!("ana-field"), &mut self.field, &fields);
            ui.label(crate::tr!("ana-across"));
            self.pick_group(ui, snapshot, false);
            ui.checkbox(&mut self.log10, crate::tr!("ana-log-scale"));
        });
        let item = Item::Compare {
            field: self.field.clone()?,
            by: self.by.clone()?,
            log10: self.log10,
        };
        let Computed::Compare { result, .. } = self.computed(snapshot) else {
            return show_failure(ui, self.cache.as_ref());
        };
        egui::Grid::new("compare").striped(true).show(ui, |ui| {
            for header in [
                crate::tr!("stat-group"),
                "n".to_owned(),
                crate::tr!("stat-mean"),
                crate::tr!("stat-median"),
                crate::tr!("stat-sd"),
            ] {
                ui.strong(header);
            }
            ui.end_row();
            for g in &result.groups {
                ui.label(&g.group);
                ui.label(crate::format::grouped(g.summary.n as i64));
                for v in [g.summary.mean, g.summary.median, g.summary.sd] {
                    ui.label(crate::format::statistic(v));
                }
                ui.end_row();
            }
        });
        if let Some(kw) = &result.kruskal_wallis {
            ui.label(format!(
                "Kruskal–Wallis H = {:.2}, df = {}, {}",
                kw.h,
                kw.df,
                crate::format::p_value(Some(kw.p))
            ));
        }
        if let Some(mw) = &result.mann_whitney {
            ui.label(format!(
                "Mann–Whitney U = {}, z = {:.2}, {}",
                mw.u,
                mw.z,
                crate::format::p_value(Some(mw.p))
            ));
        }
        if let Some(a) = &result.anova {
            ui.label(format!(
                "{} F({}, {}) = {:.2}, {}",
                crate::tr!("ana-anova"),
                a.df_between,
                a.df_within,
                a.f,
                crate::format::p_value(Some(a.p))
            ));
        }
        for note in &result.notes {
            ui.weak(note);
        }
        Some(item)
    }

    fn correlate(&mut self, ui: &mut egui::Ui, snapshot: &Snapshot) -> Option<Item> {
        let fields = snapshot.table.numeric_fields();
        ui.horizontal(|ui| {
            Self::pick_field(ui, &crate::tr!("ana-first-field"), &mut self.field, &fields);
            ui.label(crate::tr!("ana-with"));
            if self.second.is_none() {
                self.second = fields.get(1).cloned();
            }
            Self::pick_field(
                ui,
                &crate::tr!("ana-second-field"),
                &mut self.second,
                &fields,
            );
            ui.radio_value(
                &mut self.method,
                Method::Pearson,
                crate::tr!("item-pearson"),
            );
            ui.radio_value(
                &mut self.method,
                Method::Spearman,
                crate::tr!("item-spearman"),
            );
            ui.checkbox(&mut self.log10, crate::tr!("ana-log-scale"));
        });
        let item = Item::Correlate {
            x: self.field.clone()?,
            y: self.second.clone()?,
            method: self.method,
            log10: self.log10,
        };
        let name = if self.method == Method::Pearson {
            "r"
        } else {
            "ρ"
        };
        let Computed::Correlate { pair, .. } = self.computed(snapshot) else {
            return show_failure(ui, self.cache.as_ref());
        };
        let c = &pair.correlation;
        // A correlation as APA prints it: r = -.01, n = 2580, p = .664, 95% CI [-.047, .030].
        let apa = |v: f64| crate::format::apa(Some(v));
        ui.strong(crate::tr!(
            "ana-correlation",
            name = name,
            r = crate::format::apa(c.r),
            n = crate::format::grouped(c.n as i64),
            p = crate::format::p_value(c.p),
            ci = c.ci95.map_or("—".to_owned(), |[lo, hi]| format!(
                "[{}, {}]",
                apa(lo),
                apa(hi)
            ))
        ));
        for note in &c.notes {
            ui.weak(note);
        }
        if pair.excluded > 0 {
            ui.weak(crate::tr!(
                "ana-excluded",
                count = crate::format::grouped(pair.excluded as i64)
            ));
        }
        Some(item)
    }

    fn index(&mut self, ui: &mut egui::Ui, snapshot: &Snapshot, commands: &mut Vec<Command>) {
        ui.heading(crate::tr!("report-indices"));
        if snapshot.table.indices.is_empty() {
            ui.weak(crate::tr!("ana-no-indices"));
        }
        for definition in &snapshot.table.indices {
            ui.horizontal(|ui| {
                ui.strong(&definition.name);
                ui.label(format!("= {}", definition.formula()));
                if ui
                    .small_button(crate::tr!("ana-remove-index", name = &definition.name))
                    .clicked()
                {
                    commands.push(SupervisorAction::RemoveIndex(definition.name.clone()).into());
                }
            });
        }
        ui.separator();
        ui.label(crate::tr!(
            "ana-fields",
            fields = snapshot.table.numeric_fields().join(", ")
        ));
        egui::Grid::new("index-form").num_columns(2).show(ui, |ui| {
            let label = ui.label(crate::tr!("ana-index-name"));
            ui.add(egui::TextEdit::singleline(&mut self.index_name).desired_width(200.0))
                .labelled_by(label.id);
            ui.end_row();
            let label = ui.label(crate::tr!("ana-weights"));
            ui.add(egui::TextEdit::singleline(&mut self.weights).desired_width(420.0))
                .labelled_by(label.id);
            ui.end_row();
            ui.label(crate::tr!("ana-standardise"));
            ui.horizontal(|ui| {
                ui.radio_value(
                    &mut self.standardize,
                    Standardize::Minmax,
                    crate::tr!("ana-minmax"),
                );
                ui.radio_value(&mut self.standardize, Standardize::Z, crate::tr!("ana-z"));
                ui.radio_value(
                    &mut self.standardize,
                    Standardize::None,
                    crate::tr!("ana-none"),
                );
                ui.checkbox(&mut self.normalize, crate::tr!("ana-normalize"));
            });
            ui.end_row();
        });
        if ui.button(crate::tr!("ana-save-index")).clicked() {
            commands.push(
                SupervisorAction::SaveIndex {
                    name: self.index_name.trim().to_owned(),
                    weights: self.weights.clone(),
                    standardize: self.standardize,
                    normalize: self.normalize,
                }
                .into(),
            );
        }
    }
}

/// Says why an analysis could not be computed (in the error colour); nothing to add to the
/// report then.
fn show_failure(ui: &mut egui::Ui, cache: Option<&(Asked, Computed)>) -> Option<Item> {
    if let Some((_, Computed::Failed(message))) = cache {
        ui.colored_label(ui.visuals().error_fg_color, message);
    }
    None
}

/// Saving the chart as SVG and adding the analysis to the report.
fn save_row(
    ui: &mut egui::Ui,
    chart_path: &mut String,
    snapshot: &Snapshot,
    chart: &Chart,
    item: Item,
    commands: &mut Vec<Command>,
) {
    if chart_path.is_empty() {
        *chart_path = snapshot.folder.join("chart.svg").display().to_string();
    }
    ui.horizontal(|ui| {
        let label = ui.label(crate::tr!("ana-save-chart-to"));
        ui.add(egui::TextEdit::singleline(chart_path).desired_width(360.0))
            .labelled_by(label.id);
        if ui.button(crate::tr!("ana-save-chart")).clicked() {
            commands.push(
                SupervisorAction::SaveChart {
                    svg: chart.svg(crate::i18n::ui_language()),
                    path: chart_path.trim().into(),
                }
                .into(),
            );
        }
        ui.separator();
        if ui
            .button(crate::tr!("ana-add-to-report"))
            .on_hover_text(crate::tr!("ana-add-to-report-hint"))
            .clicked()
        {
            commands.push(SupervisorAction::AddReportItem(item).into());
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::supervise::SupervisorSession;

    #[test]
    fn an_analysis_is_computed_again_only_when_choices_or_the_study_change() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cq.cdesk");
        let sample = crate::samples::sample("chongqing-tiktok").unwrap();
        crate::samples::build(sample, &path, crate::samples::Existing::Replace).unwrap();
        let project = crate::store::Project::open(&path).unwrap();
        let Ok(session) = SupervisorSession::open(project) else {
            panic!("the sample opens in supervisor mode");
        };
        let mut view = AnalysisView {
            field: Some("likes".into()),
            ..AnalysisView::default()
        };
        for _frame in 0..5 {
            assert!(matches!(
                view.computed(session.snapshot()),
                Computed::Describe { .. }
            ));
        }
        assert_eq!(view.computations, 1);
        view.log10 = true;
        view.computed(session.snapshot());
        assert_eq!(view.computations, 2);
        view.mode = Mode::Timeline;
        assert!(matches!(
            view.computed(session.snapshot()),
            Computed::Timeline { .. }
        ));
        view.computed(session.snapshot());
        assert_eq!(view.computations, 3);
    }
}
