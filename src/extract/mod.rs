//! Claim extraction: from an article's prose to claims with exact byte
//! spans, in the same JSON schema a person or another extractor writes.
//!
//! `prose ─text→ sentences, tokens ─mentions→ entities ─patterns→ claims`
//!
//! Patterns come from the rule files (`pattern NAME: "..." gives ...`), so
//! what is extracted is declared next to the facts that judge it. Negation
//! ("not", "n't", "never", "no longer") is built in: it may stand anywhere
//! between a pattern's elements and flips the claim.

mod bytes8;
pub mod dates;
pub mod mentions;
pub mod names;
pub mod numbers;
pub mod segment;
pub mod text;

use crate::article::Article;
use crate::claims::{ByteSpan, ClaimRecord, ClaimsFile, CountSpec, ExtractedClaim, Hedge};
use crate::lang::ruleset::{
    ClaimTemplate, PatternElem, RelationId, RuleSet, SlotType, TemplateArg, Value,
};
use mentions::{Form, Mention, MentionFinder};
use text::{Sentence, Token};

/// A gap (`...`) matches at most this many tokens.
const MAX_GAP: usize = 8;
/// A hedge ("more than", "nearly") before a number has at most this many words.
const MAX_HEDGE: usize = 4;
/// Steps one pattern may take on one sentence before it gives up: patterns
/// with many gaps and alternatives cannot take exponential time.
const STEP_BUDGET: usize = 20_000;

/// What one article yields.
#[derive(Debug, Clone, Default)]
pub struct Extraction {
    pub claims: Vec<ExtractedClaim>,
    pub misspellings: Vec<names::Misspelling>,
}

impl Extraction {
    /// The claims file a person can review, correct and feed to `check`.
    pub fn to_claims_file(&self, rules: &RuleSet, article: &Article) -> ClaimsFile {
        ClaimsFile {
            article: crate::claims::ArticleRef {
                path: article.name.clone(),
                date: Some(article.date.to_string()),
            },
            claims: self.records(rules),
            misspellings: self.misspellings.clone(),
        }
    }

    /// The claims as a claims file writes them.
    pub fn records(&self, rules: &RuleSet) -> Vec<ClaimRecord> {
        self.claims.iter().map(|c| c.to_record(rules)).collect()
    }
}

/// Known values of a text attribute, as token sequences, longest first.
struct ValueList {
    relation: RelationId,
    values: Vec<(Vec<String>, String)>,
    /// The first word of each value, sorted and once each.
    first_words: Vec<String>,
}

/// Extracts claims; built once per rule set.
pub struct Extractor<'r> {
    rules: &'r RuleSet,
    mentions: MentionFinder,
    values: Vec<ValueList>,
    /// Each pattern's elements, its words split into tokens the way
    /// article text is.
    compiled: Vec<Vec<Elem>>,
    /// Every word some pattern cannot match without, numbered first (as
    /// many as `by_first_word` has entries); then the other words patterns
    /// can start with (see [`StartIndex`]).
    word_ids: foldhash::HashMap<String, usize>,
    /// The lengths of the words of `word_ids` (bit `len`, 63 for longer),
    /// by first byte: most tokens (names, numbers, words no pattern has)
    /// are told apart from every word of `word_ids` by this alone, without
    /// hashing them.
    word_shapes: Box<[u64; 256]>,
    /// Per pattern, the numbers of the words it cannot match without, and
    /// whether it needs an entity named in the sentence: a sentence lacking
    /// one is not tried (most patterns fail this cheap test on most sentences).
    required: Vec<(Vec<usize>, bool)>,
    /// Every pattern needs an entity named in the sentence.
    all_need_mentions: bool,
    /// Try every pattern at every token of every sentence, skipping nothing:
    /// the reference the shortcuts are tested against.
    exhaustive: bool,
    /// Per word number, the patterns whose first required word it is; and
    /// the patterns that require no word. A sentence is tested only against
    /// the patterns one of its words leads to, not against every pattern.
    by_first_word: Vec<Vec<usize>>,
    without_words: Vec<usize>,
    names: names::NameIndex,
    /// Where each pattern's match can start (see [`StartIndex`]).
    starts: StartIndex,
    /// For each pattern that begins with one entity (see [`EntityFirst`]).
    follow: Vec<Option<EntityFirst>>,
}

/// A pattern that begins with one entity (not a list), after optional
/// words ("[the] {C: country adjective} ..."): a position where no such
/// entity is named, or where what follows it cannot begin the rest of the
/// pattern, is not tried.
struct EntityFirst {
    /// The alternatives of the optional words before the entity, if any.
    lead: Vec<Vec<String>>,
    /// The entity slot's type.
    slot: SlotType,
    /// What the rest of the pattern can begin with.
    rest: FirstElements,
}

/// Where a match of each pattern can start, from the elements it can begin
/// with: a sentence's tokens are looked at once to find, for every pattern
/// that could match, the positions worth trying (a position not listed
/// cannot start a match: [`Extractor::seq`] would fail there).
#[derive(Default)]
struct StartIndex {
    /// How many words patterns can start with.
    start_words: usize,
    /// Per word of [`Extractor::word_ids`], its number among the words
    /// patterns can start with, if it is one.
    start_of: Vec<Option<usize>>,
    /// Per pattern, the numbers of the words it can start with.
    words_of: Vec<Vec<usize>>,
    /// Per pattern: whether it can start with an entity named at the token
    /// (or "the" before one), with a date, with a number (within the four
    /// words of a hedge), and anywhere (a gap first, or nothing required).
    entity: Vec<bool>,
    date: Vec<bool>,
    number: Vec<bool>,
    anywhere: Vec<bool>,
    /// The entity slots patterns can start with, each once.
    entity_slots: Vec<EntitySlot>,
    /// Per pattern, the numbers of the entity slots it can start with.
    entity_slots_of: Vec<Vec<usize>>,
}

/// An entity slot as far as where it can match goes: the kind it takes
/// (any, if none) and whether it takes an adjective.
type EntitySlot = (Option<crate::lang::ruleset::KindId>, bool);

/// For one sentence, the token positions where each kind of start stands,
/// as bit sets (bit `p` of word `p / 64`): [`StartIndex`] combines them
/// into the positions of each pattern.
#[derive(Default)]
struct StartMasks {
    /// `u64` words per set: the sentence's tokens, 64 a word.
    len: usize,
    negation: Vec<u64>,
    /// Per entity slot (by number), `len` words: where a mention it takes
    /// is named, or "the" before one.
    entity: Vec<u64>,
    date: Vec<u64>,
    number: Vec<u64>,
    /// Per start word (by number), `len` words; only those in `touched`
    /// are not zero.
    by_word: Vec<u64>,
    touched: Vec<usize>,
}

// Written here rather than with a bit-set crate (fixedbitset, bitvec):
// the sets of all start words live in one flat buffer reused from sentence
// to sentence and are OR-ed as plain word slices; these two functions are
// all that is needed on top of that (a unit test covers them).
fn set_bit(set: &mut [u64], pos: usize) {
    if let Some(w) = set.get_mut(pos / 64) {
        *w |= 1 << (pos % 64);
    }
}

/// The first position at or after `from` in the bit set, if any.
fn next_bit(set: &[u64], from: usize) -> Option<usize> {
    let mut i = from / 64;
    let mut word = set.get(i)? & (u64::MAX << (from % 64));
    loop {
        if word != 0 {
            return Some(i * 64 + word.trailing_zeros() as usize);
        }
        i += 1;
        word = *set.get(i)?;
    }
}

/// What a pattern can start with: words (sorted, once each), and the
/// kinds of things.
#[derive(Default)]
struct FirstElements {
    words: Vec<String>,
    /// The numbers of `words` in [`Extractor::word_ids`], sorted (filled in
    /// for the elements that follow an entity; see [`EntityFirst`]).
    word_numbers: Vec<usize>,
    entity: bool,
    /// The entity slots it can start with, as (kind, adjective) (sorted,
    /// once each).
    entities: Vec<EntitySlot>,
    date: bool,
    number: bool,
    anywhere: bool,
}

impl FirstElements {
    /// What a match of `elems` can begin with (anything, if it can match
    /// nothing).
    fn of(elems: &[Elem], slots: &[crate::lang::ruleset::Slot], values: &[ValueList]) -> Self {
        let mut first = FirstElements::default();
        if first_elements(elems, slots, values, &mut first) {
            first.anywhere = true;
        }
        first.words.sort_unstable();
        first.words.dedup();
        first.entities.sort_unstable();
        first.entities.dedup();
        first
    }

    /// Whether a match can begin at token `pos` of the sentence: a word it
    /// can begin with, a negation (which may stand before any element), an
    /// entity named there (or after "the"), a date, or a number within the
    /// words of a hedge. `false` means [`Extractor::seq`] would fail there.
    fn may_begin_at(&self, ctx: &Ctx, pos: usize) -> bool {
        if self.anywhere {
            return true;
        }
        let Some(token) = ctx.tokens.get(pos) else {
            return false;
        };
        let norm = token.norm.as_ref();
        ctx.negation.get(pos).is_some_and(|&n| n > 0)
            || ctx
                .words
                .get(pos)
                .copied()
                .flatten()
                .is_some_and(|id| self.word_numbers.binary_search(&id).is_ok())
            || (self.entity
                && (!ctx.mentions_at.at(pos).is_empty()
                    || (norm == "the" && !ctx.mentions_at.at(pos + 1).is_empty())))
            || (self.date && !ctx.dates_at.at(pos).is_empty())
            || (self.number && (pos..=pos + MAX_HEDGE).any(|p| ctx.readings_at(p) != (None, None)))
    }
}

impl EntityFirst {
    fn of(
        elems: &[Elem],
        slots: &[crate::lang::ruleset::Slot],
        values: &[ValueList],
    ) -> Option<Self> {
        let (lead, elems) = match elems.split_first() {
            // Optional words, each alternative plain words.
            Some((Elem::Optional(alts), rest)) => {
                let lead = alts
                    .iter()
                    .map(|alt| match alt.as_slice() {
                        [Elem::Words(words)] if !words.is_empty() => Some(words.clone()),
                        _ => None,
                    })
                    .collect::<Option<Vec<_>>>()?;
                (lead, rest)
            }
            _ => (Vec::new(), elems),
        };
        let (Elem::Slot(si), rest) = elems.split_first()? else {
            return None;
        };
        let slot = slots
            .get(*si)
            .filter(|s| matches!(s.ty, SlotType::Entity { list: false, .. }))?
            .ty;
        Some(EntityFirst {
            lead,
            slot,
            rest: FirstElements::of(rest, slots, values),
        })
    }
}

impl StartIndex {
    /// The words patterns can start with are numbered in `word_ids` too.
    fn new(
        rules: &RuleSet,
        compiled: &[Vec<Elem>],
        values: &[ValueList],
        word_ids: &mut foldhash::HashMap<String, usize>,
    ) -> Self {
        let n = compiled.len();
        let mut index = StartIndex {
            words_of: vec![Vec::new(); n],
            entity: vec![false; n],
            date: vec![false; n],
            number: vec![false; n],
            anywhere: vec![false; n],
            ..Default::default()
        };
        for (pi, elems) in compiled.iter().enumerate() {
            let slots = rules.patterns.get(pi).map_or(&[][..], |p| &p.slots);
            // A pattern that can match nothing is tried everywhere.
            let first = FirstElements::of(elems, slots, values);
            for w in first.words {
                let next = word_ids.len();
                let word = *word_ids.entry(w).or_insert(next);
                if index.start_of.len() <= word {
                    index.start_of.resize(word + 1, None);
                }
                let id = match index.start_of.get(word).copied().flatten() {
                    Some(id) => id,
                    None => {
                        index.start_of[word] = Some(index.start_words);
                        index.start_words += 1;
                        index.start_words - 1
                    }
                };
                index.words_of[pi].push(id);
            }
            index.entity[pi] = first.entity;
            let mut slots_of = Vec::new();
            for e in first.entities {
                let id = match index.entity_slots.iter().position(|&x| x == e) {
                    Some(id) => id,
                    None => {
                        index.entity_slots.push(e);
                        index.entity_slots.len() - 1
                    }
                };
                slots_of.push(id);
            }
            index.entity_slots_of.push(slots_of);
            index.date[pi] = first.date;
            index.number[pi] = first.number;
            index.anywhere[pi] = first.anywhere;
        }
        index
    }

    /// Fill `masks` with where each kind of start stands in the sentence,
    /// looking only for the kinds some pattern of `possible` starts with.
    fn mark(&self, extractor: &Extractor, ctx: &Ctx, possible: &[usize], masks: &mut StartMasks) {
        let any = |flags: &[bool]| possible.iter().any(|&pi| flags.get(pi) == Some(&true));
        let (entity, date, number) = (any(&self.entity), any(&self.date), any(&self.number));
        let n = ctx.tokens.len();
        let len = n.div_ceil(64);
        for &w in &masks.touched {
            if let Some(set) = masks.by_word.get_mut(w * masks.len..(w + 1) * masks.len) {
                set.fill(0);
            }
        }
        masks.touched.clear();
        masks.len = len;
        if masks.by_word.len() < self.start_words * len {
            masks.by_word.resize(self.start_words * len, 0);
        }
        for set in [&mut masks.negation, &mut masks.date, &mut masks.number] {
            set.clear();
            set.resize(len, 0);
        }
        masks.entity.clear();
        masks.entity.resize(self.entity_slots.len() * len, 0);
        // The nearest token at or after each position that reads as a
        // number or an ordinal (a number slot starts at most four hedge
        // words before it).
        let mut next_number = usize::MAX;
        if number {
            for pos in (0..n).rev() {
                if ctx.readings_at(pos) != (None, None) {
                    next_number = pos;
                }
                if next_number <= pos + MAX_HEDGE {
                    set_bit(&mut masks.number, pos);
                }
            }
        }
        if entity {
            // Each entity slot starts where a mention it takes is named,
            // and at "the" before one (whatever stands there): read from
            // the mentions, not position by position.
            for &(pos, m, _) in &ctx.mentions_at.items {
                let the_before = pos
                    .checked_sub(1)
                    .filter(|&p| ctx.tokens.get(p).is_some_and(|t| t.norm == "the"));
                for (e, &(kind, adjective)) in self.entity_slots.iter().enumerate() {
                    if extractor.fits(kind, adjective, &m) {
                        if let Some(set) = masks.entity.get_mut(e * len..(e + 1) * len) {
                            set_bit(set, pos);
                            if let Some(p) = the_before {
                                set_bit(set, p);
                            }
                        }
                    }
                }
            }
        }
        let negated = |pos: usize| ctx.negation.get(pos).is_some_and(|&n| n > 0);
        if date {
            // Where a date starts, but at a negation (as below).
            for &(pos, _, _) in &ctx.dates_at.items {
                if !negated(pos) {
                    set_bit(&mut masks.date, pos);
                }
            }
        }
        for pos in 0..ctx.tokens.len() {
            // Built-in negation may stand before a pattern's first element.
            if negated(pos) {
                set_bit(&mut masks.negation, pos);
                continue;
            }
            let start_word = ctx
                .words
                .get(pos)
                .copied()
                .flatten()
                .and_then(|id| self.start_of.get(id).copied().flatten());
            if let Some(w) = start_word {
                if let Some(set) = masks.by_word.get_mut(w * len..(w + 1) * len) {
                    if set.iter().all(|&b| b == 0) {
                        masks.touched.push(w);
                    }
                    set_bit(set, pos);
                }
            }
        }
    }

    /// The positions of the sentence where a match of pattern `pi` can
    /// start, into `out`, from the sets [`StartIndex::mark`] filled.
    fn positions(&self, pi: usize, masks: &StartMasks, out: &mut Vec<u64>) {
        out.clear();
        out.extend_from_slice(&masks.negation);
        let mut add = |set: &[u64]| {
            for (o, s) in out.iter_mut().zip(set) {
                *o |= s;
            }
        };
        for &e in self.entity_slots_of.get(pi).map_or(&[][..], Vec::as_slice) {
            if let Some(set) = masks.entity.get(e * masks.len..(e + 1) * masks.len) {
                add(set);
            }
        }
        if self.date.get(pi) == Some(&true) {
            add(&masks.date);
        }
        if self.number.get(pi) == Some(&true) {
            add(&masks.number);
        }
        for &w in self.words_of.get(pi).map_or(&[][..], Vec::as_slice) {
            if let Some(set) = masks.by_word.get(w * masks.len..(w + 1) * masks.len) {
                add(set);
            }
        }
    }
}

/// Add to `first` what a match of `elems` can begin with; whether the
/// elements can all match nothing (so what follows them can begin it too).
fn first_elements(
    elems: &[Elem],
    slots: &[crate::lang::ruleset::Slot],
    values: &[ValueList],
    first: &mut FirstElements,
) -> bool {
    for e in elems {
        match e {
            Elem::Words(w) => {
                match w.first() {
                    Some(w) => first.words.push(w.clone()),
                    None => first.anywhere = true,
                }
                return false;
            }
            Elem::Slot(si) => {
                match slots.get(*si).map(|s| s.ty) {
                    Some(SlotType::Entity {
                        kind, adjective, ..
                    }) => {
                        first.entity = true;
                        first.entities.push((kind, adjective));
                    }
                    Some(SlotType::Date) => first.date = true,
                    Some(SlotType::Number | SlotType::Ordinal) => first.number = true,
                    Some(SlotType::Value { relation }) => {
                        if let Some(list) = values.iter().find(|v| v.relation == relation) {
                            first.words.extend(list.first_words.iter().cloned());
                        }
                    }
                    None => {}
                }
                return false;
            }
            Elem::Gap => {
                first.anywhere = true;
                return false;
            }
            Elem::Optional(alts) | Elem::Group(alts) => {
                let mut may_be_empty = matches!(e, Elem::Optional(_));
                for alt in alts {
                    may_be_empty |= first_elements(alt, slots, values, first);
                }
                if !may_be_empty {
                    return false;
                }
            }
        }
    }
    true
}

/// A pattern element ready to match.
#[derive(Debug, Clone)]
enum Elem {
    Words(Vec<String>),
    Slot(usize),
    Optional(Vec<Vec<Elem>>),
    Group(Vec<Vec<Elem>>),
    Gap,
}

fn compile(elems: &[PatternElem]) -> Vec<Elem> {
    elems
        .iter()
        .map(|e| match e {
            PatternElem::Word(w) if w == "'s" || w == "’s" => Elem::Words(vec!["'s".into()]),
            PatternElem::Word(w) => {
                let toks = tokenize_words(w);
                Elem::Words(if toks.is_empty() {
                    vec![w.clone()]
                } else {
                    toks
                })
            }
            PatternElem::Slot(i) => Elem::Slot(*i),
            PatternElem::Optional(alts) => {
                Elem::Optional(alts.iter().map(|a| compile(a)).collect())
            }
            PatternElem::Group(alts) => Elem::Group(alts.iter().map(|a| compile(a)).collect()),
            PatternElem::Gap => Elem::Gap,
        })
        .collect()
}

/// Where a pattern is tried in a sentence: everywhere, or at the
/// positions of a bit set (see [`StartMasks`]).
struct Candidates<'a> {
    anywhere: bool,
    positions: &'a [u64],
}

/// What a slot matched.
#[derive(Debug, Clone)]
enum Bound {
    /// One mention, or the items of a list (inline up to one: most slots
    /// take one entity).
    Entities(smallvec::SmallVec<[Mention; 1]>),
    Number {
        value: i64,
        hedge: Hedge,
    },
    Date(dates::DateMention),
    Text(String),
}

#[derive(Debug, Clone)]
struct State {
    slots: Vec<Option<(Bound, usize, usize)>>,
    negations: usize,
    budget: usize,
}

/// Things found in a sentence (mentions, dates), grouped by the token they
/// start at, each with the index of its last token: one vector in token
/// order and where each token's group begins (no vector per token).
struct ByToken<T> {
    /// (first token, item, last token), by first token.
    items: Vec<(usize, T, usize)>,
    /// `starts[t]..starts[t + 1]` are the items starting at token `t`
    /// (empty when there are no items).
    starts: Vec<u32>,
}

impl<T> Default for ByToken<T> {
    fn default() -> Self {
        ByToken {
            items: Vec::new(),
            starts: Vec::new(),
        }
    }
}

impl<T: Copy> ByToken<T> {
    /// Place each item (with its byte span) on the tokens it covers; an
    /// item that does not start at a token or ends inside its first token
    /// is left out. Items starting at one token keep their given order.
    /// What `self` held before is dropped; its room is kept.
    fn fill(&mut self, tokens: &[Token], found: impl IntoIterator<Item = (T, usize, usize)>) {
        let ByToken { items, starts } = self;
        items.clear();
        starts.clear();
        for (item, start, end) in found {
            // Tokens do not overlap: their starts and ends both increase.
            let Ok(first) = tokens.binary_search_by_key(&start, |t| t.start) else {
                continue;
            };
            let Some(last) = tokens
                .partition_point(|t| t.end <= end)
                .checked_sub(1)
                .filter(|l| *l >= first)
            else {
                continue;
            };
            items.push((first, item, last));
        }
        if items.is_empty() {
            return;
        }
        if !items.is_sorted_by_key(|p| p.0) {
            items.sort_by_key(|p| p.0);
        }
        starts.reserve(tokens.len() + 1);
        let mut next = 0;
        for t in 0..=tokens.len() {
            while items.get(next).is_some_and(|p| p.0 < t) {
                next += 1;
            }
            starts.push(u32::try_from(next).unwrap_or(u32::MAX));
        }
    }

    /// The items starting at token `t`: (first token, item, last token).
    fn at(&self, t: usize) -> &[(usize, T, usize)] {
        let (Some(&a), Some(&b)) = (self.starts.get(t), self.starts.get(t + 1)) else {
            return &[];
        };
        self.items.get(a as usize..b as usize).unwrap_or(&[])
    }
}

/// One sentence, ready to match.
struct Ctx<'a> {
    tokens: &'a [Token<'a>],
    /// Each token's number in [`Extractor::word_ids`], if it has one (set
    /// by [`Extractor::extract`] once the context is made).
    words: &'a [Option<usize>],
    /// Mentions starting at each token.
    mentions_at: ByToken<Mention>,
    /// Dates starting at each token.
    dates_at: ByToken<dates::DateMention>,
    /// The length in tokens of the built-in negation starting at each token
    /// (0: none). At most one starts at a token: their first words differ.
    negation: Vec<u8>,
    /// Each token's value as a number and as an ordinal, read on first use
    /// (a number slot tries every start position; most tokens are never
    /// asked about).
    numbers: std::cell::RefCell<Vec<Option<NumberReadings>>>,
}

/// The vectors of a sentence's [`Ctx`], handed from one sentence to the
/// next so that each is allocated about once an article rather than once
/// a sentence.
#[derive(Default)]
struct Spare {
    mentions_at: ByToken<Mention>,
    dates_at: ByToken<dates::DateMention>,
    negation: Vec<u8>,
    numbers: Vec<Option<NumberReadings>>,
}

impl Spare {
    /// Take back the vectors of a sentence done with.
    fn keep(&mut self, ctx: Ctx) {
        self.mentions_at = ctx.mentions_at;
        self.dates_at = ctx.dates_at;
        self.negation = ctx.negation;
        self.numbers = ctx.numbers.into_inner();
    }
}

/// A token read as a number and as an ordinal.
type NumberReadings = (Option<i64>, Option<i64>);

impl Ctx<'_> {
    fn number_at(&self, pos: usize, ty: SlotType) -> Option<i64> {
        let (number, ordinal) = self.readings_at(pos);
        if ty == SlotType::Number {
            number
        } else {
            ordinal
        }
    }

    /// The token at `pos` read as a number and as an ordinal.
    fn readings_at(&self, pos: usize) -> NumberReadings {
        let Some(token) = self.tokens.get(pos) else {
            return (None, None);
        };
        // Most words are ruled out without the memo.
        if !numbers::may_have_readings(&token.norm) {
            return (None, None);
        }
        let mut values = self.numbers.borrow_mut();
        if values.is_empty() {
            values.resize(self.tokens.len(), None);
        }
        match values.get_mut(pos) {
            Some(slot) => *slot.get_or_insert_with(|| numbers::readings(&token.norm)),
            None => (None, None),
        }
    }
}

fn tokenize_words(word: &str) -> Vec<String> {
    let s = Sentence {
        start: 0,
        end: word.len(),
    };
    text::tokens(word, s)
        .into_iter()
        .map(|t| t.norm.into_owned())
        .collect()
}

/// Negations, each starting with "n" (see [`Extractor::context`]).
const NEGATIONS: &[&[&str]] = &[&["not"], &["never"], &["no", "longer"]];

impl<'r> Extractor<'r> {
    pub fn new(rules: &'r RuleSet) -> Self {
        let mut values: Vec<ValueList> = Vec::new();
        for p in &rules.patterns {
            for s in &p.slots {
                if let SlotType::Value { relation } = s.ty {
                    if values.iter().any(|v| v.relation == relation) {
                        continue;
                    }
                    let mut list: Vec<(Vec<String>, String)> = Vec::new();
                    for f in rules.facts_of(relation) {
                        if let Some(Value::Text(t)) = &f.value {
                            let toks = tokenize_words(t);
                            if !toks.is_empty() && !list.iter().any(|(k, _)| *k == toks) {
                                list.push((toks, t.clone()));
                            }
                        }
                    }
                    list.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.1.cmp(&b.1)));
                    let mut first_words: Vec<String> = list
                        .iter()
                        .filter_map(|(w, _)| w.first().cloned())
                        .collect();
                    first_words.sort_unstable();
                    first_words.dedup();
                    values.push(ValueList {
                        relation,
                        values: list,
                        first_words,
                    });
                }
            }
        }
        let compiled: Vec<Vec<Elem>> = rules.patterns.iter().map(|p| compile(&p.elems)).collect();
        let mut word_ids: foldhash::HashMap<String, usize> = Default::default();
        let required: Vec<(Vec<usize>, bool)> = compiled
            .iter()
            .zip(&rules.patterns)
            .map(|(elems, pattern)| {
                let mut words = Vec::new();
                let mut needs_mention = false;
                for e in elems {
                    match e {
                        Elem::Words(ws) => {
                            for w in ws {
                                let next = word_ids.len();
                                words.push(*word_ids.entry(w.clone()).or_insert(next));
                            }
                        }
                        Elem::Slot(si) => {
                            needs_mention |= pattern
                                .slots
                                .get(*si)
                                .is_some_and(|s| matches!(s.ty, SlotType::Entity { .. }));
                        }
                        _ => {}
                    }
                }
                (words, needs_mention)
            })
            .collect();
        let words_in_patterns = word_ids.len();
        let starts = StartIndex::new(rules, &compiled, &values, &mut word_ids);
        let mut follow: Vec<Option<EntityFirst>> = compiled
            .iter()
            .zip(&rules.patterns)
            .map(|(elems, pattern)| EntityFirst::of(elems, &pattern.slots, &values))
            .collect();
        // The words that can follow the entity are numbered too: a token's
        // number tells whether it is one.
        for rest in follow.iter_mut().flatten().map(|f| &mut f.rest) {
            rest.word_numbers = rest
                .words
                .iter()
                .map(|w| {
                    let next = word_ids.len();
                    *word_ids.entry(w.clone()).or_insert(next)
                })
                .collect();
            rest.word_numbers.sort_unstable();
        }
        Extractor {
            exhaustive: false,
            rules,
            mentions: MentionFinder::new(rules),
            values,
            compiled,
            word_shapes: {
                let mut shapes = Box::new([0u64; 256]);
                for w in word_ids.keys() {
                    if let Some(&b) = w.as_bytes().first() {
                        shapes[usize::from(b)] |= 1 << w.len().min(63);
                    }
                }
                shapes
            },
            word_ids,
            all_need_mentions: required.iter().all(|(_, needs)| *needs),
            by_first_word: {
                let mut index = vec![Vec::new(); words_in_patterns];
                for (pi, (words, _)) in required.iter().enumerate() {
                    if let Some(list) = words.first().and_then(|&w| index.get_mut(w)) {
                        list.push(pi);
                    }
                }
                index
            },
            without_words: required
                .iter()
                .enumerate()
                .filter(|(_, (words, _))| words.is_empty())
                .map(|(pi, _)| pi)
                .collect(),
            starts,
            follow,
            required,
            names: names::NameIndex::new(rules),
        }
    }

    /// The number of `word` in [`Extractor::word_ids`], if it has one.
    fn word_id(&self, word: &str) -> Option<usize> {
        let shape = word.as_bytes().first().map_or(0, |&b| {
            self.word_shapes[usize::from(b)] >> word.len().min(63)
        });
        if shape & 1 == 0 && !word.is_empty() {
            return None;
        }
        self.word_ids.get(word).copied()
    }

    /// An extractor that takes none of the shortcuts (for tests: it must
    /// find exactly what the normal one finds, only slower).
    #[cfg(test)]
    fn exhaustive(rules: &'r RuleSet) -> Self {
        Extractor {
            exhaustive: true,
            ..Extractor::new(rules)
        }
    }

    pub fn extract(&self, article: &Article) -> Extraction {
        let prose = article.prose.as_str();
        let sentences = text::sentences(prose);
        let starts: Vec<usize> = sentences.iter().map(|s| s.start).collect();
        let all_mentions = self.mentions.find(self.rules, prose, &starts);
        // Lowercased once, for the words' normal forms (same offsets).
        let lower = prose.to_ascii_lowercase();
        // Room for what news usually holds (a claim per 100 to 300 bytes,
        // up to a few dozen tokens and mentions a sentence), so that the
        // vectors seldom grow; those used sentence by sentence are reused.
        let mut claims = Vec::with_capacity(prose.len() / 128);
        let mut misspellings = Vec::new();
        let mut present = Vec::with_capacity(self.by_first_word.len());
        let mut possible = Vec::with_capacity(self.rules.patterns.len());
        let mut masks = StartMasks::default();
        let mut spare = Spare::default();
        let mut words: Vec<Option<usize>> = Vec::with_capacity(64);
        let mut positions: Vec<u64> = Vec::new();
        let mut in_sentence: Vec<Mention> = Vec::with_capacity(16);
        // The tokens of each sentence in turn.
        let mut buffer: Vec<Token> = Vec::with_capacity(64);
        // The state of matching, for every pattern tried.
        let mut state = State {
            slots: Vec::new(),
            negations: 0,
            budget: STEP_BUDGET,
        };
        for sentence in sentences {
            // Mentions are sorted by start: find this sentence's by bisection.
            let first = all_mentions.partition_point(|m| m.start < sentence.start);
            in_sentence.clear();
            in_sentence.extend(
                all_mentions[first..]
                    .iter()
                    .take_while(|m| m.start < sentence.end)
                    .filter(|m| m.end <= sentence.end)
                    .copied(),
            );
            // Most sentences of news name nothing the rules know and hold no
            // name-like words: they are not split into words at all.
            let for_patterns =
                self.exhaustive || !in_sentence.is_empty() || !self.all_need_mentions;
            // Whether to look for misspelt names: told from the raw text
            // when that spares splitting the sentence into words, else
            // from its words.
            if !for_patterns
                && !self.exhaustive
                && !self
                    .names
                    .may_hold_a_misspelling(&prose[sentence.start..sentence.end])
            {
                continue;
            }
            text::tokens_into(&mut buffer, prose, Some(&lower), sentence);
            let tokens = &buffer[..];
            if tokens.is_empty() {
                continue;
            }
            let for_names = self.exhaustive
                || !for_patterns
                || self.names.tokens_may_hold_a_misspelling(prose, tokens);
            if for_names {
                misspellings.extend(self.names.misspellings(prose, tokens, &in_sentence));
            }
            present.clear();
            // Only the words patterns require (numbered first) count.
            present.resize(self.by_first_word.len(), false);
            possible.clear();
            possible.extend_from_slice(&self.without_words);
            // Each token's word number, looked up once for both the
            // patterns to try and where they can start.
            words.clear();
            words.extend(tokens.iter().map(|t| self.word_id(&t.norm)));
            for &id in words.iter().flatten() {
                if let Some(seen) = present.get_mut(id).filter(|seen| !**seen) {
                    *seen = true;
                    if let Some(first_of) = self.by_first_word.get(id) {
                        possible.extend_from_slice(first_of);
                    }
                }
            }
            // Tried in the order of the rule files, as the claims they give
            // are merged in that order.
            possible.sort_unstable();
            if self.exhaustive {
                possible.clear();
                possible.extend(0..self.rules.patterns.len());
            }
            possible.retain(|&pi| {
                if self.exhaustive {
                    return true;
                }
                self.required.get(pi).is_some_and(|(words, needs_mention)| {
                    (!needs_mention || !in_sentence.is_empty()) && words.iter().all(|&w| present[w])
                })
            });
            if possible.is_empty() {
                continue;
            }
            // Dates are read only where a pattern that could match wants one.
            let with_dates = self.exhaustive
                || possible.iter().any(|&pi| {
                    self.rules
                        .patterns
                        .get(pi)
                        .is_some_and(|p| p.slots.iter().any(|s| s.ty == SlotType::Date))
                });
            let mut ctx = self.context(
                prose,
                sentence,
                tokens,
                &in_sentence,
                with_dates.then_some(article.date),
                &mut spare,
            );
            ctx.words = &words;
            self.starts.mark(self, &ctx, &possible, &mut masks);
            for &pi in &possible {
                let anywhere =
                    self.exhaustive || self.starts.anywhere.get(pi).copied().unwrap_or(true);
                if !anywhere {
                    self.starts.positions(pi, &masks, &mut positions);
                }
                let at = Candidates {
                    anywhere,
                    positions: &positions,
                };
                self.match_pattern(pi, &ctx, &at, article, &mut state, &mut claims);
            }
            spare.keep(ctx);
        }
        // The same claim read twice is one claim: from the same text (by two
        // patterns, say), the first read; from nested text ("Indian
        // President Modi" and "President Modi"), the one with the wider span.
        // Only a claim whose span another's holds can be inside: found for
        // all at once (most hold none), then the pairs looked at for those.
        let held = held_by_another(claims.iter().map(|c| (c.span.start, c.span.end)));
        let inside: Vec<bool> = claims
            .iter()
            .enumerate()
            .map(|(i, c)| {
                held.get(i) == Some(&true)
                    && claims.iter().enumerate().any(|(j, d)| {
                        // Spans first: they rule out almost every pair.
                        i != j
                            && d.span.start <= c.span.start
                            && c.span.end <= d.span.end
                            && (d.span.end - d.span.start > c.span.end - c.span.start || j < i)
                            && same_assertion(c, d)
                    })
            })
            .collect();
        let mut i = 0;
        claims.retain(|_| {
            i += 1;
            !inside[i - 1]
        });
        claims.sort_by(|a, b| {
            (
                a.span.start,
                a.span.end,
                a.relation_name(self.rules),
                a.negated,
            )
                .cmp(&(
                    b.span.start,
                    b.span.end,
                    b.relation_name(self.rules),
                    b.negated,
                ))
        });
        misspellings.sort_by_key(|m| (m.span.start, m.span.end));
        misspellings.dedup_by_key(|m| (m.span.start, m.span.end));
        Extraction {
            claims,
            misspellings,
        }
    }

    fn context<'a>(
        &self,
        prose: &str,
        sentence: Sentence,
        tokens: &'a [Token<'a>],
        mentions: &[Mention],
        // The article's date, if dates are to be read (relative dates are
        // read against it).
        dates_against: Option<jiff::civil::Date>,
        spare: &mut Spare,
    ) -> Ctx<'a> {
        let mut mentions_at = std::mem::take(&mut spare.mentions_at);
        mentions_at.fill(tokens, mentions.iter().map(|m| (*m, m.start, m.end)));
        let found = match dates_against {
            Some(date) => dates::find_dates(&prose[sentence.start..sentence.end], date),
            None => Vec::new(),
        };
        let mut dates_at = std::mem::take(&mut spare.dates_at);
        dates_at.fill(
            tokens,
            found.into_iter().map(|mut d| {
                d.start += sentence.start;
                d.end += sentence.start;
                (d, d.start, d.end)
            }),
        );
        let mut negation = std::mem::take(&mut spare.negation);
        negation.clear();
        negation.extend((0..tokens.len()).map(|pos| {
            // Every negation starts with "n".
            if !tokens[pos].norm.starts_with('n') {
                return 0;
            }
            NEGATIONS
                .iter()
                .find(|n| matches_words(tokens, pos, n))
                .map_or(0, |n| u8::try_from(n.len()).unwrap_or(0))
        }));
        let mut numbers = std::mem::take(&mut spare.numbers);
        numbers.clear();
        Ctx {
            tokens,
            words: &[],
            mentions_at,
            dates_at,
            negation,
            numbers: std::cell::RefCell::new(numbers),
        }
    }

    fn match_pattern(
        &self,
        pi: usize,
        ctx: &Ctx,
        at: &Candidates,
        article: &Article,
        state: &mut State,
        out: &mut Vec<ExtractedClaim>,
    ) {
        let (Some(pattern), Some(elems)) = (self.rules.patterns.get(pi), self.compiled.get(pi))
        else {
            return;
        };
        // The next candidate position at or after `start`.
        let next_start = |start: usize| -> Option<usize> {
            if at.anywhere {
                return (start < ctx.tokens.len()).then_some(start);
            }
            next_bit(at.positions, start)
        };
        let mut start = 0;
        let follow = self.follow.get(pi).and_then(Option::as_ref);
        while let Some(candidate) = next_start(start) {
            start = candidate;
            if !self.exhaustive {
                if let Some(follow) = follow {
                    if !self.may_start_with_entity(follow, ctx, start) {
                        start += 1;
                        continue;
                    }
                }
            }
            // One state for every start, reset each time (and one vector of
            // slots for every pattern tried in an article).
            state.slots.clear();
            state.slots.resize(pattern.slots.len(), None);
            state.negations = 0;
            state.budget = STEP_BUDGET;
            // A match stops the search where it is: `state` is left as the
            // match made it (bindings are undone only on the way back from
            // a failure), so it needs no copy.
            let mut found: Option<usize> = None;
            self.seq(pi, elems, ctx, start, state, &mut |end, _| {
                found = (end > start).then_some(end);
                found.is_some()
            });
            match found {
                Some(end) => {
                    self.emit(pi, ctx, start, end, state, article, out);
                    start = end;
                }
                None => start += 1,
            }
        }
    }

    /// Whether a match of a pattern beginning with an entity can start at
    /// token `start`: after none or one of its leading words, the entity
    /// and what follows it must fit (see [`Extractor::rest_may_follow`]).
    fn may_start_with_entity(&self, first: &EntityFirst, ctx: &Ctx, start: usize) -> bool {
        self.rest_may_follow(first.slot, &first.rest, ctx, start)
            || first.lead.iter().any(|words| {
                matches_words(ctx.tokens, start, words)
                    && self.rest_may_follow(first.slot, &first.rest, ctx, start + words.len())
            })
    }

    /// For a pattern beginning with one entity slot of type `first` (the
    /// rest beginning with `follow`): whether a match can start at token
    /// `start`. The slot matches at most one way there (the longest fitting
    /// mention, or the one after "the"); unless a negation comes first, the
    /// rest must begin right after it.
    fn rest_may_follow(
        &self,
        first: SlotType,
        follow: &FirstElements,
        ctx: &Ctx,
        start: usize,
    ) -> bool {
        let SlotType::Entity {
            kind, adjective, ..
        } = first
        else {
            return true;
        };
        if ctx.negation.get(start).is_some_and(|&n| n > 0) {
            return true;
        }
        let item = match self.entity_item_at(kind, adjective, ctx, start) {
            Some(item) => item,
            None if ctx.tokens.get(start).is_some_and(|t| t.norm == "the") => {
                match self.entity_item_at(kind, adjective, ctx, start + 1) {
                    Some(item) => item,
                    None => return false,
                }
            }
            None => return false,
        };
        follow.may_begin_at(ctx, item.1 + 1)
    }

    /// Whether an entity slot of this kind and form takes mention `m`.
    fn fits(
        &self,
        kind: Option<crate::lang::ruleset::KindId>,
        adjective: bool,
        m: &Mention,
    ) -> bool {
        let kind_ok = kind.is_none_or(|k| {
            self.rules
                .entities
                .get(m.entity)
                .is_some_and(|e| e.kind == k)
        });
        let form_ok = if adjective {
            m.form == Form::Adjective
        } else {
            m.form != Form::Adjective
        };
        kind_ok && form_ok
    }

    /// The longest mention starting at token `p` that an entity slot of
    /// this kind and form takes, with its last token.
    fn entity_item_at(
        &self,
        kind: Option<crate::lang::ruleset::KindId>,
        adjective: bool,
        ctx: &Ctx,
        p: usize,
    ) -> Option<(Mention, usize)> {
        ctx.mentions_at
            .at(p)
            .iter()
            .filter(|(_, m, _)| self.fits(kind, adjective, m))
            .max_by_key(|(_, m, _)| m.end)
            .map(|&(_, m, last)| (m, last))
    }

    /// Match `elems` at token `pos`, then call `k` with the end position;
    /// backtrack until `k` accepts.
    fn seq(
        &self,
        pi: usize,
        elems: &[Elem],
        ctx: &Ctx,
        pos: usize,
        st: &mut State,
        k: &mut dyn FnMut(usize, &mut State) -> bool,
    ) -> bool {
        if st.budget == 0 {
            return false;
        }
        st.budget -= 1;
        // Built-in negation may stand before any element.
        if let Some(&len) = ctx.negation.get(pos).filter(|&&len| len > 0) {
            st.negations += 1;
            if self.seq(pi, elems, ctx, pos + usize::from(len), st, k) {
                return true;
            }
            st.negations -= 1;
        }
        let Some((first, rest)) = elems.split_first() else {
            return k(pos, st);
        };
        let tokens = ctx.tokens;
        match first {
            Elem::Words(toks) => {
                matches_words(tokens, pos, toks) && self.seq(pi, rest, ctx, pos + toks.len(), st, k)
            }
            Elem::Gap => {
                // Words after the gap: only where the first of them (or a
                // negation before it) stands can the rest match (a shortcut,
                // so not taken when trying everything).
                let next_word = match rest.first() {
                    Some(Elem::Words(ws)) if !self.exhaustive => ws.first(),
                    _ => None,
                };
                for g in 0..=MAX_GAP {
                    if pos + g > tokens.len() {
                        break;
                    }
                    if let Some(w) = next_word {
                        let p = pos + g;
                        let negated = ctx.negation.get(p).is_some_and(|&n| n > 0);
                        if !negated && tokens.get(p).is_none_or(|t| t.norm != w.as_str()) {
                            continue;
                        }
                    }
                    if self.seq(pi, rest, ctx, pos + g, st, k) {
                        return true;
                    }
                }
                false
            }
            Elem::Optional(alts) | Elem::Group(alts) => {
                for alt in alts {
                    let mut cont = |p: usize, s: &mut State| self.seq(pi, rest, ctx, p, s, k);
                    if self.seq(pi, alt, ctx, pos, st, &mut cont) {
                        return true;
                    }
                }
                matches!(first, Elem::Optional(_)) && self.seq(pi, rest, ctx, pos, st, k)
            }
            Elem::Slot(si) => {
                let si = *si;
                let Some(slot) = self.rules.patterns.get(pi).and_then(|p| p.slots.get(si)) else {
                    return false;
                };
                self.slot_matches(slot.ty, ctx, pos, &mut |bound, end| {
                    let start_byte = tokens[pos].start;
                    let end_byte = tokens[end - 1].end;
                    let saved = st.slots[si].take();
                    st.slots[si] = Some((bound, start_byte, end_byte));
                    if self.seq(pi, rest, ctx, end, st, k) {
                        return true;
                    }
                    st.slots[si] = saved;
                    false
                })
            }
        }
    }

    /// Every way a slot can match at `pos`, longest first: each is given
    /// to `try_match` (what, end token) until it accepts one, which makes
    /// this return true. Nothing is collected: the ways after an accepted
    /// one are never built.
    fn slot_matches(
        &self,
        ty: SlotType,
        ctx: &Ctx,
        pos: usize,
        try_match: &mut dyn FnMut(Bound, usize) -> bool,
    ) -> bool {
        let tokens = ctx.tokens;
        if pos >= tokens.len() {
            return false;
        }
        match ty {
            SlotType::Entity {
                kind,
                adjective,
                list,
            } => {
                let item_at = |p: usize| self.entity_item_at(kind, adjective, ctx, p);
                // "the SCO": an entity may be preceded by "the".
                let (pos, first_item) = match item_at(pos) {
                    Some(item) => (pos, item),
                    None if tokens[pos].norm == "the" => match item_at(pos + 1) {
                        Some(item) => (pos + 1, item),
                        None => return false,
                    },
                    None => return false,
                };
                let (first, last) = first_item;
                if !list {
                    return try_match(Bound::Entities(smallvec::smallvec![first]), last + 1);
                }
                let mut items: smallvec::SmallVec<[(Mention, usize); 4]> =
                    smallvec::smallvec![(first, last)];
                loop {
                    let mut p = items.last().map_or(pos, |(_, l)| l + 1);
                    let mut sep = false;
                    if tokens.get(p).is_some_and(|t| t.norm == ",") {
                        p += 1;
                        sep = true;
                    }
                    if tokens.get(p).is_some_and(|t| t.norm == "and") {
                        p += 1;
                        sep = true;
                    }
                    if tokens.get(p).is_some_and(|t| t.norm == "the") && item_at(p).is_none() {
                        p += 1;
                    }
                    if !sep {
                        break;
                    }
                    match item_at(p) {
                        Some(item) => items.push(item),
                        None => break,
                    }
                }
                // Longest list first, down to one item.
                (1..=items.len()).rev().any(|n| {
                    let end = items[n - 1].1 + 1;
                    try_match(
                        Bound::Entities(items[..n].iter().map(|(m, _)| *m).collect()),
                        end,
                    )
                })
            }
            SlotType::Number | SlotType::Ordinal => {
                // A hedge of up to four words may come before the number.
                for h in (0..=MAX_HEDGE).rev() {
                    let Some(value) = ctx.number_at(pos + h, ty) else {
                        continue;
                    };
                    let hedge = if h == 0 {
                        Hedge::Exact
                    } else {
                        let words: smallvec::SmallVec<[&str; MAX_HEDGE]> = tokens[pos..pos + h]
                            .iter()
                            .map(|t| t.norm.as_ref())
                            .collect();
                        match numbers::hedge_before(&words) {
                            Some((hedge, used)) if used == h => hedge,
                            _ => continue,
                        }
                    };
                    if try_match(Bound::Number { value, hedge }, pos + h + 1) {
                        return true;
                    }
                }
                false
            }
            SlotType::Date => ctx
                .dates_at
                .at(pos)
                .iter()
                .any(|(_, d, last)| try_match(Bound::Date(*d), last + 1)),
            SlotType::Value { relation } => {
                let Some(list) = self.values.iter().find(|v| v.relation == relation) else {
                    return false;
                };
                list.values
                    .iter()
                    .filter(|(toks, _)| matches_words(tokens, pos, toks))
                    .any(|(toks, value)| try_match(Bound::Text(value.clone()), pos + toks.len()))
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn emit(
        &self,
        pi: usize,
        ctx: &Ctx,
        start: usize,
        end: usize,
        st: &State,
        article: &Article,
        out: &mut Vec<ExtractedClaim>,
    ) {
        let span_start = ctx.tokens[start].start;
        let span_end = ctx.tokens[end - 1].end;
        let Some(pattern) = self.rules.patterns.get(pi) else {
            return;
        };
        for t in &pattern.templates {
            self.emit_template(pi, t, (span_start, span_end), st, article, out);
        }
    }

    fn emit_template(
        &self,
        pattern: usize,
        t: &ClaimTemplate,
        (span_start, span_end): (usize, usize),
        st: &State,
        article: &Article,
        out: &mut Vec<ExtractedClaim>,
    ) {
        let bound = |si: usize| st.slots.get(si).and_then(|b| b.as_ref());
        // A list slot in the arguments gives one claim per item (unless the
        // claim is a count, which counts them).
        let list_slot = t.args.iter().find_map(|a| match a {
            TemplateArg::Slot(si) if !t.count => match bound(*si) {
                Some((Bound::Entities(items), _, _)) if items.len() > 1 => Some(*si),
                _ => None,
            },
            _ => None,
        });
        // One claim per item of the list, or one claim.
        let (claims, listed) = match list_slot.and_then(bound) {
            Some((Bound::Entities(items), _, _)) => (items.len(), true),
            _ => (1, false),
        };
        for i in 0..claims {
            let item = listed.then_some(i);
            let mut args = Vec::with_capacity(t.args.len());
            let mut span = (span_start, span_end);
            for a in &t.args {
                args.push(match a {
                    TemplateArg::Wildcard => None,
                    TemplateArg::Const(v) => Some(v.clone()),
                    TemplateArg::Slot(si) => match bound(*si) {
                        Some((Bound::Entities(ms), _, _)) => {
                            let m = match (Some(*si) == list_slot, item) {
                                (true, Some(i)) => {
                                    let m = ms[i];
                                    span = (m.start, m.end);
                                    m
                                }
                                _ => ms[0],
                            };
                            Some(Value::Entity(m.entity))
                        }
                        Some((Bound::Number { value, .. }, _, _)) => Some(Value::Integer(*value)),
                        Some((Bound::Date(d), _, _)) => Some(Value::Date(d.first)),
                        Some((Bound::Text(s), _, _)) => Some(Value::Text(s.clone())),
                        None => return,
                    },
                });
            }
            let mut value = None;
            let mut count = None;
            if let Some(si) = t.value {
                match (bound(si), t.count) {
                    (Some((Bound::Number { value: n, hedge }, _, _)), true) => {
                        count = Some(CountSpec {
                            value: Some(*n),
                            hedge: *hedge,
                            min: None,
                            max: None,
                        })
                    }
                    (Some((Bound::Entities(items), _, _)), true) => {
                        count = Some(CountSpec {
                            value: Some(items.len() as i64),
                            hedge: Hedge::Exact,
                            min: None,
                            max: None,
                        })
                    }
                    (Some((Bound::Number { value: n, .. }, _, _)), false) => {
                        value = Some(Value::Integer(*n))
                    }
                    (Some((Bound::Text(s), _, _)), false) => value = Some(Value::Text(s.clone())),
                    (Some((Bound::Date(d), _, _)), false) => value = Some(Value::Date(d.first)),
                    (Some((Bound::Entities(ms), _, _)), false) => {
                        value = Some(Value::Entity(ms[0].entity))
                    }
                    _ => return,
                }
            }
            let as_of = t.on.and_then(|si| match bound(si) {
                Some((Bound::Date(d), _, _)) => Some(d.first),
                _ => None,
            });
            let negated = t.negated ^ (st.negations % 2 == 1);
            let text = article.text.get(span.0..span.1).unwrap_or("").to_string();
            out.push(ExtractedClaim {
                relation: t.relation,
                args,
                value,
                negated: negated && count.is_none(),
                count,
                span: ByteSpan {
                    start: span.0,
                    end: span.1,
                },
                text,
                as_of,
                time: t.time,
                pattern: Some(pattern),
            });
        }
    }
}

/// Two claims say the same thing, wherever and however they were read.
/// For each span `(start, end)`, whether another of the spans holds it
/// (starts at or before it and ends at or after it; an equal span too).
/// Sorted by start, the longest first, a span is held exactly when an
/// earlier one ends at or after its end, or another is equal to it.
fn held_by_another(spans: impl ExactSizeIterator<Item = (usize, usize)>) -> Vec<bool> {
    let spans: Vec<(usize, usize)> = spans.collect();
    let mut order: Vec<usize> = (0..spans.len()).collect();
    order.sort_unstable_by_key(|&i| {
        spans
            .get(i)
            .map(|&(start, end)| (start, std::cmp::Reverse(end)))
    });
    let mut held = vec![false; spans.len()];
    let mut latest_end: Option<usize> = None;
    for same in order.chunk_by(|&a, &b| spans.get(a) == spans.get(b)) {
        let Some(&(_, end)) = same.first().and_then(|&i| spans.get(i)) else {
            continue;
        };
        let by_earlier = latest_end.is_some_and(|e| e >= end);
        for &i in same {
            if let Some(h) = held.get_mut(i) {
                *h = by_earlier || same.len() > 1;
            }
        }
        latest_end = latest_end.max(Some(end));
    }
    held
}

fn same_assertion(a: &ExtractedClaim, b: &ExtractedClaim) -> bool {
    // Values equal exactly: text as written, not as `Value` compares it
    // (ignoring case and spacing).
    let same = |x: &Option<Value>, y: &Option<Value>| match (x, y) {
        (Some(Value::Text(p)), Some(Value::Text(q))) => p == q,
        _ => x == y,
    };
    a.relation == b.relation
        && a.args.len() == b.args.len()
        && a.args.iter().zip(&b.args).all(|(x, y)| same(x, y))
        && same(&a.value, &b.value)
        && a.negated == b.negated
        && a.count == b.count
        && a.as_of == b.as_of
        && a.time == b.time
}

fn matches_words<S: AsRef<str>>(tokens: &[Token], pos: usize, words: &[S]) -> bool {
    !words.is_empty()
        && pos + words.len() <= tokens.len()
        && tokens[pos..pos + words.len()]
            .iter()
            .zip(words)
            .all(|(t, w)| t.norm == w.as_ref())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;
    use std::sync::Arc;

    const RULES: &str = r#"
relation member(organization, country)
single attribute title(person): text
organization Bloc "Example Bloc"
country Avaria "Avaria"
  adjective "Avarian"
person Pat "Pat Example"
title(Pat) = "President"
pattern member-of: "{X: country} (is | was) [a] member of {O: organization}"
  gives member(O, X)
pattern n-members: "{O: organization} has {N: number} members"
  gives count member(O, _) = N
pattern title: "[the] {C: country adjective} {T: title} [,] {P: person}"
  gives title(P) = T
"#;

    fn extract(text: &str) -> Vec<ClaimRecord> {
        extract_with(RULES, text)
    }

    fn extract_with(rules: &str, text: &str) -> Vec<ClaimRecord> {
        let loaded = crate::load_source("t.facts", rules);
        assert!(!loaded.has_errors(), "{:#?}", loaded.diagnostics);
        let article = crate::article::from_text(
            crate::source::FileId(0),
            "t.txt",
            Path::new("t.txt"),
            Arc::from(text),
            Some(jiff::civil::date(2024, 7, 3)),
            jiff::civil::date(2024, 7, 3),
        )
        .expect("article");
        Extractor::new(&loaded.rules)
            .extract(&article)
            .records(&loaded.rules)
    }

    #[test]
    fn a_claim_read_twice_from_the_same_text_is_one_claim() {
        // Two patterns read the same claim from the same words, and a third
        // reads it from text inside theirs: one claim, the first pattern's.
        let rules = format!(
            "{RULES}pattern member-again: \"{{X: country}} is a member of {{O: organization}}\"\n  gives member(O, X)\npattern member-short: \"member of {{O: organization}}\"\n  gives member(O, Avaria)\n"
        );
        let claims = extract_with(&rules, "Avaria is a member of the Example Bloc today.");
        assert_eq!(claims.len(), 1, "{claims:#?}");
        assert_eq!(claims[0].pattern.as_deref(), Some("member-of"));
        assert_eq!(claims[0].text, "Avaria is a member of the Example Bloc");
    }

    /// Claims are the same only when their values are the same as
    /// written: `Value`'s own equality ignores case and spacing in text,
    /// which would merge "Prime Minister" into "prime minister".
    #[test]
    fn the_same_assertion_needs_text_equal_byte_for_byte() {
        let claim = |title: &str| ExtractedClaim {
            relation: 0,
            args: vec![Some(Value::Entity(0))],
            value: Some(Value::Text(title.into())),
            negated: false,
            count: None,
            span: ByteSpan { start: 0, end: 5 },
            text: "words".into(),
            as_of: None,
            time: crate::lang::ast::TimeMode::At,
            pattern: None,
        };
        assert!(same_assertion(
            &claim("Prime Minister"),
            &claim("Prime Minister")
        ));
        assert_eq!(
            Value::Text("Prime Minister".into()),
            Value::Text("prime  minister".into())
        );
        assert!(!same_assertion(
            &claim("Prime Minister"),
            &claim("prime  minister")
        ));
        let mut other = claim("Prime Minister");
        other.args = vec![Some(Value::Entity(1))];
        assert!(!same_assertion(&claim("Prime Minister"), &other));
        other = claim("Prime Minister");
        other.negated = true;
        assert!(!same_assertion(&claim("Prime Minister"), &other));
    }

    proptest::proptest! {
        /// The shapes of the pattern words only spare looking words up:
        /// every word, a pattern's own or one that nearly is (a byte
        /// changed, cut or added, any case or script), gets the number the
        /// map gives it.
        #[test]
        fn words_are_numbered_as_the_map_numbers_them(
            pick in 0usize..1000,
            cut in 0usize..12,
            extra in proptest::prop_oneof![
                proptest::strategy::Just(String::new()),
                "[a-z]{1,3}",
                "[A-Z\u{e9}\u{3a9}'-]{1,2}",
            ],
            other in "[a-z\u{e9}]{0,70}",
        ) {
            let extractor = Extractor::new(sco_rules());
            let mut words: Vec<&String> = extractor.word_ids.keys().collect();
            words.sort();
            let word = words[pick % words.len()];
            let mut variants = vec![word.clone(), other.clone(), format!("{word}{extra}"), format!("{extra}{word}")];
            if let Some(prefix) = word.get(..cut.min(word.len())) {
                variants.push(prefix.to_string());
            }
            for w in variants {
                proptest::prop_assert_eq!(
                    extractor.word_id(&w),
                    extractor.word_ids.get(w.as_str()).copied(),
                    "{:?}",
                    w
                );
            }
        }
    }

    fn sco_rules() -> &'static RuleSet {
        static RULES: std::sync::OnceLock<RuleSet> = std::sync::OnceLock::new();
        RULES.get_or_init(|| {
            let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/sco.facts");
            let loaded = crate::load_files(&[path]);
            assert!(!loaded.has_errors(), "{:#?}", loaded.diagnostics);
            loaded.rules
        })
    }

    proptest::proptest! {
        /// Spans held by another, found at once, are those a comparison of
        /// every pair finds (equal spans, shared starts and ends included).
        #[test]
        fn spans_held_by_another_are_found_as_pair_by_pair(
            spans in proptest::collection::vec((0usize..12, 0usize..6), 0..14)
        ) {
            let spans: Vec<(usize, usize)> = spans.into_iter().map(|(s, l)| (s, s + l)).collect();
            let expected: Vec<bool> = spans
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    spans
                        .iter()
                        .enumerate()
                        .any(|(j, d)| i != j && d.0 <= c.0 && c.1 <= d.1)
                })
                .collect();
            proptest::prop_assert_eq!(held_by_another(spans.iter().copied()), expected);
        }
    }

    /// The first extracted claim that, judged as the extractor typed it,
    /// is not exactly (text byte for byte) what `resolve` reads back from
    /// its record, if any.
    fn resolved_otherwise(extraction: &Extraction, date: jiff::civil::Date) -> Option<String> {
        extraction.claims.iter().find_map(|c| {
            let typed = format!("{:?}", c.clone().into_claim(date));
            let by_name = format!(
                "{:?}",
                crate::claims::resolve(sco_rules(), &c.to_record(sco_rules()), date)
            );
            (typed != by_name).then(|| format!("{typed} against {by_name}"))
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

        /// The shortcuts (sentences not tokenised, patterns not tried, dates
        /// not read, start positions skipped) never change what is found.
        #[test]
        fn shortcuts_find_exactly_what_trying_everything_finds(
            words in proptest::collection::vec(
                proptest::sample::select(&[
                    "Belarus", "Turkmenistan", "the SCO", "NATO", "is", "was", "not", "never",
                    "a", "full", "member", "members", "of", "nine-member", "bloc", "joins",
                    "will join", "Indian", "Kazakh", "President", "Prime Minister",
                    "Narendra Modi", "Xi Jinging", "Kassym-Jomart Tokayev", "made up of",
                    "founded in", "2001", "July 4, 2024", "on Thursday", "more than", "14",
                    "ten", "dialogue partners", "and", ",", ".", "\u{201c}", "\n", "é", "Ω",
                ][..]),
                0..40,
            )
        ) {
            let text = words.join(" ");
            let article = crate::article::from_text(
                crate::source::FileId(0),
                "p.txt",
                Path::new("p.txt"),
                Arc::from(text.as_str()),
                Some(jiff::civil::date(2024, 7, 3)),
                jiff::civil::date(2024, 7, 3),
            )
            .expect("article");
            let fast = Extractor::new(sco_rules()).extract(&article);
            let slow = Extractor::exhaustive(sco_rules()).extract(&article);
            proptest::prop_assert_eq!(
                fast.records(sco_rules()),
                slow.records(sco_rules()),
                "{}",
                text
            );
            proptest::prop_assert_eq!(&fast.misspellings, &slow.misspellings, "{}", text);
            proptest::prop_assert_eq!(resolved_otherwise(&fast, article.date), None, "{}", text);
        }
    }

    #[test]
    fn the_shortcuts_leave_the_five_articles_unchanged() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/articles");
        let mut checked = 0;
        for entry in std::fs::read_dir(&dir).expect("fixtures") {
            let path = entry.expect("entry").path();
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let name = path.display().to_string();
            let Ok(article) = crate::article::from_text(
                crate::source::FileId(0),
                &name,
                &path,
                Arc::from(text.as_str()),
                None,
                jiff::civil::date(2024, 7, 3),
            ) else {
                continue;
            };
            let fast = Extractor::new(sco_rules()).extract(&article);
            let slow = Extractor::exhaustive(sco_rules()).extract(&article);
            assert_eq!(
                fast.records(sco_rules()),
                slow.records(sco_rules()),
                "{name}"
            );
            assert_eq!(fast.misspellings, slow.misspellings, "{name}");
            assert_eq!(resolved_otherwise(&fast, article.date), None, "{name}");
            checked += usize::from(!fast.claims.is_empty());
        }
        assert!(checked >= 5, "{checked} articles with claims");
    }

    #[test]
    fn bit_sets_find_the_next_position_across_words() {
        let mut set = vec![0u64; 3];
        for p in [0, 63, 64, 130, 191] {
            set_bit(&mut set, p);
        }
        set_bit(&mut set, 192); // outside: ignored
        let found: Vec<Option<usize>> = [0, 1, 63, 64, 65, 129, 131, 191, 192, 500]
            .iter()
            .map(|&from| next_bit(&set, from))
            .collect();
        assert_eq!(
            found,
            vec![
                Some(0),
                Some(63),
                Some(63),
                Some(64),
                Some(130),
                Some(130),
                Some(191),
                Some(191),
                None,
                None
            ]
        );
    }

    #[test]
    fn patterns_start_anywhere_in_long_sentences() {
        // Claims after the 64th and the 128th token, starting with an
        // entity, with optional words ("the") before an adjective, and with
        // an entity before a number.
        let filler = "and so on ".repeat(30);
        let text = format!(
            "Avaria {filler} Avaria is a member of Example Bloc, {filler} the Avarian President Pat Example \
             said {filler} that Example Bloc has 12 members."
        );
        let claims = extract(&text);
        let got: Vec<(&str, &str)> = claims
            .iter()
            .map(|c| (&*c.relation, c.text.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("member", "Avaria is a member of Example Bloc"),
                ("title", "the Avarian President Pat Example"),
                ("member", "Example Bloc has 12 members"),
            ],
            "{claims:#?}"
        );
    }

    #[test]
    fn patterns_that_begin_with_a_date_are_tried_where_a_date_is() {
        let rules = format!(
            "{RULES}pattern joined-on: \"{{D: date}} [,] {{X: country}} joined {{O: organization}}\"\n  gives member(O, X) on D\n"
        );
        let filler = "and so on ".repeat(30);
        let text = format!(
            "On 4 July 2024, Avaria joined Example Bloc. It was {filler} said that \
             on 5 July 2024 Avaria joined Example Bloc."
        );
        let got: Vec<(String, Option<String>)> = extract_with(&rules, &text)
            .into_iter()
            .map(|c| (c.text, c.as_of))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "4 July 2024, Avaria joined Example Bloc".to_string(),
                    Some("2024-07-04".to_string())
                ),
                (
                    "5 July 2024 Avaria joined Example Bloc".to_string(),
                    Some("2024-07-05".to_string())
                ),
            ]
        );
    }

    #[test]
    fn entity_first_patterns_are_tried_after_their_leading_words() {
        // Words before the entity ("former"), a negation after it, and a
        // rest beginning with a slot: each must still be tried.
        let rules = format!(
            "{RULES}\n{}",
            r#"relation leads(person, country)
pattern led: "[former | one-time] {C: country adjective} leader {P: person}"
  gives ever leads(P, C)
pattern n-partners: "{O: organization} [, ... ,] never had {N: number} partners"
  gives count member(O, _) = N
pattern joined: "{C: country} {D: date} joined {O: organization}"
  gives member(O, C) on D
pattern n-allies: "{O: organization} {N: number} allies"
  gives count member(O, _) = N
"#
        );
        for (text, relation, claim) in [
            (
                "He met former Avarian leader Pat Example.",
                "leads",
                "former Avarian leader Pat Example",
            ),
            (
                "He met one-time Avarian leader Pat Example.",
                "leads",
                "one-time Avarian leader Pat Example",
            ),
            (
                "He met Avarian leader Pat Example.",
                "leads",
                "Avarian leader Pat Example",
            ),
            (
                "The Example Bloc never had 5 partners.",
                "member",
                "The Example Bloc never had 5 partners",
            ),
            // A rest beginning with a number (after a hedge) or a date.
            (
                "Example Bloc: the Example Bloc nearly 5 allies.",
                "member",
                "the Example Bloc nearly 5 allies",
            ),
            (
                "Avaria 4 July 2024 joined the Example Bloc.",
                "member",
                "Avaria 4 July 2024 joined the Example Bloc",
            ),
        ] {
            let claims = extract_with(&rules, text);
            assert_eq!(claims.len(), 1, "{text}: {claims:?}");
            assert_eq!(&*claims[0].relation, relation, "{text}");
            assert_eq!(claims[0].text, claim, "{text}");
        }
        assert!(extract_with(&rules, "former Avarian chief Pat Example").is_empty());
    }

    #[test]
    fn every_negation_starts_with_n() {
        // `Extractor::context` looks for negations only at words with "n".
        assert!(NEGATIONS
            .iter()
            .all(|n| n.first().is_some_and(|w| w.starts_with('n'))));
    }

    #[test]
    fn negation_words_flip_the_claim() {
        for (text, negated) in [
            ("Avaria is a member of the Example Bloc.", false),
            ("Avaria is not a member of the Example Bloc.", true),
            ("Avaria isn't a member of the Example Bloc.", true),
            ("Avaria was never a member of the Example Bloc.", true),
            ("Avaria is no longer a member of the Example Bloc.", true),
            // Right after the entity a pattern begins with.
            ("Avaria never was a member of the Example Bloc.", true),
            ("Avaria no longer is a member of the Example Bloc.", true),
        ] {
            let claims = extract(text);
            assert_eq!(claims.len(), 1, "{text}");
            assert_eq!(claims[0].negated, negated, "{text}");
        }
    }

    #[test]
    fn after_a_gap_the_words_are_found_and_a_negation_before_them_counts() {
        let rules = format!(
            "{RULES}pattern joined: \"{{X: country}} ... joined {{O: organization}}\"\n  gives member(O, X)\n"
        );
        for (text, negated) in [
            ("Avaria , they say , joined the Example Bloc.", false),
            ("Avaria in the end joined the Example Bloc.", false),
            ("Avaria in the end never joined the Example Bloc.", true),
            ("Avaria never joined the Example Bloc.", true),
        ] {
            let claims = extract_with(&rules, text);
            assert_eq!(claims.len(), 1, "{text}");
            assert_eq!(claims[0].negated, negated, "{text}");
            assert_eq!(&*claims[0].relation, "member", "{text}");
        }
        // More than a gap's length away: nothing.
        let far = "Avaria a b c d e f g h i j joined the Example Bloc.";
        assert!(extract_with(&rules, far).is_empty());
    }

    #[test]
    fn a_list_shorter_than_the_longest_is_tried_when_the_longest_fails() {
        // "Avaria and Borduria and Carpania" is the longest list, but the
        // pattern needs "and {Y: country}" after the list: only the two
        // first countries can be the list.
        let rules = r#"
relation member(organization, country)
organization Bloc "Example Bloc"
country Avaria "Avaria"
country Borduria "Borduria"
country Carpania "Carpania"
pattern joined-with: "{X: country list} and {Y: country} joined {O: organization}"
  gives member(O, X), member(O, Y)
"#;
        let claims = extract_with(
            rules,
            "Avaria, Borduria and Carpania joined the Example Bloc.",
        );
        let mut args: Vec<String> = claims.iter().map(|c| c.args[1].to_string()).collect();
        args.sort();
        assert_eq!(args, ["\"Avaria\"", "\"Borduria\"", "\"Carpania\""]);
    }

    #[test]
    fn hedged_numbers_keep_their_hedge() {
        let claims = extract(
            "The Example Bloc has more than forty members. The Example Bloc has about 12 members.",
        );
        let counts: Vec<(i64, Hedge)> = claims
            .iter()
            .filter_map(|c| c.count.map(|n| (n.value.unwrap_or(0), n.hedge)))
            .collect();
        assert_eq!(counts, vec![(40, Hedge::MoreThan), (12, Hedge::About)]);
    }

    #[test]
    fn titles_before_names_with_comma_and_article() {
        let claims = extract("He met the Avarian president, Pat Example, on Monday.");
        assert_eq!(claims.len(), 1);
        assert_eq!(
            claims[0].value,
            Some(serde_json::Value::String("President".into()))
        );
        assert_eq!(claims[0].text, "the Avarian president, Pat Example");
    }

    #[test]
    fn a_pattern_cannot_run_away() {
        // Many gaps and alternatives over a long sentence: bounded by the step budget.
        let rules = r#"
relation member(organization, country)
organization Bloc "Example Bloc"
country Avaria "Avaria"
pattern slow: "... ... ... ... (a | a a | a a a) ... ... {X: country} ... ... member of {O: organization}"
  gives member(O, X)
"#;
        let loaded = crate::load_source("slow.facts", rules);
        assert!(!loaded.has_errors(), "{:#?}", loaded.diagnostics);
        let text = format!("{} Avaria.", "a ".repeat(400));
        let article = crate::article::from_text(
            crate::source::FileId(0),
            "t.txt",
            Path::new("t.txt"),
            Arc::from(text.as_str()),
            None,
            jiff::civil::date(2024, 7, 3),
        )
        .expect("article");
        // Finishing at all is the point: without the budget this pattern
        // backtracks exponentially over the 400 words.
        let claims = Extractor::new(&loaded.rules).extract(&article).claims;
        assert!(claims.is_empty());
    }
}
