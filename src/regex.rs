//! Regular expressions for the `regexPattern` of access-package questions: compiling a
//! pattern (or saying precisely why it does not compile) and testing text answers against
//! it. The `regex` crate is too large for WebAssembly and has different semantics, so this
//! is our own small backtracking engine. This module knows nothing of questions or
//! validation rules; callers decide what a failed compile or a non-matching answer means.
//!
//! # Dialect
//!
//! ECMAScript 2018 `RegExp` syntax as with the `u` flag and no other flag, i.e. what
//! `new RegExp(pattern, "u")` accepts, without Annex B leniencies: a lone `{`, `}` or `]`,
//! a `\1` with no group 1 and unknown identity escapes such as `\q` are errors.
//!
//! - Matching is case-sensitive ([`Regex::new_ignore_case`] compares by simple case
//!   folding, as with the `i` flag) and works on Unicode scalar values (Rust `char`); `.`
//!   matches anything but the line terminators `\n \r \u2028 \u2029`; `^` and `$` anchor
//!   at the start and end of the input only. (V8 may start a search between the halves
//!   of a surrogate pair, which can differ with lookbehind; the specification, and this
//!   engine, never do.)
//! - Alternation `|`; groups `( )`, `(?: )`, `(?<name> )`; lookahead `(?= )` `(?! )` and
//!   lookbehind `(?<= )` `(?<! )`, which are atomic, the lookbehind body matched right to
//!   left as in JavaScript.
//! - Quantifiers `* + ? {n} {n,} {n,m}` and their lazy forms with a trailing `?`. As in
//!   JavaScript, an iteration beyond the minimum that matches the empty string fails, and
//!   the captures inside a quantified atom are cleared at each iteration. Bounds beyond
//!   `usize::MAX` saturate.
//! - Classes `[...]` `[^...]` with ranges; `\d \D \w \W \s \S` inside and outside classes
//!   (ASCII digits; ASCII word characters `[A-Za-z0-9_]`; ECMAScript white space and line
//!   terminators); `\b` (backspace) and `\-` inside classes.
//! - Assertions `^ $ \b \B`; backreferences `\1`...`\N` and `\k<name>`, which may refer to
//!   a group further right. A reference to a group that has not captured matches empty.
//! - Escapes `\t \n \r \f \v \0 \xHH \uHHHH \u{H...} \cX` and the escaped syntax
//!   characters `\^ \$ \\ \. \* \+ \? \( \) \[ \] \{ \} \| \/`. A surrogate pair written as
//!   `\uD83D\uDE00` is one character; a lone surrogate is accepted but never matches.
//! - Not supported, and reported as errors: Unicode property escapes `\p{..}` `\P{..}`
//!   and `\u` escapes in group names. Group names are approximated as a first character
//!   that is `$`, `_` or alphabetic, then those, numeric characters, ZWNJ or ZWJ.
//! - Groups nested more than [`MAX_NESTING`] deep are an error, and a search gives up
//!   after [`STEP_BUDGET`] steps (one per instruction executed; comparing a backreference
//!   or copying captures into a lookaround costs in proportion).
//!
//! Errors report the first problem met reading the pattern left to right.

use std::fmt;

/// Number of matcher steps one [`Regex::is_match`] call may take (over all start
/// positions) before it gives up and returns `None`.
pub const STEP_BUDGET: u64 = 1_000_000;

/// Code points of one class that [`Regex::new_ignore_case`] folds, at most: enough for
/// every Latin, Greek, Cyrillic and Armenian range, small enough that compiling a rule
/// once per user of a large tenant stays cheap.
const MAX_FOLDED: u32 = 1 << 13;

/// Deepest allowed nesting of parenthesised groups; deeper is "pattern nests too deeply".
pub const MAX_NESTING: usize = 100;

/// Longest pattern compiled, in characters (README "Limits"): compiling costs memory in
/// proportion to the pattern, and real patterns are a line long.
pub const MAX_PATTERN_CHARS: usize = 10_000;

/// A compiled pattern.
#[derive(Debug, Clone, PartialEq)]
pub struct Regex {
    pattern: String,
    prog: Vec<Inst>,
    slots: usize,
    regs: usize,
    ignore_case: bool,
}

/// Why a pattern does not compile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegexError {
    /// Character offset (in chars, not bytes) in the pattern where the problem was found.
    pub offset: usize,
    /// One phrase, lowercase start, no trailing period, e.g. "unterminated character class".
    pub message: String,
}

impl fmt::Display for RegexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at character {}", self.message, self.offset)
    }
}

impl std::error::Error for RegexError {}

impl Regex {
    /// Compiles `pattern` in the dialect described in the module documentation.
    ///
    /// # Errors
    ///
    /// A [`RegexError`] locating the first problem when the pattern does not compile.
    pub fn new(pattern: &str) -> Result<Regex, RegexError> {
        if pattern.len() > MAX_PATTERN_CHARS && pattern.chars().count() > MAX_PATTERN_CHARS {
            return Err(RegexError {
                offset: MAX_PATTERN_CHARS,
                message: format!("the pattern is longer than {MAX_PATTERN_CHARS} characters"),
            });
        }
        let chars: Vec<char> = pattern.chars().collect();
        let (total_groups, all_names) = prescan(&chars);
        let mut parser = Parser {
            chars,
            pos: 0,
            depth: 0,
            groups: 0,
            names: Vec::new(),
            total_groups,
            all_names,
        };
        let ast = parser.disjunction()?;
        if parser.pos < parser.chars.len() {
            return err(parser.pos, "unmatched closing parenthesis");
        }
        let mut compiler = Compiler {
            prog: Vec::new(),
            regs: 0,
        };
        compiler.compile(&ast, false);
        compiler.prog.push(Inst::Succeed);
        Ok(Regex {
            pattern: pattern.to_string(),
            prog: compiler.prog,
            slots: 2 * (parser.groups + 1),
            regs: compiler.regs,
            ignore_case: false,
        })
    }

    /// Like [`Regex::new`], matching as with the `iu` flags: characters, classes and
    /// backreferences compare by simple case folding, so `^émile$` matches "Émile" while
    /// `\D` still means "not a digit" (the pattern itself is never rewritten).
    ///
    /// # Errors
    ///
    /// As [`Regex::new`].
    pub fn new_ignore_case(pattern: &str) -> Result<Regex, RegexError> {
        let mut regex = Regex::new(pattern)?;
        regex.ignore_case = true;
        for inst in &mut regex.prog {
            match inst {
                Inst::Char(want, _) => {
                    if let Some(w) = char::from_u32(*want) {
                        *want = u32::from(fold(w));
                    }
                }
                Inst::Class(class, _) => class.add_folded(),
                _ => {}
            }
        }
        Ok(regex)
    }

    /// Like JavaScript `new RegExp(pattern, "u").test(haystack)`: true when the pattern
    /// matches anywhere in `haystack` (unanchored search). `None` when the search takes
    /// more than [`STEP_BUDGET`] steps, so a catastrophic pattern cannot hang the caller.
    #[must_use]
    pub fn is_match(&self, haystack: &str) -> Option<bool> {
        let hay: Vec<char> = haystack.chars().collect();
        let mut vm = Vm {
            prog: &self.prog,
            hay: &hay,
            steps: STEP_BUDGET,
            ignore_case: self.ignore_case,
        };
        // Every write is undone on backtracking, so both vectors are back to their
        // initial state after a failed attempt and can be reused for the next start.
        let mut caps = vec![None; self.slots];
        let mut regs = vec![0; self.regs];
        for start in 0..=hay.len() {
            match vm.run(0, start, &mut caps, &mut regs) {
                Ok(true) => return Some(true),
                Ok(false) => {}
                Err(Exhausted) => return None,
            }
        }
        Some(false)
    }

    /// The pattern as given.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.pattern
    }
}

fn err<T>(offset: usize, message: &str) -> Result<T, RegexError> {
    Err(RegexError {
        offset,
        message: message.to_string(),
    })
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Set {
    Digit,
    NotDigit,
    Word,
    NotWord,
    Space,
    NotSpace,
}

impl Set {
    fn contains(self, c: char) -> bool {
        match self {
            Set::Digit => c.is_ascii_digit(),
            Set::NotDigit => !c.is_ascii_digit(),
            Set::Word => is_word_char(c),
            Set::NotWord => !is_word_char(c),
            Set::Space => is_space(c),
            Set::NotSpace => !is_space(c),
        }
    }
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

fn is_space(c: char) -> bool {
    const OTHERS: &str = " \u{a0}\u{1680}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}\u{feff}";
    matches!(c, '\t'..='\r' | '\u{2000}'..='\u{200a}') || OTHERS.contains(c)
}

fn is_line_terminator(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}')
}

/// One member of a character class; a single character is a one-element range. Code
/// points are `u32` so that lone surrogates (which never match a `char`) can be written.
#[derive(Debug, Clone, PartialEq)]
enum ClassItem {
    Range(u32, u32),
    Set(Set),
}

/// A compiled class: sorted, merged ranges (searched by bisection) plus escapes.
#[derive(Debug, Clone, PartialEq)]
struct CharClass {
    ranges: Vec<(u32, u32)>,
    sets: Vec<Set>,
    negated: bool,
}

impl CharClass {
    fn new(items: &[ClassItem], negated: bool) -> CharClass {
        let mut sorted = Vec::new();
        let mut sets = Vec::new();
        for item in items {
            match item {
                ClassItem::Range(lo, hi) => sorted.push((*lo, *hi)),
                ClassItem::Set(set) if !sets.contains(set) => sets.push(*set),
                ClassItem::Set(_) => {}
            }
        }
        crate::sort::sort(&mut sorted);
        let mut ranges: Vec<(u32, u32)> = Vec::new();
        for (lo, hi) in sorted {
            match ranges.last_mut() {
                Some(last) if lo <= last.1.saturating_add(1) => last.1 = last.1.max(hi),
                _ => ranges.push((lo, hi)),
            }
        }
        CharClass {
            ranges,
            sets,
            negated,
        }
    }

    fn contains(&self, c: char) -> bool {
        self.has_member(c) != self.negated
    }

    /// Whether a member of the class is `c` up to case, then negated for `[^...]`, as
    /// ECMAScript's `i` flag does; the class must have been through [`CharClass::add_folded`].
    fn contains_ignoring_case(&self, c: char) -> bool {
        (self.has_member(c) || self.has_member(fold(c))) != self.negated
    }

    /// Adds the folded form of every listed character, so that `[A-Z]` holds `a-z` too
    /// and a folded input character finds its class. Only the first [`MAX_FOLDED`] code
    /// points of a class are folded: wider ranges are in practice "anything but".
    fn add_folded(&mut self) {
        let mut items: Vec<ClassItem> = self.sets.iter().map(|&s| ClassItem::Set(s)).collect();
        let mut left = MAX_FOLDED;
        for &(lo, hi) in &self.ranges {
            items.push(ClassItem::Range(lo, hi));
            for cp in lo..=hi {
                if left == 0 {
                    break;
                }
                left -= 1;
                if let Some(f) = char::from_u32(cp).map(fold).map(u32::from) {
                    if f != cp {
                        items.push(ClassItem::Range(f, f));
                    }
                }
            }
        }
        *self = CharClass::new(&items, self.negated);
    }

    /// Whether `c` is one of the listed ranges or escapes, before negation.
    fn has_member(&self, c: char) -> bool {
        let c32 = u32::from(c);
        let at = self.ranges.partition_point(|&(_, hi)| hi < c32);
        let in_ranges = self.ranges.get(at).is_some_and(|&(lo, _)| lo <= c32);
        in_ranges || self.sets.iter().any(|set| set.contains(c))
    }
}

/// Simple case folding, approximated by the single-character lowercase mapping (a
/// character whose lowercase form is several characters folds to itself).
fn fold(c: char) -> char {
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(f), None) => f,
        _ => c,
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Assertion {
    Start,
    End,
    WordBoundary,
    NotWordBoundary,
}

#[derive(Debug)]
enum Node {
    Char(u32),
    Any,
    Class(Vec<ClassItem>, bool),
    Assert(Assertion),
    BackRef(usize),
    Concat(Vec<Node>),
    Alt(Vec<Node>),
    Group(Box<Node>, usize),
    Look {
        body: Box<Node>,
        behind: bool,
        negate: bool,
    },
    Repeat {
        body: Box<Node>,
        min: usize,
        max: Option<usize>,
        greedy: bool,
        /// Capture groups inside the repeated atom, `first..end`.
        groups: (usize, usize),
    },
}

/// Counts capturing groups and collects group names ahead of parsing, so that `\N` and
/// `\k<name>` may refer to groups further right.
fn prescan(chars: &[char]) -> (usize, Vec<(String, usize)>) {
    let (mut i, mut in_class, mut count, mut names) = (0, false, 0, Vec::new());
    while let Some(&c) = chars.get(i) {
        match c {
            '\\' => i += 1,
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            '(' if !in_class => {
                let next = |k: usize| chars.get(i + k).copied();
                if next(1) != Some('?') {
                    count += 1;
                } else if next(2) == Some('<') && !matches!(next(3), Some('=' | '!')) {
                    count += 1;
                    let name = chars.iter().skip(i + 3).take_while(|&&c| c != '>');
                    names.push((name.collect(), count));
                }
            }
            _ => {}
        }
        i += 1;
    }
    (count, names)
}

fn is_id_char(c: char, first: bool) -> bool {
    c == '$'
        || c == '_'
        || c.is_alphabetic()
        || (!first && (c.is_numeric() || c == '\u{200c}' || c == '\u{200d}'))
}

enum GroupKind {
    Plain,
    Capture(usize),
    Look { behind: bool, negate: bool },
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
    depth: usize,
    groups: usize,
    names: Vec<String>,
    total_groups: usize,
    all_names: Vec<(String, usize)>,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, n: usize) -> Option<char> {
        self.chars.get(self.pos + n).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        let found = self.peek() == Some(c);
        if found {
            self.pos += 1;
        }
        found
    }

    fn disjunction(&mut self) -> Result<Node, RegexError> {
        let mut alts = vec![self.alternative()?];
        while self.eat('|') {
            alts.push(self.alternative()?);
        }
        Ok(if alts.len() == 1 {
            alts.pop().unwrap_or(Node::Concat(Vec::new()))
        } else {
            Node::Alt(alts)
        })
    }

    fn alternative(&mut self) -> Result<Node, RegexError> {
        let mut terms = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            terms.push(self.term()?);
        }
        Ok(Node::Concat(terms))
    }

    fn term(&mut self) -> Result<Node, RegexError> {
        let start = self.pos;
        let groups_before = self.groups;
        let assertion = |parser: &mut Parser, width: usize, a: Assertion| {
            parser.pos += width;
            (Node::Assert(a), false)
        };
        let (atom, quantifiable) = match (self.peek(), self.peek_at(1)) {
            (Some('^'), _) => assertion(self, 1, Assertion::Start),
            (Some('$'), _) => assertion(self, 1, Assertion::End),
            (Some('\\'), Some('b')) => assertion(self, 2, Assertion::WordBoundary),
            (Some('\\'), Some('B')) => assertion(self, 2, Assertion::NotWordBoundary),
            (Some('\\'), _) => (self.atom_escape()?, true),
            (Some('('), _) => self.group()?,
            (Some('['), _) => (self.class()?, true),
            (Some('.'), _) => {
                self.pos += 1;
                (Node::Any, true)
            }
            (Some('*' | '+' | '?'), _) => return err(start, "nothing to repeat"),
            (Some('{'), _) if self.braces().is_some() => return err(start, "nothing to repeat"),
            (Some('{' | '}'), _) => return err(start, "lone quantifier bracket"),
            (Some(']'), _) => return err(start, "lone closing bracket"),
            (Some(c), _) => {
                self.pos += 1;
                (Node::Char(u32::from(c)), true)
            }
            (None, _) => return err(start, "unexpected end of pattern"),
        };
        let quantifier_start = self.pos;
        let Some((min, max, greedy)) = self.quantifier()? else {
            return Ok(atom);
        };
        if !quantifiable {
            return err(quantifier_start, "assertion cannot be quantified");
        }
        Ok(Node::Repeat {
            body: Box::new(atom),
            min,
            max,
            greedy,
            groups: (groups_before + 1, self.groups + 1),
        })
    }

    fn quantifier(&mut self) -> Result<Option<(usize, Option<usize>, bool)>, RegexError> {
        let start = self.pos;
        let (min, max) = match self.peek() {
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('?') => (0, Some(1)),
            Some('{') => match self.braces() {
                Some((min, max, _)) if max.is_some_and(|max| max < min) => {
                    return err(start, "numbers out of order in quantifier")
                }
                Some((min, max, end)) => {
                    self.pos = end - 1;
                    let clamp = |n: u64| usize::try_from(n).unwrap_or(usize::MAX);
                    (clamp(min), max.map(clamp))
                }
                None => return Ok(None),
            },
            _ => return Ok(None),
        };
        self.pos += 1;
        Ok(Some((min, max, !self.eat('?'))))
    }

    /// Reads `{n}`, `{n,}` or `{n,m}` at the current position without consuming it;
    /// returns the bounds (saturated) and the position after the closing brace.
    fn braces(&self) -> Option<(u64, Option<u64>, usize)> {
        let mut i = self.pos + 1;
        let min = self.number(&mut i)?;
        let max = if self.chars.get(i) == Some(&',') {
            i += 1;
            match self.chars.get(i) {
                Some('}') => None,
                _ => Some(self.number(&mut i)?),
            }
        } else {
            Some(min)
        };
        (self.chars.get(i) == Some(&'}')).then_some((min, max, i + 1))
    }

    fn number(&self, i: &mut usize) -> Option<u64> {
        let mut value = None;
        while let Some(d) = self.chars.get(*i).and_then(|c| c.to_digit(10)) {
            let so_far: u64 = value.unwrap_or(0);
            value = Some(so_far.saturating_mul(10).saturating_add(u64::from(d)));
            *i += 1;
        }
        value
    }

    /// Parses a parenthesised group; the flag says whether it may be quantified.
    fn group(&mut self) -> Result<(Node, bool), RegexError> {
        let open = self.pos;
        if self.depth >= MAX_NESTING {
            return err(open, "pattern nests too deeply");
        }
        self.pos += 1;
        self.depth += 1;
        let kind = if self.eat('?') {
            let look = |p: &mut Parser, width, behind, negate| {
                p.pos += width;
                GroupKind::Look { behind, negate }
            };
            match (self.peek(), self.peek_at(1)) {
                (Some(':'), _) => {
                    self.pos += 1;
                    GroupKind::Plain
                }
                (Some('='), _) => look(self, 1, false, false),
                (Some('!'), _) => look(self, 1, false, true),
                (Some('<'), Some('=')) => look(self, 2, true, false),
                (Some('<'), Some('!')) => look(self, 2, true, true),
                (Some('<'), _) => {
                    self.pos += 1;
                    let name_start = self.pos;
                    let name = self.group_name()?;
                    if self.names.contains(&name) {
                        return err(name_start, "duplicate group name");
                    }
                    self.names.push(name);
                    self.groups += 1;
                    GroupKind::Capture(self.groups)
                }
                _ => return err(open, "invalid group"),
            }
        } else {
            self.groups += 1;
            GroupKind::Capture(self.groups)
        };
        let body = Box::new(self.disjunction()?);
        if !self.eat(')') {
            return err(open, "unterminated group");
        }
        self.depth -= 1;
        Ok(match kind {
            GroupKind::Plain => (*body, true),
            GroupKind::Capture(index) => (Node::Group(body, index), true),
            GroupKind::Look { behind, negate } => {
                let look = Node::Look {
                    body,
                    behind,
                    negate,
                };
                (look, false)
            }
        })
    }

    /// Reads `name>` (the `<` already consumed).
    fn group_name(&mut self) -> Result<String, RegexError> {
        let start = self.pos;
        let mut name = String::new();
        loop {
            match self.peek() {
                Some('>') if !name.is_empty() => {
                    self.pos += 1;
                    return Ok(name);
                }
                Some(c) if is_id_char(c, name.is_empty()) => {
                    name.push(c);
                    self.pos += 1;
                }
                _ => return err(start, "invalid group name"),
            }
        }
    }

    /// An escape outside a class (`\b` and `\B` are handled as assertions by the caller).
    fn atom_escape(&mut self) -> Result<Node, RegexError> {
        let start = self.pos;
        match self.peek_at(1) {
            Some('1'..='9') => {
                let mut i = self.pos + 1;
                let n = self.number(&mut i).unwrap_or(0);
                self.pos = i;
                if n > self.total_groups as u64 {
                    return err(start, "backreference to a nonexistent group");
                }
                Ok(Node::BackRef(usize::try_from(n).unwrap_or(0)))
            }
            Some('k') => {
                self.pos += 2;
                let name = if self.eat('<') {
                    self.group_name().ok()
                } else {
                    None
                };
                let Some(name) = name else {
                    return err(start, "invalid named reference");
                };
                match self.all_names.iter().find(|(n, _)| *n == name) {
                    Some((_, index)) => Ok(Node::BackRef(*index)),
                    None => err(start, "backreference to an unknown group name"),
                }
            }
            _ => Ok(match self.class_escape(false)? {
                ClassItem::Range(c, _) => Node::Char(c),
                set @ ClassItem::Set(_) => Node::Class(vec![set], false),
            }),
        }
    }

    /// An escape that may appear in a class (or, with `in_class` false, outside one).
    fn class_escape(&mut self, in_class: bool) -> Result<ClassItem, RegexError> {
        let start = self.pos;
        self.pos += 1;
        let Some(c) = self.peek() else {
            return err(start, "trailing backslash");
        };
        self.pos += 1;
        let set = match c {
            'd' => Set::Digit,
            'D' => Set::NotDigit,
            'w' => Set::Word,
            'W' => Set::NotWord,
            's' => Set::Space,
            'S' => Set::NotSpace,
            'p' | 'P' => return err(start, "unicode property escapes are not supported"),
            'b' if in_class => return Ok(ClassItem::Range(8, 8)),
            '-' if in_class => return Ok(ClassItem::Range(0x2d, 0x2d)),
            _ => {
                let c = self.char_escape(c, start)?;
                return Ok(ClassItem::Range(c, c));
            }
        };
        Ok(ClassItem::Set(set))
    }

    /// A character escape whose letter `c` has been consumed.
    fn char_escape(&mut self, c: char, start: usize) -> Result<u32, RegexError> {
        Ok(match c {
            't' => 9,
            'n' => 10,
            'v' => 11,
            'f' => 12,
            'r' => 13,
            'c' => match self.peek() {
                Some(l) if l.is_ascii_alphabetic() => {
                    self.pos += 1;
                    u32::from(l) % 32
                }
                _ => return err(start, "invalid control escape"),
            },
            '0' if !self.peek().is_some_and(|d| d.is_ascii_digit()) => 0,
            'x' => match self.hex(2) {
                Some(v) => v,
                None => return err(start, "invalid hexadecimal escape"),
            },
            'u' => match self.unicode_escape() {
                Some(v) => v,
                None => return err(start, "invalid unicode escape"),
            },
            '^' | '$' | '\\' | '.' | '*' | '+' | '?' | '(' | ')' | '[' | ']' | '{' | '}' | '|'
            | '/' => u32::from(c),
            _ => return err(start, "invalid escape"),
        })
    }

    /// Exactly `n` hexadecimal digits, consumed only when all are there.
    fn hex(&mut self, n: usize) -> Option<u32> {
        let mut value = 0;
        for k in 0..n {
            value = value * 16 + self.peek_at(k)?.to_digit(16)?;
        }
        self.pos += n;
        Some(value)
    }

    /// After `\u`: `{H...}` or `HHHH`, joining a surrogate pair written as two escapes.
    fn unicode_escape(&mut self) -> Option<u32> {
        if self.eat('{') {
            let mut value: u32 = 0;
            let digits_start = self.pos;
            while let Some(d) = self.peek().and_then(|c| c.to_digit(16)) {
                value = value.saturating_mul(16).saturating_add(d);
                self.pos += 1;
            }
            let valid = self.pos > digits_start && value <= 0x10_ffff;
            return (valid && self.eat('}')).then_some(value);
        }
        let lead = self.hex(4)?;
        if (0xd800..0xdc00).contains(&lead) && self.peek() == Some('\\') {
            let save = self.pos;
            if self.peek_at(1) == Some('u') {
                self.pos += 2;
                match self.hex(4) {
                    Some(trail) if (0xdc00..0xe000).contains(&trail) => {
                        return Some(0x1_0000 + ((lead - 0xd800) << 10) + (trail - 0xdc00));
                    }
                    _ => self.pos = save,
                }
            }
        }
        Some(lead)
    }

    fn class(&mut self) -> Result<Node, RegexError> {
        let open = self.pos;
        self.pos += 1;
        let negated = self.eat('^');
        let mut items = Vec::new();
        loop {
            let start = self.pos;
            if self.eat(']') {
                return Ok(Node::Class(items, negated));
            }
            let first = self.class_atom(open)?;
            if self.peek() == Some('-') && !matches!(self.peek_at(1), None | Some(']')) {
                self.pos += 1;
                let last = self.class_atom(open)?;
                match (first, last) {
                    (ClassItem::Range(a, _), ClassItem::Range(b, _)) if a <= b => {
                        items.push(ClassItem::Range(a, b));
                    }
                    (ClassItem::Range(..), ClassItem::Range(..)) => {
                        return err(start, "character class range out of order")
                    }
                    _ => return err(start, "character class escape cannot bound a range"),
                }
            } else {
                items.push(first);
            }
        }
    }

    fn class_atom(&mut self, open: usize) -> Result<ClassItem, RegexError> {
        match self.peek() {
            None => err(open, "unterminated character class"),
            Some('\\') => self.class_escape(true),
            Some(c) => {
                self.pos += 1;
                Ok(ClassItem::Range(u32::from(c), u32::from(c)))
            }
        }
    }
}

/// One instruction; `back` on a consuming instruction means it reads the character
/// before the position and moves left (inside lookbehind).
#[derive(Debug, Clone, PartialEq)]
enum Inst {
    Char(u32, bool),
    Any(bool),
    Class(Box<CharClass>, bool),
    BackRef(usize, bool),
    Assert(Assertion),
    /// Try the first target; on failure resume at the second.
    Split(usize, usize),
    Jump(usize),
    Save(usize),
    /// Clear capture slots `from..to`.
    Reset(usize, usize),
    /// Set a register to zero.
    Zero(usize),
    /// Decide whether to run another iteration of a loop (`count` iterations done).
    LoopHead {
        count: usize,
        min: usize,
        max: Option<usize>,
        greedy: bool,
        body: usize,
        exit: usize,
    },
    /// Record in the register where this iteration starts.
    LoopEnter(usize),
    /// End of an iteration: reject an empty one past the minimum, count, loop.
    LoopTail {
        count: usize,
        start: usize,
        min: usize,
        head: usize,
    },
    /// Run the body at the next instruction as an independent match; continue at `next`.
    Look {
        negate: bool,
        next: usize,
    },
    Succeed,
}

struct Compiler {
    prog: Vec<Inst>,
    regs: usize,
}

impl Compiler {
    fn emit(&mut self, inst: Inst) -> usize {
        self.prog.push(inst);
        self.prog.len() - 1
    }

    fn patch(&mut self, at: usize, inst: Inst) {
        if let Some(slot) = self.prog.get_mut(at) {
            *slot = inst;
        }
    }

    /// Appends the code for `node`; `back` compiles it to match right to left. Forward
    /// targets are emitted as placeholders and patched once known.
    fn compile(&mut self, node: &Node, back: bool) {
        match node {
            Node::Char(c) => _ = self.emit(Inst::Char(*c, back)),
            Node::Any => _ = self.emit(Inst::Any(back)),
            Node::Class(items, negated) => {
                let class = Box::new(CharClass::new(items, *negated));
                self.emit(Inst::Class(class, back));
            }
            Node::Assert(a) => _ = self.emit(Inst::Assert(*a)),
            Node::BackRef(group) => _ = self.emit(Inst::BackRef(*group, back)),
            Node::Concat(nodes) if back => nodes.iter().rev().for_each(|n| self.compile(n, back)),
            Node::Concat(nodes) => nodes.iter().for_each(|n| self.compile(n, back)),
            Node::Alt(alts) => {
                let mut jumps = Vec::new();
                for (i, alt) in alts.iter().enumerate() {
                    if i + 1 == alts.len() {
                        self.compile(alt, back);
                    } else {
                        let split = self.emit(Inst::Jump(0));
                        self.compile(alt, back);
                        jumps.push(self.emit(Inst::Jump(0)));
                        self.patch(split, Inst::Split(split + 1, self.prog.len()));
                    }
                }
                let end = self.prog.len();
                for jump in jumps {
                    self.patch(jump, Inst::Jump(end));
                }
            }
            Node::Group(body, index) => {
                let (open, close) = (2 * index, 2 * index + 1);
                self.emit(Inst::Save(if back { close } else { open }));
                self.compile(body, back);
                self.emit(Inst::Save(if back { open } else { close }));
            }
            Node::Look {
                body,
                behind,
                negate,
            } => {
                let at = self.emit(Inst::Succeed);
                self.compile(body, *behind);
                self.emit(Inst::Succeed);
                let next = self.prog.len();
                self.patch(
                    at,
                    Inst::Look {
                        negate: *negate,
                        next,
                    },
                );
            }
            Node::Repeat {
                body,
                min,
                max,
                greedy,
                groups: (first, end),
            } => {
                let (count, start) = (self.regs, self.regs + 1);
                self.regs += 2;
                self.emit(Inst::Zero(count));
                let head = self.emit(Inst::Succeed);
                let body_start = self.emit(Inst::LoopEnter(start));
                if first < end {
                    self.emit(Inst::Reset(2 * first, 2 * end));
                }
                self.compile(body, back);
                self.emit(Inst::LoopTail {
                    count,
                    start,
                    min: *min,
                    head,
                });
                let exit = self.prog.len();
                self.patch(
                    head,
                    Inst::LoopHead {
                        count,
                        min: *min,
                        max: *max,
                        greedy: *greedy,
                        body: body_start,
                        exit,
                    },
                );
            }
        }
    }
}

/// The step budget ran out.
struct Exhausted;

/// An entry of the backtracking stack: a choice point or the old value of a write.
enum Undo {
    Branch(usize, usize),
    Slot(usize, Option<usize>),
    Reg(usize, usize),
}

fn set_slot(caps: &mut [Option<usize>], stack: &mut Vec<Undo>, slot: usize, value: Option<usize>) {
    if let Some(cell) = caps.get_mut(slot) {
        stack.push(Undo::Slot(slot, *cell));
        *cell = value;
    }
}

fn set_reg(regs: &mut [usize], stack: &mut Vec<Undo>, reg: usize, value: usize) {
    if let Some(cell) = regs.get_mut(reg) {
        stack.push(Undo::Reg(reg, *cell));
        *cell = value;
    }
}

struct Vm<'a> {
    prog: &'a [Inst],
    hay: &'a [char],
    steps: u64,
    ignore_case: bool,
}

impl Vm<'_> {
    /// Takes `n` steps from the budget; work proportional to a group count or a
    /// captured length is charged as such, so time stays bounded by the budget.
    fn charge(&mut self, n: usize) -> Result<(), Exhausted> {
        let n = u64::try_from(n).unwrap_or(u64::MAX);
        self.steps = self.steps.checked_sub(n).ok_or(Exhausted)?;
        Ok(())
    }

    /// The character read by a consuming instruction at `pos` and the position after it.
    fn read(&self, pos: usize, back: bool) -> Option<(char, usize)> {
        let at = if back { pos.checked_sub(1)? } else { pos };
        let c = *self.hay.get(at)?;
        Some((c, if back { at } else { pos + 1 }))
    }

    fn is_word_at(&self, at: Option<usize>) -> bool {
        at.and_then(|i| self.hay.get(i))
            .is_some_and(|&c| is_word_char(c))
    }

    /// Runs from `pc` at `pos` until `Succeed` (true) or until every choice failed
    /// (false, with `caps` and `regs` restored). Recurses only into lookaround bodies,
    /// so the depth is bounded by the pattern's nesting.
    fn run(
        &mut self,
        mut pc: usize,
        mut pos: usize,
        caps: &mut [Option<usize>],
        regs: &mut [usize],
    ) -> Result<bool, Exhausted> {
        let mut stack: Vec<Undo> = Vec::new();
        loop {
            self.charge(1)?;
            let next = match self.prog.get(pc) {
                None => None,
                Some(Inst::Succeed) => return Ok(true),
                Some(Inst::Char(want, back)) => self
                    .read(pos, *back)
                    .filter(|(c, _)| {
                        // Ignoring case, `want` was folded when the pattern was compiled.
                        u32::from(*c) == *want || (self.ignore_case && u32::from(fold(*c)) == *want)
                    })
                    .map(|(_, p)| (pc + 1, p)),
                Some(Inst::Any(back)) => self
                    .read(pos, *back)
                    .filter(|(c, _)| !is_line_terminator(*c))
                    .map(|(_, p)| (pc + 1, p)),
                Some(Inst::Class(class, back)) => self
                    .read(pos, *back)
                    .filter(|(c, _)| match self.ignore_case {
                        false => class.contains(*c),
                        true => class.contains_ignoring_case(*c),
                    })
                    .map(|(_, p)| (pc + 1, p)),
                Some(Inst::BackRef(group, back)) => {
                    let slot = |s: usize| caps.get(s).copied().flatten();
                    match (slot(2 * group), slot(2 * group + 1)) {
                        (Some(s), Some(e)) if s <= e => {
                            let len = e - s;
                            self.charge(len)?;
                            let (from, to) = match back {
                                true => (pos.checked_sub(len), Some(pos)),
                                false => (Some(pos), pos.checked_add(len)),
                            };
                            let here = from.zip(to).and_then(|(f, t)| self.hay.get(f..t));
                            let same = match (here, self.hay.get(s..e)) {
                                (Some(a), Some(b)) if self.ignore_case => {
                                    a.iter().zip(b).all(|(x, y)| fold(*x) == fold(*y))
                                }
                                (Some(a), Some(b)) => a == b,
                                _ => false,
                            };
                            let after = if *back { from } else { to };
                            after.filter(|_| same).map(|p| (pc + 1, p))
                        }
                        _ => Some((pc + 1, pos)),
                    }
                }
                Some(Inst::Assert(a)) => {
                    let ok = match a {
                        Assertion::Start => pos == 0,
                        Assertion::End => pos == self.hay.len(),
                        Assertion::WordBoundary | Assertion::NotWordBoundary => {
                            let boundary =
                                self.is_word_at(pos.checked_sub(1)) != self.is_word_at(Some(pos));
                            boundary == (*a == Assertion::WordBoundary)
                        }
                    };
                    ok.then_some((pc + 1, pos))
                }
                Some(Inst::Split(first, second)) => {
                    stack.push(Undo::Branch(*second, pos));
                    Some((*first, pos))
                }
                Some(Inst::Jump(target)) => Some((*target, pos)),
                Some(Inst::Save(slot)) => {
                    set_slot(caps, &mut stack, *slot, Some(pos));
                    Some((pc + 1, pos))
                }
                Some(Inst::Reset(from, to)) => {
                    self.charge(to.saturating_sub(*from))?;
                    for slot in *from..*to {
                        if caps.get(slot).is_some_and(Option::is_some) {
                            set_slot(caps, &mut stack, slot, None);
                        }
                    }
                    Some((pc + 1, pos))
                }
                Some(Inst::Zero(reg)) => {
                    set_reg(regs, &mut stack, *reg, 0);
                    Some((pc + 1, pos))
                }
                Some(Inst::LoopHead {
                    count,
                    min,
                    max,
                    greedy,
                    body,
                    exit,
                }) => {
                    let done = regs.get(*count).copied().unwrap_or(0);
                    if done < *min {
                        Some((*body, pos))
                    } else if max.is_some_and(|max| done >= max) {
                        Some((*exit, pos))
                    } else if *greedy {
                        stack.push(Undo::Branch(*exit, pos));
                        Some((*body, pos))
                    } else {
                        stack.push(Undo::Branch(*body, pos));
                        Some((*exit, pos))
                    }
                }
                Some(Inst::LoopEnter(reg)) => {
                    set_reg(regs, &mut stack, *reg, pos);
                    Some((pc + 1, pos))
                }
                Some(Inst::LoopTail {
                    count,
                    start,
                    min,
                    head,
                }) => {
                    let done = regs.get(*count).copied().unwrap_or(0);
                    if done >= *min && regs.get(*start) == Some(&pos) {
                        None
                    } else {
                        set_reg(regs, &mut stack, *count, done.saturating_add(1));
                        Some((*head, pos))
                    }
                }
                Some(Inst::Look { negate, next }) => {
                    self.charge(caps.len() + regs.len())?;
                    let mut inner_caps = caps.to_vec();
                    let mut inner_regs = regs.to_vec();
                    let found = self.run(pc + 1, pos, &mut inner_caps, &mut inner_regs)?;
                    if found == *negate {
                        None
                    } else {
                        if !negate {
                            for (slot, value) in inner_caps.into_iter().enumerate() {
                                if caps.get(slot) != Some(&value) {
                                    set_slot(caps, &mut stack, slot, value);
                                }
                            }
                        }
                        Some((*next, pos))
                    }
                }
            };
            if let Some((next_pc, next_pos)) = next {
                pc = next_pc;
                pos = next_pos;
                continue;
            }
            loop {
                match stack.pop() {
                    None => return Ok(false),
                    Some(Undo::Branch(next_pc, next_pos)) => {
                        pc = next_pc;
                        pos = next_pos;
                        break;
                    }
                    Some(Undo::Slot(slot, old)) => {
                        if let Some(cell) = caps.get_mut(slot) {
                            *cell = old;
                        }
                    }
                    Some(Undo::Reg(reg, old)) => {
                        if let Some(cell) = regs.get_mut(reg) {
                            *cell = old;
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(pattern: &str, haystack: &str) -> bool {
        Regex::new(pattern)
            .unwrap_or_else(|e| panic!("{pattern}: {e}"))
            .is_match(haystack)
            .unwrap_or_else(|| panic!("{pattern} ran out of steps on {haystack:?}"))
    }

    fn error(pattern: &str) -> (usize, String) {
        let e = Regex::new(pattern).expect_err(pattern);
        (e.offset, e.message)
    }

    fn matches_ignoring_case(pattern: &str, haystack: &str) -> bool {
        Regex::new_ignore_case(pattern)
            .unwrap_or_else(|e| panic!("{pattern}: {e}"))
            .is_match(haystack)
            .unwrap_or_else(|| panic!("{pattern} ran out of steps on {haystack:?}"))
    }

    #[test]
    fn ignoring_case_folds_characters_classes_and_backreferences_but_keeps_escapes() {
        assert!(matches_ignoring_case("^émile$", "Émile"));
        assert!(matches_ignoring_case("^[a-z]+$", "SALES"));
        assert!(matches_ignoring_case("^(ab)\\1$", "abAB"));
        assert!(!matches_ignoring_case("^[^a]$", "A"));
        assert!(matches_ignoring_case("^[A-ZÀ-Þ]+$", "présales"));
        assert!(!matches_ignoring_case("^[^A-Z]$", "q"));
        assert!(matches_ignoring_case("^\\D+$", "Sales"));
        assert!(!matches_ignoring_case("^\\D+$", "Sales 2"));
        assert!(!matches_ignoring_case("^\\W+$", "sales"));
        assert!(!matches("^émile$", "Émile"));
    }

    #[test]
    fn six_digit_pattern_accepts_123456_and_rejects_12ab() {
        assert!(matches("^[0-9]{6}$", "123456"));
        assert!(!matches("^[0-9]{6}$", "12ab"));
        assert!(!matches("^[0-9]{6}$", "1234567"));
    }

    #[test]
    fn unterminated_class_is_reported_at_its_opening_bracket() {
        assert_eq!(error("[A-Z"), (0, "unterminated character class".into()));
        assert_eq!(error("ab[c\\]"), (2, "unterminated character class".into()));
    }

    #[test]
    fn code_pattern_accepts_two_letters_dash_four_digits_only() {
        let p = r"^[A-Z]{2}-\d{4}$";
        assert!(matches(p, "AB-1234"));
        assert!(!matches(p, "ab-1234"));
        assert!(!matches(p, "AB-123"));
        assert!(!matches(p, "ABC-1234"));
    }

    #[test]
    fn email_pattern_needs_an_at_and_a_dot_without_spaces() {
        let p = r"^\S+@\S+\.\S+$";
        assert!(matches(p, "ann@example.com"));
        assert!(!matches(p, "ann@example"));
        assert!(!matches(p, "ann smith@example.com"));
        assert!(!matches(p, "@example.com"));
    }

    #[test]
    fn search_is_unanchored_and_caret_dollar_anchor_only_at_the_ends() {
        assert!(matches("b", "abc"));
        assert!(matches("", ""));
        assert!(!matches("^b", "abc"));
        assert!(!matches("a$", "a\nb"));
        assert!(!matches("^b", "a\nb"));
    }

    #[test]
    fn dot_matches_any_scalar_value_but_not_line_terminators() {
        assert!(matches("^.$", "é"));
        assert!(matches("^.$", "😀"));
        assert!(!matches("^..$", "😀"));
        for lt in ["\n", "\r", "\u{2028}", "\u{2029}"] {
            assert!(!matches("^.$", lt));
        }
    }

    #[test]
    fn alternation_tries_each_branch_and_groups_scope_it() {
        assert!(matches("^(?:cat|dog)s?$", "dogs"));
        assert!(!matches("^cat|dog$", "xdogx"));
        assert!(matches("^(a|ab)(c|bcd)(d*)$", "abcd"));
        assert!(matches("^(|a)$", ""));
    }

    #[test]
    fn counted_quantifiers_respect_their_bounds() {
        assert!(matches("^a{2}$", "aa") && !matches("^a{2}$", "aaa"));
        assert!(matches("^a{2,}$", "aaaaa") && !matches("^a{2,}$", "a"));
        assert!(matches("^a{1,3}$", "aaa") && !matches("^a{1,3}$", "aaaa"));
        assert!(matches("^a{0}$", "") && matches("^x{0,0}y$", "y"));
        assert!(matches("^a+b*c?$", "aab") && !matches("^a+$", ""));
        assert!(matches("^(?:ab){2}$", "abab"));
    }

    #[test]
    fn lazy_quantifiers_choose_fewer_repetitions_where_lookahead_freezes_the_choice() {
        // A lookahead is atomic: the group keeps the first choice made inside it.
        assert!(matches(r"^(?=(a+))\1b$", "aab"));
        assert!(!matches(r"^(?=(a+?))\1b$", "aab"));
        assert!(matches(r"^(?=(a{1,3}?))\1a$", "aa"));
        assert!(!matches(r"^(?=(a{1,3}))\1a$", "aa"));
        assert!(matches("^a*?b??c+?$", "aabc"));
    }

    #[test]
    fn numbered_backreferences_repeat_the_captured_text() {
        assert!(matches(r"^(\w+) \1$", "hey hey"));
        assert!(!matches(r"^(\w+) \1$", "hey you"));
        assert!(matches(r"^\1(a)$", "a")); // not yet captured: matches empty
        assert!(matches(r"^(a)|\1b$", "b"));
    }

    #[test]
    fn captures_inside_a_quantified_atom_reset_on_each_iteration() {
        assert!(matches(r"^(?:(a)|b)+\1$", "ab"));
        assert!(matches(r"^(?:(a)|b)+\1$", "baa"));
    }

    #[test]
    fn named_groups_are_referenced_by_name_even_before_they_appear() {
        assert!(matches(r"^(?<word>[a-z]+)-\k<word>$", "ab-ab"));
        assert!(!matches(r"^(?<word>[a-z]+)-\k<word>$", "ab-cd"));
        assert!(matches(r"^\k<x>(?<x>a)$", "a"));
        assert!(matches(r"^(?<$_é1>a)\1$", "aa"));
    }

    #[test]
    fn lookahead_requires_or_forbids_what_follows() {
        assert!(matches(r"^(?=.*\d)(?=.*[a-z]).{6,}$", "abc123"));
        assert!(!matches(r"^(?=.*\d)(?=.*[a-z]).{6,}$", "abcdef"));
        assert!(matches(r"^(?!admin$)\w+$", "administrator"));
        assert!(!matches(r"^(?!admin$)\w+$", "admin"));
        // Captures inside a negative lookahead stay undefined, so \1 matches empty.
        assert!(matches(r"^(?!(x))\1a$", "a"));
    }

    #[test]
    fn lookbehind_matches_right_to_left() {
        assert!(matches(r"(?<=\$)\d+", "cost: $42"));
        assert!(!matches(r"(?<=\$)\d+$", "cost: 42"));
        assert!(matches(r"^\w+(?<!\.tmp)$", "notes"));
        assert!(!matches(r"^\w+(?<!tmp)$", "notestmp"));
        // Right to left: (a) captures first, then \1 must precede it.
        assert!(matches(r"(?<=\1(a))b", "aab"));
        assert!(!matches(r"(?<=\1(a))b", "cab"));
        // Greedy inside lookbehind takes from the right: (\d+) gets all but the first.
        assert!(matches(r"(?<=^\d(\d+))x\1$", "1234x234"));
        assert!(matches(r"(?<=(?=ab)a)b", "ab"));
    }

    #[test]
    fn classes_handle_ranges_negation_and_escapes() {
        assert!(matches("^[a-c]+$", "abcba") && !matches("^[a-c]+$", "abd"));
        assert!(matches("^[^a-c]$", "d") && !matches("^[^a-c]$", "b"));
        assert!(matches(r"^[\d_-]+$", "1_-2") && !matches(r"^[\d_-]$", "a"));
        assert!(matches(r"^[\b]$", "\u{8}") && matches(r"^[\-]$", "-"));
        assert!(matches(r"^[-a]$", "-") && matches("^[a-]$", "-"));
        assert!(matches("^[--a]$", "0") && matches("^[a-b-c]$", "-"));
        assert!(matches("^[^]$", "\n") && !matches("[]", "a"));
        assert!(matches(r"^[\D\W]$", "%") && !matches(r"^[\s]$", "x"));
        assert!(matches("^[à-ÿ]+$", "éü") && matches("^[😀-😂]$", "😁"));
        assert!(matches(r"^[{}()|.*+?$^/]+$", "{}()|.*+?$^/"));
        // Overlapping, adjacent and unordered members are merged and bisected.
        let p = r"^[x-zb-da-ce\dq]+$";
        assert!(matches(p, "abcdexyzq7") && !matches(p, "f") && !matches(p, "w"));
        assert!(!matches(r"^[^x-zb-da-ce\dq]$", "e") && matches(r"^[^x-za-e]$", "f"));
    }

    #[test]
    fn class_escapes_work_outside_classes() {
        assert!(matches(r"^\d\D\w\W\s\S$", "1a_- x"));
        assert!(!matches(r"^\d\D\w\W\s\S$", "1a_-xx"));
        assert!(!matches(r"\d", "٣")); // only ASCII digits
        assert!(!matches(r"\w", "é")); // only ASCII word characters
    }

    #[test]
    fn whitespace_class_is_the_ecmascript_set() {
        let spaces = "\t\n\u{b}\u{c}\r \u{a0}\u{1680}\u{2000}\u{200a}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}\u{feff}";
        assert!(matches(r"^\s+$", spaces));
        assert!(!matches(r"\s", "\u{200b}x"));
    }

    #[test]
    fn character_escapes_denote_their_characters() {
        assert!(matches(r"^\t\n\r\f\v\0$", "\t\n\r\u{c}\u{b}\0"));
        assert!(matches(r"^\x41\u0042\u{43}\u{1F600}$", "ABC😀"));
        assert!(matches(r"^\uD83D\uDE00$", "😀"));
        assert!(!matches(r"\uD83D", "😀")); // a lone surrogate never matches
        assert!(matches(r"^\cJ\cj$", "\n\n"));
        assert!(matches(
            r"^\^\$\\\.\*\+\?\(\)\[\]\{\}\|\/$",
            r"^$\.*+?()[]{}|/"
        ));
        assert!(matches(r"^[\x41-\u005a]$", "Q"));
    }

    #[test]
    fn word_boundaries_look_at_ascii_word_characters() {
        assert!(matches(r"\bcat\b", "a cat sat"));
        assert!(!matches(r"\bcat\b", "concatenate"));
        assert!(matches(r"\Bcat\B", "concatenate"));
        assert!(!matches(r"^\b$", ""));
        assert!(matches(r"^\B$", ""));
    }

    #[test]
    fn empty_iterations_past_the_minimum_stop_a_loop() {
        assert!(matches("^(?:a?)*b$", "aab"));
        assert!(matches("^(a|)*$", "aaa"));
        assert!(!matches("^(?:)*x$", "y"));
        assert!(matches("^(?:a?){3}$", "a"));
    }

    #[test]
    fn catastrophic_pattern_gives_up_instead_of_hanging() {
        let result = Regex::new("(a*)*b").unwrap().is_match(&"a".repeat(30));
        assert_ne!(result, Some(true));
        let result = Regex::new("^(a|a)*$")
            .unwrap()
            .is_match(&format!("{}b", "a".repeat(40)));
        assert_eq!(result, None);
    }

    #[test]
    fn a_100000_character_haystack_does_not_overflow_the_stack() {
        let long = "a".repeat(100_000);
        assert_eq!(Regex::new("^a*$").unwrap().is_match(&long), Some(true));
        assert_eq!(Regex::new("b").unwrap().is_match(&long), Some(false));
        assert_eq!(Regex::new("(?<=a)b").unwrap().is_match(&long), Some(false));
    }

    #[test]
    fn nesting_deeper_than_one_hundred_is_an_error() {
        let ok = format!("{}a{}", "(".repeat(100), ")".repeat(100));
        assert!(matches(&ok, "a"));
        let deep = format!("{}a{}", "(?:".repeat(101), ")".repeat(101));
        assert_eq!(error(&deep), (300, "pattern nests too deeply".into()));
    }

    #[test]
    fn quantifier_errors_are_reported() {
        assert_eq!(error("*a"), (0, "nothing to repeat".into()));
        assert_eq!(error("a|+"), (2, "nothing to repeat".into()));
        assert_eq!(error("a**"), (2, "nothing to repeat".into()));
        assert_eq!(error("a{2}{3}"), (4, "nothing to repeat".into()));
        assert_eq!(
            error("a{3,1}"),
            (1, "numbers out of order in quantifier".into())
        );
        assert_eq!(error("a{"), (1, "lone quantifier bracket".into()));
        assert_eq!(error("a{1,x}"), (1, "lone quantifier bracket".into()));
        assert_eq!(error("a}"), (1, "lone quantifier bracket".into()));
        assert_eq!(error("a]"), (1, "lone closing bracket".into()));
        let quantified = (1, "assertion cannot be quantified".into());
        assert_eq!(error("^*"), quantified);
        assert_eq!(error("$?"), quantified);
        assert_eq!(error(r"a\b+"), (3, "assertion cannot be quantified".into()));
        assert_eq!(
            error("(?=a)*"),
            (5, "assertion cannot be quantified".into())
        );
        assert_eq!(
            error("(?!a){2}"),
            (5, "assertion cannot be quantified".into())
        );
        assert_eq!(
            error("(?<=a)?"),
            (6, "assertion cannot be quantified".into())
        );
        assert_eq!(
            error("(?<!a)+"),
            (6, "assertion cannot be quantified".into())
        );
    }

    #[test]
    fn group_errors_are_reported() {
        assert_eq!(error("a(b"), (1, "unterminated group".into()));
        assert_eq!(error("a)b"), (1, "unmatched closing parenthesis".into()));
        assert_eq!(error("(?x)"), (0, "invalid group".into()));
        assert_eq!(error("(?<1a>x)"), (3, "invalid group name".into()));
        assert_eq!(error("(?<a>x)(?<a>y)"), (10, "duplicate group name".into()));
    }

    #[test]
    fn class_errors_are_reported() {
        assert_eq!(
            error("x[z-a]"),
            (2, "character class range out of order".into())
        );
        assert_eq!(
            error("[a--]"),
            (1, "character class range out of order".into())
        );
        let bound = "character class escape cannot bound a range";
        assert_eq!(error(r"[\d-z]"), (1, bound.into()));
        assert_eq!(error(r"[a-\w]"), (1, bound.into()));
        assert_eq!(error(r"[\B]"), (1, "invalid escape".into()));
        assert_eq!(error(r"[\1]"), (1, "invalid escape".into()));
    }

    #[test]
    fn escape_errors_are_reported() {
        assert_eq!(error(r"a\q"), (1, "invalid escape".into()));
        assert_eq!(error(r"\-"), (0, "invalid escape".into()));
        assert_eq!(error(r"\01"), (0, "invalid escape".into()));
        assert_eq!(error(r"\c1"), (0, "invalid control escape".into()));
        assert_eq!(error(r"\x4"), (0, "invalid hexadecimal escape".into()));
        assert_eq!(error(r"\u12"), (0, "invalid unicode escape".into()));
        assert_eq!(error(r"\u{110000}"), (0, "invalid unicode escape".into()));
        assert_eq!(error(r"\u{}"), (0, "invalid unicode escape".into()));
        assert_eq!(error("ab\\"), (2, "trailing backslash".into()));
        let property = "unicode property escapes are not supported";
        assert_eq!(error(r"\p{L}"), (0, property.into()));
    }

    #[test]
    fn backreferences_to_missing_groups_are_errors() {
        let missing = "backreference to a nonexistent group";
        assert_eq!(error(r"\1"), (0, missing.into()));
        assert_eq!(error(r"(a)\2"), (3, missing.into()));
        assert!(Regex::new(r"\2(a)(b)").is_ok());
        assert_eq!(
            error(r"(?<a>x)\k<b>"),
            (7, "backreference to an unknown group name".into())
        );
        assert_eq!(error(r"\k"), (0, "invalid named reference".into()));
        assert_eq!(error(r"(?<a>x)\k<a"), (7, "invalid named reference".into()));
    }

    #[test]
    fn errors_display_their_message_and_offset() {
        let e = Regex::new("[A-Z").unwrap_err();
        assert_eq!(e.to_string(), "unterminated character class at character 0");
        assert_eq!(error("é[").0, 1); // offsets count characters, not bytes
    }

    #[test]
    fn compiled_regex_remembers_its_pattern() {
        let r = Regex::new(r"^\d+$").unwrap();
        assert_eq!(r.as_str(), r"^\d+$");
        assert_eq!(r.clone(), r);
    }
}
