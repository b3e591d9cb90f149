//! Images decoded off the UI thread, kept as textures under a memory bound (least recently
//! used first out), and video keyframes extracted with ffmpeg when it is installed.

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};

/// Textures above this many bytes push out the least recently shown ones.
const TEXTURE_BUDGET: usize = 256 * 1024 * 1024;
/// Images are scaled down to fit this many pixels on their longer side.
const MAX_SIDE: u32 = 1024;

pub enum Picture<'a> {
    Loading,
    Ready(&'a egui::TextureHandle),
    Failed(&'a str),
}

enum Entry {
    Loading,
    Ready(egui::TextureHandle, usize),
    Failed(String),
}

type Decoded = (PathBuf, Result<egui::ColorImage, String>);

pub struct ImageLoader {
    requests: Option<Sender<PathBuf>>,
    results: Receiver<Decoded>,
    entries: HashMap<PathBuf, Entry>,
    recent: VecDeque<PathBuf>,
    bytes: usize,
    keyframes: Keyframes,
}

fn decode(path: &Path) -> Result<egui::ColorImage, String> {
    let image = image::open(path).map_err(|e| e.to_string())?;
    let image = if image.width().max(image.height()) > MAX_SIDE {
        image.thumbnail(MAX_SIDE, MAX_SIDE)
    } else {
        image
    };
    let rgba = image.to_rgba8();
    let size = [rgba.width() as usize, rgba.height() as usize];
    Ok(egui::ColorImage::from_rgba_unmultiplied(
        size,
        rgba.as_raw(),
    ))
}

impl ImageLoader {
    pub fn new() -> ImageLoader {
        let (request_tx, request_rx) = channel::<PathBuf>();
        let (result_tx, result_rx) = channel();
        let worker = std::thread::Builder::new()
            .name("codingdesk-images".into())
            .spawn(move || {
                for path in request_rx {
                    let decoded = decode(&path);
                    if result_tx.send((path, decoded)).is_err() {
                        break;
                    }
                }
            });
        ImageLoader {
            requests: worker.ok().map(|_| request_tx),
            results: result_rx,
            entries: HashMap::new(),
            recent: VecDeque::new(),
            bytes: 0,
            keyframes: Keyframes::new(),
        }
    }

    /// Takes decoded images into textures; call once a frame.
    pub fn poll(&mut self, ctx: &egui::Context) {
        let mut received = false;
        while let Ok((path, decoded)) = self.results.try_recv() {
            received = true;
            let entry = match decoded {
                Ok(image) => {
                    let bytes = image.pixels.len() * 4;
                    let name = path.display().to_string();
                    let texture = ctx.load_texture(name, image, egui::TextureOptions::LINEAR);
                    self.bytes += bytes;
                    Entry::Ready(texture, bytes)
                }
                Err(message) => Entry::Failed(message),
            };
            self.entries.insert(path, entry);
        }
        while self.bytes > TEXTURE_BUDGET {
            let Some(oldest) = self.recent.pop_front() else {
                break;
            };
            if let Some(Entry::Ready(_, bytes)) = self.entries.remove(&oldest) {
                self.bytes -= bytes;
            }
        }
        if received
            || self.entries.values().any(|e| matches!(e, Entry::Loading))
            || self.keyframes.busy()
        {
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        }
    }

    pub fn get(&mut self, path: &Path) -> Picture<'_> {
        if !self.entries.contains_key(path) {
            match &self.requests {
                Some(requests) if requests.send(path.to_owned()).is_ok() => {
                    self.entries.insert(path.to_owned(), Entry::Loading);
                }
                _ => {
                    self.entries.insert(
                        path.to_owned(),
                        Entry::Failed("the image loader is not running".into()),
                    );
                }
            }
        }
        self.recent.retain(|p| p != path);
        self.recent.push_back(path.to_owned());
        match self.entries.get(path) {
            Some(Entry::Ready(texture, _)) => Picture::Ready(texture),
            Some(Entry::Failed(message)) => Picture::Failed(message),
            _ => Picture::Loading,
        }
    }

    pub fn keyframes(&mut self, video: &Path, cache: &Path) -> KeyframeState {
        self.keyframes.get(video, cache)
    }
}

pub enum KeyframeState {
    NoFfmpeg,
    Extracting,
    Ready(Vec<PathBuf>),
    Failed(String),
}

/// A video and its keyframes (or why there are none).
type Extracted = (PathBuf, Result<Vec<PathBuf>, String>);

/// Keyframes of videos, extracted by ffmpeg on a background thread into the project's cache.
struct Keyframes {
    ffmpeg: Option<PathBuf>,
    results: (Sender<Extracted>, Receiver<Extracted>),
    done: HashMap<PathBuf, Result<Vec<PathBuf>, String>>,
    running: Vec<PathBuf>,
}

fn find_ffmpeg() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("ffmpeg"))
        .find(|candidate| candidate.is_file())
}

impl Keyframes {
    fn new() -> Keyframes {
        Keyframes {
            ffmpeg: find_ffmpeg(),
            results: channel(),
            done: HashMap::new(),
            running: Vec::new(),
        }
    }

    fn busy(&self) -> bool {
        !self.running.is_empty()
    }

    fn get(&mut self, video: &Path, cache: &Path) -> KeyframeState {
        while let Ok((path, result)) = self.results.1.try_recv() {
            self.running.retain(|p| *p != path);
            self.done.insert(path, result);
        }
        let Some(ffmpeg) = self.ffmpeg.clone() else {
            return KeyframeState::NoFfmpeg;
        };
        if let Some(result) = self.done.get(video) {
            return match result {
                Ok(frames) => KeyframeState::Ready(frames.clone()),
                Err(message) => KeyframeState::Failed(message.clone()),
            };
        }
        if !self.running.iter().any(|p| p == video) {
            self.running.push(video.to_owned());
            let sender = self.results.0.clone();
            let asked = video;
            let (video, cache) = (video.to_owned(), cache.to_owned());
            let started = std::thread::Builder::new()
                .name("codingdesk-keyframes".into())
                .spawn(move || {
                    let result = extract(&ffmpeg, &video, &cache);
                    // Nobody waits any more when the window has closed.
                    if sender.send((video, result)).is_err() {
                        eprintln!("codingdesk: keyframes finished after the window closed");
                    }
                });
            if let Err(error) = started {
                self.running.retain(|p| p.as_path() != asked);
                self.done.insert(
                    asked.to_owned(),
                    Err(format!("could not start extracting keyframes: {error}")),
                );
            }
        }
        KeyframeState::Extracting
    }
}

/// Four frames spread over the video, scaled to 320 px wide, cached by the video's name.
fn extract(ffmpeg: &Path, video: &Path, cache: &Path) -> Result<Vec<PathBuf>, String> {
    let stem = video
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "video".into());
    let folder = cache.join("keyframes").join(stem);
    let existing = |folder: &Path| -> Vec<PathBuf> {
        let mut frames: Vec<PathBuf> = std::fs::read_dir(folder)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "jpg"))
            .collect();
        frames.sort();
        frames
    };
    let cached = existing(&folder);
    if !cached.is_empty() {
        return Ok(cached);
    }
    std::fs::create_dir_all(&folder).map_err(|e| e.to_string())?;
    let status = std::process::Command::new(ffmpeg)
        .args(["-loglevel", "error", "-y", "-i"])
        .arg(video)
        .args([
            "-vf",
            "thumbnail=60,scale=320:-1",
            "-frames:v",
            "4",
            "-vsync",
            "vfr",
        ])
        .arg(folder.join("frame-%02d.jpg"))
        .status()
        .map_err(|e| format!("could not run ffmpeg: {e}"))?;
    if !status.success() {
        return Err(format!("ffmpeg could not read {}", video.display()));
    }
    Ok(existing(&folder))
}
