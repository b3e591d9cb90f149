//! Columns of the command line's plain-text tables. Rust's `{:<20}` counts characters, but a
//! terminal gives a Chinese, Japanese or Korean character two columns, so a coder called 李娜 or
//! a category labelled 自然风光 would push the rest of its row out of line.

use unicode_width::UnicodeWidthStr;

/// How many terminal columns `text` takes.
pub fn width(text: &str) -> usize {
    text.width()
}

/// The widest of `texts` in terminal columns, and at least `minimum`.
pub fn widest<'a>(texts: impl IntoIterator<Item = &'a str>, minimum: usize) -> usize {
    texts.into_iter().map(width).max().unwrap_or(0).max(minimum)
}

/// `text` followed by spaces up to `columns` (nothing is added when it is already as wide).
pub fn left(text: &str, columns: usize) -> String {
    format!("{text}{}", " ".repeat(columns.saturating_sub(width(text))))
}

/// `text` after spaces up to `columns`.
pub fn right(text: &str, columns: usize) -> String {
    format!("{}{text}", " ".repeat(columns.saturating_sub(width(text))))
}

/// `text` cut to `columns` (its last column an ellipsis when cut), then padded like `left`.
pub fn fit(text: &str, columns: usize) -> String {
    if width(text) <= columns {
        return left(text, columns);
    }
    let mut kept = String::new();
    let mut used = 0;
    for c in text.chars() {
        let c_width = width(c.encode_utf8(&mut [0; 4]));
        if used + c_width + 1 > columns {
            break;
        }
        kept.push(c);
        used += c_width;
    }
    kept.push('…');
    left(&kept, columns)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_characters_take_two_columns() {
        assert_eq!(width("李娜"), 4);
        assert_eq!(left("李娜", 6), "李娜  ");
        assert_eq!(left("Li Na", 6), "Li Na ");
        assert_eq!(right("王浩", 5), " 王浩");
        assert_eq!(widest(["ab", "自然风光"], 3), 8);
        assert_eq!(widest([], 3), 3);
    }

    #[test]
    fn fit_cuts_wide_text_at_a_column_boundary() {
        assert_eq!(fit("自然风光", 8), "自然风光");
        // 6 columns: two wide characters, the ellipsis and a space; never half a character.
        assert_eq!(fit("自然风光", 6), "自然… ");
        assert_eq!(width(&fit("自然风光", 6)), 6);
        assert_eq!(fit("自然风光", 5), "自然…");
        assert_eq!(fit("Natural landscape", 8), "Natural…");
        assert_eq!(fit("text", 0), "…");
    }
}
