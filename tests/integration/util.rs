//! Shared helpers: the pipeline built once, table loading, readable diffs.

use cronista::data::Table;
use cronista::{Meta, Pipeline};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

/// The default pipeline, built once for the whole test binary.
pub fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::new().expect("built-in data parses"))
}

/// Runs the default pipeline on a text.
pub fn process(text: &str) -> cronista::Document {
    pipeline().process("test", text, Meta::default())
}

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Loads `tests/data/<name>` as a table.
pub fn table(name: &str) -> Table {
    let path = root().join("tests/data").join(name);
    let source =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Table::parse(name, &source).unwrap_or_else(|e| panic!("{e}"))
}

/// Reads a file of the repository as text.
pub fn read(path: impl AsRef<Path>) -> String {
    let p = root().join(path);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Collects failures of a table test and reports them all at once, each
/// with its line in the data file, instead of stopping at the first.
#[derive(Default)]
pub struct Failures(Vec<String>);

impl Failures {
    pub fn check(&mut self, ok: bool, line: usize, msg: impl FnOnce() -> String) {
        if !ok {
            self.0.push(format!("line {line}: {}", msg()));
        }
    }
    pub fn push(&mut self, msg: String) {
        self.0.push(msg);
    }
    #[track_caller]
    pub fn assert_none(self, what: &str) {
        if !self.0.is_empty() {
            panic!(
                "{} {what} case(s) failed:\n  {}",
                self.0.len(),
                self.0.join("\n  ")
            );
        }
    }
}

/// `assert_eq!` for multi-line text: prints a line diff of expected and got.
#[macro_export]
macro_rules! assert_lines_eq {
    ($expected:expr, $got:expr $(,)?) => {{
        let (e, g): (&str, &str) = (&$expected, &$got);
        if e != g {
            let mut out = String::new();
            let (el, gl): (Vec<&str>, Vec<&str>) = (e.lines().collect(), g.lines().collect());
            for i in 0..el.len().max(gl.len()) {
                match (el.get(i), gl.get(i)) {
                    (Some(a), Some(b)) if a == b => out.push_str(&format!("  {a}\n")),
                    (a, b) => {
                        if let Some(a) = a {
                            out.push_str(&format!("- {a}\n"));
                        }
                        if let Some(b) = b {
                            out.push_str(&format!("+ {b}\n"));
                        }
                    }
                }
            }
            panic!("text differs (- expected, + got):\n{out}");
        }
    }};
}

/// Runs the `cronista` binary from the repository root.
pub fn cronista(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cronista"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("binary runs")
}

/// Runs the `cronista` binary with `input` on its standard input.
pub fn cronista_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cronista"))
        .args(args)
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary runs");
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    // Write from another thread: the output may fill its pipe first.
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    out
}

/// The standard error of a run, as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The `doc` of every line of JSON Lines output, in order.
pub fn jsonl_docs(stdout: &[u8]) -> Vec<String> {
    String::from_utf8(stdout.to_vec())
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["doc"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}
