//! The `cronista` binary, run on temporary directories: outputs, error
//! messages that name the file, and exit codes.

use crate::util::{cronista, jsonl_docs, stderr};

#[test]
fn extract_writes_one_json_per_document() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(input.join("sub")).unwrap();
    std::fs::write(
        input.join("uno.txt"),
        "Belgrano llegó a Potosí el 3 de mayo.",
    )
    .unwrap();
    std::fs::write(input.join("sub/dos.txt"), "Olañeta se retiró.").unwrap();
    std::fs::write(input.join("nota.md"), "no es un texto").unwrap();
    let out = dir.path().join("out");
    let o = cronista(&[
        "extract",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    for name in ["uno", "dos"] {
        let p = out.join(format!("{name}.json"));
        let j = cronista::json::JsonDoc::read(&p).unwrap();
        assert_eq!(j.doc, name);
    }
    assert!(!out.join("nota.json").exists());
}

#[test]
fn bad_inputs_are_named_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("bueno.txt"), "Rondeau llegó a Chayanta.").unwrap();
    std::fs::write(d.join("vacio.txt"), "").unwrap();
    std::fs::write(d.join("latin1.txt"), b"Potos\xed y Chuquisaca").unwrap();
    let out = d.join("out");
    let o = cronista(&[
        "extract",
        d.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "a failed input makes exit code 1");
    let err = stderr(&o);
    assert!(err.contains("vacio.txt: empty file"), "{err}");
    assert!(err.contains("latin1.txt: invalid UTF-8 at byte 5"), "{err}");
    assert!(
        out.join("bueno.json").exists(),
        "the good file is still processed"
    );
    // --lossy takes the bad file, says so, and offsets count the replacement.
    let o = cronista(&["extract", d.join("latin1.txt").to_str().unwrap(), "--lossy"]);
    assert!(o.status.success());
    assert!(stderr(&o).contains("replaced"), "{}", stderr(&o));
}

#[test]
fn missing_path_and_usage_errors() {
    let o = cronista(&["extract", "/no/such/dir/x.txt"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("/no/such/dir/x.txt"), "{}", stderr(&o));
    let o = cronista(&["extract"]);
    assert_eq!(o.status.code(), Some(2), "missing PATH is a usage error");
    let o = cronista(&["frobnicate"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn jsonl_prints_one_line_per_document() {
    let dir = tempfile::tempdir().unwrap();
    for (n, t) in [("a", "Texto uno."), ("b", "Texto dos.")] {
        std::fs::write(dir.path().join(format!("{n}.txt")), t).unwrap();
    }
    let o = cronista(&["extract", dir.path().to_str().unwrap(), "--format", "jsonl"]);
    assert!(o.status.success());
    let docs = jsonl_docs(&o.stdout);
    assert_eq!(docs, ["a", "b"], "deterministic input order");
}
