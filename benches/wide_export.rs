//! Benchmark of exports and the report on a wide study (`cargo bench --bench wide_export [--
//! COLUMNS ROWS]`): a posts table with many imported columns (default 10,000 columns of 300
//! posts, the shape of issue 29), imported through the real binary's code, then every wide
//! export and the report timed once each. Work should grow with the cells, not their square:
//! before the fix, wide-csv took 38 s and the report 88 s at the default size (release build);
//! after, 1.6 s and 1.4 s.

use std::time::Instant;

use codingdesk::export::{Format, Request, write};
use codingdesk::store::Project;

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let (columns, rows) = (
        args.first().copied().unwrap_or(10_000),
        args.get(1).copied().unwrap_or(300),
    );
    let dir = tempfile::tempdir().expect("a temporary folder");
    let csv = dir.path().join("wide.csv");
    let mut text = String::from("id,caption");
    for c in 0..columns {
        text.push_str(&format!(",c{c}"));
    }
    text.push('\n');
    for r in 0..rows {
        text.push_str(&format!("u{r},caption {r}"));
        for c in 0..columns {
            text.push_str(&format!(",{}", (r * 31 + c * 7) % 100));
        }
        text.push('\n');
    }
    std::fs::write(&csv, text).expect("the table is written");
    let path = dir.path().join("wide.cdesk");
    let codebook = codingdesk::codebook::preset("tiktok-six")
        .expect("the preset")
        .codebook()
        .expect("its codebook");
    let mut project = Project::create(&path, "wide", &codebook).expect("a project");
    let started = Instant::now();
    codingdesk::import::import_units(&mut project, &csv, &Default::default(), "bench")
        .expect("the table imports");
    println!("{columns} columns × {rows} rows");
    println!("import      {:>8.2} s", started.elapsed().as_secs_f64());
    for format in [Format::WideCsv, Format::Spss, Format::Xlsx, Format::Html] {
        let out = dir.path().join(format!("out.{format:?}"));
        let started = Instant::now();
        write(&project, &Request::new(format, &out)).expect("the export");
        let name = format!("{format:?}");
        println!("{name:<10}  {:>8.2} s", started.elapsed().as_secs_f64());
    }
}
