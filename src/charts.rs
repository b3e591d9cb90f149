//! Charts as data: what the window draws with egui_plot and what "Save as SVG" (and the HTML
//! report) write, from one description so the two never disagree. No GUI here.

use std::fmt::Write as _;

use crate::i18n::Lang;
use crate::markup::xml_escape as esc;
use crate::stats::numeric::{Summary, quantile};

/// Five numbers of a box plot: whiskers at the minimum and maximum.
#[derive(Debug, Clone, PartialEq)]
pub struct BoxStats {
    pub min: f64,
    pub q1: f64,
    pub median: f64,
    pub q3: f64,
    pub max: f64,
}

impl BoxStats {
    pub fn of(summary: &Summary) -> Option<BoxStats> {
        Some(BoxStats {
            min: summary.min?,
            q1: summary.q1?,
            median: summary.median?,
            q3: summary.q3?,
            max: summary.max?,
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Chart {
    /// Vertical bars, one per category (counts or percentages).
    Bars {
        title: String,
        value_label: String,
        categories: Vec<String>,
        values: Vec<f64>,
    },
    /// Counts per bin; with `log10`, bin edges are powers of ten (values ≤ 0 left out).
    Histogram {
        title: String,
        field: String,
        log10: bool,
        /// (lower edge, upper edge, count), edges in the field's units.
        bins: Vec<(f64, f64, usize)>,
    },
    Boxes {
        title: String,
        field: String,
        log10: bool,
        groups: Vec<(String, BoxStats)>,
    },
    Scatter {
        title: String,
        x: String,
        y: String,
        log10: bool,
        points: Vec<(f64, f64)>,
    },
}

/// Sturges' number of bins (⌈log₂ n⌉ + 1), at most 40.
pub fn histogram(values: &[f64], log10: bool) -> Vec<(f64, f64, usize)> {
    let shown: Vec<f64> = values
        .iter()
        .filter(|v| v.is_finite() && (!log10 || **v > 0.0))
        .map(|v| if log10 { v.log10() } else { *v })
        .collect();
    if shown.is_empty() {
        return Vec::new();
    }
    let (min, max) = shown
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(*v), b.max(*v))
        });
    let count = ((shown.len() as f64).log2().ceil() as usize + 1).clamp(1, 40);
    let width = if max > min {
        (max - min) / count as f64
    } else {
        1.0
    };
    let mut bins = vec![0usize; count];
    for v in &shown {
        let at = (((v - min) / width) as usize).min(count - 1);
        bins[at] += 1;
    }
    let edge = |x: f64| if log10 { 10f64.powf(x) } else { x };
    bins.into_iter()
        .enumerate()
        .map(|(i, n)| {
            let lo = min + i as f64 * width;
            (edge(lo), edge(lo + width), n)
        })
        .collect()
}

/// Box statistics of raw values (type 7 quartiles).
pub fn box_stats(values: &[f64]) -> Option<BoxStats> {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    sorted.sort_by(f64::total_cmp);
    Some(BoxStats {
        min: *sorted.first()?,
        q1: quantile(&sorted, 0.25)?,
        median: quantile(&sorted, 0.5)?,
        q3: quantile(&sorted, 0.75)?,
        max: *sorted.last()?,
    })
}

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 360.0;
const LEFT: f64 = 70.0;
const BOTTOM: f64 = 60.0;
const TOP: f64 = 36.0;
const FILL: &str = "#4a78b5";

/// A short number for an axis: 1.2k, 3.4M.
fn short(v: f64) -> String {
    let a = v.abs();
    if a >= 1e9 {
        format!("{:.1}G", v / 1e9)
    } else if a >= 1e6 {
        format!("{:.1}M", v / 1e6)
    } else if a >= 1e4 {
        format!("{:.0}k", v / 1e3)
    } else if a >= 100.0 || v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

struct Axis {
    lo: f64,
    hi: f64,
    log10: bool,
}

impl Axis {
    fn new(values: impl Iterator<Item = f64>, log10: bool, from_zero: bool) -> Axis {
        let shown: Vec<f64> = values
            .filter(|v| v.is_finite() && (!log10 || *v > 0.0))
            .map(|v| if log10 { v.log10() } else { v })
            .collect();
        let mut lo = shown.iter().copied().fold(f64::INFINITY, f64::min);
        let mut hi = shown.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        if !lo.is_finite() {
            (lo, hi) = (0.0, 1.0);
        }
        if from_zero && !log10 {
            lo = lo.min(0.0);
        }
        if hi <= lo {
            hi = lo + 1.0;
        }
        Axis { lo, hi, log10 }
    }

    /// 0…1 along the axis.
    fn at(&self, v: f64) -> f64 {
        let v = if self.log10 { v.max(1e-300).log10() } else { v };
        (v - self.lo) / (self.hi - self.lo)
    }

    /// About five ticks: at round steps (1, 2 or 5 × 10ⁿ) on a linear axis, at the powers of
    /// ten on a log axis (or evenly where the range spans less than one).
    fn ticks(&self) -> Vec<f64> {
        let span = self.hi - self.lo;
        let raw = span / 4.0;
        let magnitude = 10f64.powf(raw.log10().floor());
        let step = [1.0, 2.0, 5.0, 10.0]
            .iter()
            .map(|m| m * magnitude)
            .find(|s| *s >= raw)
            .unwrap_or(raw);
        let step = if self.log10 {
            step.max(1.0).round()
        } else {
            step
        };
        let mut ticks = Vec::new();
        let mut t = (self.lo / step).ceil() * step;
        while t <= self.hi + step * 1e-9 && ticks.len() < 12 {
            ticks.push(if self.log10 { 10f64.powf(t) } else { t });
            t += step;
        }
        if ticks.len() < 2 {
            ticks = vec![self.lo, self.hi]
                .into_iter()
                .map(|t| if self.log10 { 10f64.powf(t) } else { t })
                .collect();
        }
        ticks
    }
}

impl Chart {
    pub fn title(&self) -> &str {
        match self {
            Chart::Bars { title, .. }
            | Chart::Histogram { title, .. }
            | Chart::Boxes { title, .. }
            | Chart::Scatter { title, .. } => title,
        }
    }

    /// The chart as a standalone SVG document.
    pub fn svg(&self, lang: Lang) -> String {
        let log_scale = crate::tr_in!(lang, "chart-log-scale");
        let plot_w = WIDTH - LEFT - 20.0;
        let plot_h = HEIGHT - TOP - BOTTOM;
        let x_px = |f: f64| LEFT + f * plot_w;
        let y_px = |f: f64| TOP + (1.0 - f) * plot_h;
        let mut svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{HEIGHT}\" \
             font-family=\"sans-serif\" font-size=\"11\"><rect width=\"100%\" height=\"100%\" fill=\"white\"/>\
             <text x=\"{}\" y=\"20\" font-size=\"14\" text-anchor=\"middle\">{}</text>",
            WIDTH / 2.0,
            esc(self.title())
        );
        let y_axis = |svg: &mut String, axis: &Axis, label: &str| {
            for t in axis.ticks() {
                let y = y_px(axis.at(t));
                let _ = write!(
                    svg,
                    "<line x1=\"{LEFT}\" x2=\"{}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#ddd\"/>\
                     <text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
                    LEFT + plot_w,
                    LEFT - 4.0,
                    y + 4.0,
                    short(t)
                );
            }
            let _ = write!(
                svg,
                "<text transform=\"translate(14,{}) rotate(-90)\" text-anchor=\"middle\">{}</text>",
                TOP + plot_h / 2.0,
                esc(label)
            );
        };
        match self {
            Chart::Bars {
                value_label,
                categories,
                values,
                ..
            } => {
                let axis = Axis::new(values.iter().copied(), false, true);
                y_axis(&mut svg, &axis, value_label);
                let slot = plot_w / categories.len().max(1) as f64;
                for (i, (c, v)) in categories.iter().zip(values).enumerate() {
                    let (top, base) = (y_px(axis.at(*v)), y_px(axis.at(0.0)));
                    let x = LEFT + i as f64 * slot;
                    let _ = write!(
                        svg,
                        "<rect x=\"{:.1}\" y=\"{top:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{FILL}\"/>\
                         <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" transform=\"rotate(-35 {:.1} {:.1})\">{}</text>",
                        x + slot * 0.15,
                        slot * 0.7,
                        (base - top).max(0.0),
                        x + slot / 2.0,
                        TOP + plot_h + 14.0,
                        x + slot / 2.0,
                        TOP + plot_h + 14.0,
                        esc(c)
                    );
                }
            }
            Chart::Histogram {
                field, log10, bins, ..
            } => {
                let axis = Axis::new(bins.iter().map(|b| b.2 as f64), false, true);
                y_axis(&mut svg, &axis, &crate::tr_in!(lang, "chart-units"));
                let x_axis = Axis::new(bins.iter().flat_map(|b| [b.0, b.1]), *log10, false);
                for (lo, hi, n) in bins {
                    let (x0, x1) = (x_px(x_axis.at(*lo)), x_px(x_axis.at(*hi)));
                    let top = y_px(axis.at(*n as f64));
                    let _ = write!(
                        svg,
                        "<rect x=\"{x0:.1}\" y=\"{top:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{FILL}\" stroke=\"white\"/>",
                        (x1 - x0).max(0.5),
                        (y_px(0.0) - top).max(0.0)
                    );
                }
                for t in x_axis.ticks() {
                    let _ = write!(
                        svg,
                        "<text x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                        x_px(x_axis.at(t)),
                        TOP + plot_h + 16.0,
                        short(t)
                    );
                }
                let scale = if *log10 { log_scale.as_str() } else { "" };
                let _ = write!(
                    svg,
                    "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}{scale}</text>",
                    LEFT + plot_w / 2.0,
                    HEIGHT - 12.0,
                    esc(field)
                );
            }
            Chart::Boxes {
                field,
                log10,
                groups,
                ..
            } => {
                let axis = Axis::new(
                    groups.iter().flat_map(|(_, b)| [b.min, b.max]),
                    *log10,
                    false,
                );
                let label = if *log10 {
                    format!("{field}{log_scale}")
                } else {
                    field.clone()
                };
                y_axis(&mut svg, &axis, &label);
                let slot = plot_w / groups.len().max(1) as f64;
                for (i, (name, b)) in groups.iter().enumerate() {
                    let cx = LEFT + (i as f64 + 0.5) * slot;
                    let half = slot * 0.25;
                    let y = |v: f64| y_px(axis.at(v));
                    let _ = write!(
                        svg,
                        "<line x1=\"{cx:.1}\" x2=\"{cx:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"#333\"/>\
                         <rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{FILL}\" fill-opacity=\"0.6\" stroke=\"#333\"/>\
                         <line x1=\"{:.1}\" x2=\"{:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"#000\" stroke-width=\"2\"/>\
                         <text x=\"{cx:.1}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                        y(b.min),
                        y(b.max),
                        cx - half,
                        y(b.q3),
                        2.0 * half,
                        (y(b.q1) - y(b.q3)).max(0.5),
                        cx - half,
                        cx + half,
                        y(b.median),
                        y(b.median),
                        TOP + plot_h + 16.0,
                        esc(name)
                    );
                }
            }
            Chart::Scatter {
                x,
                y,
                log10,
                points,
                ..
            } => {
                let xa = Axis::new(points.iter().map(|p| p.0), *log10, false);
                let ya = Axis::new(points.iter().map(|p| p.1), *log10, false);
                let scale = if *log10 { log_scale.as_str() } else { "" };
                y_axis(&mut svg, &ya, &format!("{y}{scale}"));
                for (px, py) in points {
                    if *log10 && (*px <= 0.0 || *py <= 0.0) {
                        continue;
                    }
                    let _ = write!(
                        svg,
                        "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"2.5\" fill=\"{FILL}\" fill-opacity=\"0.7\"/>",
                        x_px(xa.at(*px)),
                        y_px(ya.at(*py))
                    );
                }
                for t in xa.ticks() {
                    let _ = write!(
                        svg,
                        "<text x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                        x_px(xa.at(t)),
                        TOP + plot_h + 16.0,
                        short(t)
                    );
                }
                let _ = write!(
                    svg,
                    "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}{scale}</text>",
                    LEFT + plot_w / 2.0,
                    HEIGHT - 12.0,
                    esc(x)
                );
            }
        }
        let _ = writeln!(
            svg,
            "<rect x=\"{LEFT}\" y=\"{TOP}\" width=\"{plot_w}\" height=\"{plot_h}\" fill=\"none\" stroke=\"#999\"/></svg>"
        );
        svg
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histograms_count_every_value_once_and_log_bins_skip_non_positive() {
        let values: Vec<f64> = (1..=100).map(f64::from).collect();
        let bins = histogram(&values, false);
        assert_eq!(bins.len(), 8, "Sturges: ceil(log2 100) + 1");
        assert_eq!(bins.iter().map(|b| b.2).sum::<usize>(), 100);
        let bins = histogram(&[0.0, 1.0, 10.0, 100.0, 1000.0], true);
        assert_eq!(bins.iter().map(|b| b.2).sum::<usize>(), 4);
        assert!((bins[0].0 - 1.0).abs() < 1e-9 && (bins.last().unwrap().1 - 1000.0).abs() < 1e-6);
    }

    #[test]
    fn axis_ticks_fall_on_round_numbers() {
        let axis = Axis::new([0.0, 645.0].into_iter(), false, true);
        assert_eq!(axis.ticks(), vec![0.0, 200.0, 400.0, 600.0]);
        // 3 … 73 million: every second power of ten.
        let log = Axis::new([3.0, 73_450_000.0].into_iter(), true, false);
        let ticks = log.ticks();
        assert_eq!(ticks.len(), 3);
        for (tick, power) in ticks.iter().zip([2, 4, 6]) {
            assert!((tick - 10f64.powi(power)).abs() < 1e-6 * tick, "{ticks:?}");
        }
    }

    #[test]
    fn every_chart_is_a_closed_svg_with_escaped_text() {
        let charts = [
            Chart::Bars {
                title: "Units per year".into(),
                value_label: "units".into(),
                categories: vec!["2017".into(), "<2018>".into()],
                values: vec![3.0, 5.0],
            },
            Chart::Histogram {
                title: "likes".into(),
                field: "likes".into(),
                log10: true,
                bins: histogram(&[1.0, 10.0, 100.0], true),
            },
            Chart::Boxes {
                title: "likes by emotion".into(),
                field: "likes".into(),
                log10: false,
                groups: vec![("正面".into(), box_stats(&[1.0, 2.0, 3.0]).unwrap())],
            },
            Chart::Scatter {
                title: "likes × comments".into(),
                x: "likes".into(),
                y: "comments".into(),
                log10: false,
                points: vec![(1.0, 2.0), (3.0, 4.0)],
            },
        ];
        for chart in charts {
            let svg = chart.svg(Lang::En);
            assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
            assert!(!svg.contains("NaN") && !svg.contains("inf"), "{svg}");
            assert!(!svg.contains("<2018>"));
        }
    }
}
