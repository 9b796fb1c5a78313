//! `cronista bench [DIR]`: throughput and memory on a corpus (by default
//! `../shared/bench-corpus`, looked for above the current directory and the
//! repository). Says so politely and exits 0 when there is none.
//!
//! Measures, each run on the same texts:
//! - every pass alone (single thread, the passes of [`Pipeline::passes`]
//!   timed one by one on each document) and the JSON rendering, in MB/s;
//! - end to end (read, decode, all passes, JSON) through the batch engine on
//!   a 1-thread rayon pool and on all cores, in MB/s, with the speed-up;
//! - the peak resident memory of each phase (`VmHWM`, reset between phases
//!   through `/proc/self/clear_refs` when Linux allows it), and the cores
//!   the process kept busy (CPU time / wall time), which tells a slow
//!   multi-core figure on a shared machine from an engine that does not scale.
//!
//! MB are 10⁶ bytes of input text. With `--runs N` each figure is the best
//! of N runs (the machine may be shared).

use cronista::batch::{self, peak_rss_kb, reset_peak_rss};
use cronista::input::{self, Utf8Policy};
use cronista::json::JsonDoc;
use cronista::{Document, Meta, Pipeline, Result};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The corpus: a directory of .txt files (default: ../shared/bench-corpus).
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Repeat each measurement and keep the best.
    #[arg(long, default_value_t = 1)]
    pub runs: usize,
}

fn default_corpus() -> Option<PathBuf> {
    let rel = Path::new("shared/bench-corpus");
    let mut starts: Vec<PathBuf> = Vec::new();
    if let Ok(cwd) = std::env::current_dir() {
        starts.push(cwd);
    }
    starts.push(PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    starts
        .iter()
        .flat_map(|s| s.ancestors().skip(1))
        .map(|a| a.join(rel))
        .find(|p| p.is_dir())
}

fn mb_s(bytes: u64, t: Duration) -> String {
    let s = t.as_secs_f64();
    // Under a millisecond over a whole corpus: a pass that does nothing yet.
    if s < 1e-3 {
        "—".to_string()
    } else {
        format!("{:.1}", bytes as f64 / 1e6 / s)
    }
}

/// CPU time (user + system) of this process so far, from `/proc/self/stat`
/// (clock ticks of 1/100 s, Linux's `USER_HZ`).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name in parentheses; utime and stime are the
    // 14th and 15th of the line.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

fn rss() -> String {
    peak_rss_kb()
        .map(|k| format!("{:.1} MB", k as f64 / 1024.0))
        .unwrap_or_else(|| "unknown".into())
}

/// End to end through the batch engine; returns the elapsed time.
fn end_to_end(
    pipeline: &Pipeline,
    files: &[PathBuf],
    pool: Option<&rayon::ThreadPool>,
    threads: usize,
) -> Duration {
    let started = Instant::now();
    let mut out_bytes = 0usize;
    batch::ordered_map(
        pool,
        files.iter(),
        batch::default_window(threads),
        |path| {
            let Ok(text) = input::read_text(path, Utf8Policy::Lossy) else {
                return 0;
            };
            let meta = input::read_meta(path).unwrap_or_default();
            let name = input::doc_name(path);
            match batch::process_guarded(pipeline, &name, &text.text, meta, path) {
                Ok(doc) => JsonDoc::document_line(&doc).len(),
                Err(_) => 0,
            }
        },
        |n| {
            out_bytes += n;
            true
        },
    );
    std::hint::black_box(out_bytes);
    started.elapsed()
}

pub fn run(args: Args) -> Result<ExitCode> {
    let dir = match args.dir.clone().or_else(default_corpus) {
        Some(d) if d.is_dir() => d,
        other => {
            let looked = other
                .map(|d| d.display().to_string())
                .unwrap_or_else(|| "../shared/bench-corpus".into());
            println!(
                "No bench corpus at {looked}; nothing to measure. Give one: cronista bench DIR"
            );
            return Ok(ExitCode::SUCCESS);
        }
    };
    let pipeline = Pipeline::new()?;
    let (files, errors) = input::collect_texts(std::slice::from_ref(&dir));
    for e in &errors {
        eprintln!("cronista: {e}");
    }
    let bytes: u64 = files
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    let threads = rayon::current_num_threads();
    let runs = args.runs.max(1);
    println!(
        "corpus: {} ({} files, {:.1} MB); {threads} threads; best of {runs} run(s)",
        dir.display(),
        files.len(),
        bytes as f64 / 1e6
    );

    // Each pass alone, single thread.
    let resettable = reset_peak_rss();
    let names: Vec<&str> = pipeline.passes().map(|p| p.name()).collect();
    let mut best = vec![Duration::MAX; names.len() + 1];
    for _ in 0..runs {
        let mut times = vec![Duration::ZERO; names.len() + 1];
        for path in &files {
            let Ok(text) = input::read_text(path, Utf8Policy::Lossy) else {
                continue;
            };
            let mut doc = Document::new(input::doc_name(path), text.text, Meta::default());
            for (i, pass) in pipeline.passes().enumerate() {
                let t = Instant::now();
                pass.run(&mut doc);
                times[i] += t.elapsed();
            }
            let t = Instant::now();
            std::hint::black_box(JsonDoc::document_line(&doc));
            times[names.len()] += t.elapsed();
        }
        for (b, t) in best.iter_mut().zip(times) {
            *b = (*b).min(t);
        }
    }
    println!(
        "\n{:<24} {:>10} {:>10}",
        "stage (1 thread)", "seconds", "MB/s"
    );
    for (name, t) in names
        .iter()
        .chain(std::iter::once(&"json output"))
        .zip(&best)
    {
        println!(
            "{name:<24} {:>10.3} {:>10}",
            t.as_secs_f64(),
            mb_s(bytes, *t)
        );
    }
    let sum: Duration = best.iter().sum();
    println!(
        "{:<24} {:>10.3} {:>10}",
        "all stages",
        sum.as_secs_f64(),
        mb_s(bytes, sum)
    );
    println!("peak RSS (per-pass phase): {}", rss());

    // End to end, one thread, then all cores.
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a 1-thread pool");
    // Best wall time of the runs, and the cores the process kept busy on
    // average (CPU time / wall time): below the thread count when other
    // work shares the machine.
    let measure = |pool: Option<&rayon::ThreadPool>, n: usize| {
        reset_peak_rss();
        let (cpu0, started) = (cpu_seconds(), Instant::now());
        let best = (0..runs)
            .map(|_| end_to_end(&pipeline, &files, pool, n))
            .min()
            .unwrap_or_default();
        let cores = match (cpu0, cpu_seconds()) {
            (Some(a), Some(b)) => format!("{:.2}", (b - a) / started.elapsed().as_secs_f64()),
            _ => "?".to_string(),
        };
        (best, rss(), cores)
    };
    let (t1, rss1, cores1) = measure(Some(&one), 1);
    let (tn, rssn, coresn) = measure(None, threads);
    println!(
        "\n{:<24} {:>10} {:>10} {:>14} {:>11}",
        "end to end", "seconds", "MB/s", "peak RSS", "cores used"
    );
    println!(
        "{:<24} {:>10.3} {:>10} {:>14} {:>11}",
        "1 thread",
        t1.as_secs_f64(),
        mb_s(bytes, t1),
        rss1,
        cores1
    );
    println!(
        "{:<24} {:>10.3} {:>10} {:>14} {:>11}",
        format!("{threads} threads"),
        tn.as_secs_f64(),
        mb_s(bytes, tn),
        rssn,
        coresn
    );
    let speedup = t1.as_secs_f64() / tn.as_secs_f64().max(1e-9);
    let per_core = bytes as f64 / 1e6 / tn.as_secs_f64().max(1e-9) / threads as f64;
    println!("speed-up {speedup:.2}× on {threads} threads; {per_core:.1} MB/s per core");
    if !resettable {
        println!(
            "(peak RSS could not be reset between phases: each figure is the process's peak so far)"
        );
    }
    Ok(ExitCode::SUCCESS)
}
