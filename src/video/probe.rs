//! What a video file holds, read with `ffprobe`: its picture size, frame rate, length and whether
//! it has sound.

use std::path::Path;
use std::process::{Command, Stdio};

use super::{Tools, VideoError};

#[derive(Debug, Clone, PartialEq)]
pub struct VideoInfo {
    pub width: u32,
    pub height: u32,
    /// Frames per second (25 when the file does not say).
    pub fps: f64,
    /// Seconds.
    pub duration: f64,
    pub has_audio: bool,
}

pub fn probe(tools: &Tools, path: &Path) -> Result<VideoInfo, VideoError> {
    let output = Command::new(&tools.ffprobe)
        .args([
            "-v",
            "error",
            "-show_entries",
            "stream=codec_type,width,height,avg_frame_rate,r_frame_rate:format=duration",
            "-of",
            "json",
        ])
        .arg(path)
        .stdin(Stdio::null())
        .output()
        .map_err(|source| VideoError::Run {
            program: "ffprobe",
            source,
        })?;
    if !output.status.success() {
        return Err(VideoError::Unreadable {
            file: path.display().to_string(),
            why: first_line(&output.stderr),
        });
    }
    parse(&String::from_utf8_lossy(&output.stdout)).ok_or_else(|| VideoError::Unreadable {
        file: path.display().to_string(),
        why: crate::tr!("video-no-stream"),
    })
}

/// The first line of a program's error output, for a message.
pub(super) fn first_line(stderr: &[u8]) -> String {
    String::from_utf8_lossy(stderr)
        .lines()
        .find(|line| !line.trim().is_empty())
        .unwrap_or("no reason given")
        .trim()
        .to_owned()
}

fn parse(json: &str) -> Option<VideoInfo> {
    let value: serde_json::Value = serde_json::from_str(json).ok()?;
    let streams = value.get("streams")?.as_array()?;
    let video = streams
        .iter()
        .find(|s| s.get("codec_type").and_then(|t| t.as_str()) == Some("video"))?;
    let has_audio = streams
        .iter()
        .any(|s| s.get("codec_type").and_then(|t| t.as_str()) == Some("audio"));
    let number = |v: &serde_json::Value, key: &str| v.get(key).and_then(|n| n.as_u64());
    let rate = |key: &str| {
        let text = video.get(key)?.as_str()?;
        let (num, den) = text.split_once('/')?;
        let (num, den): (f64, f64) = (num.parse().ok()?, den.parse().ok()?);
        (num > 0.0 && den > 0.0).then_some(num / den)
    };
    let fps = rate("avg_frame_rate")
        .or_else(|| rate("r_frame_rate"))
        .filter(|fps| (1.0..=240.0).contains(fps))
        .unwrap_or(25.0);
    let duration = value
        .get("format")?
        .get("duration")?
        .as_str()?
        .parse::<f64>()
        .ok()
        .filter(|d| d.is_finite() && *d > 0.0)?;
    Some(VideoInfo {
        width: u32::try_from(number(video, "width")?).ok()?,
        height: u32::try_from(number(video, "height")?).ok()?,
        fps,
        duration,
        has_audio,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ffprobe_output_gives_size_rate_length_and_sound() {
        let json = r#"{"programs":[],"streams":[
            {"codec_type":"video","width":360,"height":640,"r_frame_rate":"30/1","avg_frame_rate":"30/1"},
            {"codec_type":"audio","r_frame_rate":"0/0","avg_frame_rate":"0/0"}],
            "format":{"duration":"3.000000"}}"#;
        assert_eq!(
            parse(json),
            Some(VideoInfo {
                width: 360,
                height: 640,
                fps: 30.0,
                duration: 3.0,
                has_audio: true
            })
        );
    }

    #[test]
    fn a_picture_only_or_damaged_answer_is_not_a_video() {
        assert_eq!(parse("{}"), None);
        assert_eq!(parse("not json"), None);
        let audio_only = r#"{"streams":[{"codec_type":"audio"}],"format":{"duration":"2.0"}}"#;
        assert_eq!(parse(audio_only), None);
        let no_rate = r#"{"streams":[{"codec_type":"video","width":2,"height":2,"avg_frame_rate":"0/0"}],"format":{"duration":"1.5"}}"#;
        assert_eq!(parse(no_rate).map(|i| i.fps), Some(25.0));
    }
}
