//! The bundled sample studies (`samples/` in the source tree), built into project files on demand
//! so that a first run needs no set-up.

use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::codebook::{CodebookError, preset};
use crate::import::{self, ImportError, ReadOptions, UnitImportOptions};
use crate::store::{Project, StoreError};

pub struct Sample {
    pub name: &'static str,
    pub title: &'static str,
    pub codebook: &'static str,
}

pub const SAMPLES: &[Sample] = &[
    Sample {
        name: "chongqing-tiktok",
        title: "#Chongqing travel guide on TikTok (sample, 50 videos)",
        codebook: "tiktok-six",
    },
    Sample {
        name: "shenzhen-douyin",
        title: "Shenzhen government Douyin accounts (sample, 2,580 videos)",
        codebook: "city-image",
    },
];

#[derive(Debug, Error)]
pub enum SampleError {
    #[error("unknown sample '{0}' (samples: chongqing-tiktok, shenzhen-douyin)")]
    Unknown(String),
    #[error(
        "the sample sources were not found: set CODINGDESK_SAMPLES to the samples/ folder of the Codingdesk source tree"
    )]
    SourcesMissing,
    #[error("cannot copy the sample to {path}: {source}")]
    Copy {
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
}

pub fn sample(name: &str) -> Result<&'static Sample, SampleError> {
    SAMPLES
        .iter()
        .find(|s| s.name == name || s.name.starts_with(&format!("{name}-")))
        .ok_or_else(|| SampleError::Unknown(name.to_owned()))
}

/// The `samples/` folder: `$CODINGDESK_SAMPLES`, the source tree this binary was built from, or a
/// `samples/` folder beside (or above) the executable.
pub fn sources_dir() -> Option<PathBuf> {
    let has_samples = |dir: &Path| dir.join("chongqing-tiktok").join("units.csv").is_file();
    if let Some(dir) = std::env::var_os("CODINGDESK_SAMPLES").map(PathBuf::from) {
        return has_samples(&dir).then_some(dir);
    }
    let built_from = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    if has_samples(&built_from) {
        return Some(built_from);
    }
    let exe = std::env::current_exe().ok()?;
    exe.ancestors()
        .skip(1)
        .map(|dir| dir.join("samples"))
        .find(|dir| has_samples(dir))
}

/// Where sample projects are built by default: the user's data folder.
pub fn default_location(sample: &Sample) -> PathBuf {
    let base = dirs::data_dir().unwrap_or_else(std::env::temp_dir);
    base.join("codingdesk")
        .join("samples")
        .join(sample.name)
        .join(format!("{}.cdesk", sample.name))
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

/// Builds the project file of a sample at `out` (its sources are copied next to it so that media
/// paths stay valid). An existing project there is opened and returned as it is unless `rebuild`.
pub fn build(sample: &Sample, out: &Path, rebuild: bool) -> Result<PathBuf, SampleError> {
    if out.exists() && !rebuild {
        Project::open(out)?;
        return Ok(out.to_owned());
    }
    let sources = sources_dir()
        .ok_or(SampleError::SourcesMissing)?
        .join(sample.name);
    let folder = match out.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
        _ => PathBuf::from("."),
    };
    let copy_error = |source| SampleError::Copy {
        path: folder.display().to_string(),
        source,
    };
    copy_dir(&sources, &folder).map_err(copy_error)?;
    if out.exists() {
        for suffix in ["", "-wal", "-shm"] {
            let mut name = out.as_os_str().to_owned();
            name.push(suffix);
            let _ = std::fs::remove_file(PathBuf::from(name));
        }
    }
    let codebook = preset(sample.codebook)
        .ok_or_else(|| SampleError::Unknown(sample.codebook.to_owned()))?
        .codebook()?;
    let filled = (|| -> Result<(), SampleError> {
        let mut project = Project::create(out, sample.title, &codebook)?;
        let actor = "sample";
        let units = folder.join("units.csv");
        import::import_units(&mut project, &units, &UnitImportOptions::default(), actor)?;
        let codes = folder.join("codes.csv");
        if codes.is_file() {
            import::import_codes(&mut project, &codes, &ReadOptions::default(), actor)?;
        }
        Ok(())
    })();
    if let Err(error) = filled {
        // Never leave a half-built sample to be opened next time as if it were complete.
        let _ = std::fs::remove_file(out);
        return Err(error);
    }
    Ok(out.to_owned())
}
