//! Drawing a [`Chart`] with egui_plot: the same description "Save chart as SVG" writes.

use egui_plot::{Bar, BarChart, BoxElem, BoxPlot, BoxSpread, Plot, Points};

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
        .allow_boxed_zoom(false);
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
            plot.x_axis_formatter(move |mark, _| tick_label(&labels, mark.value))
                .show(ui, |p| {
                    p.bar_chart(BarChart::new("units", bars).color(fill))
                });
        }
        Chart::Histogram {
            log10, bins, field, ..
        } => {
            let bars = bins
                .iter()
                .map(|(lo, hi, n)| {
                    let (a, b) = (log(*lo, *log10), log(*hi, *log10));
                    Bar::new((a + b) / 2.0, *n as f64).width(b - a).fill(fill)
                })
                .collect();
            let scale = if *log10 { "log10 " } else { "" };
            plot.x_axis_label(format!("{scale}{field}")).show(ui, |p| {
                p.bar_chart(BarChart::new("units", bars).color(fill))
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
            let scale = if *log10 { "log10 " } else { "" };
            plot.y_axis_label(format!("{scale}{field}"))
                .x_axis_formatter(move |mark, _| tick_label(&labels, mark.value))
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
            let scale = if *log10 { "log10 " } else { "" };
            plot.x_axis_label(format!("{scale}{x}"))
                .y_axis_label(format!("{scale}{y}"))
                .show(ui, |p| {
                    p.points(Points::new("units", shown).radius(2.5).color(fill))
                });
        }
    }
}

/// A category's name at whole-number positions of an axis.
fn tick_label(labels: &[String], value: f64) -> String {
    let at = value.round();
    if (value - at).abs() > 1e-6 || at < 0.0 {
        return String::new();
    }
    labels.get(at as usize).cloned().unwrap_or_default()
}
