//! The snapshot every supervisor view draws from: the study read once after each change —
//! codebook and its use, status, coders, units, codes, agreement, analyses' table — so that views
//! never query the store while they draw.

use std::path::PathBuf;

use super::Result;
use crate::agreement::table::ReliabilityTable;
use crate::agreement::{self, AgreementError, AgreementOptions, ProjectAgreement};
use crate::model::Codebook;
use crate::results::{Dataset, Disagreement};
use crate::stats::Bootstrap;
use crate::store::{CodebookUsage, CodingRecord, Project, StudyStatus};

/// What the supervisor's views draw from, read from the store after every change.
pub struct Snapshot {
    /// The project file's folder: where exports go unless the supervisor says otherwise.
    pub folder: PathBuf,
    /// The codebook as stored: what the Codebook tab edits.
    pub codebook: Codebook,
    /// The codebook in the window's language (where it has that language), for showing.
    pub shown: Codebook,
    /// The language `shown` and the agreement rows' labels are in.
    pub lang: crate::i18n::Lang,
    pub usage: CodebookUsage,
    pub status: StudyStatus,
    pub coders: Vec<String>,
    /// The coders "Write packages" makes packages for.
    pub packaged_coders: Vec<String>,
    /// Codes and notes merges could not place.
    pub kept_aside: Vec<crate::store::UnmappedCode>,
    /// The units a disagreement is about, by id (the Adjudication tab shows them); the study's
    /// units are not all kept: their ids are the table's, the rest is read when needed.
    pub disputed_units: std::collections::BTreeMap<String, crate::model::Unit>,
    /// Unit fields beyond the fixed ones a draw can be stratified by (the extra columns of the
    /// first 500 units).
    pub extra_fields: Vec<String>,
    /// The plan the Assignments tab asked to preview, with what it asked, drawn by the session.
    pub assignment_preview: Option<(
        crate::assign::Request,
        std::result::Result<crate::assign::Plan, crate::assign::AssignError>,
    )>,
    /// A training round's draw the Training tab asked to see before starting it.
    pub training_preview: Option<(
        super::TrainingRequest,
        std::result::Result<crate::training::TrainingDraw, String>,
    )>,
    /// The units' numeric fields and composite indices, column by column.
    pub table: crate::analysis::Table,
    pub primary: Option<String>,
    /// One coder's codes as a dataset, when the Results tab asked for that coder's results
    /// (read on request: a study's codes are not all kept in memory).
    pub coder_results: Option<(String, Dataset)>,
    /// The units the reliability subsample needs per variable for α ≥ .800 at p = .05, from the
    /// categories' shares in the codes so far.
    pub reliability_plans: std::result::Result<
        Vec<crate::reliability_plan::VariablePlan>,
        crate::stats::plan::PlanError,
    >,
    pub disagreements: Vec<Disagreement>,
    pub final_dataset: Dataset,
    /// The reliability table, or why there is none.
    pub agreement: std::result::Result<ProjectAgreement, AgreementError>,
    /// `agreement` as the shared table model the report, the XLSX and the command line draw
    /// (built once per snapshot, in the window's language).
    pub reliability_table: Option<ReliabilityTable>,
    pub bootstrap: Bootstrap,
    /// Coders the Reliability tab leaves out of agreement (a trainee, a test coder), as the
    /// command line's `agreement --coders` does; their codes stay in the study.
    pub left_out: Vec<String>,
    /// Analyses added to the report, with their ids.
    pub report_items: Vec<crate::analysis::items::StoredItem>,
    /// The confusion matrix the reliability view asked for.
    pub confusion: Option<std::result::Result<agreement::Confusion, AgreementError>>,
    /// The influence of coders and units on the α the reliability view asked for.
    pub influence: Option<std::result::Result<agreement::influence::Influence, AgreementError>>,
    /// Each coder's agreement over their coding order, for the variable the view asked for.
    pub drift: Option<std::result::Result<agreement::drift::Drift, AgreementError>>,
    /// Every training round with each coder's result against gold, oldest first.
    pub training: Vec<crate::training::TrainingReport>,
    /// Raised with every new snapshot, so views can drop what they derived from an older one.
    pub revision: u64,
}

/// The level of significance the Assignments tab's plan of the reliability subsample is for
/// (`plan-reliability --p` elsewhere).
const RELIABILITY_PLAN_LEVEL: f64 = 0.05;

impl Snapshot {
    pub(super) fn read(
        project: &Project,
        bootstrap: Bootstrap,
        left_out: &[String],
        revision: u64,
        lang: crate::i18n::Lang,
    ) -> Result<Snapshot> {
        let codebook = project.codebook()?;
        let shown = codebook.localized(lang);
        // The study's codes are read once, unit by unit, for everything computed from them here:
        // the final dataset and the plan take each unit's codes as they come; only the units two
        // coders or more coded (all agreement and disagreements can be about) are kept until
        // agreement is worked out.
        let mut final_dataset = crate::results::FinalDataset::new(project)?;
        let mut tallies = crate::reliability_plan::CodeTallies::default();
        let mut overlap: Vec<CodingRecord> = Vec::new();
        let mut unit: Vec<CodingRecord> = Vec::new();
        let mut finish_unit = |unit: &mut Vec<CodingRecord>| {
            final_dataset.add_unit(unit);
            tallies.add_unit(unit.iter());
            if unit.iter().any(|record| record.coder != unit[0].coder) {
                overlap.append(unit);
            } else {
                unit.clear();
            }
        };
        project.each_study_coding(|record| {
            if unit.last().is_some_and(|last| last.unit != record.unit) {
                finish_unit(&mut unit);
            }
            unit.push(record);
        })?;
        finish_unit(&mut unit);
        let coders = project.coders()?;
        let counted: Vec<String> = if left_out.is_empty() {
            Vec::new()
        } else {
            coders
                .iter()
                .filter(|c| !left_out.contains(c))
                .cloned()
                .collect()
        };
        let agreement = agreement::project_agreement_from(
            project,
            &AgreementOptions {
                bootstrap: (bootstrap.samples > 0).then_some(bootstrap),
                coders: counted,
                ..Default::default()
            },
            &overlap,
        );
        // A store failure is a failure to read the study, not "no agreement yet".
        let agreement = match agreement {
            Err(AgreementError::Store(error)) => return Err(error.into()),
            Ok(mut table) => {
                table.relabel(&codebook, &shown);
                Ok(table)
            }
            other => other,
        };
        let reliability_table = agreement
            .as_ref()
            .ok()
            .map(|agreement| ReliabilityTable::new(agreement, &shown, lang));
        let training = crate::training::all_reports(project, &shown)?;
        let disagreements = crate::results::disagreements_from(project, &[], &overlap)?;
        let mut disputed_units = std::collections::BTreeMap::new();
        for item in &disagreements {
            if !disputed_units.contains_key(&item.unit) {
                disputed_units.insert(item.unit.clone(), project.unit(&item.unit)?);
            }
        }
        let reliability_plans = crate::reliability_plan::plan_from_tallies(
            &shown,
            &tallies,
            crate::stats::alpha::ACCEPTABLE_ALPHA,
            RELIABILITY_PLAN_LEVEL,
            2,
        );
        Ok(Snapshot {
            folder: project.base_dir(),
            codebook,
            shown,
            lang,
            usage: project.codebook_usage()?,
            status: project.status()?,
            coders: project.coders()?,
            packaged_coders: project.coders_to_package()?,
            kept_aside: project.kept_aside()?,
            disputed_units,
            extra_fields: project.extra_field_names(500)?,
            assignment_preview: None,
            training_preview: None,
            table: crate::analysis::Table::load(project)?,
            primary: project.primary_coder()?,
            coder_results: None,
            reliability_plans,
            disagreements,
            final_dataset: final_dataset.finish(),
            agreement,
            reliability_table,
            bootstrap,
            left_out: left_out.to_vec(),
            report_items: crate::analysis::items::stored(project)?,
            confusion: None,
            influence: None,
            drift: None,
            training,
            revision,
        })
    }
}
