//! Images decoded off the UI thread, kept as textures under a memory bound (least recently
//! used first out).

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
        if received || self.entries.values().any(|e| matches!(e, Entry::Loading)) {
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
}
