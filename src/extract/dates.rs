//! Date expressions in article text, resolved to calendar days.
//!
//! A fact-checker must know *which day* a claim speaks of: "on Tuesday",
//! "July 3-4", "4 July 2024" and "2024-07-04" all name days, and most of them
//! only make sense against the day the article was written (the
//! `reference`). [`find_dates`] finds every such expression with its byte
//! span and resolves it to a first and last day; [`dateline`] reads the
//! printed date at the top of an article, which is usually that reference.
//!
//! Forms recognised (month names full or abbreviated: Jan, Feb, Mar, Apr,
//! Jun, Jul, Aug, Sep, Sept, Oct, Nov, Dec, an abbreviation optionally with a
//! dot; case-insensitive, except that "May", "March" and "Mar" must be
//! capitalised because "may" and "march" are common words):
//!
//! * absolute: "July 4, 2024", "July 03, 2024", "July 4th 2024",
//!   "4 July 2024", "4th of July 2024", "Jul. 4, 2024", "2024-07-04";
//! * without a year: "July 4", "4 July" — the year of the reference, unless
//!   that puts the day more than six months from it, then the year (one
//!   before, same, one after) nearest to it;
//! * ranges within one month: "July 3-4", "July 3–4" (en dash), "3-4 July",
//!   "3 and 4 July", "July 3 and 4", "3 to 4 July", with or without a year;
//! * weekdays, capitalised ("Monday".."Sunday"): the day within three days
//!   either side of the reference with that weekday; a weekday followed by a
//!   date ("Monday, June 3, 2024") is one mention meaning that date;
//! * "today", "yesterday", "tomorrow" (any case);
//! * month and year: "February 2022" is 1-28 February 2022.
//!
//! A bare year is not a date (too ambiguous), and neither is an impossible
//! day ("Feb 30"): those are skipped. Preceding words ("on", "in") are never
//! part of a span.
//!
//! The scanner is hand-written rather than built on the `regex` crate: it
//! keeps the crate's dependencies unchanged, and the checks that keep false
//! positives out ("May 2,000 people", "4.5 July", "the 1990s", a dot only
//! after an abbreviation) look at neighbouring characters, which the `regex`
//! crate cannot do without look-around. Text is first split into tokens
//! (digit runs, letter runs, single other characters) at `char` boundaries,
//! so every span is on a boundary and no input can make it panic.

use jiff::civil::{Date, Weekday};
use jiff::ToSpan;

/// One date expression found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateMention {
    /// Byte offset of the expression's start in the text.
    pub start: usize,
    /// Byte offset just past the expression's end.
    pub end: usize,
    /// The first day meant.
    pub first: Date,
    /// The last day meant; equal to `first` for a single day.
    pub last: Date,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A run of ASCII digits.
    Num,
    /// A run of alphabetic characters.
    Word,
    /// Any other single non-space character.
    Punct,
}

#[derive(Debug, Clone, Copy)]
struct Tok<'a> {
    kind: Kind,
    text: &'a str,
    start: usize,
    end: usize,
    /// No whitespace between this token and the previous one.
    glued: bool,
}

fn tokenize(text: &str) -> Vec<Tok<'_>> {
    // The character at byte `i` and its length: an ASCII byte is read as
    // it is, anything else decoded (most of a sentence is ASCII, and this
    // runs over every sentence a date pattern could match in).
    let char_at = |i: usize| -> Option<(char, usize)> {
        match text.as_bytes().get(i) {
            Some(&b) if b.is_ascii() => Some((char::from(b), 1)),
            Some(_) => text.get(i..)?.chars().next().map(|c| (c, c.len_utf8())),
            None => None,
        }
    };
    // Room for a token every four bytes or so.
    let mut toks = Vec::with_capacity(text.len() / 4);
    let mut glued = false;
    let mut start = 0;
    while let Some((c, len)) = char_at(start) {
        if c.is_whitespace() {
            glued = false;
            start += len;
            continue;
        }
        let kind = if c.is_ascii_digit() {
            Kind::Num
        } else if c.is_alphabetic() {
            Kind::Word
        } else {
            Kind::Punct
        };
        let mut end = start + len;
        if kind != Kind::Punct {
            while let Some((d, len)) = char_at(end) {
                let same = match kind {
                    Kind::Num => d.is_ascii_digit(),
                    _ => d.is_alphabetic(),
                };
                if !same {
                    break;
                }
                end += len;
            }
        }
        toks.push(Tok {
            kind,
            text: &text[start..end],
            start,
            end,
            glued,
        });
        glued = true;
        start = end;
    }
    toks
}

/// The words that name a day relative to the reference (see
/// [`Scanner::relative`]).
const RELATIVE: [&str; 3] = ["today", "yesterday", "tomorrow"];

/// Month names: (name, month number, is an abbreviation).
const MONTHS: [(&str, i8, bool); 24] = [
    ("january", 1, false),
    ("february", 2, false),
    ("march", 3, false),
    ("april", 4, false),
    ("may", 5, false),
    ("june", 6, false),
    ("july", 7, false),
    ("august", 8, false),
    ("september", 9, false),
    ("october", 10, false),
    ("november", 11, false),
    ("december", 12, false),
    ("jan", 1, true),
    ("feb", 2, true),
    ("mar", 3, true),
    ("apr", 4, true),
    ("jun", 6, true),
    ("jul", 7, true),
    ("aug", 8, true),
    ("sep", 9, true),
    ("sept", 9, true),
    ("oct", 10, true),
    ("nov", 11, true),
    ("dec", 12, true),
];

const WEEKDAYS: [(&str, Weekday); 7] = [
    ("monday", Weekday::Monday),
    ("tuesday", Weekday::Tuesday),
    ("wednesday", Weekday::Wednesday),
    ("thursday", Weekday::Thursday),
    ("friday", Weekday::Friday),
    ("saturday", Weekday::Saturday),
    ("sunday", Weekday::Sunday),
];

/// For each length in bytes, the initials (bit 0 for "a") of the words a
/// date can begin with (months, weekdays, the words of [`RELATIVE`]) of
/// that length: a word whose length and initial none has is not compared
/// with each of them (most words of a sentence: "the", "said").
const BEGINNINGS: [u32; 10] = {
    const fn add(table: &mut [u32; 10], word: &str) {
        let b = word.as_bytes();
        table[b.len()] |= 1 << (b[0] - b'a');
    }
    let mut table = [0u32; 10];
    let mut i = 0;
    while i < MONTHS.len() {
        add(&mut table, MONTHS[i].0);
        i += 1;
    }
    let mut i = 0;
    while i < WEEKDAYS.len() {
        add(&mut table, WEEKDAYS[i].0);
        i += 1;
    }
    let mut i = 0;
    while i < RELATIVE.len() {
        add(&mut table, RELATIVE[i]);
        i += 1;
    }
    table
};

/// Whether a word has the length and initial of some word a date can
/// begin with (in any case); `false` rules the word out.
fn may_begin_a_date(word: &str) -> bool {
    let (Some(&first), Some(&initials)) = (word.as_bytes().first(), BEGINNINGS.get(word.len()))
    else {
        return false;
    };
    let first = first.to_ascii_lowercase();
    first.is_ascii_lowercase() && initials >> (first - b'a') & 1 == 1
}

/// A match starting at some token: where it ends and what it means.
#[derive(Debug, Clone, Copy)]
struct Parsed {
    /// Index of the first token after the match.
    next: usize,
    first: Date,
    last: Date,
    /// The text gave the year itself.
    explicit_year: bool,
    /// The text named a day (not just a month).
    has_day: bool,
}

struct Scanner<'t, 'a> {
    toks: &'t [Tok<'a>],
    reference: Date,
}

fn capitalised(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_uppercase())
}

impl Scanner<'_, '_> {
    fn tok(&self, i: usize) -> Option<&Tok<'_>> {
        self.toks.get(i)
    }

    /// Token `i` exists, has no space before it, and is of `kind`.
    fn glued_kind(&self, i: usize, kind: Kind) -> bool {
        self.tok(i).is_some_and(|t| t.glued && t.kind == kind)
    }

    /// Token `i` is the punctuation `p` with no space before it.
    fn glued_punct(&self, i: usize, p: &[&str]) -> bool {
        self.glued_kind(i, Kind::Punct) && p.contains(&self.toks[i].text)
    }

    /// Token `i` is not glued to a preceding number-ish context ("1,4",
    /// "2023-4", "v4", "1.4"), so it may start a numeric date.
    fn detached_before(&self, i: usize) -> bool {
        let Some(t) = self.tok(i) else {
            return false;
        };
        if i == 0 || !t.glued {
            return true;
        }
        let prev = &self.toks[i - 1];
        prev.kind == Kind::Punct && !["-", "–", ".", ",", "/", ":"].contains(&prev.text)
    }

    /// Token `i` (a number) is followed directly by something that makes
    /// it part of a larger number, time or measure: "2,000", "4.5", "4:30",
    /// "4/7", "4%", "4-5" (checked by the caller where wanted).
    fn continues_number(&self, i: usize) -> bool {
        let next = i + 1;
        if self.glued_punct(next, &[",", "."])
            && self.glued_kind(next + 1, Kind::Num)
            && self.toks[next + 1].text.len() == 3
            && self.toks[next].text == ","
        {
            return true;
        }
        if self.glued_punct(next, &[".", ":", "/"]) && self.glued_kind(next + 1, Kind::Num) {
            return true;
        }
        self.glued_punct(next, &["%"])
    }

    /// A month name at `i`; returns the month and the index after it.
    fn month_at(&self, i: usize) -> Option<(i8, usize)> {
        let t = self.tok(i)?;
        if t.kind != Kind::Word || (t.glued && i > 0 && self.toks[i - 1].kind == Kind::Num) {
            return None;
        }
        let &(name, month, abbrev) = MONTHS
            .iter()
            .find(|(name, _, _)| name.eq_ignore_ascii_case(t.text))?;
        if matches!(name, "may" | "march" | "mar") && !capitalised(t.text) {
            return None;
        }
        // A dot only after an abbreviation: "in July. 4 people ..." is not
        // a date.
        let next = if abbrev && self.glued_punct(i + 1, &["."]) {
            i + 2
        } else {
            i + 1
        };
        Some((month, next))
    }

    /// A day of the month at `i` ("4", "04", "4th"); returns the day, the
    /// index after it, and whether it was written as an ordinal.
    fn day_at(&self, i: usize) -> Option<(i8, usize, bool)> {
        let t = self.tok(i)?;
        if t.kind != Kind::Num || t.text.len() > 2 {
            return None;
        }
        let day: i8 = t.text.parse().ok()?;
        if !(1..=31).contains(&day) {
            return None;
        }
        let mut next = i + 1;
        let mut ordinal = false;
        if self.glued_kind(next, Kind::Word) {
            let suffix = self.toks[next].text;
            if !["st", "nd", "rd", "th"]
                .iter()
                .any(|s| s.eq_ignore_ascii_case(suffix))
            {
                // "4pm", "4km": a measure, not a day.
                return None;
            }
            ordinal = true;
            next += 1;
        } else if self.continues_number(i) {
            return None;
        }
        Some((day, next, ordinal))
    }

    /// A four-digit year at `i`; returns it and the index after it.
    fn year_at(&self, i: usize) -> Option<(i16, usize)> {
        let t = self.tok(i)?;
        if t.kind != Kind::Num || t.text.len() != 4 || t.text.starts_with('0') {
            return None;
        }
        // "the 1990s", "2024-25", "2024,000" are not years of a date.
        if self.glued_kind(i + 1, Kind::Word)
            || self.continues_number(i)
            || (self.glued_punct(i + 1, &["-", "–"]) && self.glued_kind(i + 2, Kind::Num))
        {
            return None;
        }
        Some((t.text.parse().ok()?, i + 1))
    }

    /// A year at `i`, optionally after a comma.
    fn opt_year(&self, i: usize) -> Option<(i16, usize)> {
        if self
            .tok(i)
            .is_some_and(|t| t.kind == Kind::Punct && t.text == ",")
        {
            self.year_at(i + 1)
        } else {
            self.year_at(i)
        }
    }

    /// A range separator at `i`: "-", "–", "and", "to".
    fn range_sep(&self, i: usize) -> Option<usize> {
        let t = self.tok(i)?;
        let ok = match t.kind {
            Kind::Punct => t.text == "-" || t.text == "–",
            Kind::Word => t.text.eq_ignore_ascii_case("and") || t.text.eq_ignore_ascii_case("to"),
            Kind::Num => false,
        };
        ok.then_some(i + 1)
    }

    /// A day or a range of days at `i`: (first, last if a range, index
    /// after, last day written as an ordinal).
    fn days_at(&self, i: usize) -> Option<(i8, Option<i8>, usize, bool)> {
        let (d1, next, ord1) = self.day_at(i)?;
        if let Some((d2, after, ord2)) = self.range_sep(next).and_then(|s| self.day_at(s)) {
            return Some((d1, Some(d2), after, ord2));
        }
        Some((d1, None, next, ord1))
    }

    /// Builds the match for days `d1`..`d2` of `month`, in `year` or the
    /// year resolved from the reference. `None` for impossible days.
    fn days(
        &self,
        month: i8,
        d1: i8,
        d2: Option<i8>,
        year: Option<i16>,
        next: usize,
    ) -> Option<Parsed> {
        let first = match year {
            Some(y) => Date::new(y, month, d1).ok()?,
            None => resolve_yearless(month, d1, self.reference)?,
        };
        let last = match d2 {
            Some(d2) if d2 <= d1 => return None,
            Some(d2) => Date::new(first.year(), month, d2).ok()?,
            None => first,
        };
        Some(Parsed {
            next,
            first,
            last,
            explicit_year: year.is_some(),
            has_day: true,
        })
    }

    /// "July 4", "July 3-4, 2024", "Jul. 4 2024", "February 2022".
    fn month_first(&self, i: usize) -> Option<Parsed> {
        let (month, j) = self.month_at(i)?;
        if let Some((d1, d2, k, _)) = self.days_at(j) {
            let (year, next) = match self.opt_year(k) {
                Some((y, next)) => (Some(y), next),
                None => (None, k),
            };
            return self.days(month, d1, d2, year, next);
        }
        // "29 February 2023" is an impossible day, not February 2023.
        if self.day_ends_at(i) {
            return None;
        }
        let (year, next) = self.opt_year(j)?;
        let first = Date::new(year, month, 1).ok()?;
        Some(Parsed {
            next,
            first,
            last: first.last_of_month(),
            explicit_year: true,
            has_day: false,
        })
    }

    /// The tokens just before `i` read as a day written before a month
    /// ("29 ", "29th ", "29th of ").
    fn day_ends_at(&self, i: usize) -> bool {
        let mut j = i;
        if j > 0 && self.toks[j - 1].text.eq_ignore_ascii_case("of") {
            j -= 1;
        }
        if j > 1 && self.glued_kind(j - 1, Kind::Word) {
            // An ordinal suffix glued to its number.
            j -= 1;
        }
        j > 0 && self.toks[j - 1].kind == Kind::Num && self.toks[j - 1].text.len() <= 2
    }

    /// "4 July", "3-4 July 2024", "3 and 4 July", "4th of July".
    fn day_first(&self, i: usize) -> Option<Parsed> {
        if !self.detached_before(i) {
            return None;
        }
        let (d1, d2, mut k, ordinal) = self.days_at(i)?;
        if ordinal
            && self
                .tok(k)
                .is_some_and(|t| t.kind == Kind::Word && t.text.eq_ignore_ascii_case("of"))
        {
            k += 1;
        }
        let (month, j) = self.month_at(k)?;
        let (year, next) = match self.opt_year(j) {
            Some((y, next)) => (Some(y), next),
            None => (None, j),
        };
        self.days(month, d1, d2, year, next)
    }

    /// "2024-07-04".
    fn iso(&self, i: usize) -> Option<Parsed> {
        let t = self.tok(i)?;
        if t.kind != Kind::Num || t.text.len() != 4 || !self.detached_before(i) {
            return None;
        }
        let two =
            |j: usize| self.glued_kind(j, Kind::Num) && (1..=2).contains(&self.toks[j].text.len());
        if !(self.glued_punct(i + 1, &["-"])
            && two(i + 2)
            && self.glued_punct(i + 3, &["-"])
            && two(i + 4))
        {
            return None;
        }
        // Longer dash or dot chains ("2024-07-04-1", "2024-07-04.5") are
        // identifiers, not dates.
        if self.glued_punct(i + 5, &["-", ".", "/"]) && self.glued_kind(i + 6, Kind::Num) {
            return None;
        }
        let year: i16 = t.text.parse().ok()?;
        let month: i8 = self.toks[i + 2].text.parse().ok()?;
        let day: i8 = self.toks[i + 4].text.parse().ok()?;
        let date = Date::new(year, month, day).ok()?;
        Some(Parsed {
            next: i + 5,
            first: date,
            last: date,
            explicit_year: true,
            has_day: true,
        })
    }

    /// "Tuesday" (the nearest Tuesday), or "Monday, June 3, 2024" (June 3).
    fn weekday(&self, i: usize) -> Option<Parsed> {
        let t = self.tok(i)?;
        if t.kind != Kind::Word || !capitalised(t.text) {
            return None;
        }
        let &(_, weekday) = WEEKDAYS
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(t.text))?;
        let after = if self.tok(i + 1).is_some_and(|t| t.text == ",") {
            i + 2
        } else {
            i + 1
        };
        let explicit = [self.month_first(after), self.day_first(after)]
            .into_iter()
            .flatten()
            .filter(|p| p.has_day)
            .max_by_key(|p| p.next);
        if let Some(p) = explicit {
            return Some(p);
        }
        let offset = i64::from(
            weekday.to_monday_zero_offset() - self.reference.weekday().to_monday_zero_offset(),
        )
        .rem_euclid(7);
        let offset = if offset > 3 { offset - 7 } else { offset };
        let date = self.reference.checked_add(offset.days()).ok()?;
        Some(self.single(i + 1, date))
    }

    /// "today", "yesterday", "tomorrow".
    fn relative(&self, i: usize) -> Option<Parsed> {
        let t = self.tok(i)?;
        if t.kind != Kind::Word {
            return None;
        }
        // The words of `RELATIVE`.
        let date = if t.text.eq_ignore_ascii_case("today") {
            self.reference
        } else if t.text.eq_ignore_ascii_case("yesterday") {
            self.reference.yesterday().ok()?
        } else if t.text.eq_ignore_ascii_case("tomorrow") {
            self.reference.tomorrow().ok()?
        } else {
            return None;
        };
        Some(self.single(i + 1, date))
    }

    fn single(&self, next: usize, date: Date) -> Parsed {
        Parsed {
            next,
            first: date,
            last: date,
            explicit_year: false,
            has_day: true,
        }
    }

    /// The longest match starting at token `i`.
    fn at(&self, i: usize) -> Option<Parsed> {
        // Every form begins with a number, or with a word that is a month,
        // a weekday, or "today", "yesterday" or "tomorrow": most tokens are
        // none of these, and are not tried form by form.
        let t = self.tok(i)?;
        let may_begin = match t.kind {
            Kind::Num => true,
            Kind::Punct => false,
            Kind::Word => {
                may_begin_a_date(t.text)
                    && (MONTHS
                        .iter()
                        .any(|(name, _, _)| name.eq_ignore_ascii_case(t.text))
                        || WEEKDAYS
                            .iter()
                            .any(|(name, _)| name.eq_ignore_ascii_case(t.text))
                        || RELATIVE
                            .iter()
                            .any(|name| name.eq_ignore_ascii_case(t.text)))
            }
        };
        if !may_begin {
            return None;
        }
        [
            self.iso(i),
            self.weekday(i),
            self.month_first(i),
            self.day_first(i),
            self.relative(i),
        ]
        .into_iter()
        .flatten()
        .max_by_key(|p| p.next)
    }
}

/// The day `month`/`day` in the reference's year, or, when that is more
/// than six months from the reference, in the year nearest to it.
fn resolve_yearless(month: i8, day: i8, reference: Date) -> Option<Date> {
    let year = reference.year();
    if let Ok(date) = Date::new(year, month, day) {
        let lo = reference.checked_sub(6.months()).unwrap_or(Date::MIN);
        let hi = reference.checked_add(6.months()).unwrap_or(Date::MAX);
        if lo <= date && date <= hi {
            return Some(date);
        }
    }
    [Some(year), year.checked_sub(1), year.checked_add(1)]
        .into_iter()
        .flatten()
        .filter_map(|y| Date::new(y, month, day).ok())
        .min_by_key(|d| d.duration_until(reference).as_secs().unsigned_abs())
}

/// All matches in `text`, left to right, longest at each start.
fn scan(text: &str, reference: Date) -> Vec<(usize, usize, Parsed)> {
    let toks = tokenize(text);
    let scanner = Scanner {
        toks: &toks,
        reference,
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        match scanner.at(i) {
            Some(p) => {
                out.push((toks[i].start, toks[p.next - 1].end, p));
                i = p.next;
            }
            None => i += 1,
        }
    }
    out
}

/// Every date expression in `text`, sorted by start and non-overlapping
/// (where two could start at the same place, the longer wins), resolved
/// against `reference`, the day the text speaks as of. See the module
/// documentation for the forms recognised.
pub fn find_dates(text: &str, reference: Date) -> Vec<DateMention> {
    scan(text, reference)
        .into_iter()
        .map(|(start, end, p)| DateMention {
            start,
            end,
            first: p.first,
            last: p.last,
        })
        .collect()
}

/// How far into an article [`dateline`] looks.
const DATELINE_BYTES: usize = 800;

/// The first date that names its day and year ("July 03, 2024",
/// "4 July 2024", "2024-07-04", the first day of a range) lying wholly in
/// the first 800 bytes of `text`: an article's printed dateline. `None` if
/// there is none; year-less dates, weekdays and month-year mentions do not
/// count.
pub fn dateline(text: &str) -> Option<Date> {
    let mut cut = text.len().min(DATELINE_BYTES);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    // Only explicit years are kept, so the reference does not matter.
    scan(&text[..cut], jiff::civil::date(2000, 1, 1))
        .into_iter()
        .find(|(_, _, p)| p.explicit_year && p.has_day)
        .map(|(_, _, p)| p.first)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    /// [`tokenize`] as first written, over `char_indices`.
    fn tokenize_by_chars(text: &str) -> Vec<Tok<'_>> {
        let mut toks = Vec::new();
        let mut chars = text.char_indices().peekable();
        let mut glued = false;
        while let Some((start, c)) = chars.next() {
            if c.is_whitespace() {
                glued = false;
                continue;
            }
            let kind = if c.is_ascii_digit() {
                Kind::Num
            } else if c.is_alphabetic() {
                Kind::Word
            } else {
                Kind::Punct
            };
            let mut end = start + c.len_utf8();
            if kind != Kind::Punct {
                while let Some(&(i, d)) = chars.peek() {
                    let same = match kind {
                        Kind::Num => d.is_ascii_digit(),
                        _ => d.is_alphabetic(),
                    };
                    if !same {
                        break;
                    }
                    end = i + d.len_utf8();
                    chars.next();
                }
            }
            toks.push(Tok {
                kind,
                text: &text[start..end],
                start,
                end,
                glued,
            });
            glued = true;
        }
        toks
    }

    proptest::proptest! {
        /// Tokens read with ASCII bytes taken as they are are those read
        /// character by character, in text of digits, letters of every
        /// script, marks, punctuation and spaces of every kind.
        #[test]
        fn tokens_from_bytes_are_tokens_from_characters(
            text in "([a-zA-Z0-9.,/–—’“” \t\n\x0b\x0c\r-]|\u{a0}|\u{2009}|\u{3000}|\u{85}|é|ß|Ω|Ж|\u{301}|١|²|July|2024){0,40}",
        ) {
            let fast: Vec<(Kind, &str, usize, usize, bool)> = tokenize(&text)
                .iter()
                .map(|t| (t.kind, t.text, t.start, t.end, t.glued))
                .collect();
            let slow: Vec<(Kind, &str, usize, usize, bool)> = tokenize_by_chars(&text)
                .iter()
                .map(|t| (t.kind, t.text, t.start, t.end, t.glued))
                .collect();
            proptest::prop_assert_eq!(fast, slow);
        }
    }

    #[test]
    fn every_word_a_date_begins_with_passes_the_length_and_initial_test() {
        let all = MONTHS
            .iter()
            .map(|m| m.0)
            .chain(WEEKDAYS.iter().map(|w| w.0))
            .chain(RELATIVE);
        for w in all {
            assert!(may_begin_a_date(w), "{w}");
            assert!(may_begin_a_date(&w.to_uppercase()), "{w}");
            let mut title = w.to_string();
            title[..1].make_ascii_uppercase();
            assert!(may_begin_a_date(&title), "{w}");
        }
        for w in ["", "the", "told", "Kazakh", "bloc", "julys", "é"] {
            assert!(!may_begin_a_date(w), "{w}");
        }
    }

    /// Wednesday.
    fn reference() -> Date {
        date(2024, 7, 3)
    }

    /// (matched text, first, last) for each mention.
    fn found(text: &str) -> Vec<(&str, Date, Date)> {
        found_at(text, reference())
    }

    fn found_at(text: &str, reference: Date) -> Vec<(&str, Date, Date)> {
        find_dates(text, reference)
            .into_iter()
            .map(|m| (&text[m.start..m.end], m.first, m.last))
            .collect()
    }

    /// The single mention in `text`, as (matched text, first, last).
    fn one(text: &str) -> (&str, Date, Date) {
        let all = found(text);
        assert_eq!(all.len(), 1, "{text:?}: {all:?}");
        all[0]
    }

    fn day(text: &str) -> (&str, Date, Date) {
        one(text)
    }

    #[test]
    fn absolute_forms() {
        let d = date(2024, 7, 4);
        for expr in [
            "July 4, 2024",
            "July 04, 2024",
            "July 4 2024",
            "July 4th, 2024",
            "4 July 2024",
            "4 July, 2024",
            "4th July 2024",
            "4th of July 2024",
            "Jul. 4, 2024",
            "Jul 4, 2024",
            "jul 4 2024",
            "july 4, 2024",
            "JULY 4, 2024",
            "2024-07-04",
            "2024-7-4",
        ] {
            let text = format!("It was {expr}. Then");
            assert_eq!(one(&text), (expr, d, d), "{expr}");
        }
    }

    #[test]
    fn every_month_name() {
        let names = [
            ("January", "Jan", 1),
            ("February", "Feb", 2),
            ("March", "Mar", 3),
            ("April", "Apr", 4),
            ("May", "May", 5),
            ("June", "Jun", 6),
            ("July", "Jul", 7),
            ("August", "Aug", 8),
            ("September", "Sep", 9),
            ("October", "Oct", 10),
            ("November", "Nov", 11),
            ("December", "Dec", 12),
        ];
        for (full, abbr, m) in names {
            let d = date(2023, m, 9);
            assert_eq!(day(&format!("{full} 9, 2023")).1, d, "{full}");
            if abbr != "May" {
                assert_eq!(day(&format!("{abbr}. 9, 2023")).1, d, "{abbr}.");
            }
            assert_eq!(day(&format!("9 {abbr} 2023")).1, d, "{abbr}");
        }
        assert_eq!(day("Sept. 9, 2023").1, date(2023, 9, 9));
        assert_eq!(day("9 Sept 2023").1, date(2023, 9, 9));
    }

    #[test]
    fn dot_only_after_abbreviation() {
        // "July." ends a sentence; "4 people" is not a day.
        assert_eq!(found("It happened in July. 4 people died."), vec![]);
        assert_eq!(found("Jul. 4").len(), 1);
    }

    #[test]
    fn may_and_march_must_be_capitalised() {
        assert_eq!(found("prices may 4 times rise"), vec![]);
        assert_eq!(found("they march 4 miles"), vec![]);
        assert_eq!(found("troops may 2024"), vec![]);
        assert_eq!(day("May 4").1, date(2024, 5, 4));
        assert_eq!(day("March 4").1, date(2024, 3, 4));
        assert_eq!(day("MAY 4").1, date(2024, 5, 4));
    }

    #[test]
    fn spans_exclude_context() {
        let text = "The summit (July 4, 2024) ended.";
        let m = find_dates(text, reference());
        assert_eq!(m.len(), 1);
        assert_eq!(&text[m[0].start..m[0].end], "July 4, 2024");
        // A trailing comma without a year is not part of the span.
        assert_eq!(one("On July 4, leaders met").0, "July 4");
        assert_eq!(one("ends July 4,").0, "July 4");
    }

    #[test]
    fn without_year_uses_reference_year() {
        assert_eq!(day("July 4").1, date(2024, 7, 4));
        assert_eq!(day("4 July").1, date(2024, 7, 4));
        assert_eq!(day("January 10").1, date(2024, 1, 10));
        assert_eq!(day("December 31").1, date(2024, 12, 31));
        assert_eq!(day("March 1").1, date(2024, 3, 1));
    }

    #[test]
    fn without_year_picks_nearest_year() {
        let dec = date(2024, 12, 20);
        assert_eq!(found_at("January 5", dec)[0].1, date(2025, 1, 5));
        assert_eq!(found_at("June 1", dec)[0].1, date(2025, 6, 1));
        assert_eq!(found_at("June 30", dec)[0].1, date(2024, 6, 30));
        let jan = date(2024, 1, 10);
        assert_eq!(found_at("December 28", jan)[0].1, date(2023, 12, 28));
        assert_eq!(found_at("28 Dec", jan)[0].1, date(2023, 12, 28));
        // Feb 29 only exists in leap years.
        let y2023 = date(2023, 7, 1);
        assert_eq!(found_at("Feb 29", y2023)[0].1, date(2024, 2, 29));
        assert_eq!(found_at("Feb 29", date(2025, 3, 1))[0].1, date(2024, 2, 29));
    }

    #[test]
    fn ranges() {
        let (a, b) = (date(2024, 7, 3), date(2024, 7, 4));
        for expr in [
            "July 3-4",
            "July 3–4",
            "July 3 - 4",
            "July 3rd-4th",
            "3-4 July",
            "3–4 July",
            "3 and 4 July",
            "July 3 and 4",
            "3 to 4 July",
            "July 3 to 4",
            "July 3-4, 2024",
            "3-4 July 2024",
            "3 and 4 July 2024",
            "July 3 and 4, 2024",
        ] {
            let text = format!("met on {expr} in Rome");
            assert_eq!(one(&text), (expr, a, b), "{expr}");
        }
        assert_eq!(
            day("Nov 28-30, 2023"),
            ("Nov 28-30, 2023", date(2023, 11, 28), date(2023, 11, 30))
        );
    }

    #[test]
    fn invalid_ranges() {
        // Backwards, empty, or past the month's end: no mention at all.
        assert_eq!(found("July 4-3"), vec![]);
        assert_eq!(found("July 4-4"), vec![]);
        assert_eq!(found("Feb 28-30, 2024"), vec![]);
        assert_eq!(found("30-31 April"), vec![]);
    }

    #[test]
    fn range_year_applies_to_both_days() {
        let dec = date(2024, 12, 20);
        assert_eq!(
            found_at("January 3-4", dec),
            vec![("January 3-4", date(2025, 1, 3), date(2025, 1, 4))]
        );
    }

    #[test]
    fn weekdays_around_reference() {
        let cases = [
            ("Sunday", date(2024, 6, 30)),
            ("Monday", date(2024, 7, 1)),
            ("Tuesday", date(2024, 7, 2)),
            ("Wednesday", date(2024, 7, 3)),
            ("Thursday", date(2024, 7, 4)),
            ("Friday", date(2024, 7, 5)),
            ("Saturday", date(2024, 7, 6)),
        ];
        for (name, d) in cases {
            let text = format!("Leaders met on {name}.");
            assert_eq!(one(&text), (name, d, d), "{name}");
        }
        // Other references: Sunday 2024-07-07 and Monday 2024-07-01.
        assert_eq!(
            found_at("Thursday", date(2024, 7, 7))[0].1,
            date(2024, 7, 4)
        );
        assert_eq!(
            found_at("Wednesday", date(2024, 7, 7))[0].1,
            date(2024, 7, 10)
        );
        assert_eq!(found_at("Friday", date(2024, 7, 1))[0].1, date(2024, 6, 28));
        assert_eq!(
            found_at("Thursday", date(2024, 7, 1))[0].1,
            date(2024, 7, 4)
        );
    }

    #[test]
    fn weekday_span_is_the_word_only() {
        let text = "It closed on Wednesday, officials said.";
        let m = find_dates(text, reference());
        assert_eq!(m.len(), 1);
        assert_eq!(&text[m[0].start..m[0].end], "Wednesday");
    }

    #[test]
    fn weekday_needs_capital() {
        assert_eq!(found("every monday"), vec![]);
        assert_eq!(found("on Mondays"), vec![]);
        assert_eq!(day("on MONDAY").1, date(2024, 7, 1));
        assert_eq!(day("Tuesday's vote").0, "Tuesday");
    }

    #[test]
    fn weekday_with_date_is_the_date() {
        let d = date(2024, 6, 3);
        assert_eq!(
            one("On Monday, June 3, 2024, it"),
            ("Monday, June 3, 2024", d, d)
        );
        assert_eq!(one("Monday 3 June 2024").0, "Monday 3 June 2024");
        // A weekday before a month and year only is just the weekday.
        let all = found("Monday, June 2024");
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].0, "Monday");
        assert_eq!(all[1].0, "June 2024");
    }

    #[test]
    fn relative_days() {
        assert_eq!(day("today").1, date(2024, 7, 3));
        assert_eq!(day("Today, the").1, date(2024, 7, 3));
        assert_eq!(day("yesterday").1, date(2024, 7, 2));
        assert_eq!(day("Yesterday").1, date(2024, 7, 2));
        assert_eq!(day("tomorrow").1, date(2024, 7, 4));
        assert_eq!(day("Tomorrow's talks").0, "Tomorrow");
        assert_eq!(found("todays"), vec![]);
    }

    #[test]
    fn month_and_year() {
        assert_eq!(
            day("since February 2022"),
            ("February 2022", date(2022, 2, 1), date(2022, 2, 28))
        );
        assert_eq!(
            day("in May 2024 the"),
            ("May 2024", date(2024, 5, 1), date(2024, 5, 31))
        );
        assert_eq!(
            day("Feb 2024"),
            ("Feb 2024", date(2024, 2, 1), date(2024, 2, 29))
        );
        assert_eq!(day("Sept. 2024").0, "Sept. 2024");
        assert_eq!(day("July, 2024").0, "July, 2024");
    }

    #[test]
    fn bare_years_and_decades_are_not_dates() {
        assert_eq!(found("in 2024 the economy"), vec![]);
        assert_eq!(found("the 1990s"), vec![]);
        assert_eq!(found("May 1990s fashion"), vec![]);
        assert_eq!(found("the 2024-25 season"), vec![]);
        assert_eq!(found("July alone"), vec![]);
    }

    #[test]
    fn invalid_days_are_skipped() {
        for text in [
            "February 30, 2024",
            "Feb 29, 2023",
            "29 February 2023",
            "29th of February 2023",
            "31st April 2024",
            "April 31",
            "July 0",
            "July 32",
            "July 123",
            "0 July",
            "2024-02-30",
            "2024-13-01",
            "2024-00-10",
        ] {
            assert_eq!(found(text), vec![], "{text}");
        }
        assert_eq!(day("Feb 29, 2024").1, date(2024, 2, 29));
    }

    #[test]
    fn numbers_that_are_not_days() {
        for text in [
            "In May 2,000 people marched",
            "4.5 July",
            "at 4:30 July",
            "up 4% July",
            "July 4.5 million",
            "July 4pm",
            "version 1.4 July",
            "scored 2023-4 July",
            "July 2024,000",
        ] {
            let got = found(text);
            assert!(
                got.iter().all(|(s, _, _)| !s.contains("4")),
                "{text}: {got:?}"
            );
        }
    }

    #[test]
    fn iso_dates() {
        let d = date(2024, 7, 4);
        assert_eq!(one("at 2024-07-04T10:00Z").0, "2024-07-04");
        assert_eq!(one("(2024-07-04)"), ("2024-07-04", d, d));
        assert_eq!(found("id 2024-07-04-1"), vec![]);
        assert_eq!(found("2024/07/04"), vec![]);
    }

    #[test]
    fn several_sorted_and_non_overlapping() {
        let text = "On Tuesday (July 2) officials said talks on July 3-4, 2024 \
                    would follow the 2024-06-20 meeting; tomorrow is July 4.";
        let got = found(text);
        assert_eq!(
            got,
            vec![
                ("Tuesday", date(2024, 7, 2), date(2024, 7, 2)),
                ("July 2", date(2024, 7, 2), date(2024, 7, 2)),
                ("July 3-4, 2024", date(2024, 7, 3), date(2024, 7, 4)),
                ("2024-06-20", date(2024, 6, 20), date(2024, 6, 20)),
                ("tomorrow", date(2024, 7, 4), date(2024, 7, 4)),
                ("July 4", date(2024, 7, 4), date(2024, 7, 4)),
            ]
        );
        let m = find_dates(text, reference());
        assert!(m.windows(2).all(|w| w[0].end <= w[1].start));
    }

    #[test]
    fn multibyte_text() {
        let text = "Türkiye met on 4 July 2024 — ok";
        let m = find_dates(text, reference());
        assert_eq!(m.len(), 1);
        assert_eq!(&text[m[0].start..m[0].end], "4 July 2024");
        assert_eq!(m[0].start, "Türkiye met on ".len());
        assert_eq!(m[0].first, date(2024, 7, 4));
        let text = "«Mardi» — 3–4 July, 東京 Thursday…";
        let got = found(text);
        assert_eq!(got[0].0, "3–4 July");
        assert_eq!(got[1].0, "Thursday");
    }

    #[test]
    fn never_panics_and_spans_are_boundaries() {
        let samples = [
            "Türkiye met on 4 July 2024 — ok",
            "July 3–4, 2024 and Feb 30 2024-02-29 Sept. 2024",
            "Monday, June 3, 2024 — 東京 3 and 4 July ٣ July 4th of July",
            "Jul. 4,2024 2024-07- 31-31 July 9999-12-31 Wednesday",
            "🎉July🎉4🎉2024 May 2,000 1,4 July",
            "",
            "-",
            "–",
        ];
        let extremes = [Date::MIN, Date::MAX, date(2024, 2, 29), reference()];
        for sample in samples {
            for (cut, _) in sample.char_indices().chain([(sample.len(), ' ')]) {
                let text = &sample[..cut];
                for r in extremes {
                    let m = find_dates(text, r);
                    for x in &m {
                        assert!(x.start < x.end && x.end <= text.len());
                        assert!(text.is_char_boundary(x.start) && text.is_char_boundary(x.end));
                        assert!(x.first <= x.last);
                    }
                    assert!(m.windows(2).all(|w| w[0].end <= w[1].start));
                }
                let _ = dateline(text);
            }
        }
    }

    #[test]
    fn extreme_references() {
        assert_eq!(found_at("tomorrow", Date::MAX), vec![]);
        assert_eq!(found_at("yesterday", Date::MIN), vec![]);
        assert_eq!(found_at("Dec 31", Date::MAX)[0].1, Date::MAX);
    }

    #[test]
    fn dateline_finds_first_full_date() {
        let text = "WASHINGTON, July 03, 2024 — On Tuesday, officials said...";
        assert_eq!(dateline(text), Some(date(2024, 7, 3)));
        let text = "Updated July 4. Published 2 July 2024, 10:00.";
        assert_eq!(dateline(text), Some(date(2024, 7, 2)));
        assert_eq!(dateline("Talks July 3-4, 2024"), Some(date(2024, 7, 3)));
        assert_eq!(dateline("Wednesday, July 3, 2024"), Some(date(2024, 7, 3)));
    }

    #[test]
    fn dateline_none() {
        assert_eq!(dateline(""), None);
        assert_eq!(dateline("On Tuesday, July 4, officials met."), None);
        assert_eq!(dateline("Published February 2022"), None);
        assert_eq!(dateline("Feb 30, 2024"), None);
    }

    #[test]
    fn dateline_looks_only_at_first_800_bytes() {
        let filler = "é".repeat(399); // 798 bytes
        let text = format!("{filler} July 3, 2024");
        assert_eq!(dateline(&text), None);
        let text = format!("{} July 3, 2024", "x".repeat(780));
        assert_eq!(dateline(&text), Some(date(2024, 7, 3)));
        // Cut inside a multi-byte character at byte 800: no panic.
        let text = format!("{}é", "x".repeat(799));
        assert_eq!(dateline(&text), None);
    }
}
