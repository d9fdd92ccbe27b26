//! N-Triples and N-Quads lines written straight into a byte buffer: the same bytes as
//! oxigraph's serializers (`writeln!(w, "{} .", quad)`, that is oxrdf's `Display` of each
//! term and its string escapes), without `fmt`. The bulk paths write tens of millions of
//! lines; going through `fmt` wrote a literal one `char` at a time. The sort keys of
//! [`super::sort`] use the same term writer, so a key and an exported line spell a term
//! alike. Anything this module does not spell itself (RDF 1.2 triple terms and
//! directional language tags) is written through oxrdf's `Display`, so the output never
//! differs from oxigraph's.

use oxigraph::model::vocab::xsd;
use oxigraph::model::{GraphNameRef, LiteralRef, NamedOrBlankNodeRef, QuadRef, TermRef};
use std::io::Write as _;

/// Appends `quad` as an N-Quads line (`dataset`) or as the N-Triples line of its triple.
pub fn quad(quad: QuadRef<'_>, dataset: bool, out: &mut Vec<u8>) {
    subject(quad.subject, out);
    out.push(b' ');
    iri(quad.predicate.as_str(), out);
    out.push(b' ');
    term(quad.object, out);
    if dataset {
        match quad.graph_name {
            GraphNameRef::NamedNode(g) => {
                out.push(b' ');
                iri(g.as_str(), out);
            }
            GraphNameRef::BlankNode(b) => {
                out.push(b' ');
                blank(b.as_str(), out);
            }
            GraphNameRef::DefaultGraph => {}
        }
    }
    out.extend_from_slice(b" .\n");
}

/// `<iri>` (oxrdf keeps IRIs valid, so they need no escape).
pub fn iri(iri: &str, out: &mut Vec<u8>) {
    out.push(b'<');
    out.extend_from_slice(iri.as_bytes());
    out.push(b'>');
}

/// A subject: `<iri>` or `_:id`.
pub fn subject(s: NamedOrBlankNodeRef<'_>, out: &mut Vec<u8>) {
    match s {
        NamedOrBlankNodeRef::NamedNode(n) => iri(n.as_str(), out),
        NamedOrBlankNodeRef::BlankNode(b) => blank(b.as_str(), out),
    }
}

/// `_:id`.
fn blank(id: &str, out: &mut Vec<u8>) {
    out.extend_from_slice(b"_:");
    out.extend_from_slice(id.as_bytes());
}

/// Any term in its N-Triples form.
pub fn term(t: TermRef<'_>, out: &mut Vec<u8>) {
    match t {
        TermRef::NamedNode(n) => iri(n.as_str(), out),
        TermRef::BlankNode(b) => blank(b.as_str(), out),
        TermRef::Literal(l) => literal(l, out),
        #[allow(unreachable_patterns)]
        other => {
            let _ = write!(out, "{other}");
        }
    }
}

/// A literal: `"value"`, `"value"@lang` or `"value"^^<datatype>` (plain `xsd:string` has
/// no datatype written, as in oxrdf).
pub fn literal(l: LiteralRef<'_>, out: &mut Vec<u8>) {
    if l.direction().is_some() {
        let _ = write!(out, "{l}");
        return;
    }
    quoted(l.value(), out);
    if let Some(lang) = l.language() {
        out.push(b'@');
        out.extend_from_slice(lang.as_bytes());
    } else if l.datatype() != xsd::STRING {
        out.extend_from_slice(b"^^");
        iri(l.datatype().as_str(), out);
    }
}

/// `"value"` with oxrdf's escapes: `\b \t \n \f \r \" \\` by name, the other C0 controls,
/// DEL, U+FFFE and U+FFFF as `\uXXXX`; everything else as it is. Runs of plain bytes are
/// copied at once.
pub fn quoted(value: &str, out: &mut Vec<u8>) {
    out.push(b'"');
    let bytes = value.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (escape, len): (Option<&[u8]>, usize) = match b {
            0x08 => (Some(b"\\b"), 1),
            b'\t' => (Some(b"\\t"), 1),
            b'\n' => (Some(b"\\n"), 1),
            0x0C => (Some(b"\\f"), 1),
            b'\r' => (Some(b"\\r"), 1),
            b'"' => (Some(b"\\\""), 1),
            b'\\' => (Some(b"\\\\"), 1),
            0x00..=0x1F | 0x7F => (None, 1),
            // U+FFFE and U+FFFF are EF BF BE and EF BF BF in UTF-8
            0xEF if bytes.get(i + 1) == Some(&0xBF)
                && matches!(bytes.get(i + 2), Some(0xBE | 0xBF)) =>
            {
                (None, 3)
            }
            _ => {
                i += 1;
                continue;
            }
        };
        out.extend_from_slice(&bytes[start..i]);
        match escape {
            Some(escape) => out.extend_from_slice(escape),
            None => {
                let c = value[i..].chars().next().map_or(0, u32::from);
                let _ = write!(out, "\\u{c:04X}");
            }
        }
        i += len;
        start = i;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::io::{RdfFormat, RdfSerializer};
    use oxigraph::model::*;

    fn oxigraph_line(q: &Quad, format: RdfFormat) -> String {
        let mut w = RdfSerializer::from_format(format).for_writer(Vec::new());
        if format.supports_datasets() {
            w.serialize_quad(q).unwrap();
        } else {
            w.serialize_triple(q.as_ref()).unwrap();
        }
        String::from_utf8(w.finish().unwrap()).unwrap()
    }

    fn ours(q: &Quad, dataset: bool) -> String {
        let mut out = Vec::new();
        quad(q.as_ref(), dataset, &mut out);
        String::from_utf8(out).unwrap()
    }

    /// Every kind of term and every escape, against oxigraph's own N-Triples and N-Quads.
    #[test]
    fn same_bytes_as_oxigraph() {
        let s = NamedNode::new("https://example.org/id/museum/1").unwrap();
        let p = NamedNode::new("https://schema.org/name").unwrap();
        let g = NamedNode::new("https://example.org/graph/zakon-2024").unwrap();
        let mut texts: Vec<String> = [
            "plain",
            "",
            "Алматы қаласы",
            "quote \" and \\ backslash",
            "tab\tnew\nline\rcr",
            "\u{8}\u{c}\u{0}\u{1}\u{1f}\u{7f}",
            "\u{fffe}\u{ffff}\u{fffd}\u{efbf}x",
            "𝄞 astral",
            "ends with \\",
        ]
        .iter()
        .map(|t| t.to_string())
        .collect();
        texts.extend(
            (0u32..0x100)
                .filter_map(char::from_u32)
                .map(|c| format!("a{c}b")),
        );
        let mut objects: Vec<Term> = Vec::new();
        for t in &texts {
            objects.push(Literal::new_simple_literal(t).into());
            objects.push(Literal::new_language_tagged_literal_unchecked(t, "kk").into());
            objects.push(Literal::new_typed_literal(t, xsd::DECIMAL).into());
            objects.push(Literal::new_typed_literal(t, xsd::STRING).into());
        }
        objects.push(s.clone().into());
        objects.push(BlankNode::new("b0").unwrap().into());
        let subjects: Vec<NamedOrBlankNode> =
            vec![s.clone().into(), BlankNode::new("x1").unwrap().into()];
        let graphs = [
            GraphName::NamedNode(g),
            GraphName::BlankNode(BlankNode::new("g2").unwrap()),
            GraphName::DefaultGraph,
        ];
        let mut checked = 0;
        for subject in &subjects {
            for object in &objects {
                for graph in &graphs {
                    let q = Quad::new(subject.clone(), p.clone(), object.clone(), graph.clone());
                    assert_eq!(ours(&q, true), oxigraph_line(&q, RdfFormat::NQuads), "{q}");
                    assert_eq!(
                        ours(&q, false),
                        oxigraph_line(&q, RdfFormat::NTriples),
                        "{q}"
                    );
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 2 * (4 * texts.len() + 2) * 3);
    }
}
