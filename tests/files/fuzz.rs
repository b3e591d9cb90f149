//! A seeded mutation fuzzer over the real parsers: units import (CSV, TSV, JSON, JSON Lines,
//! XLSX), `import-codes`, `codebook --apply` and `agree`. Each case mutates a realistic seed file
//! (byte flips, inserted multi-byte characters, quotes and separators, deleted, repeated or
//! spliced ranges, absurd numbers, spreadsheets with cells anywhere up to XFD1048576) and runs it
//! through the same library calls the command line makes.
//!
//! What must hold for every case: no panic; a refused import changes nothing (no half-import);
//! anything accepted reads back. A process abort (allocation failure, stack overflow) ends the
//! run, which fails it as surely.
//!
//! CI runs a seeded slice (`CODINGDESK_FUZZ_CASES`, 120 per family by default);
//! `scripts/fuzz.sh` runs 10,000 per family in a release build. A failing case prints its family
//! and seed: `CODINGDESK_FUZZ_SEED=N CODINGDESK_FUZZ_CASES=1` replays it.

use crate::common;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use codingdesk::codebook::{parse_codebook, preset};
use codingdesk::import::decode::decode_owned;
use codingdesk::import::matrix::{MatrixOptions, count_matrix};
use codingdesk::import::{ReadOptions, UnitImportOptions, import_codes, import_units};
use codingdesk::model::Level;
use codingdesk::stats::{Bootstrap, report_from_tally};
use codingdesk::store::Project;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Fragments that break parsers: separators, quotes, line ends, multi-byte characters, a BOM,
/// control and format characters, counts as platforms write them, absurd numbers.
const FRAGMENTS: &[&str] = &[
    ",",
    ";",
    "\t",
    "\"",
    "\"\"",
    "\n",
    "\r\n",
    "\r",
    "'",
    "=",
    "{",
    "}",
    "[",
    "]",
    ":",
    "\\",
    "正面",
    "中性",
    "负面",
    "重庆",
    "😀",
    "\u{feff}",
    "\u{202e}",
    "\u{0}",
    "\u{1f}",
    "é",
    "1.2万",
    "3.4w",
    "12k",
    "1.5亿",
    "-1",
    "1e309",
    "NaN",
    "99999999999999999999",
    "0x10",
    "2024-13-45 25:61:00",
    "1705494605000",
    "..",
    "../../etc/passwd",
    "/etc/hostname",
    "Unknown",
    "N/A",
    "null",
    "true",
    ";;;",
    ",,,,,,,,",
    "\"\n\"",
    "#",
    " ",
    "",
];

#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    cases: usize,
    accepted: usize,
    refused: usize,
    panics: usize,
}

fn cases() -> usize {
    std::env::var("CODINGDESK_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(120)
}

fn base_seed() -> u64 {
    std::env::var("CODINGDESK_FUZZ_SEED")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2026)
}

/// A random character boundary-agnostic position in `bytes` (mutations work on bytes: invalid
/// UTF-8 is part of what is tried).
fn at(rng: &mut ChaCha8Rng, bytes: &[u8]) -> usize {
    rng.random_range(0..=bytes.len())
}

/// One to four random mutations of a seed, sometimes spliced with a second seed.
fn mutate(rng: &mut ChaCha8Rng, seed: &[u8], other: &[u8]) -> Vec<u8> {
    let mut bytes = seed.to_vec();
    // Mostly one mutation, so that many cases get past the first check and into the deeper ones.
    let mutations = if rng.random_range(0..2) == 0 {
        1
    } else {
        rng.random_range(2..=4)
    };
    for _ in 0..mutations {
        match rng.random_range(0..9) {
            0 if !bytes.is_empty() => {
                let i = rng.random_range(0..bytes.len());
                bytes[i] ^= 1 << rng.random_range(0..8);
            }
            1 | 2 => {
                let fragment = FRAGMENTS[rng.random_range(0..FRAGMENTS.len())];
                let i = at(rng, &bytes);
                bytes.splice(i..i, fragment.bytes());
            }
            3 if !bytes.is_empty() => {
                let start = rng.random_range(0..bytes.len());
                let end = (start + rng.random_range(1..64)).min(bytes.len());
                bytes.drain(start..end);
            }
            4 if !bytes.is_empty() => {
                let start = rng.random_range(0..bytes.len());
                let end = (start + rng.random_range(1..200)).min(bytes.len());
                let copy: Vec<u8> = bytes[start..end].to_vec();
                let i = at(rng, &bytes);
                for _ in 0..rng.random_range(1..20) {
                    bytes.splice(i..i, copy.iter().copied());
                }
            }
            5 => {
                let keep = at(rng, &bytes);
                bytes.truncate(keep);
            }
            6 if !other.is_empty() => {
                let i = at(rng, &bytes);
                let j = rng.random_range(0..other.len());
                bytes.truncate(i);
                bytes.extend_from_slice(&other[j..]);
            }
            7 => {
                // A number replaced by an absurd one.
                if let Some(i) = bytes.iter().position(|b| b.is_ascii_digit()) {
                    let end = bytes[i..]
                        .iter()
                        .position(|b| !b.is_ascii_digit())
                        .map_or(bytes.len(), |n| i + n);
                    let absurd = [
                        "-1",
                        "1e309",
                        "99999999999999999999999",
                        "1.5亿亿",
                        "0.5",
                        "",
                    ];
                    let pick = absurd[rng.random_range(0..absurd.len())];
                    bytes.splice(i..end, pick.bytes());
                }
            }
            _ => {
                let random: Vec<u8> = (0..rng.random_range(1..16)).map(|_| rng.random()).collect();
                let i = at(rng, &bytes);
                bytes.splice(i..i, random);
            }
        }
    }
    bytes
}

/// Runs one case, counting a panic instead of ending the run; prints the seed of a panic.
fn run_case(
    family: &str,
    seed: u64,
    counts: &mut Counts,
    case: impl FnOnce() -> Result<(), String>,
) {
    counts.cases += 1;
    match catch_unwind(AssertUnwindSafe(case)) {
        Ok(Ok(())) => counts.accepted += 1,
        Ok(Err(_)) => counts.refused += 1,
        Err(_) => {
            counts.panics += 1;
            eprintln!("PANIC in family {family}, seed {seed}");
        }
    }
}

fn seeds(paths: &[&str]) -> Vec<(String, Vec<u8>)> {
    paths
        .iter()
        .map(|path| {
            let file = common::repo().join(path);
            let extension = file
                .extension()
                .map(|e| e.to_string_lossy().into_owned())
                .unwrap_or_default();
            (extension, std::fs::read(&file).unwrap())
        })
        .collect()
}

/// The first `limit` bytes of a seed, cut after a line end (a cut row would refuse every case).
fn head(bytes: &[u8], limit: usize) -> &[u8] {
    if bytes.len() <= limit {
        return bytes;
    }
    let end = bytes[..limit]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(limit, |at| at + 1);
    &bytes[..end]
}

fn unit_count(project: &Project) -> i64 {
    project.status().unwrap().units
}

fn units_family(dir: &Path, start: u64) -> Counts {
    let seeds = seeds(&[
        "tests/data/good/gbk.csv",
        "tests/data/good/utf8_bom.csv",
        "tests/data/good/xiaohongshu.csv",
        "tests/data/good/tiktok.json",
        "tests/data/good/weibo.jsonl",
        "tests/data/good/collectors/4cat_tiktok.csv",
        "tests/data/good/collectors/zeeschuimer_tiktok.ndjson",
        "tests/data/good/collectors/mediacrawler_weibo.csv",
        "tests/data/good/collectors/tiktok_research_api.json",
        "tests/data/good/collectors/apify_tiktok.json",
        "samples/shenzhen-douyin/units.csv",
    ]);
    let codebook = preset("tiktok-six").unwrap().codebook().unwrap();
    let mut project = Project::create(&dir.join("units.cdesk"), "fuzz", &codebook).unwrap();
    let mut counts = Counts::default();
    for case in 0..cases() as u64 {
        let seed = start + case;
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let (extension, original) = &seeds[rng.random_range(0..seeds.len())];
        // The 2,580-row sample is long: cut it to keep cases fast (mutations still reach its end).
        let original = head(original, 40_000);
        let other = &seeds[rng.random_range(0..seeds.len())].1;
        let bytes = mutate(&mut rng, original, head(other, 4_000));
        let input = dir.join(format!("units.{extension}"));
        std::fs::write(&input, &bytes).unwrap();
        let before = unit_count(&project);
        run_case("units", seed, &mut counts, || {
            let result = import_units(&mut project, &input, &UnitImportOptions::default(), "fuzz");
            if result.is_err() {
                assert_eq!(
                    unit_count(&project),
                    before,
                    "a refused import changed the project"
                );
            }
            result.map(|_| ()).map_err(|e| e.to_string())
        });
    }
    counts
}

/// Spreadsheets built cell by cell: ids, captions, counts as numbers or text, and cells anywhere,
/// up to the last one Excel allows.
fn xlsx_family(dir: &Path, start: u64) -> Counts {
    let codebook = preset("tiktok-six").unwrap().codebook().unwrap();
    let mut project = Project::create(&dir.join("xlsx.cdesk"), "fuzz", &codebook).unwrap();
    let mut counts = Counts::default();
    for case in 0..cases() as u64 {
        let seed = start + case;
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        let headers = ["id", "caption", "likes", "createTime", "media", "gdp"];
        let width = rng.random_range(1..=headers.len());
        for (column, header) in headers.iter().take(width).enumerate() {
            sheet.write_string(0, column as u16, *header).unwrap();
        }
        for _ in 0..rng.random_range(0..30) {
            let (row, column) = if rng.random_range(0..8) == 0 {
                (
                    rng.random_range(0..1_048_576u32),
                    rng.random_range(0..16_384u16),
                )
            } else {
                (
                    rng.random_range(1..40u32),
                    rng.random_range(0..width as u16),
                )
            };
            let fragment = FRAGMENTS[rng.random_range(0..FRAGMENTS.len())];
            if rng.random() || column == 2 {
                sheet
                    .write_number(row, column, rng.random_range(-1e12..1e12))
                    .unwrap();
            } else {
                let text = format!("{fragment}{}", rng.random_range(0..100_000));
                sheet
                    .write_string(row, column, text.replace('\u{0}', ""))
                    .unwrap();
            }
        }
        let input = dir.join("units.xlsx");
        let saved = workbook.save(&input);
        if saved.is_err() {
            continue;
        }
        let before = unit_count(&project);
        run_case("xlsx", seed, &mut counts, || {
            let result = import_units(&mut project, &input, &UnitImportOptions::default(), "fuzz");
            if result.is_err() {
                assert_eq!(
                    unit_count(&project),
                    before,
                    "a refused import changed the project"
                );
            }
            result.map(|_| ()).map_err(|e| e.to_string())
        });
    }
    counts
}

fn codes_family(dir: &Path, start: u64) -> Counts {
    let seeds = seeds(&[
        "samples/chongqing-tiktok/codes.csv",
        "tests/data/bad/codes_unknown_value.csv",
        "tests/data/bad/codes_unknown_variable.csv",
    ]);
    let project_path = dir.join("codes.cdesk");
    common::ok(&[&"sample", &"chongqing", &"--out", &project_path]);
    let mut project = Project::open(&project_path).unwrap();
    let count = |project: &Project| project.status().unwrap().codings;
    let mut counts = Counts::default();
    for case in 0..cases() as u64 {
        let seed = start + case;
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let original = &seeds[rng.random_range(0..seeds.len())].1;
        let original = head(original, 20_000);
        let other = &seeds[rng.random_range(0..seeds.len())].1;
        let bytes = mutate(&mut rng, original, head(other, 2_000));
        let input = dir.join("codes.csv");
        std::fs::write(&input, &bytes).unwrap();
        let before = count(&project);
        run_case("import-codes", seed, &mut counts, || {
            let result = import_codes(&mut project, &input, &ReadOptions::default(), "fuzz");
            if result.is_err() {
                assert_eq!(count(&project), before, "refused codes changed the project");
            }
            result.map(|_| ()).map_err(|e| e.to_string())
        });
    }
    counts
}

fn codebook_family(dir: &Path, start: u64) -> Counts {
    let seeds = seeds(&[
        "assets/codebooks/tiktok-six.toml",
        "assets/codebooks/city-image.toml",
        "assets/codebooks/lynch.toml",
        "assets/codebooks/xiaohongshu.toml",
        "tests/data/bad/broken_codebook.toml",
    ]);
    let project_path = dir.join("codebook.cdesk");
    common::ok(&[&"sample", &"chongqing", &"--out", &project_path]);
    let mut project = Project::open(&project_path).unwrap();
    let mut counts = Counts::default();
    for case in 0..cases() as u64 {
        let seed = start + case;
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let original = &seeds[rng.random_range(0..seeds.len())].1;
        let other = &seeds[rng.random_range(0..seeds.len())].1;
        let bytes = mutate(&mut rng, original, other);
        let codings = project.status().unwrap().codings;
        run_case("codebook --apply", seed, &mut counts, || {
            let text = String::from_utf8(bytes).map_err(|e| e.to_string())?;
            let codebook = parse_codebook(&text).map_err(|p| format!("{} problems", p.len()))?;
            project
                .update_codebook(&codebook, "fuzz")
                .map(|_| ())
                .map_err(|e| e.to_string())?;
            // A codebook change never loses a code.
            assert_eq!(project.status().unwrap().codings, codings);
            Ok(())
        });
    }
    counts
}

fn agree_family(start: u64) -> Counts {
    let seeds = seeds(&[
        "tests/data/agree/krippendorff_2011.csv",
        "tests/data/agree/long_labels.csv",
        "tests/data/agree/ragged.csv",
        "tests/data/agree/text_in_interval.csv",
        "tests/data/agree/one_coder.csv",
    ]);
    let mut counts = Counts::default();
    for case in 0..cases() as u64 {
        let seed = start + case;
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let original = &seeds[rng.random_range(0..seeds.len())].1;
        let other = &seeds[rng.random_range(0..seeds.len())].1;
        let mut bytes = mutate(&mut rng, original, other);
        // Now and then over 1 MiB of multi-byte labels, read on two threads.
        if rng.random_range(0..100) == 0 {
            let labels = ["正面", "中性", "负面"];
            while bytes.len() < (1 << 20) + 7 {
                let row = format!(
                    "{},{},{}\n",
                    labels[rng.random_range(0..3)],
                    labels[rng.random_range(0..3)],
                    labels[rng.random_range(0..3)]
                );
                bytes.extend_from_slice(row.as_bytes());
            }
        }
        let long = rng.random();
        let level = Level::ALL[rng.random_range(0..Level::ALL.len())];
        run_case("agree", seed, &mut counts, || {
            let text = decode_owned(bytes, None)?;
            let options = MatrixOptions {
                header: true,
                long,
                level,
                categories: None,
            };
            let (counted, _) = count_matrix(&text.text, &options).map_err(|e| e.to_string())?;
            let report = report_from_tally(
                &counted.tally,
                &counted.categories,
                level,
                Some(Bootstrap {
                    samples: 50,
                    seed: 1,
                }),
            );
            let json = serde_json::to_string(&report).map_err(|e| e.to_string())?;
            assert!(!json.contains("NaN"), "{json}");
            Ok(())
        });
    }
    counts
}

/// Forgeries a coder could make of their own package with sqlite3 (issue 29): each case applies
/// one to three of them, or mutates the file's bytes.
const FORGERIES: &[&str] = &[
    "UPDATE package SET coder = 'Chen Yu'",
    "UPDATE coder SET name = 'Chen Yu'",
    "UPDATE package SET id = 'deadbeef'; UPDATE study SET package_id = 'deadbeef'",
    "UPDATE package SET secret = NULL",
    "UPDATE package SET secret = lower(hex(randomblob(32)))",
    "UPDATE package SET secret = substr(secret, 1, 63) || '0'",
    "UPDATE coder SET id = id + 1",
    "UPDATE coding SET coder_id = coder_id + 1",
    "UPDATE coding SET codes = 'not json' WHERE codes IS NOT NULL",
    "UPDATE coding SET codes = '[1, 9]' WHERE codes IS NOT NULL",
    "UPDATE coding SET code = 99 WHERE code IS NOT NULL",
    "UPDATE coding SET number = 1e308 * 10 WHERE number IS NOT NULL",
    "UPDATE coding SET updated_at = '9999-12-31T00:00:00.000Z'",
    "UPDATE study SET study_uid = 'another'",
    "DELETE FROM package",
    "DELETE FROM coder",
    "UPDATE change_log SET coder = 'Chen Yu'",
    "INSERT INTO change_log (at, actor, action, unit, coder, variable, old, new)
         SELECT '9999-01-01T00:00:00.000Z', 'x', 'coding.set', uid, 'Chen Yu', 'theme', '1', '9' FROM unit",
    "PRAGMA user_version = 99",
    "DROP TABLE unit_note",
];

/// Every code of the coders other than `coder` in a master: what no package of `coder` may
/// change, whatever it holds.
fn others_codes(master: &Path, coder: &str) -> Vec<String> {
    common::query(
        master,
        &format!(
            "SELECT u.uid || c.name || v.key || coalesce(k.code, k.codes, k.number, k.text) || k.note
             FROM coding k JOIN unit u ON u.id = k.unit_id JOIN coder c ON c.id = k.coder_id
             JOIN variable v ON v.id = k.variable_id WHERE c.name <> '{coder}'
             ORDER BY u.uid, c.name, v.key"
        ),
    )
    .into_iter()
    .map(|row| row.join(""))
    .collect()
}

fn package_family(dir: &Path, start: u64) -> Counts {
    use codingdesk::store::{MergeOptions, PackageOptions};
    let master = common::sample_project_in(dir);
    let package = dir.join("li.cdesk");
    Project::open(&master)
        .unwrap()
        .write_package(
            "Li Na",
            &package,
            PackageOptions { copy_media: false },
            "fuzz",
        )
        .unwrap();
    let pristine = std::fs::read(&package).unwrap();
    let others = others_codes(&master, "Li Na");
    let master_bytes = std::fs::read(&master).unwrap();
    let mut counts = Counts::default();
    for case in 0..cases() as u64 {
        let seed = start + case;
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let copy = dir.join(format!("master-{case}.cdesk"));
        std::fs::write(&copy, &master_bytes).unwrap();
        let forged = dir.join(format!("forged-{case}.cdesk"));
        if rng.random_range(0..3) == 0 {
            std::fs::write(&forged, mutate(&mut rng, &pristine, &pristine)).unwrap();
        } else {
            std::fs::write(&forged, &pristine).unwrap();
            let conn = rusqlite::Connection::open(&forged).unwrap();
            for _ in 0..rng.random_range(1..=3) {
                let sql = FORGERIES[rng.random_range(0..FORGERIES.len())];
                // A forgery SQLite itself refuses (a foreign key) is simply not made.
                let _refused_by_sqlite = conn.execute_batch(sql);
            }
        }
        let before = std::fs::read(&copy).unwrap();
        let mut refused = false;
        run_case("merge", seed, &mut counts, || {
            let outcome = Project::open(&copy)
                .map_err(|e| e.to_string())?
                .merge_packages(
                    std::slice::from_ref(&forged),
                    MergeOptions::default(),
                    "fuzz",
                    true,
                )
                .map(|_| ())
                .map_err(|e| e.to_string());
            refused = outcome.is_err();
            outcome
        });
        if refused {
            assert_eq!(
                std::fs::read(&copy).unwrap(),
                before,
                "seed {seed}: a refused package changed the master"
            );
        }
        assert_eq!(
            others_codes(&copy, "Li Na"),
            others,
            "seed {seed}: Li Na's package changed another coder's codes"
        );
        std::fs::remove_file(&copy).unwrap();
        std::fs::remove_file(&forged).unwrap();
    }
    counts
}

#[test]
fn mutated_inputs_never_panic_or_half_import() {
    let dir = tempfile::tempdir().unwrap();
    let work = |name: &str| -> PathBuf {
        let folder = dir.path().join(name);
        std::fs::create_dir_all(&folder).unwrap();
        folder
    };
    let start = base_seed();
    let results = [
        (
            "units import (CSV, TSV, JSON, JSON Lines)",
            units_family(&work("units"), start),
        ),
        (
            "units import (XLSX built cell by cell)",
            xlsx_family(&work("xlsx"), start),
        ),
        ("import-codes", codes_family(&work("codes"), start)),
        (
            "codebook --apply",
            codebook_family(&work("codebook"), start),
        ),
        ("agree", agree_family(start)),
        (
            "merge of forged and mutated packages",
            package_family(&work("packages"), start),
        ),
    ];
    let mut panics = 0;
    for (family, counts) in &results {
        eprintln!(
            "fuzz {family}: {} cases, {} accepted, {} refused, {} panics",
            counts.cases, counts.accepted, counts.refused, counts.panics
        );
        panics += counts.panics;
        assert!(counts.cases > 0, "{family} ran no case");
    }
    assert_eq!(panics, 0, "panics: see the seeds printed above");
}
