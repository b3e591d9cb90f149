//! The analyses a supervisor added to the report, as HTML: a table or a sentence as a methods
//! section prints it, and the chart as inline SVG, computed from the study as it is now.

use std::fmt::Write as _;

use crate::analysis::analyses::Method;
use crate::analysis::items::{Item, compare_chart, describe_chart, scatter_chart, timeline_chart};
use crate::analysis::{AnalysisError, Result, Table};
use crate::i18n::Lang;
use crate::markup::{html_text as text, xml_escape as esc};
use crate::results::Source;
use crate::store::Project;
use crate::tr_in;

/// The analysis as HTML (a table or a sentence, and its chart as inline SVG), computed now.
pub fn analysis_html(item: &Item, project: &Project, table: &Table, lang: Lang) -> Result<String> {
    let header = |out: &mut String, headings: &[String]| {
        out.push_str("<table><thead><tr>");
        for heading in headings {
            let _ = write!(out, "<th>{}</th>", text(heading));
        }
        out.push_str("</tr></thead><tbody>");
    };
    let groups = |by: &str| crate::analysis::groups(project, table, by, &Source::Final);
    let mut out = String::new();
    let chart = match item {
        Item::Describe {
            field,
            by,
            below,
            log10,
        } => {
            let groups = by.as_deref().map(groups).transpose()?;
            let rows = crate::analysis::describe(table, field, groups.as_ref(), *below)?;
            let mut headings = vec![
                tr_in!(lang, "stat-group"),
                "n".to_owned(),
                tr_in!(lang, "report-missing"),
                tr_in!(lang, "stat-mean"),
                tr_in!(lang, "stat-median"),
                tr_in!(lang, "stat-sd"),
                tr_in!(lang, "stat-min"),
                tr_in!(lang, "stat-max"),
            ];
            if below.is_some() {
                headings.push(tr_in!(lang, "stat-percent-below"));
            }
            header(&mut out, &headings);
            for r in &rows {
                let s = &r.summary;
                let _ = write!(
                    out,
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>",
                    esc(&r
                        .group
                        .clone()
                        .unwrap_or_else(|| tr_in!(lang, "stat-all-units"))),
                    s.n,
                    r.missing,
                    crate::format::statistic(s.mean),
                    crate::format::statistic(s.median),
                    crate::format::statistic(s.sd),
                    crate::format::statistic(s.min),
                    crate::format::statistic(s.max)
                );
                if let Some(b) = &r.below {
                    let _ = write!(out, "<td>{:.1}</td>", b.percent);
                }
                out.push_str("</tr>");
            }
            out.push_str("</tbody></table>");
            describe_chart(table, field, groups.as_ref(), *log10, lang)?
        }
        Item::Timeline { period, split } => {
            let split = split.as_deref().map(groups).transpose()?;
            let result = crate::analysis::timeline::timeline(table, *period, split.as_ref(), 0);
            let _ = write!(
                out,
                "<p class=\"note\">{}</p>",
                text(&tr_in!(lang, "report-undated", count = result.undated))
            );
            timeline_chart(&result, lang)
        }
        Item::Compare { field, by, log10 } => {
            let result = crate::analysis::compare(table, field, &groups(by)?)?;
            header(
                &mut out,
                &[
                    tr_in!(lang, "stat-group"),
                    "n".to_owned(),
                    tr_in!(lang, "stat-mean"),
                    tr_in!(lang, "stat-median"),
                    tr_in!(lang, "stat-sd"),
                ],
            );
            for g in &result.groups {
                let s = &g.summary;
                let _ = write!(
                    out,
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    esc(&g.group),
                    s.n,
                    crate::format::statistic(s.mean),
                    crate::format::statistic(s.median),
                    crate::format::statistic(s.sd)
                );
            }
            out.push_str("</tbody></table><p class=\"note\">");
            if let Some(kw) = &result.kruskal_wallis {
                let _ = write!(
                    out,
                    "Kruskal–Wallis H({}) = {:.2}, {}. ",
                    kw.df,
                    kw.h,
                    crate::format::p_value(Some(kw.p))
                );
            }
            if let Some(mw) = &result.mann_whitney {
                let _ = write!(
                    out,
                    "Mann–Whitney U = {}, z = {:.2}, {}. ",
                    mw.u,
                    mw.z,
                    crate::format::p_value(Some(mw.p))
                );
            }
            if let Some(a) = &result.anova {
                let _ = write!(
                    out,
                    "ANOVA F({}, {}) = {:.2}, {}.",
                    a.df_between,
                    a.df_within,
                    a.f,
                    crate::format::p_value(Some(a.p))
                );
            }
            out.push_str("</p>");
            compare_chart(&result, *log10, lang)
        }
        Item::Correlate {
            x,
            y,
            method,
            log10,
        } => {
            let pair = crate::analysis::correlate(table, &[x.clone(), y.clone()], *method)?
                .into_iter()
                .next()
                .ok_or_else(|| AnalysisError::Invalid("no pair to correlate".into()))?;
            let c = &pair.correlation;
            let name = if *method == Method::Pearson {
                "r"
            } else {
                "ρ"
            };
            let _ = write!(
                out,
                "<p>{name}({}) = {}, {}, {} {}.</p>",
                c.n.saturating_sub(2),
                crate::format::statistic(c.r),
                crate::format::p_value(c.p),
                text(&tr_in!(lang, "report-ci")),
                c.ci95
                    .map_or("—".to_owned(), |[lo, hi]| format!("[{lo:.3}, {hi:.3}]"))
            );
            scatter_chart(table, x, y, *log10, lang)?
        }
    };
    out.push_str(&chart.svg(lang));
    Ok(out)
}
