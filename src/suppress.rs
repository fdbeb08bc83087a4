//! Suppressions in articles: `<!-- factlint-ignore CODE: reason -->` hides
//! the findings with that code in the next paragraph. A suppression needs a
//! reason (else a `suppression-without-reason` warning), must name known codes
//! (else `invalid-suppression`), and should hide something (else an
//! `unused-suppression` advice), so that stale suppressions do not pile up.

use crate::source::{FileId, Span};

#[derive(Debug, Clone)]
pub struct Suppression {
    /// The whole comment.
    pub span: Span,
    /// The comment's text, as findings about it quote it.
    pub text: String,
    pub codes: Vec<String>,
    pub reason: Option<String>,
    /// The paragraph it covers: from the first text after the comment to the
    /// next blank line.
    pub covers: (usize, usize),
}

const OPEN: &str = "<!--";
const CLOSE: &str = "-->";
const KEYWORD: &str = "factlint-ignore";

/// Every `factlint-ignore` comment in `text`.
pub fn find(file: FileId, text: &str) -> Vec<Suppression> {
    let mut out = Vec::new();
    let mut from = 0;
    // Every article is searched, nearly always in vain: SIMD search.
    let find = |from: usize, needle: &str| {
        text.get(from..)
            .and_then(|rest| memchr::memmem::find(rest.as_bytes(), needle.as_bytes()))
            .map(|i| from + i)
    };
    while let Some(open) = find(from, OPEN) {
        // The comment ends after its opening: `<!-->` does not close itself.
        let after = open + OPEN.len();
        let Some(close) = find(after, CLOSE).map(|i| i + CLOSE.len()) else {
            break;
        };
        from = close;
        let inner = text[open + OPEN.len()..close - CLOSE.len()].trim();
        let Some(rest) = inner.strip_prefix(KEYWORD) else {
            continue;
        };
        let (codes_part, reason) = match rest.split_once(':') {
            Some((c, r)) => (c, Some(r.trim().to_string()).filter(|r| !r.is_empty())),
            None => (rest, None),
        };
        let codes: Vec<String> = codes_part
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|c| !c.is_empty())
            .map(str::to_string)
            .collect();
        // The next paragraph: skip blank space, then up to a blank line.
        let start = close + (text[close..].len() - text[close..].trim_start().len());
        let end = paragraph_end(text, start);
        out.push(Suppression {
            span: Span::new(file, open, close),
            text: text[open..close].to_string(),
            codes,
            reason,
            covers: (start, end),
        });
    }
    out
}

/// The end of the paragraph starting at `start`: the next blank line.
fn paragraph_end(text: &str, start: usize) -> usize {
    let mut offset = start;
    for line in text[start..].split_inclusive('\n') {
        if line.trim().is_empty() && offset > start {
            return offset;
        }
        offset += line.len();
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_comment_closed_inside_its_opening_does_not_panic() {
        // `<!-->` once sliced the comment's inside backwards.
        assert!(find(FileId(0), "a <!--> b").is_empty());
        assert!(find(FileId(0), "a <!---> b").is_empty());
        let s = find(FileId(0), "<!--> <!-- factlint-ignore stale: x -->\nA.");
        assert_eq!(s.len(), 0, "the first comment runs to the first `-->`");
    }

    #[test]
    fn comments_cover_the_next_paragraph() {
        let text = "First.\n\n<!-- factlint-ignore stale, count: quoted from 2023 -->\nThe nine-member bloc.\nStill here.\n\nNot here.\n<!-- factlint-ignore stale -->\nLast.";
        let s = find(FileId(0), text);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].codes, vec!["stale", "count"]);
        assert_eq!(s[0].reason.as_deref(), Some("quoted from 2023"));
        assert_eq!(
            &text[s[0].covers.0..s[0].covers.1],
            "The nine-member bloc.\nStill here.\n"
        );
        assert_eq!(s[1].reason, None);
        assert_eq!(&text[s[1].covers.0..s[1].covers.1], "Last.");
    }
}
