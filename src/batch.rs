//! The batch engine: documents processed in parallel on rayon's pool by one
//! shared pipeline, results handed back **in input order**, with **bounded
//! memory**, and nothing lost (a pass that panics on a document becomes an
//! error for that document, and the batch goes on).
//!
//! [`ordered_map`] is the core: the calling thread reads items (files to
//! read, lines of stdin) and hands each to the pool, at most `window` at a
//! time that are not yet written; a writer thread puts results back in order
//! and emits them as soon as the next one is ready. Peak memory is about
//! `window` documents, whatever the size of the corpus or of the stream, and
//! no core waits for a slow document to finish a chunk.
//!
//! Also here: [`process_guarded`] (one document, panics caught),
//! [`jsonl_record`] (one JSON Lines record in, one line out), the [`Summary`]
//! of a run, and the peak resident memory of the process ([`peak_rss_kb`]).

use crate::document::{Document, MentionType, Meta};
use crate::error::{Error, ErrorKind, Result};
use crate::input::{Utf8Policy, meta_from_value};
use crate::json::JsonDoc;
use crate::pipeline::Pipeline;
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

/// The default window: enough documents in flight to keep every core busy
/// while the writer waits for the oldest one.
pub fn default_window(threads: usize) -> usize {
    4 * threads.max(1)
}

/// Applies `work` to every item on the rayon pool (`pool`, or the global one
/// when `None`), and calls `emit` on the results in the order of the items,
/// from one writer thread. At most `window` items are read but not yet
/// emitted. `emit` returns `false` to stop the run (say, stdout is closed):
/// no further item is read.
///
/// Must not be called from inside a rayon worker (the calling thread blocks
/// while it waits for room in the window).
pub fn ordered_map<T, R, I, W, E>(
    pool: Option<&rayon::ThreadPool>,
    items: I,
    window: usize,
    work: W,
    mut emit: E,
) where
    I: Iterator<Item = T>,
    T: Send,
    R: Send,
    W: Fn(T) -> R + Sync,
    E: FnMut(R) -> bool + Send,
{
    let window = window.max(1);
    let (result_tx, result_rx) = mpsc::channel::<(usize, R)>();
    // A semaphore: the reader sends a permit before handing out an item, the
    // writer takes one back after emitting it.
    let (permit_tx, permit_rx) = mpsc::sync_channel::<()>(window);
    std::thread::scope(|threads| {
        let emit = &mut emit;
        threads.spawn(move || {
            let mut next = 0;
            let mut waiting: BTreeMap<usize, R> = BTreeMap::new();
            for (i, r) in result_rx {
                waiting.insert(i, r);
                while let Some(r) = waiting.remove(&next) {
                    next += 1;
                    if !emit(r) {
                        return; // drops permit_rx: the reader stops
                    }
                    let _ = permit_rx.recv();
                }
            }
        });
        let work = &work;
        match pool {
            Some(p) => {
                p.in_place_scope_fifo(|scope| feed(scope, items, &permit_tx, &result_tx, work))
            }
            None => {
                rayon::in_place_scope_fifo(|scope| feed(scope, items, &permit_tx, &result_tx, work))
            }
        }
        drop(result_tx);
    });
}

/// The reading side of [`ordered_map`]: one permit per item, then the item
/// goes to the pool.
fn feed<'scope, T, R, I, W>(
    scope: &rayon::ScopeFifo<'scope>,
    items: I,
    permit_tx: &mpsc::SyncSender<()>,
    result_tx: &mpsc::Sender<(usize, R)>,
    work: &'scope W,
) where
    I: Iterator<Item = T>,
    T: Send + 'scope,
    R: Send + 'scope,
    W: Fn(T) -> R + Sync,
{
    for (i, item) in items.enumerate() {
        if permit_tx.send(()).is_err() {
            break;
        }
        let tx = result_tx.clone();
        scope.spawn_fifo(move |_| {
            let _ = tx.send((i, work(item)));
        });
    }
}

/// Runs the pipeline on one text; a pass that panics becomes an error
/// naming the document instead of ending the batch.
pub fn process_guarded(
    pipeline: &Pipeline,
    name: &str,
    text: &str,
    meta: Meta,
    path: &Path,
) -> Result<Document> {
    guarded(path, || pipeline.process(name, text, meta))
}

/// Runs `f`; a panic becomes an error naming `path` (the panic message
/// itself also reaches stderr through the default hook).
pub fn guarded<T>(path: &Path, f: impl FnOnce() -> T) -> Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|panic| {
        let msg = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string());
        Error::at(
            ErrorKind::Io(std::io::Error::other(format!(
                "internal error, document skipped: {msg}"
            ))),
            path,
        )
    })
}

/// The outcome of one JSON Lines record.
#[derive(Debug)]
pub struct JsonlOutcome {
    /// The output line, without its line break: the gold JSON with the
    /// record's `id` first, or `{"id":…,"line":…,"error":…}`.
    pub line: String,
    /// The result, when the record was processed.
    pub doc: Option<JsonDoc>,
    /// What went wrong (the output line says it too).
    pub error: Option<String>,
    /// A note for stderr that is not an error (`--lossy` replaced bytes).
    pub note: Option<String>,
}

/// Processes one input record `{"id": …, "text": …, "meta": {…}}` (line
/// number `line_no`, from 1). `id` may be any JSON value and is echoed back
/// as given; the document is named by it (a string as is, another value by
/// its JSON text, a missing one `line<N>`). Never fails: a bad record gives
/// an error line in its place.
pub fn jsonl_record(
    pipeline: &Pipeline,
    line_no: usize,
    bytes: &[u8],
    policy: Utf8Policy,
) -> JsonlOutcome {
    let mut note = None;
    let text: std::borrow::Cow<str> = match std::str::from_utf8(bytes) {
        Ok(s) => s.into(),
        Err(e) if policy == Utf8Policy::Lossy => {
            note = Some(format!(
                "invalid UTF-8 at byte {} replaced with U+FFFD (--lossy)",
                e.valid_up_to()
            ));
            String::from_utf8_lossy(bytes)
        }
        Err(e) => {
            return error_line(
                &serde_json::Value::Null,
                line_no,
                format!("invalid UTF-8 at byte {} of the line", e.valid_up_to()),
            );
        }
    };
    let record: serde_json::Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(_) if text.trim().is_empty() => {
            return error_line(&serde_json::Value::Null, line_no, "empty line".to_string());
        }
        Err(e) => return error_line(&serde_json::Value::Null, line_no, format!("not JSON: {e}")),
    };
    let Some(obj) = record.as_object() else {
        return error_line(
            &serde_json::Value::Null,
            line_no,
            "a record must be a JSON object".to_string(),
        );
    };
    let id = obj.get("id").cloned().unwrap_or(serde_json::Value::Null);
    let name = match &id {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => format!("line{line_no}"),
        v => v.to_string(),
    };
    let Some(body) = obj.get("text").and_then(|t| t.as_str()) else {
        return error_line(
            &id,
            line_no,
            "`text` is missing or not a string".to_string(),
        );
    };
    let meta = match obj.get("meta") {
        None | Some(serde_json::Value::Null) => Meta::default(),
        Some(m) => match meta_from_value(m) {
            Ok(m) => m,
            Err(msg) => return error_line(&id, line_no, format!("bad meta: {msg}")),
        },
    };
    let path = format!("stdin line {line_no}");
    match process_guarded(pipeline, &name, body, meta, Path::new(&path)) {
        Ok(doc) => {
            let json = JsonDoc::from_document(&doc);
            let rest = json.to_line();
            let line = format!("{{\"id\":{id},{}", &rest[1..]);
            JsonlOutcome {
                line,
                doc: Some(json),
                error: None,
                note,
            }
        }
        Err(e) => error_line(&id, line_no, e.to_string()),
    }
}

fn error_line(id: &serde_json::Value, line_no: usize, msg: String) -> JsonlOutcome {
    let line = format!(
        "{{\"id\":{id},\"line\":{line_no},\"error\":{}}}",
        serde_json::to_string(&msg).expect("string")
    );
    JsonlOutcome {
        line,
        doc: None,
        error: Some(msg),
        note: None,
    }
}

/// What the summary counts of one document: mentions per type (in
/// [`MentionType::ALL`] order) and events, without building its JsonDoc.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub mentions: [usize; 5],
    pub events: usize,
}

impl Counts {
    pub fn of(doc: &Document) -> Counts {
        let mut counts = Counts {
            mentions: [0; 5],
            events: doc.events.len(),
        };
        for m in &doc.mentions {
            if let Some(i) = MentionType::ALL.iter().position(|t| *t == m.mention_type()) {
                counts.mentions[i] += 1;
            }
        }
        counts
    }
}

/// What a run did, for the summary on stderr.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub documents: usize,
    pub failed: usize,
    /// Input bytes of the documents processed.
    pub bytes: u64,
    /// Mentions per type, in [`MentionType::ALL`] order.
    pub mentions: [usize; 5],
    pub events: usize,
    pub elapsed: Duration,
}

impl Summary {
    /// Counts one processed document.
    pub fn add(&mut self, json: &JsonDoc, bytes: u64) {
        self.documents += 1;
        self.bytes += bytes;
        for m in &json.mentions {
            if let Some(i) = MentionType::ALL
                .iter()
                .position(|t| t.as_str() == m.mention_type)
            {
                self.mentions[i] += 1;
            }
        }
        self.events += json.events.len();
    }

    /// Counts one processed document from its [`Counts`] (the same as
    /// [`Summary::add`] of its JsonDoc).
    pub fn add_counts(&mut self, counts: &Counts, bytes: u64) {
        self.documents += 1;
        self.bytes += bytes;
        for (total, n) in self.mentions.iter_mut().zip(counts.mentions) {
            *total += n;
        }
        self.events += counts.events;
    }

    /// Megabytes (10⁶ bytes) per second.
    pub fn mb_per_s(&self) -> f64 {
        let s = self.elapsed.as_secs_f64();
        if s > 0.0 {
            self.bytes as f64 / 1e6 / s
        } else {
            0.0
        }
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} documents, {} errors, {:.1} MB in {:.2} s ({:.1} MB/s); mentions:",
            self.documents,
            self.failed,
            self.bytes as f64 / 1e6,
            self.elapsed.as_secs_f64(),
            self.mb_per_s()
        )?;
        for (t, n) in MentionType::ALL.iter().zip(self.mentions) {
            write!(f, " {t} {n}")?;
        }
        write!(f, "; events {}", self.events)
    }
}

/// The peak resident set size of this process in KiB (`VmHWM` of
/// `/proc/self/status`), where Linux tells it.
pub fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Resets the peak resident set size to the current one, so the next
/// [`peak_rss_kb`] measures what follows. Returns whether Linux allowed it.
pub fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_order_with_a_small_window() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(3)
            .build()
            .unwrap();
        let mut got = Vec::new();
        // Later items finish first; the output must still be in input order.
        ordered_map(
            Some(&pool),
            0..50u64,
            2,
            |i| {
                std::thread::sleep(Duration::from_micros((50 - i) * 20));
                i * 10
            },
            |r| {
                got.push(r);
                true
            },
        );
        assert_eq!(got, (0..50).map(|i| i * 10).collect::<Vec<_>>());
    }

    #[test]
    fn memory_is_bounded_by_the_window() {
        use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
        let (pending, most) = (AtomicUsize::new(0), AtomicUsize::new(0));
        let items = (0..300u64).inspect(|_| {
            let now = pending.fetch_add(1, SeqCst) + 1;
            most.fetch_max(now, SeqCst);
        });
        let mut n = 0;
        ordered_map(
            None,
            items,
            3,
            |i| i,
            |_| {
                pending.fetch_sub(1, SeqCst);
                n += 1;
                true
            },
        );
        assert_eq!(n, 300);
        // The window, plus the one item read while waiting for room.
        assert!(
            most.load(SeqCst) <= 4,
            "{} items held at once",
            most.load(SeqCst)
        );
    }

    #[test]
    fn documents_run_in_parallel() {
        // Each item waits until another is running too: a serial engine
        // would never see two at once (the wait gives up after 20 s).
        use std::sync::{Condvar, Mutex};
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        let (running, changed) = (Mutex::new(0usize), Condvar::new());
        let mut met = Vec::new();
        ordered_map(
            Some(&pool),
            0..6,
            4,
            |_| {
                let mut n = running.lock().unwrap();
                *n += 1;
                changed.notify_all();
                let (mut n, _) = changed
                    .wait_timeout_while(n, Duration::from_secs(20), |n| *n < 2)
                    .unwrap();
                let together = *n >= 2;
                // Stay counted until the partner has seen us.
                drop(n);
                std::thread::sleep(Duration::from_millis(20));
                n = running.lock().unwrap();
                *n -= 1;
                together
            },
            |t| {
                met.push(t);
                true
            },
        );
        assert!(met.iter().filter(|&&t| t).count() >= 2, "{met:?}");
    }

    #[test]
    fn a_panic_becomes_an_error_naming_the_document() {
        let e = guarded(Path::new("malo.txt"), || -> usize {
            panic!("index out of bounds")
        })
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "malo.txt: internal error, document skipped: index out of bounds"
        );
        assert_eq!(guarded(Path::new("x"), || 7).unwrap(), 7);
    }

    #[test]
    fn emit_false_stops_reading() {
        let read = std::sync::atomic::AtomicUsize::new(0);
        let items = (0..1000).inspect(|_| {
            read.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        });
        let mut emitted = 0;
        ordered_map(
            None,
            items,
            4,
            |i| i,
            |_| {
                emitted += 1;
                emitted < 3
            },
        );
        assert_eq!(emitted, 3);
        assert!(
            read.load(std::sync::atomic::Ordering::SeqCst) < 1000,
            "the reader stopped early"
        );
    }
}
