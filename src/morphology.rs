//! Spanish verb morphology, compact: every form of a verb from its lemma, so
//! that a lexicon of lemmas (`avanzar`, `retirar`, `huir`) matches every
//! inflection a chronicle uses (`avanzó`, `avanzaron`, `avanzaba`,
//! `había avanzado`, `avanzando`, `retirándose`, `huyeron`).
//!
//! Forms are generated in folded form (lowercase, no accents; see
//! [`crate::fold`]) because tokens are matched on [`crate::document::Token::folded`].
//! Folding merges a few forms (`avanzará` future / `avanzara` subjunctive);
//! a form then carries every analysis and the caller decides.
//!
//! What is generated: infinitive, gerund, participle (four genders and
//! numbers), and the first and third persons of presente, pretérito
//! indefinido, imperfecto, futuro, condicional, presente and imperfecto de
//! subjuntivo (`-ara`/`-ase`, `-iera`/`-iese`). Second persons (tú,
//! vosotros) are left out on purpose: chronicles narrate in the first or
//! third person, and `partes`, `marchas`, `tomas` are nouns far more often. Spelling changes apply by rule (`llegué`, `ataqué`,
//! `avancé`, `dirijo`, `sigo`, `establezco`, `huyó`, `cayeron`); stem
//! changes and strong stems come from `data/verb_irregulars.tsv`, and a
//! prefixed verb inherits its base's row (`detener` from `tener`).
//! Enclitic pronouns after an infinitive or a gerund (`retirarse`,
//! `perseguirlo`, `reuniéndolos`) are stripped when a form is analysed.

use crate::data::{Table, list};
use crate::error::{Error, Result};
use crate::fold::fold;
use std::borrow::Cow;
use std::collections::HashMap;

pub use crate::fold::{WordHasher, WordMap, WordSet};

/// A finite tense (indicative unless named subjunctive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Tense {
    Present,
    Preterite,
    Imperfect,
    Future,
    Conditional,
    SubjPresent,
    SubjImperfect,
}

/// The shape of one verb form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Form {
    Infinitive,
    Gerund,
    Participle,
    Finite(Tense),
}

impl Form {
    pub fn is_finite(self) -> bool {
        matches!(self, Form::Finite(_))
    }
    /// Subjunctive, future or conditional: forms that report what did not
    /// (or not yet) happen (`hubiesen huido`, `traería la derrota`).
    pub fn is_irrealis(self) -> bool {
        matches!(
            self,
            Form::Finite(
                Tense::SubjPresent | Tense::SubjImperfect | Tense::Future | Tense::Conditional
            )
        )
    }
    fn parse(code: &str) -> Option<Form> {
        Some(match code {
            "inf" => Form::Infinitive,
            "ger" => Form::Gerund,
            "part" => Form::Participle,
            "pres" => Form::Finite(Tense::Present),
            "pret" => Form::Finite(Tense::Preterite),
            "impf" => Form::Finite(Tense::Imperfect),
            "fut" => Form::Finite(Tense::Future),
            "cond" => Form::Finite(Tense::Conditional),
            "spres" => Form::Finite(Tense::SubjPresent),
            "simpf" => Form::Finite(Tense::SubjImperfect),
            _ => return None,
        })
    }
}

/// One analysis of a word: which lemma, which form, and whether enclitic
/// pronouns were stripped (`retirarse` → `retirar`, infinitive, true).
///
/// The lemma is an index into its [`VerbIndex`] ([`VerbIndex::lemma`]), not
/// a `String`: an analysis is then `Copy`, and a lookup borrows the stored
/// analyses instead of cloning a lemma per word (the events pass analyses
/// every token twice).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Analysis {
    pub lemma: LemmaId,
    pub form: Form,
    pub enclitic: bool,
}

/// The index of a lemma in its [`VerbIndex`], in the order the lemmas were
/// given to [`VerbIndex::new`].
pub type LemmaId = u32;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StemChange {
    None,
    EtoIE,
    OtoUE,
    EtoI,
}

#[derive(Debug, Clone)]
struct Irregular {
    change: StemChange,
    /// (form code, value, is a stem series)
    items: Vec<(String, String, bool)>,
}

/// The conjugator: irregular rows parsed once.
#[derive(Debug, Clone)]
pub struct Conjugator {
    irregulars: HashMap<String, Irregular>,
}

/// The enclitic pronouns, as a list: the tests check the byte matcher
/// `enclitics_at_end` against it.
#[cfg(test)]
const ENCLITICS: &[&str] = &[
    "los", "las", "les", "nos", "lo", "la", "le", "se", "me", "te", "os",
];

impl Conjugator {
    /// Parses `data/verb_irregulars.tsv`.
    pub fn new() -> Result<Conjugator> {
        let name = "data/verb_irregulars.tsv";
        let table = Table::parse(name, crate::data::builtin::VERB_IRREGULARS)?;
        let (lemma, model, forms) = (
            table.column("lemma")?,
            table.column("model")?,
            table.column("forms")?,
        );
        let mut irregulars = HashMap::new();
        for row in &table.rows {
            let change = match row.fields[model].as_str() {
                "regular" | "" => StemChange::None,
                "e>ie" => StemChange::EtoIE,
                "o>ue" => StemChange::OtoUE,
                "e>i" => StemChange::EtoI,
                m => return Err(Error::data(name, row.line, format!("unknown model `{m}`"))),
            };
            let mut items = Vec::new();
            for item in list(&row.fields[forms]).filter(|i| *i != "-") {
                let (code, value) = item.split_once(':').ok_or_else(|| {
                    Error::data(name, row.line, format!("item `{item}` is not tense:form"))
                })?;
                let (code, series) = match code.strip_suffix('*') {
                    Some(c) => (c, true),
                    None => (code, false),
                };
                let known = if series {
                    matches!(code, "pret" | "fut" | "pres1")
                } else {
                    Form::parse(code).is_some()
                };
                if !known {
                    return Err(Error::data(
                        name,
                        row.line,
                        format!("unknown tense code `{code}`"),
                    ));
                }
                items.push((code.to_string(), fold(value), series));
            }
            irregulars.insert(fold(&row.fields[lemma]), Irregular { change, items });
        }
        Ok(Conjugator { irregulars })
    }

    /// The irregular row that applies to `lemma`, with the prefix before
    /// its base (`detener` → ("de", tener's row)).
    fn irregular_of<'a>(&'a self, lemma: &'a str) -> Option<(&'a str, &'a Irregular)> {
        if let Some(r) = self.irregulars.get(lemma) {
            return Some(("", r));
        }
        // Longest base first; short bases (`ir`, `dar`) only match whole.
        (1..lemma.len())
            .filter(|&i| lemma.is_char_boundary(i))
            .find_map(|i| {
                let base = &lemma[i..];
                (base.len() >= 4)
                    .then(|| self.irregulars.get(base).map(|r| (&lemma[..i], r)))
                    .flatten()
            })
    }

    /// Every folded form of `lemma` with its shape. Unknown endings give
    /// the infinitive alone.
    pub fn forms(&self, lemma: &str) -> Vec<(String, Form)> {
        let lemma = fold(lemma);
        let mut out: Vec<(String, Form)> = vec![(lemma.clone(), Form::Infinitive)];
        let Some(class) = lemma
            .get(lemma.len().saturating_sub(2)..)
            .filter(|c| ["ar", "er", "ir"].contains(c))
        else {
            return out;
        };
        let stem = &lemma[..lemma.len() - 2];
        let irregular = self.irregular_of(&lemma);
        let change = irregular.map(|(_, r)| r.change).unwrap_or(StemChange::None);
        let uir =
            class == "ir" && stem.ends_with('u') && !stem.ends_with("gu") && !stem.ends_with("qu");
        use Tense::*;
        let (pres, pret, impf, spres, simpf): (&[&str], &[&str], &[&str], &[&str], &[&str]) =
            match class {
                "ar" => (
                    &["o", "a", "amos", "an"],
                    &["e", "o", "amos", "aron"],
                    &["aba", "abamos", "aban"],
                    &["e", "emos", "en"],
                    &["ara", "aramos", "aran", "ase", "asemos", "asen"],
                ),
                "er" => (
                    &["o", "e", "emos", "en"],
                    &["i", "io", "imos", "ieron"],
                    &["ia", "iamos", "ian"],
                    &["a", "amos", "an"],
                    &["iera", "ieramos", "ieran", "iese", "iesemos", "iesen"],
                ),
                _ => (
                    &["o", "e", "imos", "en"],
                    &["i", "io", "imos", "ieron"],
                    &["ia", "iamos", "ian"],
                    &["a", "amos", "an"],
                    &["iera", "ieramos", "ieran", "iese", "iesemos", "iesen"],
                ),
            };
        let fut_endings = ["e", "a", "emos", "an"];
        let cond_endings = ["ia", "iamos", "ian"];
        let mut push = |form: String, f: Form| out.push((form, f));
        // Stem-changed stem for stressed-stem forms (e>ie, o>ue, e>i) and,
        // for e>i, the forms whose ending starts without stressed i.
        let changed = |s: &str, c: StemChange| -> String {
            let (from, to) = match c {
                StemChange::EtoIE => ('e', "ie"),
                StemChange::OtoUE => ('o', "ue"),
                StemChange::EtoI => ('e', "i"),
                StemChange::None => return s.to_string(),
            };
            match s.rfind(from) {
                Some(i) => format!("{}{}{}", &s[..i], to, &s[i + 1..]),
                None => s.to_string(),
            }
        };
        let strong_persons = |ending: &str| {
            !ending.starts_with("amos")
                && !ending.starts_with("ais")
                && !ending.starts_with("imos")
                && !ending.starts_with("emos")
                && !ending.starts_with("eis")
                && ending != "is"
        };
        for e in pres {
            let s = if strong_persons(e) {
                changed(stem, change)
            } else {
                stem.to_string()
            };
            push(join(&s, e, class, uir), Form::Finite(Present));
        }
        for e in pret {
            let s = if change == StemChange::EtoI && (*e == "io" || *e == "ieron") {
                changed(stem, change)
            } else {
                stem.to_string()
            };
            push(join(&s, e, class, uir), Form::Finite(Preterite));
        }
        for e in impf {
            push(join(stem, e, class, uir), Form::Finite(Imperfect));
        }
        for e in spres {
            let s = if change == StemChange::EtoI || strong_persons(e) {
                changed(stem, change)
            } else {
                stem.to_string()
            };
            push(join(&s, e, class, uir), Form::Finite(SubjPresent));
        }
        for e in simpf {
            let s = if change == StemChange::EtoI {
                changed(stem, change)
            } else {
                stem.to_string()
            };
            push(join(&s, e, class, uir), Form::Finite(SubjImperfect));
        }
        for e in fut_endings {
            push(format!("{lemma}{e}"), Form::Finite(Future));
        }
        for e in cond_endings {
            push(format!("{lemma}{e}"), Form::Finite(Conditional));
        }
        let ger_stem = if change == StemChange::EtoI {
            changed(stem, change)
        } else {
            stem.to_string()
        };
        push(
            join(
                &ger_stem,
                if class == "ar" { "ando" } else { "iendo" },
                class,
                uir,
            ),
            Form::Gerund,
        );
        let part = if class == "ar" { "ad" } else { "id" };
        for g in ["o", "a", "os", "as"] {
            push(format!("{stem}{part}{g}"), Form::Participle);
        }
        if let Some((prefix, row)) = irregular {
            for (code, value, series) in &row.items {
                let value = format!("{prefix}{value}");
                match (code.as_str(), series) {
                    ("pret", true) => {
                        for e in ["e", "o", "imos", "ieron"] {
                            push(format!("{value}{e}"), Form::Finite(Preterite));
                        }
                        let base = value
                            .strip_suffix('j')
                            .map(|v| format!("{v}je"))
                            .unwrap_or(format!("{value}ie"));
                        for e in ["ra", "ramos", "ran", "se", "semos", "sen"] {
                            push(format!("{base}{e}"), Form::Finite(SubjImperfect));
                        }
                    }
                    ("fut", true) => {
                        for e in fut_endings {
                            push(format!("{value}{e}"), Form::Finite(Future));
                        }
                        for e in cond_endings {
                            push(format!("{value}{e}"), Form::Finite(Conditional));
                        }
                    }
                    ("pres1", true) => {
                        push(format!("{value}o"), Form::Finite(Present));
                        for e in ["a", "amos", "an"] {
                            push(format!("{value}{e}"), Form::Finite(SubjPresent));
                        }
                    }
                    (code, _) => {
                        let f = Form::parse(code).expect("checked in new()");
                        if f == Form::Participle {
                            let stem = value.trim_end_matches('o');
                            for g in ["o", "a", "os", "as"] {
                                push(format!("{stem}{g}"), f);
                            }
                        } else {
                            push(value, f);
                        }
                    }
                }
            }
        }
        out.sort();
        out.dedup();
        out
    }
}

/// stem + ending with the spelling rules: c→qu, g→gu, z→c before e;
/// g→j, gu→g before a/o; vowel+c→zc before a/o (-cer/-cir); unstressed i
/// between vowels → y (huyó, cayeron); -uir takes y before a/e/o (huye).
fn join(stem: &str, ending: &str, class: &str, uir: bool) -> String {
    let first = ending.chars().next().unwrap_or(' ');
    let mut s = stem.to_string();
    if first == 'e' && class == "ar" {
        if let Some(b) = s.strip_suffix('c') {
            s = format!("{b}qu");
        } else if let Some(b) = s.strip_suffix('z') {
            s = format!("{b}c");
        } else if s.ends_with('g') && !s.ends_with("gu") {
            s.push('u');
        }
    } else if (first == 'a' || first == 'o') && class != "ar" {
        if let Some(b) = s.strip_suffix("gu").filter(|_| !uir) {
            s = format!("{b}g");
        } else if let Some(b) = s.strip_suffix('g') {
            s = format!("{b}j");
        } else if s.ends_with('c')
            && s.len() >= 2
            && is_vowel(s[..s.len() - 1].chars().last().unwrap_or(' '))
        {
            // establecer → establezco; hacer has its own row.
            s.insert(s.len() - 1, 'z');
        }
    }
    let mut ending = ending.to_string();
    let silent_u = s.ends_with("gu") || s.ends_with("qu");
    if !silent_u
        && s.chars().last().is_some_and(is_vowel)
        && ending.starts_with('i')
        && ending[1..].chars().next().is_some_and(is_vowel)
    {
        ending.replace_range(0..1, "y");
    }
    if uir && matches!(ending.chars().next(), Some('a' | 'e' | 'o')) {
        s.push('y');
    }
    s + &ending
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

/// A map from folded form to analyses, for a set of lemmas.
#[derive(Debug, Clone, Default)]
pub struct VerbIndex {
    /// The folded lemmas; [`Analysis::lemma`] indexes this.
    lemmas: Vec<String>,
    /// Folded form → its analyses (never enclitic), in lemma order.
    forms: WordMap<String, Box<[Analysis]>>,
    /// The last bytes of infinitives and gerunds (a bit set): a word left
    /// by stripping enclitics is only looked up when it can be one.
    host_ends: [u64; 4],
}

impl VerbIndex {
    /// Indexes every form of every lemma.
    pub fn new<'a>(
        conjugator: &Conjugator,
        lemmas: impl IntoIterator<Item = &'a str>,
    ) -> VerbIndex {
        let mut names: Vec<String> = Vec::new();
        let mut ids: WordMap<String, LemmaId> = WordMap::default();
        let mut forms: WordMap<String, Vec<Analysis>> = WordMap::default();
        for lemma in lemmas {
            let lemma = fold(lemma);
            let id = *ids.entry(lemma.clone()).or_insert_with(|| {
                names.push(lemma.clone());
                (names.len() - 1) as LemmaId
            });
            for (form, f) in conjugator.forms(&lemma) {
                let entry = forms.entry(form).or_default();
                let analysis = Analysis {
                    lemma: id,
                    form: f,
                    enclitic: false,
                };
                if !entry.contains(&analysis) {
                    entry.push(analysis);
                }
            }
        }
        let mut host_ends = [0u64; 4];
        for (form, analyses) in &forms {
            if analyses
                .iter()
                .any(|x| matches!(x.form, Form::Infinitive | Form::Gerund))
                && let Some(&c) = form.as_bytes().last()
            {
                host_ends[usize::from(c >> 6)] |= 1 << (c & 63);
            }
        }
        let forms = forms
            .into_iter()
            .map(|(form, analyses)| (form, analyses.into_boxed_slice()))
            .collect();
        VerbIndex {
            lemmas: names,
            forms,
            host_ends,
        }
    }

    /// The folded lemma of an analysis.
    pub fn lemma(&self, id: LemmaId) -> &str {
        &self.lemmas[id as usize]
    }

    /// The folded lemmas, indexed by [`LemmaId`].
    pub fn lemmas(&self) -> &[String] {
        &self.lemmas
    }

    /// Every indexed form with its analyses (none enclitic).
    pub fn forms(&self) -> impl Iterator<Item = (&str, &[Analysis])> {
        self.forms.iter().map(|(f, a)| (f.as_str(), &a[..]))
    }

    fn can_host(&self, word: &str) -> bool {
        word.as_bytes()
            .last()
            .is_some_and(|&c| self.host_ends[usize::from(c >> 6)] & (1 << (c & 63)) != 0)
    }

    /// The analyses of a folded word; enclitics after an infinitive or a
    /// gerund are stripped (`retirarse`, `reuniendolos`). Borrowed from the
    /// index unless enclitics were stripped.
    pub fn analyze(&self, folded: &str) -> Cow<'_, [Analysis]> {
        if let Some(direct) = self.forms.get(folded)
            && !direct.is_empty()
        {
            return Cow::Borrowed(direct);
        }
        Cow::Owned(self.analyze_stripped(folded))
    }

    /// The analyses of a folded word that is no indexed form: only
    /// stripping enclitics can give it any ([`VerbIndex::analyze`] of such a
    /// word, without its lookup of the whole word).
    pub fn analyze_stripped(&self, folded: &str) -> Vec<Analysis> {
        let [out] = analyze_stripped_in([self], folded);
        out
    }
}

/// [`VerbIndex::analyze_stripped`] in each of several indices, stripping
/// the word once for all of them (events looks every word up in two).
pub fn analyze_stripped_in<const N: usize>(
    indices: [&VerbIndex; N],
    folded: &str,
) -> [Vec<Analysis>; N] {
    let mut out: [Vec<Analysis>; N] = std::array::from_fn(|_| Vec::new());
    if !ends_with_enclitic(folded) {
        return out;
    }
    strip_enclitics(folded, |rest| {
        for (index, out) in indices.iter().zip(out.iter_mut()) {
            if !index.can_host(rest) {
                continue;
            }
            for x in index.forms.get(rest).into_iter().flatten() {
                if matches!(x.form, Form::Infinitive | Form::Gerund) {
                    out.push(Analysis {
                        enclitic: true,
                        ..*x
                    });
                }
            }
        }
    });
    out
}

/// Whether `word` ends with an enclitic pronoun: else no stripping can
/// give it a reading.
#[inline]
pub fn ends_with_enclitic(word: &str) -> bool {
    enclitics_at_end(word.as_bytes()).0 > 0
}

/// The lengths of the enclitic pronouns that `word` ends with, in the order
/// `los las les nos lo la le se me te os` (at most two: `los` and `os`,
/// `nos` and `os`), read from its last bytes instead of comparing the
/// eleven in turn, as first written: this runs on every token of a
/// document (with the stripping done once for both indices of the events
/// pass, events instructions on bench-small 173M → 139M).
fn enclitics_at_end(word: &[u8]) -> (usize, [usize; 2]) {
    match word {
        [.., b'l', b'o', b's'] | [.., b'n', b'o', b's'] => (2, [3, 2]),
        [.., b'l', b'a' | b'e', b's'] => (1, [3, 0]),
        [.., b'o', b's'] => (1, [2, 0]),
        [.., b'l', b'o' | b'a' | b'e'] | [.., b's' | b'm' | b't', b'e'] => (1, [2, 0]),
        _ => (0, [0; 2]),
    }
}

/// The word without one or two enclitic pronouns (`retirarse` → `retirar`,
/// `reuniendoselos` → `reuniendo`), longest first, each given to `each`:
/// for each enclitic at the end in that order, the word without
/// two (the inner one in that order too), then without one.
fn strip_enclitics<'w>(word: &'w str, mut each: impl FnMut(&'w str)) {
    let (n, lens) = enclitics_at_end(word.as_bytes());
    for &l1 in &lens[..n] {
        // Enclitics are ASCII: every cut is a char boundary.
        let r1 = &word[..word.len() - l1];
        if r1.len() < 3 {
            continue;
        }
        let (m, inner) = enclitics_at_end(r1.as_bytes());
        for &l2 in &inner[..m] {
            let r2 = &r1[..r1.len() - l2];
            if r2.len() >= 3 {
                each(r2);
            }
        }
        each(r1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has(c: &Conjugator, lemma: &str, form: &str) -> bool {
        c.forms(lemma).iter().any(|(f, _)| f == form)
    }

    #[test]
    fn regular_and_spelling_changes() {
        let c = Conjugator::new().unwrap();
        for (lemma, forms) in [
            (
                "avanzar",
                &[
                    "avanzo",
                    "avanzaron",
                    "avanzaba",
                    "avanzado",
                    "avanzando",
                    "avance",
                    "avanzara",
                    "avanzase",
                ][..],
            ),
            ("llegar", &["llegue", "llego", "llegaron", "lleguen"]),
            ("atacar", &["ataque", "ataco", "atacaron"]),
            ("dirigir", &["dirijo", "dirija", "dirigio", "dirigieron"]),
            (
                "establecer",
                &["establezco", "establecio", "establecieron", "establecido"],
            ),
            (
                "huir",
                &["huyo", "huyeron", "huyendo", "huye", "huido", "huyese"],
            ),
            (
                "reunir",
                &["reune", "reunio", "reunieron", "reunido", "reunidos"],
            ),
            (
                "perseguir",
                &[
                    "persigue",
                    "persiguio",
                    "persiguieron",
                    "persiguiendo",
                    "persigo",
                ],
            ),
            ("detener", &["detuvo", "detuvieron", "detengo", "detiene"]),
            ("disponer", &["dispuso", "dispusieron", "dispuesto"]),
            ("mover", &["mueve", "movio", "movieron"]),
            ("caer", &["cayo", "cayeron", "cayendo"]),
            ("venir", &["vino", "vinieron", "viniendo", "viene"]),
        ] {
            for f in forms {
                assert!(has(&c, lemma, f), "{lemma}: {f} missing");
            }
        }
        assert!(!has(&c, "llegar", "llegeron"));
    }

    #[test]
    fn enclitics_are_stripped() {
        let c = Conjugator::new().unwrap();
        let idx = VerbIndex::new(&c, ["retirar", "perseguir", "reunir"]);
        let a = idx.analyze("retirarse");
        assert_eq!(idx.lemma(a[0].lemma), "retirar");
        assert_eq!(a[0].form, Form::Infinitive);
        assert!(a[0].enclitic);
        assert_eq!(idx.analyze("retirandose")[0].form, Form::Gerund);
        assert_eq!(idx.lemma(idx.analyze("perseguirlo")[0].lemma), "perseguir");
        assert_eq!(idx.lemma(idx.analyze("reuniendolos")[0].lemma), "reunir");
        assert!(
            idx.analyze("retirose").is_empty(),
            "a finite form takes no enclitic here"
        );
        assert!(idx.analyze("hubiesen").is_empty());
    }

    /// The stripping as first written: every enclitic compared in turn.
    fn strip_enclitics_by_list(word: &str) -> Vec<&str> {
        let mut out = Vec::new();
        for a in ENCLITICS {
            if let Some(r1) = word.strip_suffix(a).filter(|r| r.len() >= 3) {
                for b in ENCLITICS {
                    if let Some(r2) = r1.strip_suffix(b).filter(|r| r.len() >= 3) {
                        out.push(r2);
                    }
                }
                out.push(r1);
            }
        }
        out
    }

    #[test]
    fn enclitic_stripping_matches_the_list() {
        let stems = [
            "",
            "a",
            "ab",
            "abc",
            "ndo",
            "retirar",
            "reuniendo",
            "dios",
            "nos",
            "ellos",
        ];
        let tails = ["", "s", "o", "a", "e", "es", "as", "n", "ls", "sos", "mos"];
        let mut words = Vec::new();
        for stem in stems {
            for tail in tails {
                words.push(format!("{stem}{tail}"));
                for a in ENCLITICS {
                    words.push(format!("{stem}{tail}{a}"));
                    for b in ENCLITICS {
                        words.push(format!("{stem}{tail}{b}{a}"));
                        for c in ENCLITICS {
                            words.push(format!("{stem}{b}{c}{a}"));
                        }
                    }
                }
            }
        }
        for word in &words {
            let mut fast = Vec::new();
            strip_enclitics(word, |r| fast.push(r));
            assert_eq!(fast, strip_enclitics_by_list(word), "{word}");
            assert_eq!(
                ends_with_enclitic(word),
                ENCLITICS.iter().any(|e| word.ends_with(e)),
                "{word}"
            );
        }
    }

    #[test]
    fn stripping_in_two_indices_at_once_is_stripping_in_each() {
        let c = Conjugator::new().unwrap();
        let one = VerbIndex::new(&c, ["retirar", "reunir", "huir"]);
        let two = VerbIndex::new(&c, ["retirar", "mandar", "perseguir"]);
        for word in [
            "retirarse",
            "retirandose",
            "reunirselos",
            "mandarle",
            "perseguirlo",
            "huyendole",
            "todos",
            "retirar",
            "casa",
            "nos",
        ] {
            let [a, b] = analyze_stripped_in([&one, &two], word);
            assert_eq!(a, one.analyze_stripped(word), "{word}");
            assert_eq!(b, two.analyze_stripped(word), "{word}");
        }
    }

    #[test]
    fn subjunctive_and_future_are_irrealis() {
        let c = Conjugator::new().unwrap();
        let idx = VerbIndex::new(&c, ["huir"]);
        assert!(idx.analyze("huyesen").iter().all(|a| a.form.is_irrealis()));
        assert!(idx.analyze("huyeron").iter().all(|a| !a.form.is_irrealis()));
    }
}
