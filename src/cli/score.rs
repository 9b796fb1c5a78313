//! `cronista score`: score predictions against gold (ANNOTATION.md
//! §Scoring), print the figures as a table or JSON, optionally list the
//! mistakes, and fail when a figure falls below a `--min` threshold.
//!
//! The documents scored are those in `--gold`; a document missing from
//! `--pred` is scored as an empty prediction, and the command says so.

use cronista::input::{self, Utf8Policy};
use cronista::json::JsonDoc;
use cronista::score::{self, Counts, Figures};
use cronista::{Error, Result};
use serde_json::{Map, Value};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Directory of gold `<doc>.json` files; these documents are scored.
    #[arg(long, value_name = "DIR")]
    pub gold: PathBuf,
    /// Directory of predicted `<doc>.json` files.
    #[arg(long, value_name = "DIR")]
    pub pred: PathBuf,
    /// Directory holding `<doc>.txt`, to check every mention's text against
    /// its offsets and to show context. Default: `corpus` beside the gold
    /// directory, if it exists.
    #[arg(long, value_name = "DIR")]
    pub texts: Option<PathBuf>,
    /// Print the figures as JSON: {"overall": {scope: {measure: x}}, "docs":
    /// {doc: {…}}} (with `--errors`, also "mistakes": [...]).
    #[arg(long)]
    pub json: bool,
    /// List false positives, false negatives, wrong values and entities,
    /// missed and spurious triggers and arguments.
    #[arg(long)]
    pub errors: bool,
    /// Score only these documents (comma-separated names).
    #[arg(long, value_name = "A,B", value_delimiter = ',')]
    pub docs: Vec<String>,
    /// Fail (exit 1) when a figure is below VALUE, e.g. `DATE.value_f1=0.95`.
    /// Repeatable; also `--min a=x,b=y`.
    #[arg(long = "min", value_name = "FIGURE=VALUE", value_delimiter = ',')]
    pub min: Vec<String>,
}

/// One parsed `--min` threshold.
struct Threshold {
    name: String,
    value: f64,
}

fn parse_thresholds(specs: &[String]) -> Result<Vec<Threshold>> {
    let names = Figures::names();
    let mut out = Vec::new();
    for spec in specs.iter().filter(|s| !s.trim().is_empty()) {
        let Some((name, value)) = spec.split_once('=') else {
            return Err(Error::usage(format!(
                "--min {spec}: expected FIGURE=VALUE, e.g. DATE.value_f1=0.95"
            )));
        };
        let name = name.trim();
        if !names.iter().any(|n| n == name) {
            return Err(Error::usage(format!(
                "--min {spec}: unknown figure `{name}`; valid figures: {}",
                names.join(", ")
            )));
        }
        let value: f64 = value
            .trim()
            .parse()
            .ok()
            .filter(|v: &f64| v.is_finite())
            .ok_or_else(|| {
                Error::usage(format!("--min {spec}: `{}` is not a number", value.trim()))
            })?;
        out.push(Threshold {
            name: name.to_string(),
            value,
        });
    }
    Ok(out)
}

/// One document to score.
struct Scored {
    name: String,
    gold: JsonDoc,
    pred: JsonDoc,
    text: Option<String>,
}

/// The gold documents' names, sorted, restricted to `--docs`.
fn gold_names(dir: &Path, only: &[String]) -> Result<Vec<String>> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(e, dir))?;
    let mut names = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| Error::io(e, dir))?.path();
        if path.extension().is_some_and(|x| x == "json") && path.is_file() {
            names.push(input::doc_name(&path));
        }
    }
    names.sort();
    if names.is_empty() {
        return Err(Error::json(dir, "no gold <doc>.json files here"));
    }
    let only: Vec<&str> = only
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect();
    if !only.is_empty() {
        if let Some(unknown) = only.iter().find(|d| !names.iter().any(|n| n == *d)) {
            return Err(Error::usage(format!(
                "--docs: no gold file {}; gold documents: {}",
                dir.join(format!("{unknown}.json")).display(),
                names.join(", ")
            )));
        }
        names.retain(|n| only.contains(&n.as_str()));
    }
    Ok(names)
}

fn load(args: &Args) -> Result<Vec<Scored>> {
    let names = gold_names(&args.gold, &args.docs)?;
    if !args.pred.is_dir() {
        return Err(Error::json(&args.pred, "prediction directory not found"));
    }
    // Texts: explicit, or `corpus` beside the gold directory.
    let (texts, explicit) = match &args.texts {
        Some(t) => (Some(t.clone()), true),
        None => {
            let beside = args.gold.parent().unwrap_or(Path::new("")).join("corpus");
            (beside.is_dir().then_some(beside), false)
        }
    };
    if let Some(t) = texts.as_ref().filter(|t| explicit && !t.is_dir()) {
        return Err(Error::json(t, "texts directory not found"));
    }
    if args.docs.is_empty() {
        note_predictions_without_gold(&args.pred, &names);
    }
    let mut docs = Vec::new();
    for name in names {
        let gold_path = args.gold.join(format!("{name}.json"));
        let pred_path = args.pred.join(format!("{name}.json"));
        let gold = JsonDoc::read(&gold_path)?;
        let pred = if pred_path.exists() {
            JsonDoc::read(&pred_path)?
        } else {
            eprintln!(
                "cronista: no prediction {} for gold document {name}: scored as empty",
                pred_path.display()
            );
            JsonDoc {
                doc: name.clone(),
                mentions: Vec::new(),
                events: Vec::new(),
            }
        };
        let text_path = texts.as_ref().map(|t| t.join(format!("{name}.txt")));
        let text = match text_path {
            Some(p) if p.is_file() => Some(input::read_text(&p, Utf8Policy::Strict)?.text),
            Some(p) if explicit => {
                return Err(Error::json(&p, "text not found (needed by --texts)"));
            }
            Some(p) => {
                eprintln!(
                    "cronista: no text {}: checking {name} without it",
                    p.display()
                );
                None
            }
            None => None,
        };
        match &text {
            Some(t) => {
                gold.check_against(t, &gold_path)?;
                pred.check_against(t, &pred_path)?;
            }
            None => {
                gold.check_structure(&gold_path)?;
                pred.check_structure(&pred_path)?;
            }
        }
        docs.push(Scored {
            name,
            gold,
            pred,
            text,
        });
    }
    Ok(docs)
}

/// Says which predictions are not scored because gold has no such document.
fn note_predictions_without_gold(pred: &Path, gold_names: &[String]) {
    let Ok(entries) = std::fs::read_dir(pred) else {
        return;
    };
    let mut extra: Vec<String> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| input::doc_name(&p))
        .filter(|n| !gold_names.contains(n))
        .collect();
    extra.sort();
    if !extra.is_empty() {
        eprintln!("cronista: not scored (no gold): {}", extra.join(", "));
    }
}

pub fn run(args: Args) -> Result<ExitCode> {
    let thresholds = parse_thresholds(&args.min)?;
    let docs = load(&args)?;
    let mut overall = Counts::default();
    let mut per_doc = Vec::new();
    for d in &docs {
        let mut counts = Counts::default();
        score::score_doc(&d.gold, &d.pred, &mut counts);
        score::score_doc(&d.gold, &d.pred, &mut overall);
        per_doc.push((d.name.as_str(), score::summarize(&counts)));
    }
    let figures = score::summarize(&overall);
    let mut out = String::new();
    if args.json {
        let mut doc_map = Map::new();
        for (name, f) in &per_doc {
            doc_map.insert(name.to_string(), figures_json(f));
        }
        let mut top = Map::new();
        top.insert("overall".into(), figures_json(&figures));
        top.insert("docs".into(), Value::Object(doc_map));
        if args.errors {
            top.insert("mistakes".into(), mistakes_json(&docs));
        }
        out.push_str(&serde_json::to_string_pretty(&Value::Object(top)).expect("serializable"));
        out.push('\n');
    } else {
        out.push_str(&table(&figures));
        out.push('\n');
        out.push_str(&doc_table(&per_doc));
    }
    if args.errors && !args.json {
        out.push('\n');
        out.push_str(&mistakes(&docs));
    }
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(out.as_bytes())
        .map_err(|e| Error::io(e, "stdout"))?;
    stdout.flush().map_err(|e| Error::io(e, "stdout"))?;
    let mut short = false;
    for t in &thresholds {
        let got = figures.get(&t.name).expect("validated");
        if got < t.value {
            eprintln!("cronista: {} = {:.3} < {:.3}", t.name, got, t.value);
            short = true;
        }
    }
    Ok(if short {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn figures_json(f: &Figures) -> Value {
    let mut scopes = Map::new();
    for (scope, measures) in f.scopes() {
        let mut m = Map::new();
        for (measure, v) in measures {
            let value = if measure == "gold" || measure == "pred" {
                Value::from(v as u64)
            } else {
                serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number)
            };
            m.insert(measure.to_string(), value);
        }
        scopes.insert(scope.to_string(), Value::Object(m));
    }
    Value::Object(scopes)
}

fn get(f: &Figures, name: &str) -> f64 {
    f.get(name).unwrap_or(f64::NAN)
}

/// The overall figures: one line per type, then micro, macro, events, args.
fn table(f: &Figures) -> String {
    let mut s = String::new();
    s.push_str(&format!(
        "{:<8} {:>5} {:>5} {:>7} {:>7} {:>7} {:>7}  {:<10} {:>5} {:>5}\n",
        "type", "gold", "pred", "strict", "rel P", "rel R", "rel F1", "val/ent", "acc", "F1"
    ));
    for t in cronista::document::MentionType::ALL {
        let t = t.as_str();
        let (label, acc, f1) = if f.get(&format!("{t}.value_acc")).is_some() {
            (
                "value",
                format!("{:.3}", get(f, &format!("{t}.value_acc"))),
                format!("{:.3}", get(f, &format!("{t}.value_f1"))),
            )
        } else if f.get(&format!("{t}.entity_acc")).is_some() {
            (
                "entity",
                format!("{:.3}", get(f, &format!("{t}.entity_acc"))),
                format!("{:.3}", get(f, &format!("{t}.entity_f1"))),
            )
        } else {
            ("", String::new(), String::new())
        };
        s.push_str(&format!(
            "{:<8} {:>5} {:>5} {:>7.3} {:>7.3} {:>7.3} {:>7.3}  {:<10} {:>5} {:>5}\n",
            t,
            get(f, &format!("{t}.gold")),
            get(f, &format!("{t}.pred")),
            get(f, &format!("{t}.strict_f1")),
            get(f, &format!("{t}.relaxed_p")),
            get(f, &format!("{t}.relaxed_r")),
            get(f, &format!("{t}.relaxed_f1")),
            label,
            acc,
            f1
        ));
    }
    s.push_str(&format!(
        "{:<8} {:>5} {:>5} {:>7.3} {:>7.3} {:>7.3} {:>7.3}\n",
        "micro",
        "",
        "",
        get(f, "micro.strict_f1"),
        get(f, "micro.relaxed_p"),
        get(f, "micro.relaxed_r"),
        get(f, "micro.relaxed_f1")
    ));
    s.push_str(&format!(
        "{:<8} {:>5} {:>5} {:>7} {:>7} {:>7} {:>7.3}\n",
        "macro",
        "",
        "",
        "",
        "",
        "",
        get(f, "macro.relaxed_f1")
    ));
    s.push_str(&format!(
        "events   {:>5} {:>5}   trigger ident F1 {:.3}  class F1 {:.3}\n",
        get(f, "events.gold"),
        get(f, "events.pred"),
        get(f, "events.trigger_ident_f1"),
        get(f, "events.trigger_class_f1")
    ));
    s.push_str(&format!(
        "args     {:>5} {:>5}   P {:.3}  R {:.3}  F1 {:.3}\n",
        get(f, "args.gold"),
        get(f, "args.pred"),
        get(f, "args.p"),
        get(f, "args.r"),
        get(f, "args.f1")
    ));
    s
}

/// One line per document: micro strict and relaxed F1, macro, value and
/// entity F1, trigger classification and argument F1.
fn doc_table(docs: &[(&str, Figures)]) -> String {
    let columns = [
        ("strict", "micro.strict_f1"),
        ("relaxed", "micro.relaxed_f1"),
        ("macro", "macro.relaxed_f1"),
        ("DATE v", "DATE.value_f1"),
        ("NUM v", "NUMBER.value_f1"),
        ("PERS e", "PERSON.entity_f1"),
        ("PLACE e", "PLACE.entity_f1"),
        ("trig", "events.trigger_class_f1"),
        ("args", "args.f1"),
    ];
    let width = docs
        .iter()
        .map(|(n, _)| n.chars().count())
        .max()
        .unwrap_or(0)
        .max(3);
    let mut s = format!("{:<width$}", "doc");
    for (head, _) in columns {
        s.push_str(&format!(" {head:>7}"));
    }
    s.push('\n');
    for (name, f) in docs {
        s.push_str(&format!("{name:<width$}"));
        for (_, figure) in columns {
            s.push_str(&format!(" {:>7.3}", get(f, figure)));
        }
        s.push('\n');
    }
    s
}

/// The mistakes as JSON objects (under `"mistakes"` with `--json --errors`).
fn mistakes_json(docs: &[Scored]) -> Value {
    let mut list = Vec::new();
    for d in docs {
        for m in score::list_mistakes(&d.gold, &d.pred) {
            let mut o = Map::new();
            o.insert("doc".into(), Value::from(d.name.as_str()));
            o.insert("kind".into(), Value::from(m.kind.as_str()));
            o.insert("type".into(), Value::from(m.label.as_str()));
            o.insert("start".into(), Value::from(m.start));
            o.insert("end".into(), Value::from(m.end));
            o.insert("text".into(), Value::from(m.text.as_str()));
            o.insert("detail".into(), Value::from(m.detail.as_str()));
            if let Some(text) = &d.text {
                o.insert(
                    "context".into(),
                    Value::from(score::context(text, m.start, m.end, 40)),
                );
            }
            list.push(Value::Object(o));
        }
    }
    Value::Array(list)
}

/// The mistakes of every document, with context when the text is at hand.
fn mistakes(docs: &[Scored]) -> String {
    let mut s = String::new();
    let mut total = 0;
    for d in docs {
        for m in score::list_mistakes(&d.gold, &d.pred) {
            total += 1;
            s.push_str(&format!(
                "{}\t{}\t{}\t{}..{}\t{:?}",
                d.name,
                m.kind.as_str(),
                m.label,
                m.start,
                m.end,
                m.text
            ));
            if !m.detail.is_empty() {
                s.push_str(&format!("\t{}", m.detail));
            }
            if let Some(text) = &d.text {
                s.push_str(&format!("\t{}", score::context(text, m.start, m.end, 40)));
            }
            s.push('\n');
        }
    }
    format!("mistakes: {total}\n{s}")
}
