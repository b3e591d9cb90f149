//! Drawing a [`Chart`] with egui_plot: the same description "Save chart as SVG" writes.

use egui_plot::{
    Bar, BarChart, BoxElem, BoxPlot, BoxSpread, GridInput, GridMark, Plot, PlotPoint, Points, Text,
};

use crate::charts::Chart;

/// Draws a chart with egui_plot.
pub fn draw(ui: &mut egui::Ui, chart: &Chart) {
    let fill = egui::Color32::from_rgb(0x4a, 0x78, 0xb5);
    ui.strong(chart.title());
    let plot = Plot::new(("analysis-chart", chart.title()))
        .height(300.0)
        .allow_scroll(false)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_boxed_zoom(false)
        // Grid lines at least 40 px apart: round ticks, no dense minor grid.
        .grid_spacing(egui::Rangef::new(40.0, 300.0));
    let log = |v: f64, on: bool| if on { v.max(1e-300).log10() } else { v };
    match chart {
        Chart::Bars {
            categories, values, ..
        } => {
            let labels = categories.clone();
            let bars = values
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    Bar::new(i as f64, *v)
                        .name(&categories[i])
                        .width(0.8)
                        .fill(fill)
                })
                .collect();
            let top = values.iter().copied().fold(0.0, f64::max);
            let text_color = ui.visuals().strong_text_color();
            // Value labels while bars are wide enough to carry them (not 82 months).
            let labelled = values.len() <= LABELLED_BARS;
            plot.x_axis_formatter(move |mark, _| tick_label(&labels, mark.value))
                // Categories, not a scale: a label under each bar, no vertical grid lines.
                .x_grid_spacer(category_ticks(values.len()))
                .show_grid([false, true])
                .y_grid_spacer(round_ticks)
                .y_axis_formatter(|mark, _| axis_label(mark, false))
                .include_y(0.0)
                // Room above the tallest bar for its value.
                .include_y(top * 1.12)
                .show(ui, |p| {
                    p.bar_chart(BarChart::new(crate::tr!("chart-units"), bars).color(fill));
                    for (i, v) in values.iter().enumerate().filter(|_| labelled) {
                        p.text(
                            Text::new(
                                "value",
                                PlotPoint::new(i as f64, *v + top * 0.04),
                                crate::format::axis(*v),
                            )
                            .color(text_color),
                        );
                    }
                });
        }
        Chart::Histogram {
            log10, bins, field, ..
        } => {
            let bars = bins
                .iter()
                .map(|(lo, hi, n)| {
                    let (a, b) = (log(*lo, *log10), log(*hi, *log10));
                    // A gap between bars, so that each bin reads as one.
                    Bar::new((a + b) / 2.0, *n as f64)
                        .width((b - a) * 0.92)
                        .fill(fill)
                })
                .collect();
            let scale = if *log10 {
                crate::tr!("chart-log-scale")
            } else {
                String::new()
            };
            let on_log = *log10;
            plot.x_axis_label(format!("{field}{scale}"))
                .y_axis_label(crate::tr!("chart-units"))
                .x_grid_spacer(spacer(on_log))
                .x_axis_formatter(move |mark, _| axis_label(mark, on_log))
                .y_grid_spacer(round_ticks)
                .y_axis_formatter(|mark, _| axis_label(mark, false))
                .include_y(0.0)
                .show(ui, |p| {
                    p.bar_chart(BarChart::new(crate::tr!("chart-units"), bars).color(fill))
                });
        }
        Chart::Boxes {
            log10,
            groups,
            field,
            ..
        } => {
            let labels: Vec<String> = groups.iter().map(|(g, _)| g.clone()).collect();
            let boxes = groups
                .iter()
                .enumerate()
                .map(|(i, (name, b))| {
                    let at = |v| log(v, *log10);
                    BoxElem::new(
                        i as f64,
                        BoxSpread::new(at(b.min), at(b.q1), at(b.median), at(b.q3), at(b.max)),
                    )
                    .name(name)
                    .box_width(0.5)
                    .whisker_width(0.3)
                    .fill(fill.gamma_multiply(0.5))
                    // Whiskers and the median are drawn with the stroke.
                    .stroke(egui::Stroke::new(1.5, ui.visuals().strong_text_color()))
                })
                .collect();
            let scale = if *log10 {
                crate::tr!("chart-log-scale")
            } else {
                String::new()
            };
            let on_log = *log10;
            plot.y_axis_label(format!("{field}{scale}"))
                .x_axis_formatter(move |mark, _| tick_label(&labels, mark.value))
                .x_grid_spacer(category_ticks(groups.len()))
                .show_grid([false, true])
                .y_grid_spacer(spacer(on_log))
                .y_axis_formatter(move |mark, _| axis_label(mark, on_log))
                .show(ui, |p| p.box_plot(BoxPlot::new(field.clone(), boxes)));
        }
        Chart::Scatter {
            log10,
            points,
            x,
            y,
            ..
        } => {
            let shown: Vec<[f64; 2]> = points
                .iter()
                .filter(|(a, b)| !*log10 || (*a > 0.0 && *b > 0.0))
                .map(|(a, b)| [log(*a, *log10), log(*b, *log10)])
                .collect();
            let scale = if *log10 {
                crate::tr!("chart-log-scale")
            } else {
                String::new()
            };
            let on_log = *log10;
            plot.x_axis_label(format!("{x}{scale}"))
                .y_axis_label(format!("{y}{scale}"))
                .x_grid_spacer(spacer(on_log))
                .x_axis_formatter(move |mark, _| axis_label(mark, on_log))
                .y_grid_spacer(spacer(on_log))
                .y_axis_formatter(move |mark, _| axis_label(mark, on_log))
                .show(ui, |p| {
                    p.points(
                        Points::new(crate::tr!("chart-units"), shown)
                            .radius(2.5)
                            .color(fill),
                    )
                });
        }
    }
}

/// The most bars that carry their value above them.
const LABELLED_BARS: usize = 24;

/// A category's name at whole-number positions of an axis.
fn tick_label(labels: &[String], value: f64) -> String {
    let at = value.round();
    if (value - at).abs() > 1e-6 || at < 0.0 {
        return String::new();
    }
    labels.get(at as usize).cloned().unwrap_or_default()
}

/// A value axis's tick: the number with thousands separators; on a log axis the value itself at
/// whole powers of ten (`1,000`, not `3`) and nothing in between.
fn axis_label(mark: GridMark, log10: bool) -> String {
    if !log10 {
        return crate::format::axis(mark.value);
    }
    let power = mark.value.round();
    if (mark.value - power).abs() > 1e-6 {
        return String::new();
    }
    crate::format::axis(10f64.powi(power as i32))
}

/// Ticks at round steps (1, 2 or 5 × a power of ten), about six to an axis: egui_plot's own
/// spacer steps only by powers of ten, which left a box plot of 4–190 s with the one tick "100".
fn round_ticks(input: GridInput) -> Vec<GridMark> {
    let (low, high) = input.bounds;
    let span = high - low;
    if !(span.is_finite() && span > 0.0) {
        return Vec::new();
    }
    let rough = (span / 6.0).max(input.base_step_size);
    let magnitude = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|step| *step >= rough)
        .unwrap_or(10.0 * magnitude);
    let first = (low / step).ceil() * step;
    (0..100)
        .map(|i| first + f64::from(i) * step)
        .take_while(|value| *value <= high)
        .map(|value| GridMark {
            value,
            step_size: step,
        })
        .collect()
}

/// Ticks at the categories' positions (0, 1, 2 …): every one while their labels have room,
/// else every second, fifth … (a timeline of 60 months), never between two categories.
fn category_ticks(count: usize) -> impl Fn(GridInput) -> Vec<GridMark> {
    move |input: GridInput| {
        // `base_step_size` is the grid's 40 px minimum in categories; a label such as "2024-01"
        // needs about 100 px to be drawn (egui_plot fades labels in between 60 and 80 px).
        let every = (input.base_step_size * 2.5).ceil().max(1.0) as usize;
        let every = [1, 2, 3, 4, 6, 12, 24]
            .into_iter()
            .find(|step| *step >= every)
            .unwrap_or(every);
        (0..count)
            .step_by(every)
            .map(|i| GridMark {
                value: i as f64,
                step_size: every as f64,
            })
            .collect()
    }
}

/// Round ticks on a linear axis; egui_plot's powers of ten on a log axis.
fn spacer(log10: bool) -> Box<dyn Fn(GridInput) -> Vec<GridMark>> {
    if log10 {
        Box::new(egui_plot::log_grid_spacer(10))
    } else {
        Box::new(round_ticks)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_are_labelled_at_their_bars_only() {
        let marks = |count: usize, base: f64| -> Vec<f64> {
            category_ticks(count)(GridInput {
                bounds: (-0.5, count as f64 - 0.5),
                base_step_size: base,
            })
            .iter()
            .map(|m| m.value)
            .collect()
        };
        assert_eq!(marks(3, 0.1), [0.0, 1.0, 2.0]);
        // Sixty months in a narrow chart: every twelfth, on a month.
        assert_eq!(marks(60, 4.0).len(), 5);
        assert!(marks(60, 4.0).iter().all(|v| v.fract() == 0.0));
    }

    #[test]
    fn round_ticks_step_by_one_two_or_five() {
        let values = |low: f64, high: f64| -> Vec<f64> {
            round_ticks(GridInput {
                bounds: (low, high),
                base_step_size: 0.0,
            })
            .iter()
            .map(|m| m.value)
            .collect()
        };
        assert_eq!(values(4.0, 190.0), [50.0, 100.0, 150.0]);
        assert_eq!(values(0.0, 2000.0), [0.0, 500.0, 1000.0, 1500.0, 2000.0]);
        assert_eq!(
            values(0.0, 1.0),
            [0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0]
        );
    }
}
