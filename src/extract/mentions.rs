//! Entity mentions: every name, alias and adjective the rule files declare,
//! found with a multi-pattern automaton (aho-corasick) walked from each
//! place a name can start, on word boundaries, longest match first; and the words declared with `refer`
//! ("the bloc"), resolved to the last entity of their kind named before them.

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::{dfa, nfa, Anchored, MatchKind, StartKind};

use super::bytes8;
use crate::lang::ruleset::{EntityId, KindId, RuleSet};

/// How an entity is named at a mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Form {
    /// Its canonical name or an alias ("Shanghai Cooperation Organization", "SCO").
    Name,
    /// One of its adjectives ("Kazakh").
    Adjective,
    /// A `refer` phrase ("the bloc"), resolved to the last entity of its kind.
    Reference,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub entity: EntityId,
    pub form: Form,
}

/// A match before overlaps are resolved: start, end, rank (names before
/// references), the entity (names) or the kind referred to (references).
type Candidate = (usize, usize, usize, Option<EntityId>, Form, Option<KindId>);

/// Finds mentions; built once per rule set and shared by every article.
pub struct MentionFinder {
    names: Option<Phrases>,
    targets: Vec<(EntityId, Form)>,
    refs: Option<Phrases>,
    ref_kinds: Vec<KindId>,
    /// Where the phrases of both sets can start, by byte.
    starts: Starts,
}

/// Byte tables of where a name or a reference can start, made once for
/// the two sets of phrases.
struct Starts {
    /// The first bytes of phrases that do not start with a word character
    /// (such a phrase may start anywhere, not only at a word start).
    loose: [bool; 256],
    /// Per byte, which of the two sets has a phrase beginning with it (bit
    /// 1 names, bit 2 references): one look-up rules out most places.
    begins: [u8; 256],
    /// Whether some phrase begins with the byte.
    first: [bool; 256],
}

impl Starts {
    fn new(names: Option<&Phrases>, refs: Option<&Phrases>) -> Self {
        let mut loose = [false; 256];
        for p in names.iter().chain(&refs) {
            for (l, &b) in loose.iter_mut().zip(&p.loose_first_bytes) {
                *l |= b;
            }
        }
        let mut begins = [0u8; 256];
        for (set, bit) in [(names, 1), (refs, 2)] {
            if let Some(p) = set {
                for (b, &f) in begins.iter_mut().zip(&p.first_bytes) {
                    *b |= if f { bit } else { 0 };
                }
            }
        }
        let mut first = [false; 256];
        for (f, &b) in first.iter_mut().zip(&begins) {
            *f = b != 0;
        }
        Starts {
            loose,
            begins,
            first,
        }
    }
}

/// A set of phrases (names, or reference phrases) as an anchored
/// Aho-Corasick automaton, walked from the places a phrase can start.
///
/// Why not the crate's overlapping search over the whole text: a mention
/// must start on a word boundary (or with a character that is not part of a
/// word), so only a few places of a text can start one. Walking the
/// automaton from just those places, byte by byte until it is dead, finds
/// the same candidates with a third of the instructions (measured in
/// BENCHMARKS.md), and a test compares it with the overlapping search. The
/// first word of a walk is looked up rather than walked (see
/// [`FirstWords`]).
struct Phrases {
    automaton: Walker,
    /// The automaton's anchored start state.
    start: StateID,
    /// Bytes that begin a phrase which does not begin with a word
    /// character: such a phrase may start anywhere, not only at words.
    loose_first_bytes: [bool; 256],
    /// Bytes that begin some phrase (both cases when case is ignored): a
    /// place starting with another byte is not walked (most words begin
    /// with a letter no name begins with, lowercase most often).
    first_bytes: [bool; 256],
    /// The phrases' first words, where case matters (see [`FirstWords`]).
    first_words: Option<FirstWords>,
}

/// The automaton's work over each phrase's first word, done once: a walk
/// from a place that begins with a word byte (ASCII letter, digit, `_`)
/// looks the whole run of word bytes there up in a table, instead of
/// stepping through the automaton byte by byte.
///
/// Only a phrase whose first run of word bytes is exactly the text's can
/// match there: a shorter run would have the phrase go on with a byte that
/// is not a word byte where the text has one, or end inside the text's
/// word (not on a word boundary); a longer one would need a word byte where
/// the text has none. Lookup in a table of a few thousand words stays in
/// the caches; the automaton of a thousand entities' names (over a
/// megabyte) does not, and stepping through it missed them at every byte.
struct FirstWords {
    by_word: foldhash::HashMap<Box<[u8]>, AfterWord>,
}

/// Where the automaton is after a phrase's first word.
struct AfterWord {
    state: StateID,
    /// The phrases that are this word alone.
    phrases: Vec<usize>,
    /// The bytes that are not word bytes after which the automaton is not
    /// dead (one bit per byte): only phrases of more than this word go on.
    goes_on: [u64; 4],
}

/// Whether `b` is a word byte: an ASCII letter or digit, or `_`.
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The end of the run of word bytes of `bytes` from `start`.
fn word_bytes_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start;
    // Eight ASCII bytes at a time: the first that is not a word byte.
    while let Some(x) = bytes
        .get(i..i + 8)
        .and_then(|c| <[u8; 8]>::try_from(c).ok())
        .and_then(bytes8::ascii)
    {
        let others = !ascii_word_bytes(x) & bytes8::HIGH;
        if others != 0 {
            return i + (others.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while bytes.get(i).is_some_and(|&b| is_word_byte(b)) {
        i += 1;
    }
    i
}

impl FirstWords {
    fn new<A: Automaton>(aut: &A, start: StateID, phrases: &[String]) -> Self {
        let mut by_word: foldhash::HashMap<Box<[u8]>, AfterWord> = Default::default();
        for p in phrases {
            let bytes = p.as_bytes();
            let end = word_bytes_end(bytes, 0);
            if end == 0 || by_word.contains_key(&bytes[..end]) {
                continue;
            }
            let mut state = start;
            for &b in &bytes[..end] {
                state = aut.next_state(Anchored::Yes, state, b);
            }
            let mut phrases = Vec::new();
            if aut.is_match(state) {
                for k in 0..aut.match_len(state) {
                    let pattern = aut.match_pattern(state, k);
                    if aut.pattern_len(pattern) == end {
                        phrases.push(pattern.as_usize());
                    }
                }
            }
            // The byte after a whole run of word bytes is never one: the
            // others are not tried (a quarter fewer steps for each word).
            let mut goes_on = [0u64; 4];
            for b in (0..=255u8).filter(|&b| !is_word_byte(b)) {
                if !aut.is_dead(aut.next_state(Anchored::Yes, state, b)) {
                    goes_on[usize::from(b / 64)] |= 1 << (b % 64);
                }
            }
            by_word.insert(
                bytes[..end].into(),
                AfterWord {
                    state,
                    phrases,
                    goes_on,
                },
            );
        }
        FirstWords { by_word }
    }
}

/// The automaton: a DFA, or past the DFA builder's limits a contiguous NFA.
enum Walker {
    Dfa(dfa::DFA),
    Nfa(nfa::contiguous::NFA),
}

impl Phrases {
    fn new(phrases: &[String], case_insensitive: bool) -> Option<Self> {
        if phrases.is_empty() {
            return None;
        }
        let automaton = dfa::DFA::builder()
            .match_kind(MatchKind::Standard)
            .start_kind(StartKind::Anchored)
            .ascii_case_insensitive(case_insensitive)
            .build(phrases)
            .map(Walker::Dfa)
            .or_else(|_| {
                nfa::contiguous::NFA::builder()
                    .match_kind(MatchKind::Standard)
                    .ascii_case_insensitive(case_insensitive)
                    .build(phrases)
                    .map(Walker::Nfa)
            })
            .ok()?;
        // The state every walk starts in (the automaton is anchored).
        let start = match &automaton {
            Walker::Dfa(a) => a.start_state(Anchored::Yes),
            Walker::Nfa(a) => a.start_state(Anchored::Yes),
        }
        .ok()?;
        let mut loose_first_bytes = [false; 256];
        for p in phrases {
            if let Some(c) = p.chars().next().filter(|c| !is_word_char(*c)) {
                // Only the first byte matters; with ASCII case folding a
                // non-letter has no other case.
                let mut buf = [0; 4];
                if let Some(&b) = c.encode_utf8(&mut buf).as_bytes().first() {
                    loose_first_bytes[usize::from(b)] = true;
                }
            }
        }
        let mut first_bytes = [false; 256];
        for b in phrases.iter().filter_map(|p| p.as_bytes().first()) {
            first_bytes[usize::from(*b)] = true;
            if case_insensitive {
                first_bytes[usize::from(b.to_ascii_lowercase())] = true;
                first_bytes[usize::from(b.to_ascii_uppercase())] = true;
            }
        }
        // Where case is ignored, a text's word would have to be folded to
        // be looked up: those sets (the few `refer` phrases) are walked.
        let first_words = (!case_insensitive).then(|| match &automaton {
            Walker::Dfa(a) => FirstWords::new(a, start, phrases),
            Walker::Nfa(a) => FirstWords::new(a, start, phrases),
        });
        Some(Phrases {
            automaton,
            start,
            loose_first_bytes,
            first_bytes,
            first_words,
        })
    }

    /// Every phrase of the set that starts at byte `start` of `text`, as
    /// (pattern, start, end), shortest first.
    #[cfg(test)]
    fn at(&self, bytes: &[u8], start: usize, found: &mut impl FnMut(usize, usize, usize)) {
        if !bytes
            .get(start)
            .is_some_and(|&b| self.first_bytes[usize::from(b)])
        {
            return;
        }
        self.walk_from(bytes, start, found);
    }

    /// [`Phrases::at`] where the byte at `start` is known to begin some
    /// phrase.
    fn walk_from(&self, bytes: &[u8], start: usize, found: &mut impl FnMut(usize, usize, usize)) {
        let (state, from) = match &self.first_words {
            Some(words) if bytes.get(start).is_some_and(|&b| is_word_byte(b)) => {
                let end = word_bytes_end(bytes, start);
                let Some(after) = bytes.get(start..end).and_then(|w| words.by_word.get(w)) else {
                    return;
                };
                for &p in &after.phrases {
                    found(p, start, end);
                }
                match bytes.get(end) {
                    Some(&b) if after.goes_on[usize::from(b / 64)] >> (b % 64) & 1 == 1 => {
                        (after.state, end)
                    }
                    _ => return,
                }
            }
            _ => (self.start, start),
        };
        match &self.automaton {
            Walker::Dfa(a) => walk(a, state, bytes, start, from, found),
            Walker::Nfa(a) => walk(a, state, bytes, start, from, found),
        }
    }
}

/// The places of `text` where a mention can start: each word start (a word
/// character after a non-word character or at the beginning), and each
/// byte that `loose` says some phrase begins with, by byte offset; only
/// those whose byte `first` allows (the first bytes of some phrase: a
/// look-up here spares a call at each of the many other word starts).
fn starts(text: &str, loose: &[bool; 256], first: &[bool; 256], mut f: impl FnMut(usize)) {
    let allowed = |at: usize| {
        text.as_bytes()
            .get(at)
            .is_some_and(|&b| first[usize::from(b)])
    };
    // ASCII bytes by class: 0 not part of a word, 1 part of a word, 2 the
    // first byte of a non-ASCII character (decoded to classify it).
    const CLASS: [u8; 256] = {
        let mut t = [2u8; 256];
        let mut b = 0;
        while b < 128 {
            let c = b as u8;
            t[b] = (c.is_ascii_alphanumeric() || c == b'_') as u8;
            b += 1;
        }
        t
    };
    let bytes = text.as_bytes();
    // No phrase that starts with a non-word character starts with an ASCII
    // word byte, so inside a run of ASCII word bytes nothing starts but at
    // its first byte: runs are skipped in a tight loop.
    let skip_runs = (0..128).all(|b| CLASS[b] != 1 || !loose[b]);
    // Nothing starts at an ASCII byte but at a word's first.
    let by_words = loose.get(..128).is_some_and(|l| l.iter().all(|&l| !l));
    let mut previous_is_word = false;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        // Eight ASCII bytes at a time where no phrase begins with an ASCII
        // byte that is not part of a word.
        if let Some(x) = bytes
            .get(i..i + 8)
            .filter(|_| by_words)
            .and_then(|c| <[u8; 8]>::try_from(c).ok())
            .and_then(bytes8::ascii)
        {
            let words = ascii_word_bytes(x);
            // A word byte after a byte that is not one (the byte before the
            // first is the last of the chunk before).
            let before = words << 8 | u64::from(previous_is_word) << 7;
            let mut begins = words & !before;
            while begins != 0 {
                let bit = begins.trailing_zeros();
                // The byte whose top bit this is (bit 7 of byte k is bit 8k+7).
                if first[usize::from((x >> (bit & !7)) as u8)] {
                    f(i + (bit / 8) as usize);
                }
                begins &= begins - 1;
            }
            previous_is_word = words >> 63 == 1;
            i += 8;
            continue;
        }
        if skip_runs && CLASS[usize::from(b)] == 1 {
            if !previous_is_word && allowed(i) {
                f(i);
            }
            i += 1;
            while bytes.get(i).is_some_and(|&b| CLASS[usize::from(b)] == 1) {
                i += 1;
            }
            previous_is_word = true;
            continue;
        }
        let (is_word, len) = match CLASS[usize::from(b)] {
            0 => (false, 1),
            1 => (true, 1),
            _ => match text.get(i..).and_then(|t| t.chars().next()) {
                Some(c) => (is_word_char(c), c.len_utf8()),
                // Not a character boundary: a continuation byte.
                None => (previous_is_word, 1),
            },
        };
        if ((is_word && !previous_is_word) || loose[usize::from(b)]) && allowed(i) {
            f(i);
        }
        previous_is_word = is_word;
        i += len;
    }
}

/// For eight ASCII bytes: the top bit of each byte set where the byte is
/// part of a word (an ASCII letter or digit, or `_`), clear elsewhere.
fn ascii_word_bytes(x: u64) -> u64 {
    bytes8::in_range(x, b'0', b'9')
        | bytes8::in_range(x, b'A', b'Z')
        | bytes8::in_range(x, b'a', b'z')
        | bytes8::equal_to(x, b'_')
}

/// Walk an anchored automaton, in `state` at byte `from` of a walk begun
/// at `start`, until it is dead, reporting each phrase that starts exactly
/// at `start` (a state also holds the phrases that are suffixes of its
/// own, which start later).
fn walk<A: Automaton>(
    aut: &A,
    state: StateID,
    bytes: &[u8],
    start: usize,
    from: usize,
    found: &mut impl FnMut(usize, usize, usize),
) {
    let mut state = state;
    let mut at = from;
    while let Some(&b) = bytes.get(at) {
        state = aut.next_state(Anchored::Yes, state, b);
        at += 1;
        if aut.is_dead(state) {
            return;
        }
        if aut.is_match(state) {
            for k in 0..aut.match_len(state) {
                let pattern = aut.match_pattern(state, k);
                if at.checked_sub(aut.pattern_len(pattern)) == Some(start) {
                    found(pattern.as_usize(), start, at);
                }
            }
        }
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether `text[start..end]` stands on word boundaries.
fn on_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    // Where the four bytes that matter are ASCII (most text), each is a
    // whole character: read them, not the characters (a property test
    // compares this with reading the characters).
    let bytes = text.as_bytes();
    let at = |i: usize| bytes.get(i).copied();
    if let (true, Some(first), Some(last)) = (start < end, at(start), at(end.wrapping_sub(1))) {
        let before = start.checked_sub(1).and_then(at);
        let after = at(end);
        let ascii = |b: Option<u8>| b.is_none_or(|b| b.is_ascii());
        if first.is_ascii() && last.is_ascii() && ascii(before) && ascii(after) {
            let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
            let left_ok = !(word(first) && before.is_some_and(word));
            let right_ok = !(word(last) && after.is_some_and(word));
            return left_ok && right_ok;
        }
    }
    on_word_boundaries_by_chars(text, start, end)
}

/// [`on_word_boundaries`], from the characters around and at the ends.
fn on_word_boundaries_by_chars(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let first = text[start..end].chars().next();
    let last = text[start..end].chars().next_back();
    // A boundary is needed only where the name itself starts or ends with a
    // word character ("U.S." may be followed directly by a letter-less dash).
    let left_ok = !(first.is_some_and(is_word_char) && before.is_some_and(is_word_char));
    let right_ok = !(last.is_some_and(is_word_char) && after.is_some_and(is_word_char));
    left_ok && right_ok
}

impl MentionFinder {
    pub fn new(rules: &RuleSet) -> Self {
        let mut patterns = Vec::new();
        let mut targets = Vec::new();
        for (id, e) in rules.entities.iter().enumerate() {
            for n in std::iter::once(&e.name).chain(&e.aliases) {
                patterns.push(n.clone());
                targets.push((id, Form::Name));
            }
            for a in &e.adjectives {
                patterns.push(a.clone());
                targets.push((id, Form::Adjective));
            }
        }
        let names = Phrases::new(&patterns, false);
        let ref_patterns: Vec<String> = rules.references.iter().map(|r| r.phrase.clone()).collect();
        let refs = Phrases::new(&ref_patterns, true);
        let ref_kinds = rules.references.iter().map(|r| r.kind).collect();
        MentionFinder {
            starts: Starts::new(names.as_ref(), refs.as_ref()),
            names,
            targets,
            refs,
            ref_kinds,
        }
    }

    /// Every mention in `text`, sorted by start, not overlapping; at one
    /// place the longest name wins, and names win over references.
    ///
    /// A reference resolves to the last entity of its kind named earlier in
    /// the same sentence ("Belarusian President Lukashenko ... his country");
    /// failing that, to the first entity of its kind named in the sentence
    /// before (its subject: "The X Union met. The ten-member union ...");
    /// failing that, to the entity of its kind named most often so far (the
    /// article's subject). `sentence_starts` are the sentences' start
    /// offsets, sorted.
    pub fn find(&self, rules: &RuleSet, text: &str, sentence_starts: &[usize]) -> Vec<Mention> {
        // Room for a candidate every 64 bytes, about what news has.
        let mut found: Vec<Candidate> = Vec::with_capacity(text.len() / 64);
        let Starts {
            loose,
            begins,
            first,
        } = &self.starts;
        let bytes = text.as_bytes();
        let mut push = |pattern: usize, start: usize, end: usize, is_ref: bool| {
            if !on_word_boundaries(text, start, end) {
                return;
            }
            if is_ref {
                if let Some(&kind) = self.ref_kinds.get(pattern) {
                    found.push((start, end, 1, None, Form::Reference, Some(kind)));
                }
            } else if let Some(&(entity, form)) = self.targets.get(pattern) {
                found.push((start, end, 0, Some(entity), form, None));
            }
        };
        starts(text, loose, first, |at| {
            let Some(&b) = bytes.get(at) else { return };
            let which = begins[usize::from(b)];
            if which == 0 {
                return;
            }
            if let Some(names) = self.names.as_ref().filter(|_| which & 1 != 0) {
                names.walk_from(bytes, at, &mut |p, s, e| push(p, s, e, false));
            }
            if let Some(refs) = self.refs.as_ref().filter(|_| which & 2 != 0) {
                refs.walk_from(bytes, at, &mut |p, s, e| push(p, s, e, true));
            }
        });
        // Longest first at each start, names before references; then keep
        // what does not overlap an earlier pick.
        let order = |a: &Candidate, b: &Candidate| {
            a.0.cmp(&b.0)
                .then(b.1.cmp(&a.1))
                .then(a.2.cmp(&b.2))
                .then(a.3.cmp(&b.3))
                .then(a.4.cmp(&b.4))
        };
        // They were found place by place: only the few at each place need
        // sorting (stably, as the whole would be).
        if found.is_sorted_by_key(|c| c.0) {
            for same in found.chunk_by_mut(|a, b| a.0 == b.0) {
                same.sort_by(order);
            }
        } else {
            found.sort_by(order);
        }
        // At most one mention per candidate.
        let mut out: Vec<Mention> = Vec::with_capacity(found.len());
        let mut last_end = 0;
        let kinds = rules.kinds.len();
        // Per kind: the last entity named and in which sentence, and how
        // often each was named.
        let mut last_of_kind: Vec<Option<(EntityId, usize)>> = vec![None; kinds];
        // Room for the few dozen entities an article names, so that the
        // map seldom grows.
        let mut named: foldhash::HashMap<EntityId, (usize, usize)> =
            foldhash::HashMap::with_capacity_and_hasher(64, Default::default());
        // Per kind: the entity named most often (then most recently, then
        // the lowest id). Kept as names come: an entity's key only grows
        // when it is named again, so the best is the old best or it.
        let mut salient_of_kind: Vec<Option<(usize, usize, std::cmp::Reverse<EntityId>)>> =
            vec![None; kinds];
        // Candidates come by start: the sentence each is in is found by
        // moving on through the sentence starts (the last one starting at
        // or before it; the first if none).
        let mut sentence = 0;
        let mut sentence_of = |at: usize| -> usize {
            while sentence_starts.get(sentence + 1).is_some_and(|&s| s <= at) {
                sentence += 1;
            }
            sentence
        };
        // Per kind: the first entity named in the current sentence (its
        // subject, most often), and in the one before it.
        let mut first_here: Vec<Option<EntityId>> = vec![None; kinds];
        let mut first_before: Vec<Option<EntityId>> = vec![None; kinds];
        let mut here: Option<usize> = None;
        for (start, end, _, entity, form, ref_kind) in found {
            if start < last_end {
                continue;
            }
            let in_sentence = sentence_of(start);
            if here != Some(in_sentence) {
                if here.is_some_and(|h| h + 1 == in_sentence) {
                    std::mem::swap(&mut first_here, &mut first_before);
                } else {
                    first_before.iter_mut().for_each(|f| *f = None);
                }
                first_here.iter_mut().for_each(|f| *f = None);
                here = Some(in_sentence);
            }
            let entity = match (entity, ref_kind) {
                (Some(e), _) => e,
                (None, Some(k)) => {
                    let recent = last_of_kind
                        .get(k)
                        .copied()
                        .flatten()
                        .filter(|(_, s)| *s == in_sentence)
                        .map(|(e, _)| e);
                    // Else the subject of the sentence before ("The X Union met.
                    // The ten-member union agreed ...").
                    let previous = first_before.get(k).copied().flatten();
                    let salient = salient_of_kind
                        .get(k)
                        .copied()
                        .flatten()
                        .map(|(_, _, e)| e.0);
                    match recent.or(previous).or(salient) {
                        Some(e) => e,
                        None => continue,
                    }
                }
                (None, None) => continue,
            };
            if form != Form::Reference {
                if let Some(kind) = rules.entities.get(entity).map(|e| e.kind) {
                    if let Some(slot) = last_of_kind.get_mut(kind) {
                        *slot = Some((entity, in_sentence));
                    }
                    if let Some(first) = first_here.get_mut(kind) {
                        first.get_or_insert(entity);
                    }
                }
                let n = named.entry(entity).or_insert((0, 0));
                n.0 += 1;
                n.1 = start;
                let key = (n.0, n.1, std::cmp::Reverse(entity));
                if let Some(best) = rules
                    .entities
                    .get(entity)
                    .and_then(|e| salient_of_kind.get_mut(e.kind))
                {
                    if best.is_none_or(|b| b < key) {
                        *best = Some(key);
                    }
                }
            }
            out.push(Mention {
                start,
                end,
                entity,
                form,
            });
            last_end = end;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The candidates the crate's overlapping search over the whole text
    /// finds, on word boundaries: what walking from the possible starts
    /// must find.
    fn by_scanning(
        phrases: &[String],
        case_insensitive: bool,
        text: &str,
    ) -> Vec<(usize, usize, usize)> {
        let ac = aho_corasick::AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .ascii_case_insensitive(case_insensitive)
            .build(phrases)
            .unwrap();
        let mut out: Vec<(usize, usize, usize)> = ac
            .find_overlapping_iter(text)
            .filter(|m| on_word_boundaries(text, m.start(), m.end()))
            .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
            .collect();
        out.sort_unstable();
        out
    }

    fn by_walking(
        phrases: &[String],
        case_insensitive: bool,
        text: &str,
    ) -> Vec<(usize, usize, usize)> {
        let Some(p) = Phrases::new(phrases, case_insensitive) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        starts(text, &p.loose_first_bytes, &p.first_bytes, |at| {
            p.at(text.as_bytes(), at, &mut |pattern, s, e| {
                if on_word_boundaries(text, s, e) {
                    out.push((pattern, s, e));
                }
            })
        });
        out.sort_unstable();
        out
    }

    /// Words, spaces and punctuation (ASCII and not) that names are made of.
    fn piece() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "Iran", "Iranian", "Ira", "ran", "an", "the", "The", "bloc", "Bloc", "SCO", "U.S.",
            "U.S", ".", " ", "  ", "-", "(", ")", "'s", "’s", "“", "”", "É", "é", "Élysée", "x",
            "_", "1", "9", "\u{a0}", "—", "ß", "Ω", "\u{301}", "\n", ",",
        ])
    }

    proptest! {
        /// Word bytes found eight at a time are the word bytes.
        #[test]
        fn word_bytes_of_eight_are_word_bytes(bytes in prop::array::uniform8(0u8..0x80)) {
            let found = ascii_word_bytes(u64::from_le_bytes(bytes));
            for (i, b) in bytes.iter().enumerate() {
                let word = b.is_ascii_alphanumeric() || *b == b'_';
                prop_assert_eq!(found >> (8 * i) & 0xff, if word { 0x80 } else { 0 }, "{:?}", bytes);
            }
        }

        /// The end of a run of word bytes, found eight bytes at a time, is
        /// the first byte after it that is not one, from any start.
        #[test]
        fn runs_of_word_bytes_end_where_byte_by_byte_they_do(
            text in prop::collection::vec(piece(), 0..40),
            start in 0usize..200,
        ) {
            let text = text.concat();
            let bytes = text.as_bytes();
            let start = start.min(bytes.len());
            let mut end = start;
            while end < bytes.len() && is_word_byte(bytes[end]) {
                end += 1;
            }
            prop_assert_eq!(word_bytes_end(bytes, start), end, "{:?} from {}", text, start);
        }

        /// Word starts found eight bytes at a time are those found byte by
        /// byte, in text of any length with and without non-ASCII.
        #[test]
        fn word_starts_are_found_as_by_characters(text in prop::collection::vec(piece(), 0..60)) {
            let text = text.concat();
            let mut found = Vec::new();
            starts(&text, &[false; 256], &[true; 256], |at| found.push(at));
            let mut expected = Vec::new();
            let mut previous_is_word = false;
            for (i, c) in text.char_indices() {
                if is_word_char(c) && !previous_is_word {
                    expected.push(i);
                }
                previous_is_word = is_word_char(c);
            }
            prop_assert_eq!(found, expected);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Word boundaries read from ASCII bytes are those read from the
        /// characters, for every span between two character boundaries.
        #[test]
        fn boundaries_from_bytes_are_those_from_characters(
            text in prop::collection::vec(piece(), 0..12),
        ) {
            let text = text.concat();
            let bounds: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
            for &start in &bounds {
                for &end in bounds.iter().filter(|&&e| e >= start) {
                    prop_assert_eq!(
                        on_word_boundaries(&text, start, end),
                        on_word_boundaries_by_chars(&text, start, end),
                        "{:?} {}..{}", text, start, end
                    );
                }
            }
        }

        /// Filtered by their first byte, the starts are the unfiltered ones
        /// whose byte passes (with loose bytes too, and in the ASCII chunks).
        #[test]
        fn starts_filtered_by_first_byte_are_those_it_allows(
            text in prop::collection::vec(piece(), 0..60),
            allowed in prop::collection::vec(any::<bool>(), 256),
            loose_bytes in prop::collection::vec(prop::sample::select(vec![b'.', b'(', b'-', 0xc3, b'x']), 0..2),
        ) {
            let text = text.concat();
            let mut first = [false; 256];
            for (f, &a) in first.iter_mut().zip(&allowed) {
                *f = a;
            }
            let mut loose = [false; 256];
            for &b in &loose_bytes {
                loose[usize::from(b)] = true;
            }
            let mut all = Vec::new();
            starts(&text, &loose, &[true; 256], |at| all.push(at));
            let mut filtered = Vec::new();
            starts(&text, &loose, &first, |at| filtered.push(at));
            all.retain(|&at| first[usize::from(text.as_bytes()[at])]);
            prop_assert_eq!(filtered, all);
        }

        /// Walking the automaton from the places a phrase can start finds
        /// exactly what the overlapping search over every byte finds,
        /// whatever the phrases start with (letters, punctuation,
        /// non-ASCII) and with or without case folding.
        #[test]
        fn walking_from_starts_finds_what_scanning_finds(
            phrases in prop::collection::vec(prop::collection::vec(piece(), 1..4), 1..8),
            text in prop::collection::vec(piece(), 0..60),
            case_insensitive in any::<bool>(),
        ) {
            let phrases: Vec<String> = phrases
                .into_iter()
                .map(|p| p.concat())
                .filter(|p| !p.is_empty())
                .collect();
            prop_assume!(!phrases.is_empty());
            let text = text.concat();
            prop_assert_eq!(
                by_walking(&phrases, case_insensitive, &text),
                by_scanning(&phrases, case_insensitive, &text)
            );
        }
    }

    fn rules() -> RuleSet {
        let loaded = crate::load_source(
            "m.facts",
            r#"
organization SCO "Shanghai Cooperation Organization"
  alias "SCO"
country Iran "Iran"
  adjective "Iranian"
country Russia "Russia"
  adjective "Russian"
refer organization "the bloc", "the organisation"
"#,
        );
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        loaded.rules
    }

    #[test]
    fn boundaries_next_to_words_and_non_ascii_letters() {
        // A word glued to another has no boundary inside; an accented
        // letter (not ASCII) is read as a character, and is a word one.
        assert!(!on_word_boundaries("IranIran", 0, 4));
        assert!(on_word_boundaries("Iran Iran", 0, 4));
        assert!(!on_word_boundaries("IranÉlysée", 0, 4));
        assert!(!on_word_boundaries("ÉIran", 2, 6));
        assert!(on_word_boundaries("“Iran”", 3, 7));
        for text in ["IranIran", "IranÉÉlysée", "Iran É Élysée", "“Iran”-x"] {
            for start in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                for end in (start..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                    assert_eq!(
                        on_word_boundaries(text, start, end),
                        on_word_boundaries_by_chars(text, start, end),
                        "{text:?} {start}..{end}"
                    );
                }
            }
        }
    }

    #[test]
    fn longest_names_on_word_boundaries() {
        let r = rules();
        let f = MentionFinder::new(&r);
        let text = "The Shanghai Cooperation Organization (SCO) met; Russia's and Iranian envoys, not Irania.";
        let got: Vec<(&str, Form)> = f
            .find(&r, text, &[0])
            .iter()
            .map(|m| (&text[m.start..m.end], m.form))
            .collect();
        assert_eq!(
            got,
            vec![
                ("Shanghai Cooperation Organization", Form::Name),
                ("SCO", Form::Name),
                ("Russia", Form::Name),
                ("Iranian", Form::Adjective),
            ]
        );
    }

    #[test]
    fn references_resolve_to_the_last_entity_of_their_kind() {
        let r = rules();
        let f = MentionFinder::new(&r);
        let text = "The bloc grew. The SCO met. The bloc has members.";
        let got = f.find(&r, text, &[0, 15, 28]);
        // The first "The bloc" has nothing before it to refer to.
        assert_eq!(got.len(), 2);
        assert_eq!(got[1].form, Form::Reference);
        assert_eq!(r.entities[got[1].entity].id, "SCO");
    }

    #[test]
    fn references_prefer_this_sentence_then_the_last_subject_then_the_most_named() {
        let loaded = crate::load_source(
            "r.facts",
            r#"
organization A "Alpha Union"
organization B "Beta Union"
organization C "Gamma Union"
refer organization "the bloc"
"#,
        );
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        let r = loaded.rules;
        let f = MentionFinder::new(&r);
        let referred = |text: &str| -> Vec<String> {
            let starts: Vec<usize> = crate::extract::text::sentences(text)
                .iter()
                .map(|s| s.start)
                .collect();
            f.find(&r, text, &starts)
                .into_iter()
                .filter(|m| m.form == Form::Reference)
                .map(|m| r.entities[m.entity].id.clone())
                .collect()
        };
        // The last one named in the same sentence.
        assert_eq!(
            referred("Alpha Union and Beta Union met; the bloc agreed."),
            ["B"]
        );
        // Else the first one named in the sentence before (its subject),
        // though another was named after it.
        assert_eq!(
            referred("Alpha Union hosted Beta Union. The bloc agreed."),
            ["A"]
        );
        // A sentence between: the one named most often so far.
        assert_eq!(
            referred("Gamma Union met. Gamma Union spoke. Beta Union left. Nothing else. The bloc agreed."),
            ["C"]
        );
        // Each sentence on: the subject moves with the sentences.
        assert_eq!(
            referred("Alpha Union met. The bloc agreed. Beta Union met. The bloc left."),
            ["A", "B"]
        );
    }
}
