//! The bundled sample studies (`samples/` in the source tree, built into the binary), made into
//! project files on demand so that a first run needs no set-up. Building one writes the project
//! file, after unpacking the sources (pictures the project points to) once per program version.

use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::codebook::{CodebookError, preset};
use crate::import::{self, ImportError, ReadOptions, UnitImportOptions};
use crate::store::{Project, StoreError};

pub mod videos;

pub struct Sample {
    pub name: &'static str,
    pub title: &'static str,
    /// The title in Chinese: the study is made with the title in the language of whoever makes it.
    pub title_zh: &'static str,
    pub codebook: &'static str,
    /// Whether the sample gets real videos where ffmpeg is installed (50 short ones: yes; the
    /// 2,580-unit sample is for analyses and scale, and keeps its data only).
    pub videos: bool,
}

pub const SAMPLES: &[Sample] = &[
    Sample {
        name: "chongqing-tiktok",
        title: "#Chongqing travel guide on TikTok (sample, 50 videos)",
        title_zh: "#重庆旅游攻略 TikTok 示例研究(50 条视频)",
        codebook: "tiktok-six",
        videos: true,
    },
    Sample {
        name: "shenzhen-douyin",
        title: "Shenzhen government Douyin accounts (sample, 2,580 videos)",
        title_zh: "深圳政务抖音号示例研究(2,580 条视频)",
        codebook: "city-image",
        videos: false,
    },
];

#[derive(Debug, Error)]
pub enum SampleError {
    #[error("unknown sample '{0}' (samples: chongqing-tiktok, shenzhen-douyin)")]
    Unknown(String),
    #[error(
        "CODINGDESK_SAMPLES names {path}, which holds no sample sources (chongqing-tiktok/units.csv): point it at the samples/ folder of the Codingdesk source tree, or unset it to use the samples built into Codingdesk"
    )]
    SourcesMissing { path: String },
    #[error(
        "{path} already exists: pass --force to replace it with a fresh copy of the sample (codes in it are lost), or open it with `codingdesk open {path}`"
    )]
    Exists { path: String },
    #[error("{cause} (and the unfinished {path} could not be removed: {source}; delete it)")]
    LeftOver {
        cause: Box<SampleError>,
        path: String,
        source: std::io::Error,
    },
    #[error("cannot write the sample at {path}: {source}")]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Codebook(#[from] CodebookError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Import(#[from] ImportError),
    #[error("the sample's videos could not be made: {0}")]
    VideoFailed(String),
}

/// Gives every unit its video (after its picture: the card shows a unit's video first).
fn add_videos(
    project: &mut Project,
    sample: &Sample,
    tools: &crate::video::Tools,
    actor: &str,
) -> Result<(), SampleError> {
    let base = project.base_dir();
    let mut units = project.units()?;
    let sources: Vec<videos::Source<'_>> = units
        .iter()
        .map(|unit| videos::Source {
            uid: &unit.uid,
            caption: unit.caption.as_deref().unwrap_or(""),
            picture: unit
                .media
                .iter()
                .find(|m| m.kind == crate::model::MediaKind::Image)
                .map(|m| base.join(&m.path)),
        })
        .collect();
    let made = videos::make(tools, &videos::cache_dir(sample.name), &sources)?;
    drop(sources);
    for (unit, (_, video)) in units.iter_mut().zip(made) {
        unit.media.push(crate::model::Media {
            path: video.display().to_string(),
            kind: crate::model::MediaKind::Video,
        });
    }
    project.upsert_units(&units, actor)?;
    Ok(())
}

pub fn sample(name: &str) -> Result<&'static Sample, SampleError> {
    SAMPLES
        .iter()
        .find(|s| s.name == name || s.name.starts_with(&format!("{name}-")))
        .ok_or_else(|| SampleError::Unknown(name.to_owned()))
}

/// The sample studies' sources (units, codes, pictures), built into the binary: an installed or
/// copied program has them wherever it runs (they were looked up in the source tree it was built
/// from, so a copied binary had no samples).
static EMBEDDED: include_dir::Dir<'static> =
    include_dir::include_dir!("$CARGO_MANIFEST_DIR/samples");

/// The `samples/` folder to build from: `$CODINGDESK_SAMPLES` (a developer's edited sources), else
/// the built-in sources unpacked once into the user's data folder (`~/.local/share/codingdesk`,
/// `%APPDATA%\codingdesk`), where the sample projects' pictures then live.
pub fn sources_dir() -> Result<PathBuf, SampleError> {
    if let Some(dir) = std::env::var_os("CODINGDESK_SAMPLES").map(PathBuf::from) {
        return if dir.join("chongqing-tiktok").join("units.csv").is_file() {
            Ok(dir)
        } else {
            Err(SampleError::SourcesMissing {
                path: dir.display().to_string(),
            })
        };
    }
    let base = dirs::data_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join("codingdesk")
        .join("samples");
    unpack(&EMBEDDED, &base)
}

/// Writes `sources` into `base/sources-HASH` (HASH of every file's path and bytes, so a newer
/// program's samples go beside an older one's, which older projects' pictures still point to)
/// unless it is there; a staging folder renamed into place, so a folder of that name is whole.
fn unpack(sources: &include_dir::Dir<'static>, base: &Path) -> Result<PathBuf, SampleError> {
    let mut files: Vec<&include_dir::File<'_>> = Vec::new();
    let mut folders = vec![sources];
    while let Some(folder) = folders.pop() {
        files.extend(folder.files());
        folders.extend(folder.dirs());
    }
    files.sort_by_key(|file| file.path());
    let hash = files.iter().fold(0xcbf2_9ce4_8422_2325_u64, |hash, file| {
        let path = file.path().to_string_lossy();
        path.bytes()
            .chain([0])
            .chain(file.contents().iter().copied())
            .fold(hash, |hash, byte| {
                (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
            })
    });
    let target = base.join(format!("sources-{hash:016x}"));
    if target.is_dir() {
        return Ok(target);
    }
    let write_error = |path: &Path| {
        let path = path.display().to_string();
        move |source| SampleError::Write { path, source }
    };
    std::fs::create_dir_all(base).map_err(write_error(base))?;
    let staging = tempfile::Builder::new()
        .prefix(".unpacking-")
        .tempdir_in(base)
        .map_err(write_error(base))?;
    sources
        .extract(staging.path())
        .map_err(write_error(staging.path()))?;
    match std::fs::rename(staging.path(), &target) {
        Ok(()) => {
            // Renamed away: nothing is left for the guard to remove.
            drop(staging.keep());
            Ok(target)
        }
        // Another process unpacked the same sources first.
        Err(_) if target.is_dir() => Ok(target),
        Err(source) => Err(write_error(&target)(source)),
    }
}

/// Where sample projects are built by default: the user's data folder.
pub fn default_location(sample: &Sample) -> PathBuf {
    let base = dirs::data_dir().unwrap_or_else(std::env::temp_dir);
    base.join("codingdesk")
        .join("samples")
        .join(sample.name)
        .join(format!("{}.cdesk", sample.name))
}

/// What `build` does when a project file is already where the sample is to be built.
/// Whether the sample's units get real videos (made by ffmpeg on first use, where it is installed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Videos {
    /// Make them (or reuse the ones made before) when ffmpeg is there; pictures only otherwise.
    IfFfmpeg,
    /// Pictures only (the GUI tests that do not play video, and fast builds).
    No,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    /// Open it as it is (the sample in the data folder, on every later start).
    Open,
    /// Refuse: it may be a user's own file (`codingdesk sample --out` without `--force`).
    Refuse,
    /// Build a fresh sample in its place.
    Replace,
}

/// Builds the project file of a sample at `out` and writes nothing else: units, codes and media
/// are read from the sample's sources where they are, and stored media paths point there. The
/// project is built under a temporary name beside `out` and renamed into place, so a failed build
/// leaves neither a half-built sample nor a damaged older one.
/// Builds a sample with pictures only: see [`build_with`].
pub fn build(sample: &Sample, out: &Path, existing: Existing) -> Result<PathBuf, SampleError> {
    build_with(sample, out, existing, Videos::No)
}

/// Builds a sample into a project file at `out`, reading its sources where they are; with
/// [`Videos::IfFfmpeg`] the units get a real video (see [`videos`]) besides their picture.
pub fn build_with(
    sample: &Sample,
    out: &Path,
    existing: Existing,
    videos: Videos,
) -> Result<PathBuf, SampleError> {
    if out.exists() {
        match existing {
            Existing::Open => {
                Project::open(out)?;
                return Ok(out.to_owned());
            }
            Existing::Refuse => {
                return Err(SampleError::Exists {
                    path: out.display().to_string(),
                });
            }
            Existing::Replace => {}
        }
    }
    let sources = sources_dir()?.join(sample.name);
    let folder = match out.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
        _ => PathBuf::from("."),
    };
    let write_error = |path: &Path| {
        let path = path.display().to_string();
        move |source| SampleError::Write { path, source }
    };
    std::fs::create_dir_all(&folder).map_err(write_error(&folder))?;
    let mut building = out.as_os_str().to_owned();
    building.push(format!(".building-{}", std::process::id()));
    let building = PathBuf::from(building);
    crate::store::remove_project_files(&building).map_err(write_error(&building))?;
    let codebook = preset(sample.codebook)
        .ok_or_else(|| SampleError::Unknown(sample.codebook.to_owned()))?
        .codebook()?;
    let filled = (|| -> Result<(), SampleError> {
        let title = match crate::i18n::ui_language() {
            crate::i18n::Lang::En => sample.title,
            crate::i18n::Lang::Zh => sample.title_zh,
        };
        let mut project = Project::create(&building, title, &codebook)?;
        let actor = "sample";
        let units = sources.join("units.csv");
        import::import_units(&mut project, &units, &UnitImportOptions::default(), actor)?;
        let codes = sources.join("codes.csv");
        if codes.is_file() {
            import::import_codes(&mut project, &codes, &ReadOptions::default(), actor)?;
        }
        if videos == Videos::IfFfmpeg
            && sample.videos
            && let Some(tools) = crate::video::Tools::find()
        {
            add_videos(&mut project, sample, &tools, actor)?;
        }
        // One self-contained file before it takes the sample's name.
        project.checkpoint()?;
        drop(project);
        Ok(())
    })();
    let placed = filled.and_then(|()| {
        crate::store::remove_project_files(out).map_err(write_error(out))?;
        std::fs::rename(&building, out).map_err(write_error(out))
    });
    if let Err(error) = placed {
        // Never leave a half-built sample behind to be opened next time as if it were complete.
        return Err(match crate::store::remove_project_files(&building) {
            Ok(()) => error,
            Err(source) => SampleError::LeftOver {
                cause: Box::new(error),
                path: building.display().to_string(),
                source,
            },
        });
    }
    Ok(out.to_owned())
}
