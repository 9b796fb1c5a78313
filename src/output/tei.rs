//! TEI P5 XML: the text in `<p>` paragraphs with mentions marked inline —
//! PERSON `persName`, PLACE `placeName`, DATE `date@when`, NUMBER
//! `num@value`, GROUP `orgName` (a PERSON or PLACE may nest inside it) — and
//! the events in a `<standOff>` `<listEvent>` that points at the mentions.
//!
//! Mention elements carry `xml:id="T<n>"`, the gold JSON's ids. DATE values
//! become W3C dates as TEI's `@when` allows, partial ones included
//! (`XXXX-10-01` → `--10-01`, `XXXX-10` → `--10`), intervals `@from`/`@to`;
//! a value W3C cannot express (`XXXX-10-05TNI`) goes to `@when-custom`.
//! Text is escaped (`&`, `<`, `>`, quotes, CR as `&#13;` so that parsers
//! keep the exact text) and characters XML
//! 1.0 forbids (C0 controls other than tab and line breaks) become U+FFFD,
//! so any document gives well-formed XML.

use crate::document::{Document, MentionValue, Span};
use crate::json::number_value;
use std::fmt::Write;

fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{fffe}' && c != '\u{ffff}')
}

/// Escapes text content or an attribute value.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // XML parsers turn CR and CRLF into LF; a reference keeps it.
            '\r' => out.push_str("&#13;"),
            c if allowed(c) => out.push(c),
            _ => out.push('\u{fffd}'),
        }
    }
    out
}

/// A single TIMEX3 point as a W3C date TEI accepts in `@when`, if it is one.
fn w3c_point(v: &str) -> Option<String> {
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let (date, time) = match v.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (v, None),
    };
    let parts: Vec<&str> = date.split('-').collect();
    let known_year = digits(parts[0], 4);
    let unknown_year = parts[0] == "XXXX";
    if !known_year && !unknown_year {
        return None;
    }
    let date = match parts.as_slice() {
        [y] if known_year => y.to_string(),
        [y, m] if digits(m, 2) => {
            if known_year {
                format!("{y}-{m}")
            } else {
                format!("--{m}")
            }
        }
        [y, m, d] if digits(m, 2) && digits(d, 2) => {
            if known_year {
                format!("{y}-{m}-{d}")
            } else {
                format!("--{m}-{d}")
            }
        }
        [_, "XX", d] if digits(d, 2) && unknown_year => format!("---{d}"),
        _ => return None,
    };
    match time {
        None => Some(date),
        // A time of day needs a full date in xsd:dateTime.
        Some(t) if known_year && date.len() == 10 => {
            let hm: Vec<&str> = t.split(':').collect();
            match hm.as_slice() {
                [h, m] if digits(h, 2) && digits(m, 2) => Some(format!("{date}T{h}:{m}:00")),
                _ => None,
            }
        }
        Some(_) => None,
    }
}

/// The TEI attributes of a DATE value.
pub fn date_attributes(value: &str) -> Vec<(&'static str, String)> {
    if let Some((a, b)) = value.split_once('/') {
        if let (Some(a), Some(b)) = (w3c_point(a), w3c_point(b)) {
            return vec![("from", a), ("to", b)];
        }
    } else if let Some(w) = w3c_point(value) {
        return vec![("when", w)];
    }
    vec![("when-custom", value.to_string())]
}

fn open_tag(out: &mut String, id: usize, value: &MentionValue) {
    let (name, attrs): (&str, Vec<(&str, String)>) = match value {
        MentionValue::Date { value } => ("date", date_attributes(value)),
        // `num` has no unit attribute in TEI; the unit is the next word.
        MentionValue::Number {
            value,
            ordinal,
            approx,
            ..
        } => {
            let mut a = vec![("value", number_value(*value).to_string())];
            a.push((
                "type",
                if *ordinal { "ordinal" } else { "cardinal" }.to_string(),
            ));
            if *approx {
                a.push(("cert", "low".to_string()));
            }
            ("num", a)
        }
        MentionValue::Person {
            entity,
            title,
            wikidata,
        } => {
            let mut a = vec![("key", entity.clone())];
            if let Some(t) = title {
                a.push(("role", t.clone()));
            }
            if let Some(w) = wikidata {
                a.push(("ref", format!("http://www.wikidata.org/entity/{w}")));
            }
            ("persName", a)
        }
        MentionValue::Place {
            entity,
            feature,
            wikidata,
            ..
        } => {
            let mut a = vec![("key", entity.clone())];
            if let Some(f) = feature {
                a.push(("type", f.clone()));
            }
            if let Some(w) = wikidata {
                a.push(("ref", format!("http://www.wikidata.org/entity/{w}")));
            }
            ("placeName", a)
        }
        MentionValue::Group { side, entity } => {
            let mut a = Vec::new();
            if let Some(e) = entity {
                a.push(("key", e.clone()));
            }
            if let Some(s) = side {
                a.push(("type", s.clone()));
            }
            ("orgName", a)
        }
    };
    let _ = write!(out, "<{name} xml:id=\"T{}\"", id + 1);
    for (k, v) in attrs {
        let _ = write!(out, " {k}=\"{}\"", escape(&v));
    }
    out.push('>');
}

fn close_tag(value: &MentionValue) -> &'static str {
    match value {
        MentionValue::Date { .. } => "</date>",
        MentionValue::Number { .. } => "</num>",
        MentionValue::Person { .. } => "</persName>",
        MentionValue::Place { .. } => "</placeName>",
        MentionValue::Group { .. } => "</orgName>",
    }
}

/// One paragraph with its mentions inline. A mention that crosses the
/// paragraph or another mention's edge (never produced by the pipeline) is
/// left out rather than break the nesting.
fn paragraph(out: &mut String, doc: &Document, span: Span) {
    let text = doc.text();
    let mut inside: Vec<usize> = (0..doc.mentions.len())
        .filter(|&i| span.contains(doc.mentions[i].span))
        .collect();
    inside.sort_by_key(|&i| {
        (
            doc.mentions[i].span.start,
            std::cmp::Reverse(doc.mentions[i].span.end),
        )
    });
    out.push_str("      <p>");
    let mut pos = span.start;
    let mut open: Vec<usize> = Vec::new();
    let close_until = |out: &mut String, open: &mut Vec<usize>, pos: &mut usize, limit: usize| {
        while let Some(&top) = open.last() {
            let m = &doc.mentions[top];
            if m.span.end > limit {
                break;
            }
            out.push_str(&escape(&text[*pos..m.span.end]));
            out.push_str(close_tag(&m.value));
            *pos = m.span.end;
            open.pop();
        }
    };
    for i in inside {
        let m = &doc.mentions[i];
        close_until(out, &mut open, &mut pos, m.span.start);
        if m.span.start < pos
            || open
                .last()
                .is_some_and(|&top| doc.mentions[top].span.end < m.span.end)
        {
            continue;
        }
        out.push_str(&escape(&text[pos..m.span.start]));
        open_tag(out, i, &m.value);
        pos = m.span.start;
        open.push(i);
    }
    close_until(out, &mut open, &mut pos, usize::MAX);
    out.push_str(&escape(&text[pos..span.end]));
    out.push_str("</p>\n");
}

/// The TEI document of a processed document.
pub fn to_tei(doc: &Document) -> String {
    let mut out = String::new();
    let name = escape(doc.name());
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<TEI xmlns=\"http://www.tei-c.org/ns/1.0\">\n");
    let _ = write!(
        out,
        "  <teiHeader>\n    <fileDesc>\n      <titleStmt><title>{name}</title></titleStmt>\n      \
         <publicationStmt><p>Annotated by cronista {}.</p></publicationStmt>\n      \
         <sourceDesc><p>{name}.txt</p></sourceDesc>\n    </fileDesc>\n  </teiHeader>\n",
        env!("CARGO_PKG_VERSION")
    );
    out.push_str("  <text>\n    <body>\n");
    for p in &doc.paragraphs {
        paragraph(&mut out, doc, p.span);
    }
    if doc.paragraphs.is_empty() {
        out.push_str("      <p/>\n"); // TEI wants something in a body
    }
    out.push_str("    </body>\n  </text>\n");
    if !doc.events.is_empty() {
        out.push_str("  <standOff>\n    <listEvent>\n");
        for (i, e) in doc.events.iter().enumerate() {
            let _ = writeln!(
                out,
                "      <event xml:id=\"E{}\" type=\"{}\">",
                i + 1,
                e.kind.as_str()
            );
            let _ = writeln!(
                out,
                "        <label>{}</label>",
                escape(doc.slice(e.trigger))
            );
            if !e.args.is_empty() {
                out.push_str("        <linkGrp type=\"arguments\">\n");
                for a in &e.args {
                    let _ = writeln!(
                        out,
                        "          <link type=\"{}\" target=\"#E{} #T{}\"/>",
                        a.role.as_str(),
                        i + 1,
                        a.mention + 1
                    );
                }
                out.push_str("        </linkGrp>\n");
            }
            out.push_str("      </event>\n");
        }
        out.push_str("    </listEvent>\n  </standOff>\n");
    }
    out.push_str("</TEI>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_tei_allows() {
        for (v, want) in [
            ("1813-10-01", vec![("when", "1813-10-01")]),
            ("XXXX-10-01", vec![("when", "--10-01")]),
            ("XXXX-10", vec![("when", "--10")]),
            ("1813", vec![("when", "1813")]),
            ("1813-10-19T15:00", vec![("when", "1813-10-19T15:00:00")]),
            (
                "XXXX-10-20/XXXX-10-21",
                vec![("from", "--10-20"), ("to", "--10-21")],
            ),
            ("XXXX-10-05TNI", vec![("when-custom", "XXXX-10-05TNI")]),
            ("XXXX", vec![("when-custom", "XXXX")]),
        ] {
            let got = date_attributes(v);
            let got: Vec<(&str, &str)> = got.iter().map(|(k, v)| (*k, v.as_str())).collect();
            assert_eq!(got, want, "{v}");
        }
    }

    #[test]
    fn escapes_markup_and_forbidden_controls() {
        assert_eq!(
            escape("a & <b> \"c\"\u{1}"),
            "a &amp; &lt;b&gt; &quot;c&quot;\u{fffd}"
        );
    }
}
