//! The REFI-QDA codebook exchange format (`.qdc`, namespace `urn:QDA-XML:codebook:1.0`), which
//! QDA programs such as ATLAS.ti, MAXQDA, NVivo and QDA Miner import. Each variable becomes a
//! code that groups its values (not itself codable); values nest under their parent value as in
//! the codebook. GUIDs are derived from the study's codebook name, the variable key and the code,
//! so exporting twice gives the same file and other programs can match codes across exports.

use crate::markup::xml_escape;
use std::fmt::Write as _;
use std::path::Path;

use super::ExportError;
use crate::model::{CodeValue, Codebook, Variable};
use crate::store::Project;

/// A stable RFC 4122-shaped GUID (version 5 bits, variant 1) from a name: FNV-1a, then the
/// SplitMix64 finaliser so that similar names give unrelated GUIDs. No cryptographic claim.
fn guid(name: &str) -> String {
    let fnv = |seed: u64| {
        name.bytes().fold(seed, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
        })
    };
    let mix = |mut z: u64| {
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    let high = mix(fnv(0xcbf2_9ce4_8422_2325));
    let low = mix(fnv(0x8422_2325_cbf2_9ce4) ^ high);
    let high = (high & 0xffff_ffff_ffff_0fff) | 0x0000_0000_0000_5000;
    let low = (low & 0x3fff_ffff_ffff_ffff) | 0x8000_0000_0000_0000;
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        high >> 32,
        (high >> 16) & 0xffff,
        high & 0xffff,
        low >> 48,
        low & 0xffff_ffff_ffff
    )
}

fn value_description(value: &CodeValue) -> String {
    let mut text = value.definition.clone();
    if !value.examples.is_empty() {
        let _ = write!(text, "\nExamples: {}", value.examples.join("; "));
    }
    if !value.counter_examples.is_empty() {
        let _ = write!(text, "\nNot: {}", value.counter_examples.join("; "));
    }
    if value.retired {
        text.push_str("\n(retired: kept in the data, no longer offered to coders)");
    }
    text.trim().to_owned()
}

fn write_values(
    out: &mut String,
    codebook: &Codebook,
    variable: &Variable,
    parent: Option<i64>,
    depth: usize,
) {
    for value in variable.values.iter().filter(|v| v.parent == parent) {
        let indent = "  ".repeat(depth);
        // Unique across the codebook ("9 None of these" is a value of several variables, and
        // programs that match codes by name clashed): the variable's key first.
        let name = format!("{}: {} {}", variable.key, value.code, value.label);
        let _ = writeln!(
            out,
            "{indent}<Code guid=\"{}\" name=\"{}\" isCodable=\"{}\">",
            guid(&format!(
                "{}/{}/{}",
                codebook.name, variable.key, value.code
            )),
            xml_escape(&name),
            !value.retired
        );
        let description = value_description(value);
        if !description.is_empty() {
            let _ = writeln!(
                out,
                "{indent}  <Description>{}</Description>",
                xml_escape(&description)
            );
        }
        write_values(out, codebook, variable, Some(value.code), depth + 1);
        let _ = writeln!(out, "{indent}</Code>");
    }
}

/// The codebook as a REFI-QDA `.qdc` document.
pub fn qdc_text(codebook: &Codebook) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(
        out,
        "<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\" origin=\"Codingdesk {} (codebook {} version {})\">",
        env!("CARGO_PKG_VERSION"),
        xml_escape(&codebook.name),
        codebook.version
    );
    out.push_str("  <Codes>\n");
    for variable in codebook.variables.iter().filter(|v| v.kind.has_values()) {
        let _ = writeln!(
            out,
            "    <Code guid=\"{}\" name=\"{}\" isCodable=\"false\">",
            guid(&format!("{}/{}", codebook.name, variable.key)),
            xml_escape(&format!("{} ({})", variable.label, variable.key))
        );
        let mut description = variable.definition.clone();
        let _ = write!(
            description,
            "\n{} variable, {} level{}",
            variable.kind,
            variable.level,
            if variable.required { ", required" } else { "" }
        );
        let _ = writeln!(
            out,
            "      <Description>{}</Description>",
            xml_escape(description.trim())
        );
        write_values(&mut out, codebook, variable, None, 3);
        out.push_str("    </Code>\n");
    }
    out.push_str("  </Codes>\n");
    // One set per variable with its values as members, as ATLAS.ti writes code groups (some
    // readers need the element).
    out.push_str("  <Sets>\n");
    for variable in codebook.variables.iter().filter(|v| v.kind.has_values()) {
        let _ = writeln!(
            out,
            "    <Set guid=\"{}\" name=\"{}\">",
            guid(&format!("{}/{}/set", codebook.name, variable.key)),
            xml_escape(&format!("{} ({})", variable.label, variable.key))
        );
        for value in &variable.values {
            let _ = writeln!(
                out,
                "      <MemberCode guid=\"{}\"/>",
                guid(&format!(
                    "{}/{}/{}",
                    codebook.name, variable.key, value.code
                ))
            );
        }
        out.push_str("    </Set>\n");
    }
    out.push_str("  </Sets>\n</CodeBook>\n");
    out
}

/// Writes the project's codebook as a `.qdc` file, its labels in `lang` where the codebook has
/// them (keys and codes, and so the GUIDs, are the same in every language).
pub fn qdc(project: &Project, path: &Path, lang: crate::i18n::Lang) -> Result<(), ExportError> {
    let text = qdc_text(&project.codebook()?.localized(lang));
    std::fs::write(path, text).map_err(|source| ExportError::Write {
        file: path.display().to_string(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guids_are_stable_distinct_and_rfc4122_shaped() {
        let a = guid("tiktok-six/theme/1");
        assert_eq!(a, guid("tiktok-six/theme/1"));
        let b = guid("tiktok-six/theme/2");
        assert_ne!(a[..8], b[..8], "similar names, unrelated GUIDs: {a} {b}");
        let parts: Vec<&str> = a.split('-').collect();
        assert_eq!(
            parts.iter().map(|p| p.len()).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12]
        );
        assert!(parts[2].starts_with('5'), "version 5: {a}");
        assert!(
            matches!(&parts[3][..1], "8" | "9" | "a" | "b"),
            "variant: {a}"
        );
    }

    #[test]
    fn every_value_is_a_code_nested_under_its_variable_and_parent() {
        let codebook = crate::codebook::load_codebook("city-image").unwrap();
        let text = qdc_text(&codebook);
        let opened = text.matches("<Code ").count();
        let closed = text.matches("</Code>").count();
        assert_eq!(opened, closed, "balanced");
        let values: usize = codebook
            .variables
            .iter()
            .filter(|v| v.kind.has_values())
            .map(|v| v.values.len() + 1)
            .sum();
        assert_eq!(opened, values);
        assert!(text.contains("xmlns=\"urn:QDA-XML:codebook:1.0\""));
        // Code names are unique; one set per variable lists its values.
        let names: Vec<&str> = text
            .split("<Code ")
            .skip(1)
            .map(|element| {
                let rest = &element[element.find(" name=\"").unwrap() + 7..];
                &rest[..rest.find('"').unwrap()]
            })
            .collect();
        let mut unique = names.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), names.len(), "duplicate code names");
        let sets = text.matches("<Set ").count();
        assert_eq!(
            sets,
            codebook
                .variables
                .iter()
                .filter(|v| v.kind.has_values())
                .count()
        );
        assert_eq!(text.matches("<MemberCode ").count(), values - sets);
    }
}
