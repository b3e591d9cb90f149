//! Recognising scraper columns (TikTok, Douyin, Xiaohongshu, Weibo, Chinese headers) and parsing
//! the values platforms display: `1.2万` likes, epoch-millisecond dates, `01:05` durations.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};

use crate::model::UnitField;

/// Lower-cases and drops separators so that `digg_count`, `diggCount` and `Digg Count` match.
pub fn normalize(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, '_' | '-' | ' ' | '.' | '(' | ')' | '（' | '）'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Known column names per field, already normalized.
const ALIASES: &[(UnitField, &[&str])] = &[
    (
        UnitField::Id,
        &[
            "id", "uid", "unitid", "awemeid", "noteid", "mid", "videoid", "postid", "itemid",
            "视频id", "笔记id", "微博id", "编号",
        ],
    ),
    (UnitField::Platform, &["platform", "平台"]),
    (
        UnitField::Url,
        &[
            "url",
            "link",
            "shareurl",
            "weburl",
            "tiktokurl",
            "awemeurl",
            "webvideourl",
            "noteurl",
            "posturl",
            "链接",
            "视频链接",
            "笔记链接",
        ],
    ),
    (
        UnitField::Account,
        &[
            "account",
            "author",
            "uniqueid",
            "authorname",
            "authoruniqueid",
            "authornickname",
            "authorusername",
            "authormetaname",
            "nickname",
            "username",
            "screenname",
            "user",
            "作者",
            "账号",
            "博主",
            "用户名",
            "昵称",
        ],
    ),
    (
        UnitField::PublishedAt,
        &[
            "publishedat",
            "published",
            "createtime",
            "createdat",
            "publishtime",
            "posttime",
            "timestamp",
            "unixtimestamp",
            "videotimestamp",
            "time",
            "date",
            "发布时间",
            "时间",
            "日期",
        ],
    ),
    (UnitField::Title, &["title", "标题"]),
    (
        UnitField::Caption,
        &[
            "caption",
            "desc",
            "description",
            "videodescription",
            "body",
            "text",
            "content",
            "描述",
            "文案",
            "正文",
            "内容",
        ],
    ),
    (
        UnitField::DurationS,
        &[
            "durations",
            "duration",
            "durationsec",
            "videoduration",
            "时长",
            "视频时长",
        ],
    ),
    (
        UnitField::Plays,
        &[
            "plays",
            "playcount",
            "videoplaycount",
            "views",
            "viewcount",
            "播放量",
            "播放数",
        ],
    ),
    (
        UnitField::Likes,
        &[
            "likes",
            "diggcount",
            "videodiggcount",
            "likecount",
            "likedcount",
            "likescount",
            "attitudescount",
            "点赞",
            "点赞数",
            "点赞量",
        ],
    ),
    (
        UnitField::Comments,
        &[
            "comments",
            "commentcount",
            "videocommentcount",
            "commentscount",
            "评论",
            "评论数",
            "评论量",
        ],
    ),
    (
        UnitField::Shares,
        &[
            "shares",
            "sharecount",
            "videosharecount",
            "sharedcount",
            "repostscount",
            "reposts",
            "forwardcount",
            "转发",
            "转发数",
            "分享",
            "分享数",
        ],
    ),
    (
        UnitField::Favorites,
        &[
            "favorites",
            "favourites",
            "collectcount",
            "collectedcount",
            "favoritecount",
            "favoritescount",
            "收藏",
            "收藏数",
            "收藏量",
        ],
    ),
    (
        UnitField::Media,
        &["media", "mediapaths", "files", "媒体", "图片"],
    ),
    (
        UnitField::Video,
        &[
            "video",
            "videourl",
            "videopath",
            "videofile",
            "视频",
            "视频链接",
            "视频地址",
        ],
    ),
];

/// The field a column name stands for, trying the whole name and then its last dotted part
/// (`stats.diggCount` → `diggCount`). `duration_ms` is handled by [`duration_in_ms`].
pub fn field_for_column(column: &str) -> Option<UnitField> {
    let lookup = |name: &str| {
        let normalized = normalize(name);
        ALIASES
            .iter()
            .find(|(_, names)| names.contains(&normalized.as_str()))
            .map(|(field, _)| *field)
    };
    if duration_in_ms(column) {
        return Some(UnitField::DurationS);
    }
    lookup(column).or_else(|| {
        // Nested scraper fields (`stats.diggCount`, `author.uniqueId`) name the post's own
        // values only under these parents; `music.title` is not the post's title.
        let (parent, last) = column.rsplit_once('.')?;
        let parent = normalize(parent.rsplit('.').next().unwrap_or(parent));
        NESTED_PARENTS
            .contains(&parent.as_str())
            .then(|| lookup(last))
            .flatten()
    })
}

const NESTED_PARENTS: &[&str] = &[
    // Zeeschuimer nests each post under `data` (data.id, data.desc, data.createTime).
    "data",
    "stats",
    "statistics",
    "author",
    "authormeta",
    "video",
    "videometa",
    "user",
    "interactinfo",
    "noteinfo",
    "aweme",
    "post",
];

/// Columns that give a duration in milliseconds.
pub fn duration_in_ms(column: &str) -> bool {
    matches!(normalize(column).as_str(), "durationms" | "videodurationms")
}

/// Whether a duration column of this file is in milliseconds: by its name, or 4CAT's Douyin
/// export (recognised by its `prevent_download` column), whose `video_duration` is Douyin's own
/// duration in milliseconds (the TikTok Research API's `video_duration` is in seconds).
pub fn duration_column_in_ms(column: &str, headers: &[String]) -> bool {
    duration_in_ms(column)
        || normalize(column) == "videoduration"
            && headers.iter().any(|h| normalize(h) == "preventdownload")
}

/// What collection tools write where they have no value (4CAT's "Unknown" and "N/A"): no value,
/// not a bad one, in a count, date or duration column.
pub fn is_missing_marker(text: &str) -> bool {
    // Called on every count and date of an import: no allocation.
    const MARKERS: [&str; 9] = [
        "unknown",
        "n/a",
        "na",
        "none",
        "null",
        "nan",
        "-",
        "—",
        "$undefined",
    ];
    let text = text.trim();
    MARKERS.iter().any(|m| m.eq_ignore_ascii_case(text))
}

/// The platform a post's address names (4CAT's RedNote export has no other sign of it).
pub fn platform_from_url(url: &str) -> Option<&'static str> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = rest.split(['/', '?', '#']).next()?.to_lowercase();
    let on = |domain: &str| host == domain || host.ends_with(&format!(".{domain}"));
    [
        ("tiktok.com", "tiktok"),
        ("douyin.com", "douyin"),
        ("iesdouyin.com", "douyin"),
        ("xiaohongshu.com", "xiaohongshu"),
        ("xhslink.com", "xiaohongshu"),
        ("weibo.com", "weibo"),
        ("weibo.cn", "weibo"),
        ("bilibili.com", "bilibili"),
        ("youtube.com", "youtube"),
        ("youtu.be", "youtube"),
    ]
    .iter()
    .find(|(domain, _)| on(domain))
    .map(|(_, platform)| *platform)
}

/// The platform a column set reveals, for files that have no platform column.
pub fn platform_hint(columns: &[String]) -> Option<&'static str> {
    for column in columns {
        let last = column.rsplit('.').next().unwrap_or(column);
        // MediaCrawler's weibo table has note_id too: its own columns decide first.
        if matches!(
            normalize(last).as_str(),
            "mid" | "attitudescount" | "sharedcount" | "createdatetime"
        ) {
            return Some("weibo");
        }
    }
    for column in columns {
        let last = column.rsplit('.').next().unwrap_or(column);
        match normalize(last).as_str() {
            // MediaCrawler, 4CAT's Douyin export.
            "awemeid" | "preventdownload" | "awemeurl" => return Some("douyin"),
            "noteid" => return Some("xiaohongshu"),
            // 4CAT, the Research API, pyktok.
            "tiktokurl" | "voicetotext" | "hashtagnames" | "videodiggcount" => {
                return Some("tiktok");
            }
            _ => {}
        }
        if last == "diggCount" || last == "playCount" {
            return Some("tiktok");
        }
    }
    None
}

/// Parses a count as platforms display it: `1234`, `1,234`, `1.2万`, `3.4w`, `1.5亿`, `12k`,
/// `2.3M`. Returns `None` for text that is not a count; empty input is handled by the caller.
pub fn parse_count(text: &str) -> Option<i64> {
    // Most counts are plain digits: read them without building a cleaned copy.
    let plain = text.trim();
    if !plain.is_empty() && plain.len() <= 15 && plain.bytes().all(|b| b.is_ascii_digit()) {
        return plain.parse().ok();
    }
    let cleaned: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, ',' | '，' | ' ' | '+' | '_'))
        .collect();
    let (number, factor) = match cleaned.char_indices().last() {
        Some((at, '万' | 'w' | 'W')) => (&cleaned[..at], 1e4),
        Some((at, '亿')) => (&cleaned[..at], 1e8),
        Some((at, '千' | 'k' | 'K')) => (&cleaned[..at], 1e3),
        Some((at, 'm' | 'M')) => (&cleaned[..at], 1e6),
        _ => (cleaned.as_str(), 1.0),
    };
    if number.is_empty() || !number.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    let value = number.parse::<f64>().ok()? * factor;
    count_from_number(value)
}

/// A count from a spreadsheet or JSON number: finite, not negative, rounded.
pub fn count_from_number(value: f64) -> Option<i64> {
    (0.0..9e15).contains(&value).then(|| value.round() as i64)
}

/// Parses a duration in seconds: `56`, `56.5`, `56s`, `56秒`, `01:05`, `1:02:03`.
pub fn parse_duration(text: &str) -> Option<f64> {
    let text = text.trim();
    let text = text
        .strip_suffix('s')
        .or_else(|| text.strip_suffix('秒'))
        .unwrap_or(text)
        .trim();
    if text.contains(':') {
        let mut seconds = 0.0;
        for part in text.split(':') {
            let value: f64 = part.trim().parse().ok()?;
            if !(0.0..60.0).contains(&value) && seconds > 0.0 {
                return None;
            }
            seconds = seconds * 60.0 + value;
        }
        return Some(seconds);
    }
    text.parse::<f64>()
        .ok()
        .filter(|value| value.is_finite() && *value >= 0.0)
}

fn from_epoch(value: f64) -> Option<String> {
    // Epoch milliseconds are 13 digits for any date this century; seconds are 10.
    let seconds = if value.abs() >= 1e11 {
        value / 1000.0
    } else {
        value
    };
    if !(0.0..=4.1e9).contains(&seconds) {
        return None;
    }
    // The same text as "%Y-%m-%dT%H:%M:%SZ", without parsing a format for every row.
    Utc.timestamp_opt(seconds.floor() as i64, 0)
        .single()
        .map(|moment| moment.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
}

const DATE_TIME_FORMATS: &[&str] = &[
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y.%m.%d %H:%M:%S",
    "%Y.%m.%d %H:%M",
    "%Y年%m月%d日 %H:%M:%S",
    "%Y年%m月%d日 %H:%M",
    "%Y年%m月%d日%H:%M",
];

const DATE_FORMATS: &[&str] = &["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d"];

/// Parses a publication time into the stored ISO 8601 form (see [`crate::model::Unit`]).
pub fn parse_date_time(text: &str) -> Option<String> {
    let text = text.trim();
    if !text.is_empty() && text.chars().all(|c| c.is_ascii_digit() || c == '.') && text.len() != 8 {
        return text.parse::<f64>().ok().and_then(from_epoch);
    }
    let without_fraction = match text.split_once('.') {
        Some((head, tail)) if tail.chars().all(|c| c.is_ascii_digit()) && head.contains(':') => {
            head
        }
        _ => text,
    };
    if let Ok(moment) = DateTime::parse_from_rfc3339(text) {
        return Some(moment.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
    }
    // Weibo: "Tue Jan 02 14:05:00 +0800 2024".
    if let Ok(moment) = DateTime::parse_from_str(text, "%a %b %d %H:%M:%S %z %Y") {
        return Some(moment.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
    }
    for format in DATE_TIME_FORMATS {
        if let Ok(moment) = NaiveDateTime::parse_from_str(without_fraction, format) {
            return Some(moment.format("%Y-%m-%dT%H:%M:%S").to_string());
        }
    }
    for format in DATE_FORMATS {
        if let Ok(date) = NaiveDate::parse_from_str(text, format) {
            return Some(date.format("%Y-%m-%d").to_string());
        }
    }
    None
}

/// A date from a number cell (spreadsheet or JSON): an epoch in seconds or milliseconds.
pub fn date_from_number(value: f64) -> Option<String> {
    from_epoch(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scraper_columns_are_recognised() {
        assert_eq!(field_for_column("diggCount"), Some(UnitField::Likes));
        assert_eq!(field_for_column("digg_count"), Some(UnitField::Likes));
        assert_eq!(field_for_column("stats.diggCount"), Some(UnitField::Likes));
        assert_eq!(
            field_for_column("author.uniqueId"),
            Some(UnitField::Account)
        );
        assert_eq!(field_for_column("aweme_id"), Some(UnitField::Id));
        assert_eq!(field_for_column("liked_count"), Some(UnitField::Likes));
        assert_eq!(field_for_column("attitudes_count"), Some(UnitField::Likes));
        assert_eq!(field_for_column("reposts_count"), Some(UnitField::Shares));
        assert_eq!(
            field_for_column("collected_count"),
            Some(UnitField::Favorites)
        );
        assert_eq!(field_for_column("createTime"), Some(UnitField::PublishedAt));
        assert_eq!(field_for_column("点赞数"), Some(UnitField::Likes));
        assert_eq!(field_for_column("duration_ms"), Some(UnitField::DurationS));
        assert_eq!(field_for_column("webVideoUrl"), Some(UnitField::Url));
        assert_eq!(field_for_column("gdp"), None);
        assert_eq!(field_for_column("music.title"), None);
        assert_eq!(
            field_for_column("video.duration"),
            Some(UnitField::DurationS)
        );
    }

    #[test]
    fn platforms_are_told_by_their_columns() {
        let columns = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        assert_eq!(
            platform_hint(&columns(&["aweme_id", "digg_count"])),
            Some("douyin")
        );
        assert_eq!(
            platform_hint(&columns(&["id", "diggCount"])),
            Some("tiktok")
        );
        assert_eq!(platform_hint(&columns(&["mid", "text"])), Some("weibo"));
        assert_eq!(platform_hint(&columns(&["note_id"])), Some("xiaohongshu"));
        assert_eq!(platform_hint(&columns(&["id", "likes"])), None);
    }

    #[test]
    fn counts_in_platform_notation() {
        assert_eq!(parse_count("1234"), Some(1234));
        assert_eq!(parse_count(" 0042 "), Some(42));
        assert_eq!(parse_count("999999999999999"), Some(999_999_999_999_999));
        assert_eq!(parse_count("99999999999999999"), None, "beyond 9e15");
        assert_eq!(parse_count("1,234"), Some(1234));
        assert_eq!(parse_count("1.2万"), Some(12_000));
        assert_eq!(parse_count("3.4w"), Some(34_000));
        assert_eq!(parse_count("1.5亿"), Some(150_000_000));
        assert_eq!(parse_count("12k"), Some(12_000));
        assert_eq!(parse_count("7345.0万"), Some(73_450_000));
        assert_eq!(parse_count("10万+"), Some(100_000));
        assert_eq!(parse_count("abc"), None);
        assert_eq!(parse_count("-5"), None);
        assert_eq!(parse_count("万"), None);
        assert_eq!(parse_count("1.2.3"), None);
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("56"), Some(56.0));
        assert_eq!(parse_duration("56s"), Some(56.0));
        assert_eq!(parse_duration("01:05"), Some(65.0));
        assert_eq!(parse_duration("1:02:03"), Some(3723.0));
        assert_eq!(parse_duration("1:75"), None);
        assert_eq!(parse_duration("long"), None);
    }

    #[test]
    fn dates_in_common_shapes() {
        assert_eq!(
            parse_date_time("1704067200").as_deref(),
            Some("2024-01-01T00:00:00Z")
        );
        assert_eq!(
            parse_date_time("1704067200000").as_deref(),
            Some("2024-01-01T00:00:00Z")
        );
        assert_eq!(
            parse_date_time("2024-01-05 20:30:00").as_deref(),
            Some("2024-01-05T20:30:00")
        );
        assert_eq!(
            parse_date_time("2024/1/5 20:30").as_deref(),
            Some("2024-01-05T20:30:00")
        );
        assert_eq!(
            parse_date_time("2024年1月5日 20:30").as_deref(),
            Some("2024-01-05T20:30:00")
        );
        assert_eq!(parse_date_time("2024-01-05").as_deref(), Some("2024-01-05"));
        assert_eq!(parse_date_time("20240105").as_deref(), Some("2024-01-05"));
        assert_eq!(
            parse_date_time("2024-01-05T20:30:00+08:00").as_deref(),
            Some("2024-01-05T20:30:00+08:00")
        );
        assert_eq!(
            parse_date_time("Tue Jan 02 14:05:00 +0800 2024").as_deref(),
            Some("2024-01-02T14:05:00+08:00")
        );
        assert_eq!(
            parse_date_time("2024-01-05 20:30:00.123").as_deref(),
            Some("2024-01-05T20:30:00")
        );
        assert_eq!(parse_date_time("yesterday"), None);
        assert_eq!(parse_date_time("2024-13-45"), None);
    }
}
