//! Escaping text for XML and HTML: the one leaf every writer of markup (the report, charts' SVG,
//! the REFI-QDA codebook) uses, so that none of them needs another for it.

/// Escapes text for an XML attribute or element; drops characters XML 1.0 cannot hold.
pub fn xml_escape(text: &str) -> String {
    escape(text, true)
}

/// Escapes text for the content of an HTML element (not an attribute): `&`, `<` and `>`, so
/// that sentences keep their apostrophes readable in the file ("Krippendorff's α").
pub fn html_text(text: &str) -> String {
    escape(text, false)
}

/// `quotes`: whether `"` and `'` are escaped too (needed inside attributes only).
fn escape(text: &str, quotes: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if quotes => out.push_str("&quot;"),
            '\'' if quotes => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn element_text_keeps_quotes_and_escapes_markup() {
        assert_eq!(
            html_text("Krippendorff's α <b> & \"c\""),
            "Krippendorff's α &lt;b&gt; &amp; \"c\""
        );
    }

    #[test]
    fn markup_and_control_characters_are_escaped_or_dropped() {
        assert_eq!(xml_escape("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
        assert_eq!(xml_escape("重庆 'x'\n"), "重庆 &apos;x&apos;\n");
    }
}
