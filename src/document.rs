//! The document model: the source text, never mutated, and the layers that
//! the passes add on top of it (paragraphs, sentences, tokens, mentions,
//! events).
//!
//! Every span in the library is a half-open range of **byte** offsets into
//! [`Document::text`]. Bytes are what Rust strings index by, so a span can be
//! sliced without a scan and is always on a char boundary. Code points are
//! the unit of the JSON contract only; [`crate::offsets`] converts at that
//! boundary, once per document.

use std::fmt;

/// A half-open byte range `[start, end)` into a document's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end);
        Span { start, end }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
    /// Whether the two spans share at least one byte.
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
    /// Whether `other` lies entirely inside `self`.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    /// The smallest span covering both.
    pub fn cover(&self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// Optional per-document metadata (`corpus/<doc>.meta.json`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Meta {
    /// The year the narrative starts in; fills `XXXX` in DATE values.
    pub year: Option<i32>,
    /// A reference date `YYYY-MM-DD` (or `YYYY-MM`, `YYYY`) the narrative
    /// starts from.
    pub reference: Option<String>,
}

impl Meta {
    /// The year known from the metadata, from `year` or from `reference`.
    pub fn known_year(&self) -> Option<i32> {
        self.year.or_else(|| {
            self.reference
                .as_deref()
                .and_then(|r| r.get(..4))
                .and_then(|y| y.parse().ok())
        })
    }
}

/// How a token is capitalized; proper-name rules key on this.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// All letters lowercase (`batalla`).
    Lower,
    /// First letter uppercase, the rest not all uppercase (`Potosí`, `McGregor`).
    Capitalized,
    /// Two or more letters, all uppercase (`TRAFALGAR`).
    Upper,
    /// No letters at all (`1.300`, `,`).
    None,
}

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters, possibly with inner hyphens or apostrophes (`Condo-Condo`).
    Word,
    /// An abbreviation or initial with its period (`Gral.`, `J.`, `N.º`).
    Abbreviation,
    /// Digits, possibly grouped or with decimals, ranges or ordinal marks
    /// (`1.300`, `1,5`, `20-21`, `1.º`, `3er`).
    Number,
    /// Punctuation and symbols (`,`, `¿`, `«`, `—`).
    Punct,
}

/// One token: its span in the text and the normalized forms used for matching.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
    pub case: Case,
    /// Lowercase, accent-folded form (`Álvarez` → `alvarez`); see [`crate::fold`].
    /// Stored inline up to 24 bytes (almost every word), so tokens cost no
    /// heap allocation of their own.
    pub folded: compact_str::CompactString,
}

/// A sentence: its span and the range of its tokens in [`Document::tokens`].
#[derive(Debug, Clone, PartialEq)]
pub struct Sentence {
    pub span: Span,
    pub tokens: std::ops::Range<usize>,
    /// Index of the paragraph that holds it.
    pub paragraph: usize,
}

/// A paragraph: its span and the range of its sentences.
#[derive(Debug, Clone, PartialEq)]
pub struct Paragraph {
    pub span: Span,
    pub sentences: std::ops::Range<usize>,
}

/// The five mention types of the annotation guidelines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MentionType {
    Date,
    Number,
    Person,
    Place,
    Group,
}

impl MentionType {
    pub const ALL: [MentionType; 5] = [
        MentionType::Date,
        MentionType::Number,
        MentionType::Person,
        MentionType::Place,
        MentionType::Group,
    ];
    /// The name used in JSON and in score figures (`DATE`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            MentionType::Date => "DATE",
            MentionType::Number => "NUMBER",
            MentionType::Person => "PERSON",
            MentionType::Place => "PLACE",
            MentionType::Group => "GROUP",
        }
    }
    pub fn parse(s: &str) -> Option<MentionType> {
        MentionType::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

impl fmt::Display for MentionType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The type-specific content of a mention.
#[derive(Debug, Clone, PartialEq)]
pub enum MentionValue {
    /// A calendar point, interval or time of day as a TIMEX3 value.
    Date { value: String },
    /// A cardinal or ordinal number.
    Number {
        value: f64,
        ordinal: bool,
        unit: Option<String>,
        approx: bool,
    },
    /// A named individual linked to a canonical entity.
    Person {
        entity: String,
        title: Option<String>,
        wikidata: Option<String>,
    },
    /// A named place linked to a canonical entity.
    Place {
        entity: String,
        feature: Option<String>,
        coords: Option<(f64, f64)>,
        wikidata: Option<String>,
    },
    /// An armed faction or military unit.
    Group {
        side: Option<String>,
        entity: Option<String>,
    },
}

impl MentionValue {
    pub fn mention_type(&self) -> MentionType {
        match self {
            MentionValue::Date { .. } => MentionType::Date,
            MentionValue::Number { .. } => MentionType::Number,
            MentionValue::Person { .. } => MentionType::Person,
            MentionValue::Place { .. } => MentionType::Place,
            MentionValue::Group { .. } => MentionType::Group,
        }
    }
}

/// A typed span of text.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    pub span: Span,
    pub value: MentionValue,
}

impl Mention {
    pub fn mention_type(&self) -> MentionType {
        self.value.mention_type()
    }
    /// The canonical entity of a PERSON, PLACE or GROUP, if any.
    pub fn entity(&self) -> Option<&str> {
        match &self.value {
            MentionValue::Person { entity, .. } | MentionValue::Place { entity, .. } => {
                Some(entity)
            }
            MentionValue::Group { entity, .. } => entity.as_deref(),
            _ => None,
        }
    }
}

/// The seven event types of the annotation guidelines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EventType {
    Battle,
    Move,
    Occupy,
    Encamp,
    Loss,
    Join,
    Council,
}

impl EventType {
    pub const ALL: [EventType; 7] = [
        EventType::Battle,
        EventType::Move,
        EventType::Occupy,
        EventType::Encamp,
        EventType::Loss,
        EventType::Join,
        EventType::Council,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Battle => "BATTLE",
            EventType::Move => "MOVE",
            EventType::Occupy => "OCCUPY",
            EventType::Encamp => "ENCAMP",
            EventType::Loss => "LOSS",
            EventType::Join => "JOIN",
            EventType::Council => "COUNCIL",
        }
    }
    pub fn parse(s: &str) -> Option<EventType> {
        EventType::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

impl fmt::Display for EventType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The argument roles of the annotation guidelines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    Agent,
    Place,
    Origin,
    Destination,
    Date,
    Quantity,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Agent,
        Role::Place,
        Role::Origin,
        Role::Destination,
        Role::Date,
        Role::Quantity,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Agent => "agent",
            Role::Place => "place",
            Role::Origin => "origin",
            Role::Destination => "destination",
            Role::Date => "date",
            Role::Quantity => "quantity",
        }
    }
    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// One argument of an event: a role and the index of a mention in
/// [`Document::mentions`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Argument {
    pub role: Role,
    pub mention: usize,
}

/// A narrated happening: its type, its one-word trigger and its arguments.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub kind: EventType,
    pub trigger: Span,
    pub args: Vec<Argument>,
}

/// A chronicle and everything the passes found in it.
#[derive(Debug, Clone, Default)]
pub struct Document {
    name: String,
    text: String,
    pub meta: Meta,
    pub paragraphs: Vec<Paragraph>,
    pub sentences: Vec<Sentence>,
    pub tokens: Vec<Token>,
    /// Mentions, kept sorted by `(start, end)`; add them with
    /// [`Document::add_mention`], which keeps the order and the clash index.
    pub mentions: Vec<Mention>,
    pub events: Vec<Event>,
    /// The longest mention added so far, in bytes: bounds the clash search.
    longest_mention: usize,
}

impl Document {
    /// A new document with no layers yet. `name` is the file stem.
    pub fn new(name: impl Into<String>, text: impl Into<String>, meta: Meta) -> Document {
        Document {
            name: name.into(),
            text: text.into(),
            meta,
            ..Document::default()
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The source text, exactly as read.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text of a span.
    pub fn slice(&self, span: Span) -> &str {
        &self.text[span.start..span.end]
    }

    /// The tokens of a sentence.
    pub fn sentence_tokens(&self, sentence: usize) -> &[Token] {
        &self.tokens[self.sentences[sentence].tokens.clone()]
    }

    /// Index of the sentence that holds byte `offset`, if any.
    pub fn sentence_at(&self, offset: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.span.end <= offset);
        (i < self.sentences.len() && self.sentences[i].span.start <= offset).then_some(i)
    }

    /// Index of the first token whose span ends after `offset`.
    pub fn token_at_or_after(&self, offset: usize) -> usize {
        self.tokens.partition_point(|t| t.span.end <= offset)
    }

    /// Whether a mention of type `kind` at `span` would clash with one
    /// already present. Mentions never overlap, except that a PERSON or
    /// PLACE may nest inside a GROUP (ANNOTATION.md §Mention types).
    pub fn clashes(&self, span: Span, kind: MentionType) -> bool {
        // Mentions are sorted by start: only those starting before `span.end`
        // can overlap, and of those only the ones starting at most
        // `longest_mention` bytes before `span.start`. Logarithmic, not
        // linear, in the number of mentions.
        let longest = self.longest_mention;
        let upto = self.mentions.partition_point(|m| m.span.start < span.end);
        let from = self.mentions[..upto].partition_point(|m| m.span.start + longest < span.start);
        self.mentions[from..upto].iter().any(|m| {
            m.span.overlaps(span) && !nesting_allowed(m.span, m.mention_type(), span, kind)
        })
    }

    /// Adds a mention unless it clashes with one already present (earlier
    /// passes win); keeps [`Document::mentions`] sorted. Returns whether it
    /// was added.
    pub fn add_mention(&mut self, mention: Mention) -> bool {
        if mention.span.is_empty() || self.clashes(mention.span, mention.mention_type()) {
            return false;
        }
        self.longest_mention = self.longest_mention.max(mention.span.len());
        let key = (mention.span.start, mention.span.end);
        let at = self
            .mentions
            .partition_point(|m| (m.span.start, m.span.end) <= key);
        self.mentions.insert(at, mention);
        true
    }

    /// Adds mentions as [`Document::add_mention`] one after another would
    /// (each is refused if it clashes with a mention present or added before
    /// it), but merges the accepted ones into the sorted list once, instead
    /// of shifting the list for each: the names pass adds thousands. Returns
    /// how many were added.
    pub fn add_mentions(&mut self, mentions: impl IntoIterator<Item = Mention>) -> usize {
        // The accepted ones, sorted by `(start, end)`, and their longest.
        let mut added: Vec<Mention> = Vec::new();
        let mut added_longest = 0;
        let key = |m: &Mention| (m.span.start, m.span.end);
        for mention in mentions {
            let kind = mention.mention_type();
            if mention.span.is_empty()
                || self.clashes(mention.span, kind)
                || clashes_in(&added, added_longest, mention.span, kind)
            {
                continue;
            }
            added_longest = added_longest.max(mention.span.len());
            let at = added.partition_point(|m| key(m) <= key(&mention));
            added.insert(at, mention);
        }
        let count = added.len();
        if count == 0 {
            return 0;
        }
        self.longest_mention = self.longest_mention.max(added_longest);
        // An accepted mention never has the span of a present one (that is a
        // clash), so the merge order is the order of one-by-one insertion.
        let present = std::mem::take(&mut self.mentions);
        let mut merged = Vec::with_capacity(present.len() + count);
        let mut added = added.into_iter().peekable();
        for m in present {
            while let Some(a) = added.next_if(|a| key(a) < key(&m)) {
                merged.push(a);
            }
            merged.push(m);
        }
        merged.extend(added);
        self.mentions = merged;
        count
    }

    /// Appends a mention without the clash check (loading annotated files,
    /// whose mentions may overlap as the annotator decided). The caller
    /// keeps the `(start, end)` order.
    pub fn push_mention_unchecked(&mut self, mention: Mention) {
        self.longest_mention = self.longest_mention.max(mention.span.len());
        self.mentions.push(mention);
    }

    /// Indices of the mentions inside a span, in text order.
    pub fn mentions_in(&self, span: Span) -> impl Iterator<Item = usize> + '_ {
        let first = self.mentions.partition_point(|m| m.span.start < span.start);
        (first..self.mentions.len())
            .take_while(move |&i| self.mentions[i].span.start < span.end)
            .filter(move |&i| self.mentions[i].span.end <= span.end)
    }
}

/// [`Document::clashes`] against a sorted list of mentions no longer than
/// `longest` bytes.
fn clashes_in(mentions: &[Mention], longest: usize, span: Span, kind: MentionType) -> bool {
    let upto = mentions.partition_point(|m| m.span.start < span.end);
    let from = mentions[..upto].partition_point(|m| m.span.start + longest < span.start);
    mentions[from..upto]
        .iter()
        .any(|m| m.span.overlaps(span) && !nesting_allowed(m.span, m.mention_type(), span, kind))
}

fn nesting_allowed(a: Span, at: MentionType, b: Span, bt: MentionType) -> bool {
    let inner = |t: MentionType| matches!(t, MentionType::Person | MentionType::Place);
    (at == MentionType::Group && inner(bt) && a.contains(b) && a != b)
        || (bt == MentionType::Group && inner(at) && b.contains(a) && a != b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(s: usize, e: usize) -> Mention {
        Mention {
            span: Span::new(s, e),
            value: MentionValue::Group {
                side: None,
                entity: None,
            },
        }
    }
    fn place(s: usize, e: usize) -> Mention {
        Mention {
            span: Span::new(s, e),
            value: MentionValue::Place {
                entity: "X".into(),
                feature: None,
                coords: None,
                wikidata: None,
            },
        }
    }

    #[test]
    fn nesting_only_inside_groups() {
        let mut d = Document::new("d", "división de Cochabamba y más", Meta::default());
        assert!(d.add_mention(place(12, 22)));
        assert!(d.add_mention(group(0, 22)), "a GROUP may hold a PLACE");
        assert!(
            !d.add_mention(place(10, 14)),
            "overlapping the nested place is a clash"
        );
        assert!(!d.add_mention(group(5, 25)), "two GROUPs may not overlap");
        assert_eq!(
            d.mentions.iter().map(|m| m.span.start).collect::<Vec<_>>(),
            vec![0, 12]
        );
        assert_eq!(
            d.mentions_in(Span::new(0, 22)).collect::<Vec<_>>(),
            vec![0, 1]
        );
        assert_eq!(
            d.mentions_in(Span::new(11, 30)).collect::<Vec<_>>(),
            vec![1]
        );
    }

    use proptest::prelude::*;

    fn mention(kind: u8, start: usize, len: usize) -> Mention {
        let span = Span::new(start, start + len);
        match kind % 3 {
            0 => group(span.start, span.end),
            1 => place(span.start, span.end),
            _ => Mention {
                span,
                value: MentionValue::Date { value: "X".into() },
            },
        }
    }

    proptest! {
        /// `add_mentions` leaves what `add_mention` one by one leaves.
        #[test]
        fn add_mentions_equals_one_by_one(
            present in proptest::collection::vec((0..3u8, 0..200usize, 0..30usize), 0..30),
            batch in proptest::collection::vec((0..3u8, 0..200usize, 0..30usize), 0..40),
        ) {
            let mut one = Document::new("d", "", Meta::default());
            for &(k, s, l) in &present {
                one.add_mention(mention(k, s, l));
            }
            let mut all = one.clone();
            let mut added = 0;
            for &(k, s, l) in &batch {
                added += one.add_mention(mention(k, s, l)) as usize;
            }
            let n = all.add_mentions(batch.iter().map(|&(k, s, l)| mention(k, s, l)));
            prop_assert_eq!(n, added);
            prop_assert_eq!(&all.mentions, &one.mentions);
            prop_assert_eq!(all.longest_mention, one.longest_mention);
        }
    }

    #[test]
    fn meta_year_from_reference() {
        let m = Meta {
            year: None,
            reference: Some("1813-09-29".into()),
        };
        assert_eq!(m.known_year(), Some(1813));
    }
}
