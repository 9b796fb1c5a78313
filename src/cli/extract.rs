//! `cronista extract`: run the pipeline over files and directories (or
//! JSON Lines records on stdin) and write each document in the chosen format.
//!
//! Documents go through [`cronista::batch::ordered_map`]: in parallel on
//! rayon's pool with one shared pipeline, written in input order, a bounded
//! window of documents in memory. Every input that cannot be used is
//! reported on stderr as soon as its turn comes, the rest goes on, and the
//! exit code is 1 at the end. A progress bar (documents, MB, MB/s, ETA) shows
//! on stderr when it is a terminal, unless `--quiet`; a summary line ends
//! every run (also silenced by `--quiet`).

use super::PipelineArgs;
use cronista::batch::{self, Summary};
use cronista::input::{self, Utf8Policy};
use cronista::json::JsonDoc;
use cronista::output::{brat, csv, tei};
use cronista::{Error, Pipeline, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::collections::HashMap;
use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Text files, or directories walked recursively for .txt files. With
    /// `--format jsonl` and no PATH (or `-`), JSON Lines records
    /// `{"id": …, "text": …, "meta": {…}}` are read from stdin instead.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Write DIR/<doc>.<ext> for each document instead of printing to stdout.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    pub format: Format,
    /// Replace bytes that are not UTF-8 with U+FFFD (and say so) instead of
    /// rejecting the file.
    #[arg(long)]
    pub lossy: bool,
    /// No progress bar and no summary; errors are still reported.
    #[arg(long, short)]
    pub quiet: bool,
    /// Worker threads (default: every core). Fewer when several instances
    /// share a machine (GNU parallel, Hadoop, Spark executors).
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,
    #[command(flatten)]
    pub pipeline: PipelineArgs,
}

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The gold format, one document per file (pretty, one mention per line).
    Json,
    /// One document per line; reads JSON Lines from stdin when no PATH is given.
    Jsonl,
    /// brat standoff: DIR/<doc>.ann beside a copy of DIR/<doc>.txt (needs --out).
    Brat,
    /// TEI P5 XML (DIR/<doc>.xml).
    Tei,
    /// Mentions as CSV: one table on stdout, or DIR/<doc>.csv.
    Csv,
}

/// One rendered document: `(extension, contents)` of each output file.
struct Rendered {
    name: String,
    source: PathBuf,
    /// What the summary counts: mentions per type, events.
    counts: batch::Counts,
    bytes: u64,
    files: Vec<(&'static str, String)>,
    note: Option<String>,
}

fn render(format: Format, to_files: bool, doc: &cronista::Document) -> Vec<(&'static str, String)> {
    // JSON and JSON Lines are written straight from the document; a
    // JsonDoc is built only for the formats that read one.
    match format {
        Format::Json => vec![("json", JsonDoc::document_pretty(doc))],
        Format::Jsonl => vec![("jsonl", JsonDoc::document_line(doc) + "\n")],
        Format::Brat => vec![
            ("txt", doc.text().to_string()),
            (
                "ann",
                brat::to_ann(&JsonDoc::from_document(doc), doc.text()),
            ),
        ],
        Format::Tei => vec![("xml", tei::to_tei(doc))],
        Format::Csv if to_files => vec![(
            "csv",
            format!("{}{}", csv::HEADER, csv::rows(&JsonDoc::from_document(doc))),
        )],
        Format::Csv => vec![("csv", csv::rows(&JsonDoc::from_document(doc)))],
    }
}

fn progress(quiet: bool, total: Option<u64>) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = match total {
        Some(t) => ProgressBar::with_draw_target(Some(t), ProgressDrawTarget::stderr()),
        None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
    };
    let template = match total {
        Some(_) => {
            "{spinner} {msg} [{wide_bar}] {decimal_bytes}/{decimal_total_bytes} {decimal_bytes_per_sec} ETA {eta}"
        }
        None => "{spinner} {msg} {decimal_bytes} {decimal_bytes_per_sec} {elapsed}",
    };
    bar.set_style(ProgressStyle::with_template(template).expect("valid template"));
    bar
}

pub fn run(args: Args) -> Result<ExitCode> {
    let stdin = args.paths.is_empty() || args.paths.iter().all(|p| p.as_os_str() == "-");
    if stdin && args.format != Format::Jsonl {
        return Err(Error::usage(
            "no PATH given: name text files or directories, or read JSON Lines from stdin with --format jsonl",
        ));
    }
    if !stdin && args.paths.iter().any(|p| p.as_os_str() == "-") {
        return Err(Error::usage("`-` (stdin) cannot be mixed with paths"));
    }
    if args.format == Format::Brat && args.out.is_none() {
        return Err(Error::usage(
            "--format brat writes .ann and .txt files: give --out DIR",
        ));
    }
    let pipeline = Pipeline::with_config(&args.pipeline.config()?)?;
    let policy = if args.lossy {
        Utf8Policy::Lossy
    } else {
        Utf8Policy::Strict
    };
    if stdin {
        return run_stdin(&args, &pipeline, policy);
    }
    run_files(&args, &pipeline, policy)
}

fn run_files(args: &Args, pipeline: &Pipeline, policy: Utf8Policy) -> Result<ExitCode> {
    let started = Instant::now();
    let (files, collect_errors) = input::collect_texts(&args.paths);
    let mut summary = Summary::default();
    for e in &collect_errors {
        eprintln!("cronista: {e}");
    }
    summary.failed += collect_errors.len();
    // Two inputs with the same stem would write the same output file.
    let mut by_name: HashMap<String, &PathBuf> = HashMap::new();
    let mut unique = Vec::new();
    for f in &files {
        let name = input::doc_name(f);
        match by_name.get(&name) {
            Some(first) => {
                eprintln!(
                    "cronista: {}: document name `{name}` already taken by {}; skipped",
                    f.display(),
                    first.display()
                );
                summary.failed += 1;
            }
            None => {
                by_name.insert(name, f);
                unique.push(f.clone());
            }
        }
    }
    if let Some(dir) = &args.out {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(e, dir))?;
        if args.format == Format::Brat {
            let conf = dir.join("annotation.conf");
            std::fs::write(&conf, brat::ANNOTATION_CONF).map_err(|e| Error::io(e, &conf))?;
        }
    }
    let total: u64 = unique
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    let bar = progress(args.quiet, Some(total));
    let (format, out) = (args.format, args.out.clone());
    let mut stdout = std::io::BufWriter::new(std::io::stdout());
    if format == Format::Csv && out.is_none() {
        let _ = stdout.write_all(csv::HEADER.as_bytes());
    }
    let count = unique.len();
    let work = |path: PathBuf| -> std::result::Result<Rendered, (Error, u64)> {
        let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        let text = input::read_text(&path, policy).map_err(|e| (e, size))?;
        let note = text.replaced.then(|| {
            format!(
                "{}: invalid UTF-8 replaced with U+FFFD (--lossy)",
                path.display()
            )
        });
        let meta = input::read_meta(&path).map_err(|e| (e, size))?;
        let name = input::doc_name(&path);
        let doc = batch::process_guarded(pipeline, &name, &text.text, meta, &path)
            .map_err(|e| (e, size))?;
        let files = render(format, out.is_some(), &doc);
        Ok(Rendered {
            name,
            source: path.clone(),
            counts: batch::Counts::of(&doc),
            bytes: size,
            files,
            note,
        })
    };
    let mut done = 0;
    let emit = |r: std::result::Result<Rendered, (Error, u64)>| -> bool {
        done += 1;
        bar.set_message(format!("{done}/{count} docs"));
        match r {
            Ok(r) => {
                bar.inc(r.bytes);
                if let Some(n) = &r.note {
                    bar.suspend(|| eprintln!("cronista: {n}"));
                }
                let mut ok = true;
                for (ext, contents) in &r.files {
                    match &out {
                        Some(dir) => {
                            let path = dir.join(format!("{}.{ext}", r.name));
                            // brat's copy of the text, when --out is the input
                            // directory: never overwrite the source.
                            if is_same_file(&path, &r.source) {
                                if r.note.is_some() {
                                    bar.suspend(|| eprintln!("cronista: {}: not overwritten with the --lossy text; give another --out", path.display()));
                                    ok = false;
                                }
                                continue;
                            }
                            if let Err(e) = std::fs::write(&path, contents) {
                                bar.suspend(|| eprintln!("cronista: {}", Error::io(e, &path)));
                                ok = false;
                            }
                        }
                        None => {
                            if let Err(e) = stdout.write_all(contents.as_bytes()) {
                                bar.suspend(|| eprintln!("cronista: writing stdout: {e}"));
                                summary.failed += 1;
                                return false;
                            }
                        }
                    }
                }
                if ok {
                    summary.add_counts(&r.counts, r.bytes);
                } else {
                    summary.failed += 1;
                }
            }
            Err((e, size)) => {
                bar.inc(size);
                bar.suspend(|| eprintln!("cronista: {e}"));
                summary.failed += 1;
            }
        }
        true
    };
    let (pool, threads) = worker_pool(args.threads)?;
    batch::ordered_map(
        pool.as_ref(),
        unique.into_iter(),
        batch::default_window(threads),
        work,
        emit,
    );
    if let Err(e) = stdout.flush() {
        bar.suspend(|| eprintln!("cronista: writing stdout: {e}"));
        summary.failed += 1;
    }
    Ok(finish(&bar, summary, started, args.quiet))
}

/// A pool of `threads` workers, or none (rayon's global pool, every core).
fn worker_pool(threads: Option<usize>) -> Result<(Option<rayon::ThreadPool>, usize)> {
    match threads {
        None => Ok((None, rayon::current_num_threads())),
        Some(0) => Err(Error::usage("--threads must be at least 1")),
        Some(n) => {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .map_err(|e| Error::usage(format!("cannot start {n} threads: {e}")))?;
            Ok((Some(pool), n))
        }
    }
}

fn is_same_file(a: &std::path::Path, b: &std::path::Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Lines of a reader as bytes, without their `\n` / `\r\n`, numbered from 1;
/// a read error ends the stream after being returned.
struct Lines<R> {
    reader: R,
    line: usize,
    failed: bool,
}

impl<R: BufRead> Iterator for Lines<R> {
    type Item = (usize, std::io::Result<Vec<u8>>);
    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let mut buf = Vec::new();
        match self.reader.read_until(b'\n', &mut buf) {
            Ok(0) => None,
            Ok(_) => {
                self.line += 1;
                // A BOM that opens the stream belongs to no record.
                if self.line == 1 && buf.starts_with("\u{feff}".as_bytes()) {
                    buf.drain(..3);
                }
                if buf.last() == Some(&b'\n') {
                    buf.pop();
                    if buf.last() == Some(&b'\r') {
                        buf.pop();
                    }
                }
                Some((self.line, Ok(buf)))
            }
            Err(e) => {
                self.failed = true;
                self.line += 1;
                Some((self.line, Err(e)))
            }
        }
    }
}

fn run_stdin(args: &Args, pipeline: &Pipeline, policy: Utf8Policy) -> Result<ExitCode> {
    let started = Instant::now();
    let mut summary = Summary::default();
    let bar = progress(args.quiet, None);
    let stdin = std::io::stdin();
    let lines = Lines {
        reader: std::io::BufReader::with_capacity(1 << 16, stdin.lock()),
        line: 0,
        failed: false,
    };
    let out_dir = args.out.clone();
    let mut sink: Box<dyn Write + Send> = match &out_dir {
        Some(dir) => {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(e, dir))?;
            let path = dir.join("stdin.jsonl");
            Box::new(std::io::BufWriter::new(
                std::fs::File::create(&path).map_err(|e| Error::io(e, &path))?,
            ))
        }
        None => Box::new(std::io::stdout()),
    };
    let work = |(line_no, read): (usize, std::io::Result<Vec<u8>>)| -> (batch::JsonlOutcome, u64) {
        match read {
            Ok(bytes) => (
                batch::jsonl_record(pipeline, line_no, &bytes, policy),
                bytes.len() as u64 + 1,
            ),
            Err(e) => {
                let msg = format!("reading stdin: {e}");
                let line = format!(
                    "{{\"id\":null,\"line\":{line_no},\"error\":{}}}",
                    serde_json::to_string(&msg).expect("string")
                );
                (
                    batch::JsonlOutcome {
                        line,
                        doc: None,
                        error: Some(msg),
                        note: None,
                    },
                    0,
                )
            }
        }
    };
    let emit = |(outcome, bytes): (batch::JsonlOutcome, u64)| -> bool {
        bar.inc(bytes);
        let line_no = summary.documents + summary.failed + 1;
        if let Some(n) = &outcome.note {
            bar.suspend(|| eprintln!("cronista: stdin line {line_no}: {n}"));
        }
        match (&outcome.doc, &outcome.error) {
            (Some(doc), _) => summary.add(doc, bytes),
            (None, e) => {
                summary.failed += 1;
                let e = e.as_deref().unwrap_or("failed");
                bar.suspend(|| eprintln!("cronista: stdin line {line_no}: {e}"));
            }
        }
        bar.set_message(format!("{} records", summary.documents + summary.failed));
        // One line per record, flushed, so a consumer sees it at once.
        let written = sink
            .write_all(outcome.line.as_bytes())
            .and_then(|_| sink.write_all(b"\n"))
            .and_then(|_| sink.flush());
        if let Err(e) = written {
            bar.suspend(|| eprintln!("cronista: writing output: {e}"));
            summary.failed += 1;
            return false;
        }
        true
    };
    let (pool, threads) = worker_pool(args.threads)?;
    batch::ordered_map(
        pool.as_ref(),
        lines,
        batch::default_window(threads),
        work,
        emit,
    );
    Ok(finish(&bar, summary, started, args.quiet))
}

/// Clears the progress bar, prints the summary (unless quiet) and gives the
/// exit code: 1 when any document failed.
fn finish(bar: &ProgressBar, mut summary: Summary, started: Instant, quiet: bool) -> ExitCode {
    bar.finish_and_clear();
    summary.elapsed = started.elapsed();
    if !quiet {
        eprintln!("cronista: {summary}");
    }
    if summary.failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
