//! The methods paragraph a thesis can take over: who coded how many units, how the reliability
//! subsample was drawn, Krippendorff's α per variable with its 95% CI and P(α < .800), how the
//! verdicts were decided, the closed training rounds and who passed them, and the software — in
//! English or Chinese. Only what the study records is said.

use crate::agreement::{Method, ProjectAgreement, VariableAgreement, Verdict};
use crate::assign::DrawRecord;
use crate::format::apa;
use crate::i18n::Lang;
use crate::model::Codebook;
use crate::stats::Bootstrap;
use crate::store::Gold;
use crate::tr_in;
use crate::training::TrainingReport;

/// What the paragraph is written from.
pub struct MethodsFacts<'a> {
    pub coders: &'a [String],
    pub units: i64,
    pub draw: Option<&'a DrawRecord>,
    /// The reliability table, relabelled in the paragraph's language.
    pub agreement: &'a ProjectAgreement,
    pub shown: &'a Codebook,
    pub bootstrap: Bootstrap,
    /// The study's training rounds (only closed ones are reported).
    pub training: &'a [TrainingReport],
}

/// The rows a methods section reports: each variable at its level (and rolled up), a
/// multi-select variable's sets; not the numbers the codebook pre-fills from metadata (the same
/// for every coder) nor every multi-select value.
fn reported(row: &VariableAgreement, shown: &Codebook) -> bool {
    let prefilled = shown
        .variable(&row.variable)
        .is_some_and(|v| v.prefill.is_some());
    // A variable nobody has coded twice yet has nothing to report.
    let coded = row.units > 0;
    match row.method {
        Method::Standard | Method::Rolled { .. } | Method::Masi | Method::Mvda => {
            coded && !prefilled
        }
        Method::Binary => false,
    }
}

fn name(row: &VariableAgreement, shown: &Codebook, lang: Lang) -> String {
    let label = shown
        .variable(&row.variable)
        .map_or_else(|| row.variable.clone(), |v| v.label.clone());
    match row.method {
        Method::Masi => tr_in!(lang, "report-masi-row", variable = label),
        Method::Mvda => tr_in!(lang, "report-mvda-row", variable = label),
        Method::Rolled { levels_up } => tr_in!(
            lang,
            "report-rolled-row",
            variable = label,
            levels = levels_up
        ),
        Method::Standard | Method::Binary => label,
    }
}

/// The paragraph.
pub fn methods_paragraph(facts: &MethodsFacts<'_>, lang: Lang) -> String {
    let (separator, list_separator) = match lang {
        Lang::En => ("; ", ", "),
        Lang::Zh => (";", "、"),
    };
    let mut sentences = vec![tr_in!(
        lang,
        "methods-coders",
        count = facts.coders.len(),
        names = facts.coders.join(list_separator),
        units = facts.units
    )];
    sentences.extend(training_sentences(
        facts.training,
        lang,
        separator,
        list_separator,
    ));
    let rows: Vec<&VariableAgreement> = facts
        .agreement
        .variables
        .iter()
        .filter(|row| reported(row, facts.shown))
        .collect();
    let overlap = rows.iter().map(|row| row.units).max().unwrap_or(0);
    sentences.push(match facts.draw {
        Some(draw) => {
            let stratified = draw.stratify.as_ref().map_or(String::new(), |field| {
                tr_in!(lang, "methods-stratified", field = field.as_str())
            });
            tr_in!(
                lang,
                "methods-subsample-drawn",
                overlap = draw.overlap_units,
                seed = draw.seed,
                stratified = stratified
            )
        }
        None => tr_in!(lang, "methods-subsample-overlap", overlap = overlap),
    });
    // The draw is what the assignment planned; α uses every unit two coders or more coded. Say
    // so when they differ (a paragraph said "a random subsample of 10 units" for an α computed
    // on 50).
    if let Some(draw) = facts.draw
        && overlap != draw.overlap_units
    {
        sentences.push(tr_in!(
            lang,
            "methods-computed-on",
            overlap = overlap,
            drawn = draw.overlap_units
        ));
    }
    let values: Vec<String> = rows
        .iter()
        .map(|row| {
            let variable = name(row, facts.shown, lang);
            let alpha = apa(row.measures.krippendorff_alpha);
            match &row.alpha_bootstrap {
                Some(boot) => tr_in!(
                    lang,
                    "methods-variable",
                    variable = variable,
                    units = row.units,
                    alpha = alpha,
                    low = apa(Some(boot.ci95[0])),
                    high = apa(Some(boot.ci95[1])),
                    p = apa(Some(boot.p_below.acceptable))
                ),
                None => tr_in!(
                    lang,
                    "methods-variable-no-ci",
                    variable = variable,
                    units = row.units,
                    alpha = alpha
                ),
            }
        })
        .collect();
    sentences.push(tr_in!(
        lang,
        "methods-coefficient",
        samples = crate::format::grouped(facts.bootstrap.samples as i64),
        values = values.join(separator)
    ));
    let named = |wanted: Verdict| {
        let names: Vec<String> = rows
            .iter()
            .filter(|row| row.verdict() == wanted)
            .map(|row| name(row, facts.shown, lang))
            .collect();
        if names.is_empty() {
            tr_in!(lang, "report-none")
        } else {
            names.join(list_separator)
        }
    };
    sentences.push(tr_in!(
        lang,
        "methods-verdicts",
        acceptable = named(Verdict::Acceptable),
        tentative = named(Verdict::Tentative),
        unacceptable = named(Verdict::Unacceptable)
    ));
    // The rule above needs P(α < threshold) from a bootstrap; set coefficients (MASI, mvα) have
    // none here, so their verdicts rest on the point estimate: the paragraph says which.
    let point_only: Vec<String> = rows
        .iter()
        .filter(|row| row.alpha_bootstrap.is_none() && row.measures.krippendorff_alpha.is_some())
        .map(|row| name(row, facts.shown, lang))
        .collect();
    if !point_only.is_empty() {
        sentences.push(tr_in!(
            lang,
            "methods-point-estimate-only",
            names = point_only.join(list_separator)
        ));
    }
    sentences.push(tr_in!(
        lang,
        "methods-software",
        version = env!("CARGO_PKG_VERSION")
    ));
    let joiner = match lang {
        Lang::En => " ",
        Lang::Zh => "",
    };
    sentences.join(joiner)
}

/// How the coders were trained: each closed round with its pass rate, whether its units were left
/// out of the data, and who was cleared.
fn training_sentences(
    reports: &[TrainingReport],
    lang: Lang,
    separator: &str,
    list_separator: &str,
) -> Vec<String> {
    let closed: Vec<&TrainingReport> = reports.iter().filter(|r| r.round.is_closed()).collect();
    if closed.is_empty() {
        return Vec::new();
    }
    let rounds: Vec<String> = closed
        .iter()
        .map(|report| {
            let gold = match &report.round.gold {
                Gold::Adjudicated => tr_in!(lang, "methods-training-gold-adjudicated"),
                Gold::Coder(coder) => {
                    tr_in!(lang, "methods-training-gold-coder", coder = coder.as_str())
                }
            };
            tr_in!(
                lang,
                "methods-training-round",
                round = report.round.name.as_str(),
                units = report.round.units.len(),
                gold = gold,
                alpha_min = apa(Some(report.round.alpha_min)),
                passed = report.passed(),
                coders = report.coders.len()
            )
        })
        .collect();
    let mut sentences = vec![tr_in!(
        lang,
        "methods-training",
        rounds = rounds.join(separator)
    )];
    if closed.iter().any(|r| !r.round.counted) {
        sentences.push(tr_in!(lang, "methods-training-excluded"));
    }
    let mut cleared: Vec<&str> = closed
        .iter()
        .flat_map(|r| r.coders.iter())
        .filter(|c| c.cleared.is_some())
        .map(|c| c.coder.as_str())
        .collect();
    cleared.sort_unstable();
    cleared.dedup();
    if !cleared.is_empty() {
        sentences.push(tr_in!(
            lang,
            "methods-training-cleared",
            names = cleared.join(list_separator)
        ));
    }
    sentences
}

/// The paragraph for a study: its coders, units, recorded draw and reliability table (with
/// `bootstrap`), in `lang`.
pub fn study_methods(
    project: &crate::store::Project,
    lang: Lang,
    bootstrap: Bootstrap,
) -> Result<String, crate::agreement::AgreementError> {
    let original = project.codebook()?;
    let shown = original.localized(lang);
    let mut agreement = crate::agreement::project_agreement(
        project,
        &crate::agreement::AgreementOptions {
            bootstrap: Some(bootstrap),
            ..Default::default()
        },
    )?;
    agreement.relabel(&original, &shown);
    let coders = agreement
        .variables
        .first()
        .map(|row| row.coders.clone())
        .unwrap_or_default();
    let draw = project.assignment_draw()?;
    let training = crate::training::all_reports(project, &shown)?;
    Ok(methods_paragraph(
        &MethodsFacts {
            coders: &coders,
            units: project.unit_ids()?.len() as i64,
            draw: draw.as_ref(),
            agreement: &agreement,
            shown: &shown,
            bootstrap,
            training: &training,
        },
        lang,
    ))
}
