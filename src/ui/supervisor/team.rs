//! Team coding: write a package per coder, and merge the packages coders send back, with a
//! preview of what the merge will do before anything is written.

use std::path::PathBuf;

use super::{Snapshot, combo, name_widget};
use crate::store::{MergeReport, PackageMerge, Prefer, UNIT_NOTE, UnmappedCode};
use crate::supervise::SupervisorAction;
use crate::ui::command::{AppCommand, Command};
use crate::ui::files::FileRequest;

#[derive(Default)]
pub struct TeamView {
    /// Where packages are written; empty until shown (then the project's folder).
    pub folder: String,
    no_media: bool,
    /// Package files to merge.
    pub files: Vec<String>,
    /// A path being typed, added to `files` with "Add".
    typed: String,
    prefer: Prefer,
    /// The last preview or merge, and the files and preference it was made for.
    report: Option<(MergeReport, Vec<String>, Prefer)>,
}

fn prefer_label(prefer: Prefer) -> String {
    match prefer {
        Prefer::Newer => crate::tr!("team-prefer-newer"),
        Prefer::Master => crate::tr!("team-prefer-master"),
        Prefer::Package => crate::tr!("team-prefer-package"),
    }
}

impl TeamView {
    /// Files chosen in a dialog join the list (each once).
    pub fn add_files(&mut self, files: Vec<PathBuf>) {
        for file in files {
            let text = file.display().to_string();
            if !self.files.contains(&text) {
                self.files.push(text);
            }
        }
    }

    /// Shows the result of a preview or a merge.
    pub fn show_report(&mut self, report: MergeReport) {
        self.report = Some((report, self.files.clone(), self.prefer));
    }

    fn file_paths(&self) -> Vec<PathBuf> {
        self.files.iter().map(PathBuf::from).collect()
    }

    pub fn show(&mut self, ui: &mut egui::Ui, snapshot: &Snapshot) -> Vec<Command> {
        let mut commands = Vec::new();
        if self.folder.is_empty() {
            self.folder = snapshot.folder.display().to_string();
        }
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                ui.heading(crate::tr!("team-heading"));
                ui.label(crate::tr!("team-explain"));
                ui.add_space(8.0);
                self.packaging(ui, snapshot, &mut commands);
                ui.separator();
                self.merging(ui, snapshot, &mut commands);
                if let Some((report, _, _)) = &self.report {
                    ui.separator();
                    show_report(ui, report);
                }
            });
        });
        commands
    }

    fn packaging(&mut self, ui: &mut egui::Ui, snapshot: &Snapshot, commands: &mut Vec<Command>) {
        ui.strong(crate::tr!("team-packages"));
        ui.horizontal(|ui| {
            let label = ui.label(crate::tr!("export-folder"));
            ui.add(egui::TextEdit::singleline(&mut self.folder).desired_width(420.0))
                .labelled_by(label.id);
            if ui.button(crate::tr!("team-choose-folder")).clicked() {
                commands.push(AppCommand::Choose(FileRequest::PackageFolder).into());
            }
        });
        ui.checkbox(&mut self.no_media, crate::tr!("team-no-media"));
        let coders = &snapshot.packaged_coders;
        let caption = crate::tr!("team-write", count = coders.len());
        let ready = !coders.is_empty() && !self.folder.trim().is_empty();
        if ui.add_enabled(ready, egui::Button::new(caption)).clicked() {
            commands.push(
                SupervisorAction::WritePackages {
                    folder: PathBuf::from(self.folder.trim()),
                    copy_media: !self.no_media,
                }
                .into(),
            );
        }
        if coders.is_empty() {
            ui.weak(crate::tr!("team-add-coders-first"));
        } else {
            ui.weak(crate::tr!("team-for", coders = coders.join(", ")));
        }
        let made = &snapshot.status.packages;
        if !made.is_empty() {
            ui.add_space(4.0);
            egui::Grid::new("packages-made")
                .striped(true)
                .num_columns(4)
                .show(ui, |ui| {
                    for heading in [
                        crate::tr!("assign-col-coder"),
                        crate::tr!("team-col-made"),
                        crate::tr!("team-col-merged"),
                        crate::tr!("team-col-file"),
                    ] {
                        ui.strong(heading);
                    }
                    ui.end_row();
                    for package in made {
                        ui.label(&package.coder);
                        ui.label(package.made_shown());
                        ui.label(package.merged_shown());
                        ui.label(&package.file);
                        ui.end_row();
                    }
                });
        }
    }

    fn merging(&mut self, ui: &mut egui::Ui, snapshot: &Snapshot, commands: &mut Vec<Command>) {
        ui.strong(crate::tr!("team-merge-back"));
        let mut remove = None;
        for (index, file) in self.files.iter().enumerate() {
            ui.horizontal(|ui| {
                let button = ui.small_button(crate::tr!("export-remove"));
                name_widget(
                    &button,
                    egui::Role::Button,
                    &crate::tr!("team-remove-file", file = file),
                );
                if button.clicked() {
                    remove = Some(index);
                }
                ui.label(file);
            });
        }
        if let Some(index) = remove {
            self.files.remove(index);
        }
        ui.horizontal(|ui| {
            let label = ui.label(crate::tr!("team-package-file"));
            let typed = ui
                .add(egui::TextEdit::singleline(&mut self.typed).desired_width(360.0))
                .labelled_by(label.id);
            let entered = typed.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if (ui.button(crate::tr!("team-add")).clicked() || entered)
                && !self.typed.trim().is_empty()
            {
                let path = PathBuf::from(self.typed.trim());
                self.add_files(vec![path]);
                self.typed.clear();
            }
            if ui.button(crate::tr!("team-choose-packages")).clicked() {
                commands.push(AppCommand::Choose(FileRequest::Packages).into());
            }
        });
        ui.horizontal(|ui| {
            ui.label(crate::tr!("team-when-conflict"));
            combo(
                ui,
                "merge-prefer",
                &crate::tr!("team-conflicts"),
                prefer_label(self.prefer),
                |ui| {
                    for prefer in [Prefer::Newer, Prefer::Master, Prefer::Package] {
                        ui.selectable_value(&mut self.prefer, prefer, prefer_label(prefer));
                    }
                },
            );
        });
        let any = !self.files.is_empty();
        // Merging needs a preview of exactly these files with this preference.
        let previewed = self.report.as_ref().is_some_and(|(report, files, prefer)| {
            !report.applied && *files == self.files && *prefer == self.prefer
        });
        ui.horizontal(|ui| {
            if ui
                .add_enabled(any, egui::Button::new(crate::tr!("team-preview-merge")))
                .clicked()
            {
                commands.push(
                    SupervisorAction::PreviewMerge {
                        files: self.file_paths(),
                        prefer: self.prefer,
                    }
                    .into(),
                );
            }
            let can_merge = previewed
                && self
                    .report
                    .as_ref()
                    .is_some_and(|(report, _, _)| report.changes_anything());
            if ui
                .add_enabled(can_merge, egui::Button::new(crate::tr!("team-merge")))
                .clicked()
            {
                commands.push(
                    SupervisorAction::MergePackages {
                        files: self.file_paths(),
                        prefer: self.prefer,
                    }
                    .into(),
                );
            }
        });
        kept_aside(ui, &snapshot.kept_aside);
    }
}

/// What earlier merges could not place, and why; merging the same package again places them
/// once the codebook or the units allow it.
fn kept_aside(ui: &mut egui::Ui, kept: &[UnmappedCode]) {
    if kept.is_empty() {
        return;
    }
    ui.add_space(8.0);
    egui::CollapsingHeader::new(crate::tr!("team-kept-aside", count = kept.len()))
        .default_open(true)
        .show(ui, |ui| {
            ui.weak(crate::tr!("team-kept-explain"));
            egui::Grid::new("kept-aside")
                .striped(true)
                .num_columns(4)
                .show(ui, |ui| {
                    for heading in [
                        crate::tr!("team-col-unit"),
                        crate::tr!("team-col-coder"),
                        crate::tr!("team-col-code"),
                        crate::tr!("team-col-why"),
                    ] {
                        ui.strong(heading);
                    }
                    ui.end_row();
                    for item in kept {
                        ui.label(&item.unit);
                        ui.label(&item.coder);
                        if item.variable == UNIT_NOTE {
                            ui.label(crate::tr!("team-note", note = &item.value));
                        } else {
                            ui.label(format!("{} = {}", item.variable, item.value));
                        }
                        ui.label(&item.reason);
                        ui.end_row();
                    }
                });
        });
}

fn show_report(ui: &mut egui::Ui, report: &MergeReport) {
    let headline = if report.applied {
        crate::tr!(
            "team-merged",
            backup = report
                .backup
                .as_ref()
                .map(|b| b.display().to_string())
                .unwrap_or_default()
        )
    } else if report.changes_anything() {
        crate::tr!("team-preview-only")
    } else {
        crate::tr!("sup-nothing-to-merge")
    };
    ui.strong(headline);
    egui::Grid::new("merge-report")
        .striped(true)
        .num_columns(10)
        .show(ui, |ui| {
            for heading in [
                crate::tr!("team-col-package"),
                crate::tr!("assign-col-coder"),
                crate::tr!("rel-col-units"),
                crate::tr!("team-col-added"),
                crate::tr!("team-col-updated"),
                crate::tr!("team-col-cleared"),
                crate::tr!("team-col-unchanged"),
                crate::tr!("team-col-notes"),
                crate::tr!("team-conflicts"),
                crate::tr!("team-col-kept"),
            ] {
                ui.strong(heading);
            }
            ui.end_row();
            for p in &report.packages {
                let name = std::path::Path::new(&p.file)
                    .file_name()
                    .map_or(p.file.clone(), |n| n.to_string_lossy().into_owned());
                ui.label(name);
                ui.label(&p.coder);
                for count in [
                    p.units as usize,
                    p.added,
                    p.updated,
                    p.cleared,
                    p.unchanged,
                    p.notes_changed,
                    p.conflicts.len(),
                    p.unmapped.len(),
                ] {
                    ui.label(count.to_string());
                }
                ui.end_row();
            }
        });
    for package in &report.packages {
        details(ui, package);
    }
}

fn details(ui: &mut egui::Ui, p: &PackageMerge) {
    for notice in &p.notices {
        ui.weak(format!("{}: {notice}", p.coder));
    }
    if p.placed_from_kept_aside > 0 {
        ui.label(crate::tr!(
            "team-placed",
            coder = &p.coder,
            count = p.placed_from_kept_aside
        ));
    }
    if !p.conflicts.is_empty() {
        ui.add_space(4.0);
        ui.label(crate::tr!("team-conflicts-of", coder = &p.coder));
        for c in &p.conflicts {
            ui.label(crate::tr!(
                "team-conflict",
                unit = &c.unit,
                variable = c.variable.as_deref().unwrap_or(UNIT_NOTE),
                master = &c.master,
                package = &c.package,
                kept = c.kept.outcome()
            ));
        }
    }
    if !p.mapped.is_empty() {
        ui.label(crate::tr!(
            "team-mapped",
            coder = &p.coder,
            count = p.mapped.len()
        ));
        for m in &p.mapped {
            ui.label(crate::tr!(
                "team-mapped-one",
                unit = &m.unit,
                variable = &m.variable,
                from = m.from.to_string(),
                to = m.to.to_string()
            ));
        }
    }
    if !p.unmapped.is_empty() {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            crate::tr!("team-unmapped", coder = &p.coder, count = p.unmapped.len()),
        );
        for u in &p.unmapped {
            ui.label(crate::tr!(
                "team-unmapped-one",
                unit = &u.unit,
                variable = &u.variable,
                value = &u.value,
                reason = &u.reason
            ));
        }
    }
}
