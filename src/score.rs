//! Scoring against hand-annotated gold (ANNOTATION.md §Scoring).
//!
//! The figures must agree, figure for figure, with the reference scorer
//! `score.py` that ships beside ANNOTATION.md, so this module follows it step
//! by step: the same one-to-one matching (candidates sorted by largest
//! overlap, then by position, never by input order), the same value equality
//! (NUMBER: |a−b| < 1e-9 after Python's `float()`; DATE: trimmed uppercase
//! string equality after Python's `str()`), the same entity folding, the
//! same trigger identification (any type) and classification (same type),
//! and the same argument matching.
//!
//! It works on [`JsonDoc`]s directly, so offsets here are code points.
//! [`score_doc`] adds one document to a [`Counts`]; [`summarize`] turns
//! counts into named [`Figures`] (`DATE.value_f1`, `micro.relaxed_f1`, …);
//! [`list_mistakes`] lists what a reader checks by hand: false positives,
//! false negatives, wrong values and entities, missed and spurious triggers
//! and arguments.

use crate::document::MentionType;
use crate::fold::fold;
use crate::json::{JsonDoc, JsonMention};
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// Counts for one mention type.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TypeCounts {
    pub gold: usize,
    pub pred: usize,
    /// Pairs with the same start and end.
    pub strict: usize,
    /// Pairs whose spans overlap.
    pub relaxed: usize,
    /// Relaxed pairs with equal `value` (DATE, NUMBER).
    pub value: usize,
    /// Relaxed pairs with equal folded `entity` (PERSON, PLACE).
    pub entity: usize,
}

/// Counts for event triggers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EventCounts {
    pub gold: usize,
    pub pred: usize,
    /// Trigger pairs whose spans overlap, whatever their types.
    pub identified: usize,
    /// Trigger pairs whose spans overlap and whose types are equal.
    pub classified: usize,
}

/// Counts for event arguments.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ArgCounts {
    pub gold: usize,
    pub pred: usize,
    pub matched: usize,
}

/// Everything the figures are computed from; add documents with
/// [`score_doc`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    /// Indexed like [`MentionType::ALL`].
    pub types: [TypeCounts; 5],
    pub events: EventCounts,
    pub args: ArgCounts,
}

impl Counts {
    pub fn of(&self, t: MentionType) -> &TypeCounts {
        &self.types[type_index(t)]
    }
}

fn type_index(t: MentionType) -> usize {
    MentionType::ALL
        .iter()
        .position(|&x| x == t)
        .expect("every type is in ALL")
}

/// A code-point span.
type Span = (usize, usize);

fn overlap(a: Span, b: Span) -> usize {
    a.1.min(b.1).saturating_sub(a.0.max(b.0))
}

/// Greedy one-to-one pairing of candidates `(key, gold, pred)`. The sort is
/// stable, as Python's is, so candidates equal in key keep their gold-major
/// order; the key never involves input order except for that last tie.
fn pair_greedily<K: Ord>(
    mut candidates: Vec<(K, usize, usize)>,
    gold_len: usize,
    pred_len: usize,
) -> Vec<(usize, usize)> {
    candidates.sort_by(|a, b| a.0.cmp(&b.0));
    let (mut used_gold, mut used_pred) = (vec![false; gold_len], vec![false; pred_len]);
    let mut pairs = Vec::new();
    for (_, g, p) in candidates {
        if used_gold[g] || used_pred[p] {
            continue;
        }
        used_gold[g] = true;
        used_pred[p] = true;
        pairs.push((g, p));
    }
    pairs
}

/// Every `(gold index, pred index, overlap)` with overlapping spans (or,
/// with `strict`, equal spans, overlap 0), gold-major and pred-ascending as
/// score.py's nested loops produce them. Only the predictions that start
/// inside a window around each gold span are looked at, so a long document
/// costs about n log n, not n × m.
fn candidate_pairs(gold: &[Span], pred: &[Span], strict: bool) -> Vec<(usize, usize, usize)> {
    let mut by_start: Vec<usize> = (0..pred.len()).collect();
    by_start.sort_by_key(|&j| pred[j].0);
    let starts: Vec<usize> = by_start.iter().map(|&j| pred[j].0).collect();
    let longest = pred
        .iter()
        .map(|p| p.1.saturating_sub(p.0))
        .max()
        .unwrap_or(0);
    let mut out = Vec::new();
    let mut hits = Vec::new();
    for (i, &g) in gold.iter().enumerate() {
        // Strict: the predictions starting where g starts. Relaxed: those
        // starting before g ends and not so early that they end before g.
        let (lo, hi) = if strict {
            (
                starts.partition_point(|&s| s < g.0),
                starts.partition_point(|&s| s <= g.0),
            )
        } else {
            let earliest = g.0.saturating_sub(longest);
            (
                starts.partition_point(|&s| s < earliest),
                starts.partition_point(|&s| s < g.1),
            )
        };
        hits.clear();
        for &j in &by_start[lo..hi] {
            let p = pred[j];
            if strict && p == g {
                hits.push((j, 0));
            } else if !strict && overlap(g, p) > 0 {
                hits.push((j, overlap(g, p)));
            }
        }
        hits.sort_unstable();
        out.extend(hits.iter().map(|&(j, o)| (i, j, o)));
    }
    out
}

/// One-to-one pairs `(gold index, pred index)` of spans: strict pairs have
/// equal spans; relaxed pairs overlap, the largest overlap first, ties broken
/// by (gold start, gold end, pred start, pred end).
pub fn match_spans(gold: &[Span], pred: &[Span], strict: bool) -> Vec<(usize, usize)> {
    let candidates = candidate_pairs(gold, pred, strict)
        .into_iter()
        .map(|(i, j, o)| {
            let (g, p) = (gold[i], pred[j]);
            ((-(o as i64), g.0, g.1, p.0, p.1), i, j)
        })
        .collect();
    pair_greedily(candidates, gold.len(), pred.len())
}

/// Trigger classification pairs: same type, overlapping spans, the largest
/// overlap first, ties broken by (gold start, pred start, pred end) as
/// score.py does (its classification key leaves out the gold end).
fn match_triggers_by_type(gold: &[(Span, &str)], pred: &[(Span, &str)]) -> Vec<(usize, usize)> {
    let gold_spans: Vec<Span> = gold.iter().map(|t| t.0).collect();
    let pred_spans: Vec<Span> = pred.iter().map(|t| t.0).collect();
    let candidates = candidate_pairs(&gold_spans, &pred_spans, false)
        .into_iter()
        .filter(|&(i, j, _)| gold[i].1 == pred[j].1)
        .map(|(i, j, o)| ((-(o as i64), gold[i].0.0, pred[j].0.0, pred[j].0.1), i, j))
        .collect();
    pair_greedily(candidates, gold.len(), pred.len())
}

/// How the mentions and events of one gold document and one prediction
/// correspond. Indices are into `gold.mentions`/`pred.mentions` and
/// `gold.events`/`pred.events`.
#[derive(Debug, Clone)]
pub struct Alignment {
    /// Per type (indexed like [`MentionType::ALL`]): the gold and pred
    /// mentions of that type.
    pub gold_of_type: [Vec<usize>; 5],
    pub pred_of_type: [Vec<usize>; 5],
    /// Per type: strict and relaxed pairs (gold, pred).
    pub strict: [Vec<(usize, usize)>; 5],
    pub relaxed: [Vec<(usize, usize)>; 5],
    /// Trigger pairs (gold event, pred event), any type.
    pub triggers_identified: Vec<(usize, usize)>,
    /// Trigger pairs of the same type; arguments are matched within these.
    pub triggers_classified: Vec<(usize, usize)>,
    /// For each classified pair, in the same order: the matched argument
    /// pairs (index into the gold event's args, index into the pred event's).
    pub args_matched: Vec<Vec<(usize, usize)>>,
}

/// Aligns a prediction with its gold, as score.py does.
pub fn align(gold: &JsonDoc, pred: &JsonDoc) -> Alignment {
    let spans = |d: &JsonDoc, idx: &[usize]| -> Vec<Span> {
        idx.iter()
            .map(|&i| (d.mentions[i].start, d.mentions[i].end))
            .collect()
    };
    let of_type = |d: &JsonDoc, t: MentionType| -> Vec<usize> {
        (0..d.mentions.len())
            .filter(|&i| d.mentions[i].mention_type == t.as_str())
            .collect()
    };
    let gold_of_type = MentionType::ALL.map(|t| of_type(gold, t));
    let pred_of_type = MentionType::ALL.map(|t| of_type(pred, t));
    let mut strict: [Vec<(usize, usize)>; 5] = Default::default();
    let mut relaxed: [Vec<(usize, usize)>; 5] = Default::default();
    // pred mention id -> gold mention id of its relaxed partner.
    let mut relaxed_partner: HashMap<&str, &str> = HashMap::new();
    for k in 0..5 {
        let (g, p) = (&gold_of_type[k], &pred_of_type[k]);
        let (gs, ps) = (spans(gold, g), spans(pred, p));
        strict[k] = match_spans(&gs, &ps, true)
            .into_iter()
            .map(|(i, j)| (g[i], p[j]))
            .collect();
        relaxed[k] = match_spans(&gs, &ps, false)
            .into_iter()
            .map(|(i, j)| (g[i], p[j]))
            .collect();
        for &(i, j) in &relaxed[k] {
            relaxed_partner.insert(&pred.mentions[j].id, &gold.mentions[i].id);
        }
    }
    let triggers = |d: &JsonDoc| -> Vec<Span> {
        d.events
            .iter()
            .map(|e| (e.trigger.start, e.trigger.end))
            .collect()
    };
    fn typed(d: &JsonDoc) -> Vec<(Span, &str)> {
        d.events
            .iter()
            .map(|e| ((e.trigger.start, e.trigger.end), e.event_type.as_str()))
            .collect()
    }
    let triggers_identified = match_spans(&triggers(gold), &triggers(pred), false);
    let triggers_classified = match_triggers_by_type(&typed(gold), &typed(pred));
    let args_matched = triggers_classified
        .iter()
        .map(|&(i, j)| {
            let gold_args = &gold.events[i].args;
            let mut used = vec![false; gold_args.len()];
            let mut pairs = Vec::new();
            for (b, a) in pred.events[j].args.iter().enumerate() {
                let partner = relaxed_partner.get(a.reference.as_str()).copied();
                let hit = gold_args.iter().enumerate().find(|&(k, g)| {
                    !used[k] && g.role == a.role && Some(g.reference.as_str()) == partner
                });
                if let Some((k, _)) = hit {
                    used[k] = true;
                    pairs.push((k, b));
                }
            }
            pairs
        })
        .collect();
    Alignment {
        gold_of_type,
        pred_of_type,
        strict,
        relaxed,
        triggers_identified,
        triggers_classified,
        args_matched,
    }
}

/// Adds one document (`pred` scored against `gold`) to `counts`.
pub fn score_doc(gold: &JsonDoc, pred: &JsonDoc, counts: &mut Counts) {
    let a = align(gold, pred);
    for (k, t) in MentionType::ALL.into_iter().enumerate() {
        let c = &mut counts.types[k];
        c.gold += a.gold_of_type[k].len();
        c.pred += a.pred_of_type[k].len();
        c.strict += a.strict[k].len();
        c.relaxed += a.relaxed[k].len();
        for &(i, j) in &a.relaxed[k] {
            let (g, p) = (&gold.mentions[i], &pred.mentions[j]);
            match t {
                MentionType::Date | MentionType::Number => {
                    c.value += values_equal(t, g, p) as usize
                }
                MentionType::Person | MentionType::Place => {
                    c.entity += entities_equal(g, p) as usize
                }
                MentionType::Group => {}
            }
        }
    }
    counts.events.gold += gold.events.len();
    counts.events.pred += pred.events.len();
    counts.events.identified += a.triggers_identified.len();
    counts.events.classified += a.triggers_classified.len();
    counts.args.gold += gold.events.iter().map(|e| e.args.len()).sum::<usize>();
    counts.args.pred += pred.events.iter().map(|e| e.args.len()).sum::<usize>();
    counts.args.matched += a.args_matched.iter().map(Vec::len).sum::<usize>();
}

/// Whether two mentions of type `t` have equal values: NUMBER within 1e-9,
/// anything else as trimmed uppercase strings. A missing or null value is
/// never equal.
pub fn values_equal(t: MentionType, gold: &JsonMention, pred: &JsonMention) -> bool {
    let (Some(a), Some(b)) = (gold.value.as_ref(), pred.value.as_ref()) else {
        return false;
    };
    if a.is_null() || b.is_null() {
        return false;
    }
    if t == MentionType::Number {
        return match (python_float(a), python_float(b)) {
            (Some(x), Some(y)) => (x - y).abs() < 1e-9,
            _ => false,
        };
    }
    let norm = |v: &Value| python_strip(&python_str(v)).to_uppercase();
    norm(a) == norm(b)
}

/// Whether two mentions name the same entity, ignoring case and accents. A
/// missing entity folds to the empty string, as in score.py.
pub fn entities_equal(gold: &JsonMention, pred: &JsonMention) -> bool {
    fold_entity(gold.entity.as_deref()) == fold_entity(pred.entity.as_deref())
}

/// The folded form entities are compared in.
pub fn fold_entity(entity: Option<&str>) -> String {
    python_strip(&fold(entity.unwrap_or(""))).to_string()
}

/// Python's `str.strip()`: Unicode whitespace plus the ASCII separators
/// U+001C–U+001F that Python counts as space.
fn python_strip(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c))
}

/// Python's `float(v)` for a JSON value, `None` where it raises.
fn python_float(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::Bool(b) => Some(if *b { 1.0 } else { 0.0 }),
        Value::String(s) => {
            let s = python_strip(s);
            // Python allows single underscores between digits (`1_000`).
            let chars: Vec<char> = s.chars().collect();
            let mut cleaned = String::with_capacity(s.len());
            for (k, &c) in chars.iter().enumerate() {
                if c == '_' {
                    let between_digits = k > 0
                        && k + 1 < chars.len()
                        && chars[k - 1].is_ascii_digit()
                        && chars[k + 1].is_ascii_digit();
                    if !between_digits {
                        return None;
                    }
                } else {
                    cleaned.push(c);
                }
            }
            cleaned.parse::<f64>().ok()
        }
        _ => None,
    }
}

/// Python's `str(v)` for a JSON value as `json.load` gives it.
fn python_str(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Bool(b) => if *b { "True" } else { "False" }.to_string(),
        Value::Null => "None".to_string(),
        Value::Number(n) if n.is_i64() || n.is_u64() => n.to_string(),
        Value::Number(n) => python_float_repr(n.as_f64().unwrap_or(f64::NAN)),
        // Lists and objects as values are outside the contract; compare
        // them in their JSON form.
        other => other.to_string(),
    }
}

/// Python's `repr(float)`: the shortest digits, fixed notation for
/// exponents −4..16, else `d.ddde+XX`.
fn python_float_repr(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.into();
    }
    let sci = format!("{x:e}"); // shortest round-trip digits, e.g. 1.813e3
    let (mantissa, exp) = sci.split_once('e').expect("LowerExp has an e");
    let exp: i32 = exp.parse().expect("exponent");
    let (sign, mantissa) = mantissa
        .strip_prefix('-')
        .map_or(("", mantissa), |m| ("-", m));
    let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    if (-4..16).contains(&exp) {
        let point = exp + 1; // digits before the decimal point
        let s = if point <= 0 {
            format!("0.{}{}", "0".repeat((-point) as usize), digits)
        } else if (point as usize) >= digits.len() {
            format!("{}{}.0", digits, "0".repeat(point as usize - digits.len()))
        } else {
            format!(
                "{}.{}",
                &digits[..point as usize],
                &digits[point as usize..]
            )
        };
        format!("{sign}{s}")
    } else {
        let m = if digits.len() > 1 {
            format!("{}.{}", &digits[..1], &digits[1..])
        } else {
            digits
        };
        format!(
            "{sign}{m}e{}{:02}",
            if exp < 0 { '-' } else { '+' },
            exp.abs()
        )
    }
}

/// Precision, recall and F1 as score.py computes them (0 when undefined).
pub fn prf(tp: usize, pred: usize, gold: usize) -> (f64, f64, f64) {
    let p = if pred > 0 {
        tp as f64 / pred as f64
    } else {
        0.0
    };
    let r = if gold > 0 {
        tp as f64 / gold as f64
    } else {
        0.0
    };
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f)
}

/// Named figures, `<scope>.<measure>`, in a stable order: the five types,
/// `micro`, `macro`, `events`, `args`. Counts (`gold`, `pred`) are figures
/// too.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    entries: Vec<(String, f64)>,
}

impl Figures {
    /// The figure called `name`, if there is one.
    pub fn get(&self, name: &str) -> Option<f64> {
        self.entries
            .iter()
            .find(|(n, _)| n == name)
            .map(|&(_, v)| v)
    }

    /// Every figure, in the stable order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, f64)> {
        self.entries.iter().map(|(n, v)| (n.as_str(), *v))
    }

    /// The scopes in order, each with its (measure, value) list.
    pub fn scopes(&self) -> Vec<(&str, Vec<(&str, f64)>)> {
        let mut out: Vec<(&str, Vec<(&str, f64)>)> = Vec::new();
        for (name, v) in self.iter() {
            let (scope, measure) = name
                .split_once('.')
                .expect("figure names are scope.measure");
            match out.last_mut() {
                Some((s, list)) if *s == scope => list.push((measure, v)),
                _ => out.push((scope, vec![(measure, v)])),
            }
        }
        out
    }

    /// Every valid figure name, in the stable order.
    pub fn names() -> Vec<String> {
        summarize(&Counts::default())
            .entries
            .into_iter()
            .map(|(n, _)| n)
            .collect()
    }

    fn push(&mut self, scope: &str, measure: &str, value: f64) {
        self.entries.push((format!("{scope}.{measure}"), value));
    }
}

/// Whether a figure is a count (printed as an integer).
pub fn is_count(name: &str) -> bool {
    name.ends_with(".gold") || name.ends_with(".pred")
}

/// The figures of some counts, as score.py's `summarize` computes them.
pub fn summarize(c: &Counts) -> Figures {
    let mut f = Figures {
        entries: Vec::new(),
    };
    let mut relaxed_f1 = [0.0; 5];
    for (k, t) in MentionType::ALL.into_iter().enumerate() {
        let x = &c.types[k];
        let s = t.as_str();
        let (p, r, f1) = prf(x.relaxed, x.pred, x.gold);
        relaxed_f1[k] = f1;
        f.push(s, "gold", x.gold as f64);
        f.push(s, "pred", x.pred as f64);
        f.push(s, "strict_f1", prf(x.strict, x.pred, x.gold).2);
        f.push(s, "relaxed_p", p);
        f.push(s, "relaxed_r", r);
        f.push(s, "relaxed_f1", f1);
        let accuracy = |n: usize| {
            if x.relaxed > 0 {
                n as f64 / x.relaxed as f64
            } else {
                0.0
            }
        };
        match t {
            MentionType::Date | MentionType::Number => {
                f.push(s, "value_acc", accuracy(x.value));
                f.push(s, "value_f1", prf(x.value, x.pred, x.gold).2);
            }
            MentionType::Person | MentionType::Place => {
                f.push(s, "entity_acc", accuracy(x.entity));
                f.push(s, "entity_f1", prf(x.entity, x.pred, x.gold).2);
            }
            MentionType::Group => {}
        }
    }
    let gold: usize = c.types.iter().map(|x| x.gold).sum();
    let pred: usize = c.types.iter().map(|x| x.pred).sum();
    let strict: usize = c.types.iter().map(|x| x.strict).sum();
    let relaxed: usize = c.types.iter().map(|x| x.relaxed).sum();
    let (p, r, f1) = prf(relaxed, pred, gold);
    f.push("micro", "strict_f1", prf(strict, pred, gold).2);
    f.push("micro", "relaxed_p", p);
    f.push("micro", "relaxed_r", r);
    f.push("micro", "relaxed_f1", f1);
    let present: Vec<usize> = (0..5).filter(|&k| c.types[k].gold > 0).collect();
    let macro_f1 = if present.is_empty() {
        0.0
    } else {
        present.iter().map(|&k| relaxed_f1[k]).sum::<f64>() / present.len() as f64
    };
    f.push("macro", "relaxed_f1", macro_f1);
    let e = &c.events;
    f.push("events", "gold", e.gold as f64);
    f.push("events", "pred", e.pred as f64);
    f.push(
        "events",
        "trigger_ident_f1",
        prf(e.identified, e.pred, e.gold).2,
    );
    f.push(
        "events",
        "trigger_class_f1",
        prf(e.classified, e.pred, e.gold).2,
    );
    let a = &c.args;
    let (p, r, f1) = prf(a.matched, a.pred, a.gold);
    f.push("args", "gold", a.gold as f64);
    f.push("args", "pred", a.pred as f64);
    f.push("args", "p", p);
    f.push("args", "r", r);
    f.push("args", "f1", f1);
    f
}

/// What is wrong with one mention, trigger or argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MistakeKind {
    /// A gold mention no prediction overlaps (relaxed false negative).
    Missed,
    /// A predicted mention that overlaps no gold mention of its type
    /// (relaxed false positive).
    Spurious,
    /// A relaxed pair whose spans differ (counts against strict only).
    Boundary,
    /// A relaxed DATE or NUMBER pair with different values.
    WrongValue,
    /// A relaxed PERSON or PLACE pair with different entities.
    WrongEntity,
    /// A gold event whose trigger no prediction of its type overlaps.
    MissedTrigger,
    /// A predicted event whose trigger overlaps no gold event of its type.
    SpuriousTrigger,
    /// A gold argument of a matched event that the prediction lacks.
    MissedArg,
    /// A predicted argument of a matched event that gold lacks.
    SpuriousArg,
}

impl MistakeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MistakeKind::Missed => "missed",
            MistakeKind::Spurious => "spurious",
            MistakeKind::Boundary => "boundary",
            MistakeKind::WrongValue => "wrong value",
            MistakeKind::WrongEntity => "wrong entity",
            MistakeKind::MissedTrigger => "missed trigger",
            MistakeKind::SpuriousTrigger => "spurious trigger",
            MistakeKind::MissedArg => "missed arg",
            MistakeKind::SpuriousArg => "spurious arg",
        }
    }
}

/// One mistake, located by code-point offsets in the document's text.
#[derive(Debug, Clone, PartialEq)]
pub struct Mistake {
    pub kind: MistakeKind,
    /// The mention type, or the event type (gold's for missed ones).
    pub label: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// What gold and prediction say, when that helps (`gold 1813-10-01, pred XXXX-10-01`).
    pub detail: String,
}

fn show_value(m: &JsonMention) -> String {
    m.value.as_ref().map_or("-".to_string(), |v| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    })
}

fn describe_arg(d: &JsonDoc, role: &str, reference: &str) -> String {
    let text = d
        .mentions
        .iter()
        .find(|m| m.id == reference)
        .map_or("?", |m| m.text.as_str());
    format!("{role} = {reference} {text:?}")
}

/// The mistakes of one prediction against its gold, in text order.
pub fn list_mistakes(gold: &JsonDoc, pred: &JsonDoc) -> Vec<Mistake> {
    let a = align(gold, pred);
    let mut out = Vec::new();
    let mention = |kind, m: &JsonMention, detail: String| Mistake {
        kind,
        label: m.mention_type.clone(),
        start: m.start,
        end: m.end,
        text: m.text.clone(),
        detail,
    };
    for (k, t) in MentionType::ALL.into_iter().enumerate() {
        let gold_paired: HashSet<usize> = a.relaxed[k].iter().map(|p| p.0).collect();
        let pred_paired: HashSet<usize> = a.relaxed[k].iter().map(|p| p.1).collect();
        for &i in a.gold_of_type[k]
            .iter()
            .filter(|i| !gold_paired.contains(i))
        {
            out.push(mention(
                MistakeKind::Missed,
                &gold.mentions[i],
                String::new(),
            ));
        }
        for &j in a.pred_of_type[k]
            .iter()
            .filter(|j| !pred_paired.contains(j))
        {
            out.push(mention(
                MistakeKind::Spurious,
                &pred.mentions[j],
                String::new(),
            ));
        }
        for &(i, j) in &a.relaxed[k] {
            let (g, p) = (&gold.mentions[i], &pred.mentions[j]);
            if (g.start, g.end) != (p.start, p.end) {
                let detail = format!("gold {}..{} {:?}", g.start, g.end, g.text);
                out.push(mention(MistakeKind::Boundary, p, detail));
            }
            let detail = match t {
                MentionType::Date | MentionType::Number if !values_equal(t, g, p) => Some((
                    MistakeKind::WrongValue,
                    format!("gold {}, pred {}", show_value(g), show_value(p)),
                )),
                MentionType::Person | MentionType::Place if !entities_equal(g, p) => Some((
                    MistakeKind::WrongEntity,
                    format!(
                        "gold {:?}, pred {:?}",
                        g.entity.as_deref().unwrap_or("-"),
                        p.entity.as_deref().unwrap_or("-")
                    ),
                )),
                _ => None,
            };
            if let Some((kind, detail)) = detail {
                out.push(mention(kind, p, detail));
            }
        }
    }
    let gold_classified: HashSet<usize> = a.triggers_classified.iter().map(|p| p.0).collect();
    let pred_classified: HashSet<usize> = a.triggers_classified.iter().map(|p| p.1).collect();
    let identified_gold: HashMap<usize, usize> = a.triggers_identified.iter().copied().collect();
    let identified_pred: HashMap<usize, usize> =
        a.triggers_identified.iter().map(|&(g, p)| (p, g)).collect();
    for (i, e) in gold
        .events
        .iter()
        .enumerate()
        .filter(|(i, _)| !gold_classified.contains(i))
    {
        let detail = identified_gold.get(&i).map_or(String::new(), |&j| {
            format!("predicted as {}", pred.events[j].event_type)
        });
        out.push(Mistake {
            kind: MistakeKind::MissedTrigger,
            label: e.event_type.clone(),
            start: e.trigger.start,
            end: e.trigger.end,
            text: e.trigger.text.clone(),
            detail,
        });
    }
    for (j, e) in pred
        .events
        .iter()
        .enumerate()
        .filter(|(j, _)| !pred_classified.contains(j))
    {
        let detail = identified_pred.get(&j).map_or(String::new(), |&i| {
            format!("gold says {}", gold.events[i].event_type)
        });
        out.push(Mistake {
            kind: MistakeKind::SpuriousTrigger,
            label: e.event_type.clone(),
            start: e.trigger.start,
            end: e.trigger.end,
            text: e.trigger.text.clone(),
            detail,
        });
    }
    for (&(i, j), matched) in a.triggers_classified.iter().zip(&a.args_matched) {
        let (ge, pe) = (&gold.events[i], &pred.events[j]);
        let gold_used: HashSet<usize> = matched.iter().map(|p| p.0).collect();
        let pred_used: HashSet<usize> = matched.iter().map(|p| p.1).collect();
        let arg =
            |kind, d: &JsonDoc, e: &crate::json::JsonEvent, role: &str, reference: &str| Mistake {
                kind,
                label: e.event_type.clone(),
                start: e.trigger.start,
                end: e.trigger.end,
                text: e.trigger.text.clone(),
                detail: describe_arg(d, role, reference),
            };
        for (_, g) in ge
            .args
            .iter()
            .enumerate()
            .filter(|(k, _)| !gold_used.contains(k))
        {
            out.push(arg(MistakeKind::MissedArg, gold, ge, &g.role, &g.reference));
        }
        for (_, p) in pe
            .args
            .iter()
            .enumerate()
            .filter(|(k, _)| !pred_used.contains(k))
        {
            out.push(arg(
                MistakeKind::SpuriousArg,
                pred,
                pe,
                &p.role,
                &p.reference,
            ));
        }
    }
    out.sort_by_key(|m| (m.start, m.end, m.kind));
    out
}

/// About `width` code points of `text` on each side of `[start, end)`, on one
/// line, with the span in brackets: `…del 1 de octubre en [Vilcapugio], donde…`.
pub fn context(text: &str, start: usize, end: usize, width: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    let end = end.min(chars.len());
    let start = start.min(end);
    let from = start.saturating_sub(width);
    let to = (end + width).min(chars.len());
    let flat = |s: &[char]| -> String {
        s.iter()
            .map(|&c| if c.is_whitespace() { ' ' } else { c })
            .collect()
    };
    format!(
        "{}{}[{}]{}{}",
        if from > 0 { "…" } else { "" },
        flat(&chars[from..start]),
        flat(&chars[start..end]),
        flat(&chars[end..to]),
        if to < chars.len() { "…" } else { "" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_reprs() {
        for (x, s) in [
            (1813.0, "1813.0"),
            (0.5, "0.5"),
            (1e16, "1e+16"),
            (1.5e-5, "1.5e-05"),
            (0.0001, "0.0001"),
            (-2.25, "-2.25"),
            (123456789.125, "123456789.125"),
        ] {
            assert_eq!(python_float_repr(x), s, "{x}");
        }
    }

    #[test]
    fn python_floats() {
        let f = |s: &str| python_float(&Value::from(s));
        assert_eq!(f(" 900 "), Some(900.0));
        assert_eq!(f("1_300"), Some(1300.0));
        assert_eq!(f("1__300"), None);
        assert_eq!(f("novecientos"), None);
        assert_eq!(python_float(&Value::from(true)), Some(1.0));
        assert_eq!(python_float(&serde_json::json!([1])), None);
    }

    #[test]
    fn names_are_unique_and_scoped() {
        let names = Figures::names();
        let set: HashSet<&String> = names.iter().collect();
        assert_eq!(set.len(), names.len());
        assert!(names.contains(&"DATE.value_f1".to_string()));
        assert!(names.contains(&"args.f1".to_string()));
        assert!(!names.contains(&"GROUP.value_f1".to_string()));
    }
}
