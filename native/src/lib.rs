//! A measured prototype of a compiled core for copylint's hot primitives (issue 11 part 3).
//!
//! Each function here does what one piece of copylint's Python path does, with the same
//! answer; `bench/native_core.py` builds this module, asserts the answers equal on a corpus
//! and prints both costs side by side. Nothing in copylint imports it.
//!
//! - `tokenize`: `Document.tokens` (`Words`) and `Document.word_set`: the `WORD_RE` tokens
//!   of the lowercased prose, their code-point starts and the distinct words.
//! - `Lexicon`: the shipped dictionary (`rules/spelling/data/lexicon.txt`, read at load):
//!   which words of a word set it lacks, and `suggest.neighbours` / `suggest.two_edits`.
//! - `LineSet`: the boilerplate line patterns (`LineSet.classifier`'s strong and weak
//!   alternations) as one anchored regex set: which rules' patterns fit each line.
//! - `Needles`: `multimatch.Needles.found`, one Aho-Corasick pass over UTF-8.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyFrozenSet, PyList, PySet, PyString};
use regex::{RegexSet, RegexSetBuilder};
use rustc_hash::{FxHashMap, FxHashSet};

// ------------------------------------------------------------------------------ tokens

/// Which code points Python's `str.isalnum()` holds true (`[^\W_]` of `re`), one bit each:
/// handed over from Python so that the tokens are Python's exactly, not Rust's idea of a letter.
#[pyclass(frozen)]
struct WordChars {
    bits: Vec<u64>,
}

#[pymethods]
impl WordChars {
    #[new]
    fn new(bitmap: &[u8]) -> Self {
        let mut bits = vec![0u64; (bitmap.len() + 63) / 64];
        for (i, b) in bitmap.iter().enumerate() {
            if *b != 0 {
                bits[i / 64] |= 1u64 << (i % 64);
            }
        }
        WordChars { bits }
    }
}

impl WordChars {
    #[inline]
    fn is_word(&self, c: char) -> bool {
        let u = c as u32;
        if u < 128 {
            return (c as u8).is_ascii_alphanumeric();
        }
        let i = u as usize;
        let word = i / 64;
        word < self.bits.len() && (self.bits[word] >> (i % 64)) & 1 == 1
    }
}

#[inline]
fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// The tokens of `text` as (byte start, byte end, code-point start).
fn tokens(chars: &WordChars, text: &str) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::with_capacity(text.len() / 6);
    let mut it = text.char_indices().peekable();
    let mut cp = 0usize; // code-point index of the char `it` yields next
    while let Some((b, c)) = it.next() {
        if !chars.is_word(c) {
            cp += 1;
            continue;
        }
        let start_b = b;
        let start_cp = cp;
        cp += 1;
        let mut end_b = b + c.len_utf8();
        loop {
            match it.peek() {
                Some(&(b2, c2)) if chars.is_word(c2) => {
                    it.next();
                    cp += 1;
                    end_b = b2 + c2.len_utf8();
                }
                Some(&(b2, c2)) if is_apostrophe(c2) => {
                    // an apostrophe joins two runs of word characters: look one past it
                    let after = text[b2 + c2.len_utf8()..].chars().next();
                    match after {
                        Some(c3) if chars.is_word(c3) => {
                            it.next();
                            cp += 1;
                        }
                        _ => break,
                    }
                }
                _ => break,
            }
        }
        out.push((start_b, end_b, start_cp));
    }
    out
}

/// (words, starts, word set) of a lowercased text, or None where it is no valid UTF-8 (a lone
/// surrogate): the Python path handles those. One `str` object per distinct word.
#[pyfunction]
fn tokenize<'py>(
    py: Python<'py>,
    chars: &WordChars,
    lower: &Bound<'py, PyString>,
    with_starts: bool,
) -> PyResult<Option<(Bound<'py, PyList>, Option<Bound<'py, PyList>>, Bound<'py, PyFrozenSet>)>> {
    let text = match lower.to_str() {
        Ok(t) => t,
        Err(_) => return Ok(None),
    };
    let toks = tokens(chars, text);
    let mut distinct: FxHashMap<&str, Bound<'py, PyString>> =
        FxHashMap::with_capacity_and_hasher(toks.len() / 2 + 8, Default::default());
    let mut words: Vec<Bound<'py, PyString>> = Vec::with_capacity(toks.len());
    for &(s, e, _) in &toks {
        let w = &text[s..e];
        let obj = distinct.entry(w).or_insert_with(|| PyString::new(py, w));
        words.push(obj.clone());
    }
    let starts = if with_starts {
        Some(PyList::new(py, toks.iter().map(|t| t.2))?)
    } else {
        None
    };
    let set = PyFrozenSet::new(py, distinct.values())?;
    Ok(Some((PyList::new(py, words)?, starts, set)))
}

// ------------------------------------------------------------------------------ lexicon

#[pyclass(frozen)]
struct Lexicon {
    words: FxHashSet<Box<str>>,
    // the hashes of every beginning and every ending of a word: whether some word begins or ends
    // with a string, one look-up each. A collision can only let the search try more strings,
    // never find other words (the pruning it serves loses none)
    prefixes: FxHashSet<u64>,
    suffixes: FxHashSet<u64>,
}

fn hashed(s: &str) -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = rustc_hash::FxBuildHasher.build_hasher();
    h.write(s.as_bytes());
    h.write_u8(0xff);
    h.finish()
}

const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyz";

impl Lexicon {
    fn prefix(&self, s: &str) -> bool {
        self.prefixes.contains(&hashed(s))
    }
    fn suffix(&self, s: &str) -> bool {
        self.suffixes.contains(&hashed(s))
    }
    /// The longest beginning of `word` some word has, and the longest ending (in chars).
    fn window(&self, word: &[char]) -> (usize, usize) {
        let n = word.len();
        let longest = |valid: &dyn Fn(usize) -> bool| {
            let (mut lo, mut hi) = (0usize, n);
            while lo < hi {
                let mid = (lo + hi + 1) / 2;
                if valid(mid) {
                    lo = mid
                } else {
                    hi = mid - 1
                }
            }
            lo
        };
        let p = longest(&|k| self.prefix(&word[..k].iter().collect::<String>()));
        let q = longest(&|k| self.suffix(&word[n - k..].iter().collect::<String>()));
        (p, q)
    }
}

fn cat(parts: &[&[char]]) -> String {
    let mut s = String::new();
    for p in parts {
        s.extend(p.iter());
    }
    s
}

/// Every string one edit from `word` with the chars it keeps at its start and end (`suggest.one_edit`).
fn one_edit(word: &[char]) -> Vec<(Vec<char>, usize, usize)> {
    let n = word.len();
    let mut out = Vec::with_capacity(54 * n + 26);
    for i in 0..=n {
        let (a, b) = word.split_at(i);
        if !b.is_empty() {
            let rest = &b[1..];
            out.push(([a, rest].concat(), i, n - i - 1));
            for &c in LETTERS {
                let c = c as char;
                if c != b[0] {
                    out.push(([a, &[c], rest].concat(), i, n - i - 1));
                }
            }
            if b.len() > 1 && b[0] != b[1] {
                out.push(([a, &[b[1], b[0]], &b[2..]].concat(), i, n - i - 2));
            }
        }
        for &c in LETTERS {
            out.push(([a, &[c as char], b].concat(), i, n - i));
        }
    }
    out
}

#[pymethods]
impl Lexicon {
    /// The dictionary from the shipped sorted word list (one a line, as scripts/build_lexicon.py writes it).
    #[new]
    fn new(path: &str) -> PyResult<Self> {
        let text = std::fs::read_to_string(path).map_err(|e| PyValueError::new_err(format!("{path}: {e}")))?;
        let words: FxHashSet<Box<str>> = text.split('\n').filter(|w| !w.is_empty()).map(Box::from).collect();
        let mut prefixes = FxHashSet::default();
        let mut suffixes = FxHashSet::default();
        prefixes.insert(hashed(""));
        suffixes.insert(hashed(""));
        for w in &words {
            for (i, _) in w.char_indices().skip(1) {
                prefixes.insert(hashed(&w[..i]));
                suffixes.insert(hashed(&w[i..]));
            }
            prefixes.insert(hashed(w));
            suffixes.insert(hashed(w));
        }
        Ok(Lexicon { words, prefixes, suffixes })
    }

    fn __len__(&self) -> usize {
        self.words.len()
    }

    /// The words of a set (or any iterable of str) that the dictionary lacks, as a frozenset.
    fn unknown<'py>(&self, py: Python<'py>, words: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyFrozenSet>> {
        let out = PySet::empty(py)?;
        for w in words.try_iter()? {
            let w = w?;
            let s = w.downcast::<PyString>()?;
            let held = match s.to_str() {
                Ok(t) => self.words.contains(t),
                Err(_) => false, // a lone surrogate is in no dictionary
            };
            if !held {
                out.add(w)?;
            }
        }
        PyFrozenSet::new(py, out.iter())
    }

    /// `suggest.neighbours`: the dictionary words one edit from `word`.
    fn neighbours(&self, word: &str) -> FxHashSet<String> {
        let w: Vec<char> = word.chars().collect();
        let n = w.len();
        let (p, q) = self.window(&w);
        let mut found = FxHashSet::default();
        let mut look = |s: String| {
            if self.words.contains(s.as_str()) {
                found.insert(s);
            }
        };
        let lo = |d: usize| (n as isize - d as isize - q as isize).max(0) as usize;
        if n >= 1 {
            for i in lo(1)..=p.min(n - 1) {
                let (a, rest) = (&w[..i], &w[i + 1..]);
                look(cat(&[a, rest]));
                for &c in LETTERS {
                    let c = c as char;
                    if c != w[i] {
                        look(cat(&[a, &[c], rest]));
                    }
                }
            }
        }
        if n >= 2 {
            for i in lo(2)..=p.min(n - 2) {
                if w[i] != w[i + 1] {
                    look(cat(&[&w[..i], &[w[i + 1], w[i]], &w[i + 2..]]));
                }
            }
        }
        for i in lo(0)..=p.min(n) {
            for &c in LETTERS {
                look(cat(&[&w[..i], &[c as char], &w[i..]]));
            }
        }
        found
    }

    /// `suggest.two_edits`: the dictionary words a deletion or a transposition from a string
    /// one edit from `word`, searched within the same prefix and suffix bounds.
    fn two_edits(&self, word: &str) -> FxHashSet<String> {
        let w: Vec<char> = word.chars().collect();
        let (p, q) = self.window(&w);
        let mut starts: FxHashMap<Vec<char>, bool> = FxHashMap::default();
        let mut ends: FxHashMap<Vec<char>, bool> = FxHashMap::default();
        let mut reach: FxHashSet<String> = FxHashSet::default();
        for (s, kept_start, kept_end) in one_edit(&w) {
            let m = s.len();
            let ps = if kept_start > p {
                p
            } else {
                let mut ps = kept_start;
                while ps < m {
                    let head = &s[..ps + 1];
                    let ok = match starts.get(head) {
                        Some(&ok) => ok,
                        None => {
                            let ok = self.prefix(&head.iter().collect::<String>());
                            starts.insert(head.to_vec(), ok);
                            ok
                        }
                    };
                    if !ok {
                        break;
                    }
                    ps += 1;
                }
                ps
            };
            let qs = if kept_end > q {
                q
            } else {
                let mut qs = kept_end;
                while qs < m {
                    let tail = &s[m - qs - 1..];
                    let ok = match ends.get(tail) {
                        Some(&ok) => ok,
                        None => {
                            let ok = self.suffix(&tail.iter().collect::<String>());
                            ends.insert(tail.to_vec(), ok);
                            ok
                        }
                    };
                    if !ok {
                        break;
                    }
                    qs += 1;
                }
                qs
            };
            let lo = |d: usize| (m as isize - d as isize - qs as isize).max(0) as usize;
            if m >= 1 {
                for k in lo(1)..=ps.min(m - 1) {
                    reach.insert(cat(&[&s[..k], &s[k + 1..]]));
                }
            }
            if m >= 2 {
                for k in lo(2)..=ps.min(m - 2) {
                    reach.insert(cat(&[&s[..k], &[s[k + 1], s[k]], &s[k + 2..]]));
                }
            }
        }
        reach.remove(word);
        reach.retain(|s| self.words.contains(s.as_str()));
        reach
    }
}

// ------------------------------------------------------------------------------ bigram counts

/// `realword.Bigrams._look_up`: sorted 'w1 w2<TAB>count' lines after one comment line,
/// searched by bisection in the bytes as read.
#[pyclass(frozen)]
struct Bigrams {
    data: Vec<u8>,
    start: usize,
}

#[pymethods]
impl Bigrams {
    #[new]
    fn new(data: &[u8]) -> Self {
        let start = data.iter().position(|&b| b == b'\n').map_or(0, |i| i + 1);
        Bigrams { data: data.to_vec(), start }
    }

    /// The count on the line that starts with `key` ('w1 w2<TAB>' in UTF-8), 0 if none does.
    fn look_up(&self, key: &[u8]) -> PyResult<u64> {
        let data = &self.data[..];
        let (mut lo, mut hi) = (self.start, data.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            let start = data[lo..mid].iter().rposition(|&b| b == b'\n').map_or(lo, |i| lo + i + 1);
            let end = data[start..].iter().position(|&b| b == b'\n').map_or(data.len(), |i| start + i);
            if &data[start..end] < key {
                lo = end + 1;
            } else {
                hi = start;
            }
        }
        if lo > data.len() || !data[lo..].starts_with(key) {
            return Ok(0);
        }
        let from = lo + key.len();
        let end = data[from..].iter().position(|&b| b == b'\n').map_or(data.len(), |i| from + i);
        std::str::from_utf8(&data[from..end]).ok().and_then(|t| t.trim().parse().ok())
            .ok_or_else(|| PyValueError::new_err("a count that is no number"))
    }
}

// ------------------------------------------------------------------------------ line patterns

/// Each rule's line patterns (one regex per rule, as `LineSet.classifier` joins them), anchored
/// at both ends: which of them fit a whole line, as bits (rule i is bit i). An ASCII line (most
/// of them) is matched by the same patterns compiled without Unicode (each non-ASCII character of
/// a pattern a byte that ASCII never holds): far smaller automata, the same answers on ASCII text.
#[pyclass(frozen)]
struct LineSet {
    strong_ascii: regex::bytes::RegexSet,
    weak_ascii: regex::bytes::RegexSet,
    // the Unicode sets, compiled when a line that is not ASCII first comes (most lines are ASCII,
    // and the Unicode classes make these the slow ones to compile)
    unicode: std::sync::OnceLock<(RegexSet, RegexSet)>,
    patterns: (Vec<(u32, String, String)>, Vec<(u32, String, String)>),
    strong_rules: Vec<u32>, // the rule index of each pattern of the set
    weak_rules: Vec<u32>,
    use_ascii: bool,
}

fn anchored(patterns: &[(u32, String, String)], ascii: bool) -> Vec<String> {
    patterns.iter().map(|(_, u, a)| format!(r"\A(?:{})\z", if ascii { a } else { u })).collect()
}

fn err(e: impl ToString) -> PyErr {
    PyValueError::new_err(e.to_string())
}

fn bits_of(matched: impl Iterator<Item = usize>, rules: &[u32]) -> u64 {
    let mut bits = 0u64;
    for i in matched {
        bits |= 1u64 << rules[i];
    }
    bits
}

fn unicode_set(p: &[(u32, String, String)]) -> Result<RegexSet, regex::Error> {
    RegexSetBuilder::new(anchored(p, false)).case_insensitive(true).size_limit(512 << 20)
        .dfa_size_limit(64 << 20).build()
}

impl LineSet {
    fn unicode(&self) -> &(RegexSet, RegexSet) {
        // the patterns compiled once already (new() checks them), so they compile again
        self.unicode.get_or_init(|| {
            (unicode_set(&self.patterns.0).expect("checked"), unicode_set(&self.patterns.1).expect("checked"))
        })
    }
}

#[pymethods]
impl LineSet {
    /// `strong`, `weak`: (rule index, pattern in Rust's syntax, the same for ASCII text with each
    /// non-ASCII character written `\xFF`) for each rule with such patterns. `eager`: compile the
    /// Unicode sets now (else on the first line that needs them). `use_ascii`: False to match
    /// every line with the Unicode sets.
    #[new]
    #[pyo3(signature = (strong, weak, use_ascii = true, eager = false))]
    fn new(strong: Vec<(u32, String, String)>, weak: Vec<(u32, String, String)>, use_ascii: bool, eager: bool)
           -> PyResult<Self> {
        if strong.iter().chain(weak.iter()).any(|(i, _, _)| *i >= 64) {
            return Err(PyValueError::new_err("at most 64 rules"));
        }
        for (_, u, _) in strong.iter().chain(weak.iter()) {
            // each pattern alone, without building automata: an error now, not on some later line
            regex_syntax::Parser::new().parse(u).map_err(err)?;
        }
        let ascii = |p: &[(u32, String, String)]| {
            regex::bytes::RegexSetBuilder::new(anchored(p, true)).case_insensitive(true).unicode(false)
                .size_limit(512 << 20).dfa_size_limit(64 << 20).build().map_err(err)
        };
        let made = LineSet {
            strong_ascii: ascii(&strong)?,
            weak_ascii: ascii(&weak)?,
            unicode: std::sync::OnceLock::new(),
            strong_rules: strong.iter().map(|t| t.0).collect(),
            weak_rules: weak.iter().map(|t| t.0).collect(),
            patterns: (strong, weak),
            use_ascii,
        };
        if eager || !use_ascii {
            made.unicode.set((unicode_set(&made.patterns.0).map_err(err)?, unicode_set(&made.patterns.1).map_err(err)?))
                .ok();
        }
        Ok(made)
    }

    /// For each line, (the rules whose strong patterns fit it, those whose weak ones do), as bits.
    fn classify(&self, lines: Vec<String>) -> (Vec<u64>, Vec<u64>) {
        let mut strong = Vec::with_capacity(lines.len());
        let mut weak = Vec::with_capacity(lines.len());
        for line in &lines {
            if line.is_empty() {
                strong.push(0);
                weak.push(0);
            } else if self.use_ascii && line.is_ascii() {
                strong.push(bits_of(self.strong_ascii.matches(line.as_bytes()).iter(), &self.strong_rules));
                weak.push(bits_of(self.weak_ascii.matches(line.as_bytes()).iter(), &self.weak_rules));
            } else {
                let (s, w) = self.unicode();
                strong.push(bits_of(s.matches(line).iter(), &self.strong_rules));
                weak.push(bits_of(w.matches(line).iter(), &self.weak_rules));
            }
        }
        (strong, weak)
    }
}

// ------------------------------------------------------------------------------ pattern entries

/// The declarative engine's regex entries, their look-arounds left out (so each fits wherever
/// the original does, and more): one pass over a document says which entries may match, and
/// only those are run by Python's `regex`. ASCII text is matched by the same patterns compiled
/// without Unicode, as for the line patterns.
#[pyclass(frozen)]
struct PatternSet {
    unicode: RegexSet,
    ascii: regex::bytes::RegexSet,
    use_ascii: bool,
}

/// Whether Rust's `regex` compiles a pattern: None, or why not.
#[pyfunction]
fn pattern_error(pattern: &str, ascii: bool) -> Option<String> {
    let built = if ascii {
        regex::bytes::RegexBuilder::new(pattern).unicode(false).size_limit(64 << 20).build().err().map(|e| e.to_string())
    } else {
        regex::RegexBuilder::new(pattern).size_limit(64 << 20).build().err().map(|e| e.to_string())
    };
    built
}

#[pymethods]
impl PatternSet {
    /// (pattern, the same for ASCII text) for each entry, its flags written inline.
    #[new]
    #[pyo3(signature = (patterns, use_ascii = false))]
    fn new(patterns: Vec<(String, String)>, use_ascii: bool) -> PyResult<Self> {
        let unicode = RegexSetBuilder::new(patterns.iter().map(|p| &p.0)).size_limit(512 << 20)
            .dfa_size_limit(64 << 20).build().map_err(err)?;
        let ascii = regex::bytes::RegexSetBuilder::new(patterns.iter().map(|p| &p.1)).unicode(false)
            .size_limit(512 << 20).dfa_size_limit(64 << 20).build().map_err(err)?;
        Ok(PatternSet { unicode, ascii, use_ascii })
    }

    /// The indexes of the entries that may match somewhere in `text`, in order.
    fn matches(&self, text: &str) -> Vec<usize> {
        if self.use_ascii && text.is_ascii() {
            self.ascii.matches(text.as_bytes()).into_iter().collect()
        } else {
            self.unicode.matches(text).into_iter().collect()
        }
    }
}

// ------------------------------------------------------------------------------ needles

#[pyclass(frozen)]
struct Needles {
    automaton: AhoCorasick,
    strings: Vec<Py<PyString>>,
}

#[pymethods]
impl Needles {
    #[new]
    fn new(py: Python<'_>, strings: Vec<String>) -> PyResult<Self> {
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build(&strings)
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        let strings = strings.iter().map(|s| PyString::new(py, s).unbind()).collect();
        Ok(Needles { automaton, strings })
    }

    /// The strings that occur in `text` (anywhere, overlaps included), as a set.
    fn found<'py>(&self, py: Python<'py>, text: &Bound<'py, PyString>) -> PyResult<Bound<'py, PySet>> {
        let out = PySet::empty(py)?;
        // lone surrogates (no UTF-8): an error, and the caller's Python path answers
        let bytes = text.to_str()?.as_bytes();
        let n = self.strings.len();
        let mut seen = vec![false; n];
        let mut left = n;
        for m in self.automaton.find_overlapping_iter(bytes) {
            let i = m.pattern().as_usize();
            if !seen[i] {
                seen[i] = true;
                out.add(self.strings[i].bind(py))?;
                left -= 1;
                if left == 0 {
                    break;
                }
            }
        }
        Ok(out)
    }
}

#[pymodule]
fn copylint_native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<WordChars>()?;
    m.add_function(wrap_pyfunction!(tokenize, m)?)?;
    m.add_class::<Lexicon>()?;
    m.add_class::<LineSet>()?;
    m.add_class::<Needles>()?;
    m.add_class::<Bigrams>()?;
    m.add_class::<PatternSet>()?;
    m.add_function(wrap_pyfunction!(pattern_error, m)?)?;
    Ok(())
}
