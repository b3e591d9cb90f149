//! Real short videos for the Chongqing sample, made by ffmpeg on first use (nothing large is in
//! the repository): portrait 360×640 at 24 fps, 6–20 s, a slow camera move over the unit's
//! thumbnail with its caption drawn in Chinese, and music — plucked notes of a seeded arpeggio over
//! a bass — so that "background music" can be heard and coded. Seeded by the unit id: the same
//! video on every machine. Made once into the user's cache folder and reused by every build of the
//! sample; without ffmpeg the sample keeps its pictures.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use rand::{RngExt, SeedableRng};

use super::SampleError;
use crate::video::Tools;

/// Raised when the videos change, so that old caches are not used.
const GENERATION: u32 = 1;

/// Where the sample's videos are kept (`$CODINGDESK_CACHE_DIR` overrides the user's cache folder).
pub fn cache_dir(sample: &str) -> PathBuf {
    let base = std::env::var_os("CODINGDESK_CACHE_DIR")
        .map(PathBuf::from)
        .or_else(dirs::cache_dir)
        .unwrap_or_else(std::env::temp_dir);
    base.join("codingdesk")
        .join("sample-videos")
        .join(format!("{sample}-v{GENERATION}"))
}

/// A unit to make a video for: its id, caption and picture.
pub struct Source<'a> {
    pub uid: &'a str,
    pub caption: &'a str,
    pub picture: Option<PathBuf>,
}

/// Makes the videos that are not made yet (two at a time) and returns each unit's video.
pub fn make(
    tools: &Tools,
    folder: &Path,
    sources: &[Source<'_>],
) -> Result<Vec<(String, PathBuf)>, SampleError> {
    std::fs::create_dir_all(folder).map_err(|source| SampleError::Write {
        path: folder.display().to_string(),
        source,
    })?;
    // One maker at a time: several windows or commands building the sample at once would
    // otherwise each make all the videos.
    let _lock = Lock::take(&folder.join(".making"))?;
    let font = crate::system_fonts::cjk_font_file();
    let wanted: Vec<(String, PathBuf)> = sources
        .iter()
        .map(|s| (s.uid.to_owned(), folder.join(format!("{}.mp4", s.uid))))
        .collect();
    let missing: Vec<usize> = (0..sources.len())
        .filter(|&i| !wanted[i].1.is_file())
        .collect();
    for pair in missing.chunks(2) {
        let results: Vec<Result<(), SampleError>> = std::thread::scope(|scope| {
            let handles: Vec<_> = pair
                .iter()
                .map(|&i| {
                    let (source, out, font) = (&sources[i], &wanted[i].1, font.as_deref());
                    scope.spawn(move || make_one(tools, source, out, font))
                })
                .collect();
            handles
                .into_iter()
                .map(|handle| {
                    handle.join().unwrap_or_else(|_| {
                        Err(SampleError::VideoFailed("a worker stopped".into()))
                    })
                })
                .collect()
        });
        results.into_iter().collect::<Result<Vec<()>, _>>()?;
    }
    Ok(wanted)
}

/// A lock file held while videos are made; removed when dropped. A lock older than ten minutes
/// was left by a maker that died and is taken over.
struct Lock(PathBuf);

impl Lock {
    fn take(path: &Path) -> Result<Lock, SampleError> {
        let waited = std::time::Instant::now();
        loop {
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)
            {
                Ok(_) => return Ok(Lock(path.to_owned())),
                Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
                    let stale = std::fs::metadata(path)
                        .and_then(|m| m.modified())
                        .ok()
                        .and_then(|t| t.elapsed().ok())
                        .is_some_and(|age| age > std::time::Duration::from_secs(600));
                    if stale || waited.elapsed() > std::time::Duration::from_secs(600) {
                        std::fs::remove_file(path).map_err(|source| SampleError::Write {
                            path: path.display().to_string(),
                            source,
                        })?;
                        continue;
                    }
                    std::thread::sleep(std::time::Duration::from_millis(200));
                }
                Err(source) => {
                    return Err(SampleError::Write {
                        path: path.display().to_string(),
                        source,
                    });
                }
            }
        }
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        if let Err(error) = std::fs::remove_file(&self.0) {
            eprintln!("codingdesk: could not remove {}: {error}", self.0.display());
        }
    }
}

/// The seeded look of one unit's video.
struct Plan {
    seconds: u32,
    /// The arpeggio's base note (Hz) and the bass.
    base: f64,
    /// Which way the camera drifts.
    drift: f64,
}

fn plan(uid: &str) -> Plan {
    // FNV-1a of the id: a seed that is the same everywhere.
    let seed = uid.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    });
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    const NOTES: [f64; 6] = [220.0, 246.94, 261.63, 293.66, 329.63, 392.0];
    Plan {
        seconds: rng.random_range(6..=20),
        base: NOTES[rng.random_range(0..NOTES.len())],
        drift: if rng.random_bool(0.5) { 1.0 } else { -1.0 },
    }
}

/// The caption in lines short enough for a portrait frame (about 13 Chinese characters).
fn wrap(caption: &str) -> String {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut width = 0;
    for c in caption.chars() {
        let w = if c.is_ascii() { 1 } else { 2 };
        if width + w > 26 {
            lines.push(std::mem::take(&mut line));
            width = 0;
        }
        line.push(c);
        width += w;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines.truncate(4);
    lines.join("\n")
}

fn make_one(
    tools: &Tools,
    source: &Source<'_>,
    out: &Path,
    font: Option<&Path>,
) -> Result<(), SampleError> {
    let plan = plan(source.uid);
    let frames = plan.seconds * 24;
    let building = out.with_extension(format!("building-{}.mp4", std::process::id()));
    let caption_file = out.with_extension(format!("caption-{}.txt", std::process::id()));
    let write_error = |path: &Path| {
        let path = path.display().to_string();
        move |source| SampleError::Write { path, source }
    };
    std::fs::write(&caption_file, wrap(source.caption)).map_err(write_error(&caption_file))?;
    // A slow zoom and drift over the picture (or over moving colour when there is none).
    let (input, scene): (Vec<String>, String) = match &source.picture {
        Some(picture) => (
            vec![
                "-loop".into(),
                "1".into(),
                "-framerate".into(),
                "24".into(),
                "-i".into(),
                picture.display().to_string(),
            ],
            format!(
                "[0:v]scale=720:1280:flags=bicubic,zoompan=z='1+0.3*on/{frames}':\
                 x='iw/2-(iw/zoom/2)+{drift}*on*0.4':y='ih/2-(ih/zoom/2)':d=1:s=360x640:fps=24",
                drift = plan.drift
            ),
        ),
        None => (
            vec![
                "-f".into(),
                "lavfi".into(),
                "-i".into(),
                "gradients=s=360x640:r=24:speed=0.02".into(),
            ],
            "[0:v]null".into(),
        ),
    };
    let text = match font {
        Some(font) => format!(
            ",drawtext=fontfile='{}':textfile='{}':fontcolor=white:fontsize=22:line_spacing=8:\
             box=1:boxcolor=black@0.45:boxborderw=10:x=(w-text_w)/2:y=h-150-6*sin(t)",
            escape(font),
            escape(&caption_file)
        ),
        None => String::new(),
    };
    let graph = format!("{scene}{text},format=yuv420p[v]");
    // Plucked notes twice a second (an envelope that starts and ends at zero: no clicks), stepping
    // up an arpeggio, over a quiet bass.
    let music = format!(
        "aevalsrc='0.22*sin(PI*mod(t*2,1))*sin(2*PI*{b}*(1+0.25*mod(floor(t*2),4))*t)\
         +0.08*sin(2*PI*{half}*t)':s=44100:d={d}",
        b = plan.base,
        half = plan.base / 2.0,
        d = plan.seconds
    );
    let output = Command::new(&tools.ffmpeg)
        .args(["-nostdin", "-loglevel", "error", "-y"])
        .args(&input)
        .args(["-f", "lavfi", "-i"])
        .arg(&music)
        .arg("-filter_complex")
        .arg(&graph)
        .args(["-map", "[v]", "-map", "1:a", "-t"])
        .arg(plan.seconds.to_string())
        .args([
            "-c:v",
            "libx264",
            "-preset",
            "veryfast",
            "-crf",
            "30",
            "-c:a",
            "aac",
            "-b:a",
            "64k",
            "-movflags",
            "+faststart",
            "-f",
            "mp4",
        ])
        .arg(&building)
        .stdin(Stdio::null())
        .output();
    let removed = std::fs::remove_file(&caption_file);
    let output =
        output.map_err(|e| SampleError::VideoFailed(format!("could not run ffmpeg: {e}")))?;
    if !output.status.success() {
        let _ = std::fs::remove_file(&building);
        return Err(SampleError::VideoFailed(format!(
            "ffmpeg could not make the video of {}: {}",
            source.uid,
            String::from_utf8_lossy(&output.stderr).trim()
        )));
    }
    removed.map_err(write_error(&caption_file))?;
    std::fs::rename(&building, out).map_err(write_error(out))
}

/// A path inside a quoted filter option: a `'` closes the quote, is escaped, and reopens it.
fn escape(path: &Path) -> String {
    path.display().to_string().replace('\'', "'\\''")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plans_are_seeded_by_the_id_and_within_range() {
        let a = plan("7396166465146813681");
        let b = plan("7396166465146813681");
        assert_eq!((a.seconds, a.base, a.drift), (b.seconds, b.base, b.drift));
        for uid in ["1", "2", "3", "x", "7363374768928219360"] {
            assert!((6..=20).contains(&plan(uid).seconds));
        }
    }

    #[test]
    fn captions_wrap_to_the_frame() {
        let text = wrap("缙云山的云海，凌晨五点起床值了 #重庆旅游攻略 #自然风光");
        assert!(text.lines().all(|l| l.chars().count() <= 26));
        assert!(text.lines().count() >= 2);
        assert_eq!(wrap("short"), "short");
    }
}
