//! Turning a text file's bytes into a string: UTF-8 (with or without BOM), UTF-16 with BOM, or
//! GBK/GB18030 as Chinese Windows tools write it. Detection is strict: a file that is neither
//! is refused with the line of the first bad byte, never decoded into replacement characters.

use encoding_rs::{DecoderResult, Encoding, GB18030, UTF_8};

/// A decoded file and the name of the encoding it was read with.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
}

fn line_at(bytes: &[u8], offset: usize) -> usize {
    bytes[..offset.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Decodes strictly; on malformed input returns the byte offset of the first bad sequence.
fn decode_strict(encoding: &'static Encoding, bytes: &[u8]) -> Result<String, usize> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len() * 3 + 16);
    let mut text = String::with_capacity(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut text, true);
    match result {
        DecoderResult::InputEmpty => Ok(text),
        DecoderResult::Malformed(bad, extra) => {
            Err(read.saturating_sub(bad as usize + extra as usize))
        }
        // The buffer was sized for the whole input; treat a short buffer as a failure at the end.
        DecoderResult::OutputFull => Err(read),
    }
}

/// Decodes `bytes`, detecting the encoding unless `forced` names one (an encoding_rs label such
/// as `gbk`, `gb18030`, `utf-8`, `big5`, `utf-16le`).
pub fn decode(bytes: &[u8], forced: Option<&str>) -> Result<Decoded, String> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(crate::tr!("import-empty"));
    }
    if let Some(label) = forced {
        let encoding = Encoding::for_label(label.trim().as_bytes())
            .ok_or_else(|| format!("unknown encoding '{label}' (try utf-8, gbk, gb18030, big5)"))?;
        let body = match Encoding::for_bom(bytes) {
            Some((bom_encoding, length)) if bom_encoding == encoding => &bytes[length..],
            _ => bytes,
        };
        return decode_strict(encoding, body)
            .map(|text| Decoded {
                text,
                encoding: encoding.name(),
            })
            .map_err(|offset| {
                crate::tr!(
                    "import-invalid-bytes",
                    line = line_at(body, offset),
                    encoding = encoding.name()
                )
            });
    }
    if let Some((encoding, length)) = Encoding::for_bom(bytes) {
        let body = &bytes[length..];
        return decode_strict(encoding, body)
            .map(|text| Decoded {
                text,
                encoding: if encoding == UTF_8 {
                    "UTF-8 with BOM"
                } else {
                    encoding.name()
                },
            })
            .map_err(|offset| {
                crate::tr!(
                    "import-invalid-bytes-bom",
                    line = line_at(body, offset),
                    encoding = encoding.name()
                )
            });
    }
    if bytes.contains(&0) {
        return Err(crate::tr!("import-binary"));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Decoded {
            text: text.to_owned(),
            encoding: "UTF-8",
        }),
        Err(utf8_error) => match decode_strict(GB18030, bytes) {
            Ok(text) => Ok(Decoded {
                text,
                encoding: "GBK/GB18030",
            }),
            Err(gbk_offset) => Err(format!(
                "the file is neither UTF-8 (bad bytes on line {}) nor GBK/GB18030 (bad bytes on line {}); \
                 save it as UTF-8 or name its encoding with --encoding",
                line_at(bytes, utf8_error.valid_up_to()),
                line_at(bytes, gbk_offset)
            )),
        },
    }
}

/// Like [`decode`], but takes the bytes: plain UTF-8 (the common case) becomes the string
/// without a copy.
pub fn decode_owned(bytes: Vec<u8>, forced: Option<&str>) -> Result<Decoded, String> {
    let plain = forced.is_none()
        && Encoding::for_bom(&bytes).is_none()
        && !bytes.iter().all(u8::is_ascii_whitespace)
        && !bytes.contains(&0);
    if plain {
        return match String::from_utf8(bytes) {
            Ok(text) => Ok(Decoded {
                text,
                encoding: "UTF-8",
            }),
            Err(error) => decode(error.as_bytes(), None),
        };
    }
    decode(&bytes, forced)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        let plain = decode("id,caption\n1,重庆\n".as_bytes(), None).unwrap();
        assert_eq!(plain.encoding, "UTF-8");
        let mut with_bom = vec![0xEF, 0xBB, 0xBF];
        with_bom.extend_from_slice("id\n重庆".as_bytes());
        let decoded = decode(&with_bom, None).unwrap();
        assert_eq!(decoded.text, "id\n重庆");
        assert_eq!(decoded.encoding, "UTF-8 with BOM");
    }

    #[test]
    fn gbk_is_detected() {
        let (bytes, _, _) = GB18030.encode("id,caption\n1,重庆洪崖洞夜景\n");
        let decoded = decode(&bytes, None).unwrap();
        assert_eq!(decoded.encoding, "GBK/GB18030");
        assert!(decoded.text.contains("洪崖洞"));
    }

    #[test]
    fn forced_encoding_is_used_and_checked() {
        let (bytes, _, _) = GB18030.encode("山城");
        assert_eq!(decode(&bytes, Some("gbk")).unwrap().text, "山城");
        assert!(
            decode(b"ok\n\xff\xff", Some("utf-8"))
                .unwrap_err()
                .starts_with("line 2")
        );
        assert!(
            decode(b"x", Some("klingon"))
                .unwrap_err()
                .contains("unknown encoding")
        );
    }

    #[test]
    fn binary_and_garbage_are_refused_with_lines() {
        assert!(
            decode(b"\x89PNG\r\n\x1a\n\0\0", None)
                .unwrap_err()
                .contains("binary")
        );
        let error = decode(b"id\n1\n\xff\xfe\xfd\x80\x80", None).unwrap_err();
        assert!(error.contains("line 3"), "{error}");
        assert_eq!(decode(b"  \n", None).unwrap_err(), "the file is empty");
    }

    #[test]
    fn owned_decoding_matches_borrowed() {
        let (gbk, _, _) = GB18030.encode("id\n重庆");
        for bytes in [
            b"id\n1".to_vec(),
            gbk.into_owned(),
            b"\xef\xbb\xbfid".to_vec(),
            b" ".to_vec(),
        ] {
            let borrowed = decode(&bytes, None).map(|d| (d.text, d.encoding));
            let owned = decode_owned(bytes, None).map(|d| (d.text, d.encoding));
            assert_eq!(borrowed, owned);
        }
    }

    #[test]
    fn utf16_with_bom_is_read() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "id\n重庆".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(decode(&bytes, None).unwrap().text, "id\n重庆");
    }
}
