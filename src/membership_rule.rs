//! Microsoft Entra dynamic-membership rules, as used by entitlement management
//! automatic assignment policies (`attributeRuleMembers.membershipRule`): this
//! module owns parsing a rule into a private syntax tree, reporting syntax errors
//! with a character offset (validation rule AUTO_RULE_SYNTAX), listing the parts
//! of a rule that can never be evaluated offline, and evaluating a rule against
//! one user's attributes. It does not own fetching users or groups, regular
//! expressions (the caller passes a matcher for `-match`), the validation report
//! format, or deciding what a policy does with users who come into or go out of
//! scope. Supported syntax: simple expressions `user.<property> <operator>
//! <value>` with the operators `-eq -ne -startsWith -notStartsWith -contains
//! -notContains -match -notMatch -in -notIn -gt -ge -lt -le`; values that are
//! double-quoted strings (a backtick escapes a double quote or a backtick),
//! numbers, `true`, `false`, `null` (only with `-eq`/`-ne`) and bracketed lists
//! for `-in`/`-notIn`; `-any`/`-all` over a multi-valued property with a
//! parenthesised sub-rule over `_` or over fields of the item (such as
//! `assignedPlan.servicePlanId`); `user.memberOf -any (group.objectId -in
//! [...])`, whose ids may also be single-quoted as in Microsoft's examples;
//! `device.<property>` expressions; and the combinators `-not` (prefix), `-and`,
//! `-or` with parentheses, where `-not` binds tighter than `-and`, which binds
//! tighter than `-or`. Keywords, operators and property names are
//! case-insensitive and whitespace, including line breaks, is free. A rule may
//! be at most 3,072 characters long (Entra's limit) and nest at most 64 levels.

use std::fmt;

/// Longest rule accepted, in characters: Entra limits a membership rule to 3,072 characters.
pub const MAX_RULE_CHARS: usize = 3072;

/// Deepest nesting of parentheses, `-not` and `-any`/`-all` bodies accepted.
pub const MAX_NESTING: usize = 64;

/// A parsed dynamic-membership rule.
#[derive(Debug, Clone, PartialEq)]
pub struct MembershipRule {
    expr: Expr,
}

/// A syntax error in a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleSyntaxError {
    /// Character offset (chars, not bytes) where the problem starts.
    pub offset: usize,
    /// One phrase, lowercase start, no trailing period, e.g. "expected an operator such as `-eq` after `user.department`".
    pub message: String,
}

/// A value of a user attribute, as the caller supplies it.
#[derive(Debug, Clone, PartialEq)]
pub enum AttributeValue {
    /// A single string, such as a department; an empty string counts as null.
    Text(String),
    /// A number, compared numerically.
    Number(f64),
    /// A boolean, such as `accountEnabled`.
    Bool(bool),
    /// A multi-valued attribute, such as `proxyAddresses`; an empty list counts as null.
    List(Vec<String>),
}

/// What the evaluator can see of a user.
pub trait AttributeSource {
    /// The value of `name` (compared case-insensitively by the caller's choice: you receive the property
    /// name as written after `user.`, and implementations look it up case-insensitively), or None when absent.
    fn attribute(&self, name: &str) -> Option<AttributeValue>;
    /// Group ids the user belongs to, when known (for `user.memberof`); None ⇒ memberof is not evaluable.
    fn group_ids(&self) -> Option<Vec<String>> {
        None
    }
}

/// Why a rule could not be evaluated offline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotEvaluable {
    /// Character offset of the construct that cannot be evaluated.
    pub offset: usize,
    /// One phrase, lowercase start, no trailing period, ending in "not evaluable offline" or explaining why.
    pub message: String,
}

impl fmt::Display for RuleSyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at character {}", self.message, self.offset)
    }
}

impl std::error::Error for RuleSyntaxError {}

impl fmt::Display for NotEvaluable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at character {}", self.message, self.offset)
    }
}

impl std::error::Error for NotEvaluable {}

// ---------------------------------------------------------------------------
// Syntax tree
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
enum Expr {
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Not(Box<Expr>),
    Compare(Comparison),
    Quantified(Quantified),
}

#[derive(Debug, Clone, PartialEq)]
struct Comparison {
    target: Target,
    target_offset: usize,
    op: Op,
    value: Literal,
    value_offset: usize,
}

#[derive(Debug, Clone, PartialEq)]
struct Quantified {
    /// `User` or `Device` only.
    target: Target,
    offset: usize,
    all: bool,
    body: Box<Expr>,
}

#[derive(Debug, Clone, PartialEq)]
enum Target {
    User(String),
    Device(String),
    /// `_` inside `-any`/`-all`.
    Item,
    /// `object.field` inside `-any`/`-all`, such as `assignedPlan.servicePlanId`.
    Field,
}

#[derive(Debug, Clone, PartialEq)]
enum Literal {
    Scalar(Scalar),
    Null,
    List(Vec<Scalar>),
}

#[derive(Debug, Clone, PartialEq)]
enum Scalar {
    Text(String),
    Number(f64),
    Bool(bool),
}

/// A comparison operator: its positive form, and whether the rule negates it (`-ne`, `-notIn`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Op {
    base: Base,
    negated: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Base {
    Eq,
    StartsWith,
    Contains,
    Match,
    In,
    Gt,
    Ge,
    Lt,
    Le,
}

impl Op {
    fn from_word(word: &str) -> Option<Op> {
        let (base, negated) = match word {
            "eq" => (Base::Eq, false),
            "ne" => (Base::Eq, true),
            "startswith" => (Base::StartsWith, false),
            "notstartswith" => (Base::StartsWith, true),
            "contains" => (Base::Contains, false),
            "notcontains" => (Base::Contains, true),
            "match" => (Base::Match, false),
            "notmatch" => (Base::Match, true),
            "in" => (Base::In, false),
            "notin" => (Base::In, true),
            "gt" => (Base::Gt, false),
            "ge" => (Base::Ge, false),
            "lt" => (Base::Lt, false),
            "le" => (Base::Le, false),
            _ => return None,
        };
        Some(Op { base, negated })
    }
}

fn is_member_of(name: &str) -> bool {
    name.eq_ignore_ascii_case("memberof")
}

fn err(offset: usize, message: impl Into<String>) -> RuleSyntaxError {
    RuleSyntaxError {
        offset,
        message: message.into(),
    }
}

// ---------------------------------------------------------------------------
// Lexer
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
enum TokKind {
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    /// `-word`, lowercased without the dash.
    Dash(String),
    /// `a.b` split at dots, as written.
    Path(Vec<String>),
    Str(String),
    SingleStr(String),
    Num(f64),
}

#[derive(Debug, Clone)]
struct Token {
    kind: TokKind,
    offset: usize,
    text: String,
}

const SINGLE_QUOTE_MESSAGE: &str =
    "values must be in straight double quotes (`\"`), not single quotes";

fn is_ident_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn collect(chars: &[char], from: usize, to: usize) -> String {
    chars
        .get(from..to)
        .map(|s| s.iter().collect())
        .unwrap_or_default()
}

fn lex(chars: &[char]) -> Result<Vec<Token>, RuleSyntaxError> {
    let mut tokens = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        let kind = match c {
            '(' | ')' | '[' | ']' | ',' => {
                i += 1;
                match c {
                    '(' => TokKind::LParen,
                    ')' => TokKind::RParen,
                    '[' => TokKind::LBracket,
                    ']' => TokKind::RBracket,
                    _ => TokKind::Comma,
                }
            }
            '"' => {
                let (text, next) = lex_double_quoted(chars, i)?;
                i = next;
                TokKind::Str(text)
            }
            '\'' => {
                let end = (i + 1..chars.len()).find(|&j| chars.get(j) == Some(&'\''));
                let Some(end) = end else {
                    return Err(err(i, SINGLE_QUOTE_MESSAGE));
                };
                i = end + 1;
                TokKind::SingleStr(collect(chars, start + 1, end))
            }
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{2018}' | '\u{2019}' | '\u{201A}' => {
                return Err(err(
                    i,
                    format!(
                        "typographic quote `{c}` is not accepted; use a straight double quote `\"`"
                    ),
                ));
            }
            '-' if chars.get(i + 1).is_some_and(|n| n.is_ascii_alphabetic()) => {
                i += 1;
                while chars.get(i).is_some_and(|n| n.is_ascii_alphabetic()) {
                    i += 1;
                }
                TokKind::Dash(collect(chars, start + 1, i).to_ascii_lowercase())
            }
            '-' if chars.get(i + 1).is_some_and(|n| n.is_ascii_digit()) => {
                i = scan_word(chars, i + 1);
                let word = collect(chars, start, i);
                match crate::json::parse_number(&word).ok_or(()) {
                    Ok(n) => TokKind::Num(n),
                    Err(_) => return Err(err(start, format!("`{word}` is not a number"))),
                }
            }
            c if c.is_ascii_digit() => {
                i = scan_word(chars, i);
                let word = collect(chars, start, i);
                match crate::json::parse_number(&word).ok_or(()) {
                    Ok(n) => TokKind::Num(n),
                    Err(_) => TokKind::Path(vec![word]),
                }
            }
            c if is_ident_start(c) => {
                let (segments, next) = lex_path(chars, i)?;
                i = next;
                TokKind::Path(segments)
            }
            other => return Err(err(i, format!("unexpected character `{other}`"))),
        };
        tokens.push(Token {
            kind,
            offset: start,
            text: collect(chars, start, i),
        });
    }
    Ok(tokens)
}

/// End of a run of identifier characters and dots (numbers such as `1.5`).
fn scan_word(chars: &[char], mut i: usize) -> usize {
    while chars.get(i).is_some_and(|&c| is_ident_char(c) || c == '.') {
        i += 1;
    }
    i
}

fn lex_double_quoted(chars: &[char], start: usize) -> Result<(String, usize), RuleSyntaxError> {
    let mut out = String::new();
    let mut i = start + 1;
    loop {
        match chars.get(i) {
            None => {
                return Err(err(
                    start,
                    "string starting here is not closed with a straight double quote `\"`",
                ))
            }
            Some('"') => return Ok((out, i + 1)),
            Some('`') => match chars.get(i + 1) {
                Some(&escaped @ ('"' | '`')) => {
                    out.push(escaped);
                    i += 2;
                }
                _ => {
                    out.push('`');
                    i += 1;
                }
            },
            Some(&c) => {
                out.push(c);
                i += 1;
            }
        }
    }
}

fn lex_path(chars: &[char], mut i: usize) -> Result<(Vec<String>, usize), RuleSyntaxError> {
    let mut segments = Vec::new();
    loop {
        let from = i;
        while chars.get(i).is_some_and(|&c| is_ident_char(c)) {
            i += 1;
        }
        segments.push(collect(chars, from, i));
        if chars.get(i) != Some(&'.') {
            return Ok((segments, i));
        }
        if !chars.get(i + 1).is_some_and(|&c| is_ident_start(c)) {
            let so_far = segments.join(".");
            return Err(err(
                i + 1,
                format!("expected a property name after `{so_far}.`"),
            ));
        }
        i += 1;
    }
}

// ---------------------------------------------------------------------------
// Parser
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    Rule,
    Item { member_of: bool },
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    end: usize,
    depth: usize,
}

fn combine(mut items: Vec<Expr>, make: fn(Vec<Expr>) -> Expr) -> Expr {
    if items.len() == 1 {
        if let Some(only) = items.pop() {
            return only;
        }
    }
    make(items)
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn bump(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.pos).cloned();
        if token.is_some() {
            self.pos += 1;
        }
        token
    }

    fn peek_kind(&self) -> Option<&TokKind> {
        self.peek().map(|t| &t.kind)
    }

    /// Consumes the next token when it is `kind`.
    fn eat(&mut self, kind: &TokKind) -> bool {
        let found = self.peek_kind() == Some(kind);
        if found {
            self.pos += 1;
        }
        found
    }

    fn here(&self) -> usize {
        self.peek().map_or(self.end, |t| t.offset)
    }

    fn at_dash(&self, word: &str) -> bool {
        matches!(self.peek_kind(), Some(TokKind::Dash(w)) if w == word)
    }

    fn enter(&mut self, offset: usize) -> Result<(), RuleSyntaxError> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(err(
                offset,
                format!("rule nests too deeply (more than {MAX_NESTING} levels)"),
            ));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    fn expect_close(&mut self, open: usize) -> Result<(), RuleSyntaxError> {
        if self.eat(&TokKind::RParen) {
            return Ok(());
        }
        Err(err(
            self.here(),
            format!("expected `)` to close the `(` at character {open}"),
        ))
    }

    fn parse_or(&mut self, scope: Scope) -> Result<Expr, RuleSyntaxError> {
        let mut items = vec![self.parse_and(scope)?];
        while self.at_dash("or") {
            self.pos += 1;
            items.push(self.parse_and(scope)?);
        }
        Ok(combine(items, Expr::Or))
    }

    fn parse_and(&mut self, scope: Scope) -> Result<Expr, RuleSyntaxError> {
        let mut items = vec![self.parse_unary(scope)?];
        while self.at_dash("and") {
            self.pos += 1;
            items.push(self.parse_unary(scope)?);
        }
        Ok(combine(items, Expr::And))
    }

    fn parse_unary(&mut self, scope: Scope) -> Result<Expr, RuleSyntaxError> {
        if self.at_dash("not") {
            let offset = self.here();
            self.pos += 1;
            self.enter(offset)?;
            let inner = self.parse_unary(scope)?;
            self.leave();
            return Ok(Expr::Not(Box::new(inner)));
        }
        self.parse_primary(scope)
    }

    fn parse_primary(&mut self, scope: Scope) -> Result<Expr, RuleSyntaxError> {
        let Some(token) = self.bump() else {
            return Err(err(self.end, "rule ends where an expression was expected"));
        };
        match &token.kind {
            TokKind::LParen => {
                self.enter(token.offset)?;
                let inner = self.parse_or(scope)?;
                self.expect_close(token.offset)?;
                self.leave();
                Ok(inner)
            }
            TokKind::Path(segments) => self.parse_comparison(segments, &token, scope),
            TokKind::Dash(word) if word == "and" || word == "or" => Err(err(
                token.offset,
                format!("expected an expression before `{}`", token.text),
            )),
            TokKind::SingleStr(_) => Err(err(token.offset, SINGLE_QUOTE_MESSAGE)),
            _ => Err(err(
                token.offset,
                format!(
                    "expected an expression such as `user.department -eq \"Sales\"`, found `{}`",
                    token.text
                ),
            )),
        }
    }

    fn parse_comparison(
        &mut self,
        segments: &[String],
        subject: &Token,
        scope: Scope,
    ) -> Result<Expr, RuleSyntaxError> {
        let target = classify(segments, subject, scope)?;
        let missing_operator = |offset: usize| {
            err(
                offset,
                format!(
                    "expected an operator such as `-eq` after `{}`",
                    subject.text
                ),
            )
        };
        let Some(op_token) = self.bump() else {
            return Err(missing_operator(self.end));
        };
        let TokKind::Dash(word) = &op_token.kind else {
            return Err(missing_operator(op_token.offset));
        };
        match word.as_str() {
            "and" | "or" | "not" => Err(missing_operator(op_token.offset)),
            "any" | "all" => self.parse_quantified(target, subject, &op_token, scope),
            _ => {
                if matches!(&target, Target::User(name) if is_member_of(name)) {
                    return Err(err(
                        subject.offset,
                        "`user.memberOf` is only supported as `user.memberOf -any (group.objectId -in [...])`",
                    ));
                }
                let op = Op::from_word(word).ok_or_else(|| {
                    err(
                        op_token.offset,
                        format!("unknown operator `{}`", op_token.text),
                    )
                })?;
                let value_offset = self.here();
                let value = self.parse_value(&op_token, scope)?;
                check_value(op, &value, &op_token.text, value_offset)?;
                Ok(Expr::Compare(Comparison {
                    target,
                    target_offset: subject.offset,
                    op,
                    value,
                    value_offset,
                }))
            }
        }
    }

    fn parse_quantified(
        &mut self,
        target: Target,
        subject: &Token,
        op_token: &Token,
        scope: Scope,
    ) -> Result<Expr, RuleSyntaxError> {
        if scope != Scope::Rule {
            return Err(err(op_token.offset, "`-any` and `-all` cannot be nested"));
        }
        let member_of = match &target {
            Target::User(name) => is_member_of(name),
            Target::Device(_) => false,
            Target::Item | Target::Field => {
                return Err(err(
                    op_token.offset,
                    format!(
                        "`{}` applies to a multi-valued property such as `user.proxyAddresses`",
                        op_token.text
                    ),
                ))
            }
        };
        let open = self.here();
        if !self.eat(&TokKind::LParen) {
            return Err(err(open, format!("expected `(` after `{}`", op_token.text)));
        }
        self.enter(open)?;
        let body = self.parse_or(Scope::Item { member_of })?;
        self.expect_close(open)?;
        self.leave();
        Ok(Expr::Quantified(Quantified {
            target,
            offset: subject.offset,
            all: op_token.text.eq_ignore_ascii_case("-all"),
            body: Box::new(body),
        }))
    }

    fn parse_value(&mut self, op_token: &Token, scope: Scope) -> Result<Literal, RuleSyntaxError> {
        let single_quotes = scope == Scope::Item { member_of: true };
        let Some(token) = self.bump() else {
            return Err(err(
                self.end,
                format!("expected a value after `{}`", op_token.text),
            ));
        };
        match &token.kind {
            TokKind::LBracket => self.parse_list(&token, single_quotes).map(Literal::List),
            TokKind::Path(s) if s.len() == 1 && token.text.eq_ignore_ascii_case("null") => {
                Ok(Literal::Null)
            }
            _ => {
                let expected = format!("a value after `{}`", op_token.text);
                scalar(&token, &expected, single_quotes).map(Literal::Scalar)
            }
        }
    }

    fn parse_list(
        &mut self,
        open: &Token,
        single_quotes: bool,
    ) -> Result<Vec<Scalar>, RuleSyntaxError> {
        let unclosed = || err(open.offset, "list opened here is not closed with `]`");
        if self.peek_kind() == Some(&TokKind::RBracket) {
            return Err(err(
                self.here(),
                "the list is empty; give at least one value",
            ));
        }
        let mut items = Vec::new();
        loop {
            let token = self.bump().ok_or_else(unclosed)?;
            items.push(scalar(&token, "a value in the list", single_quotes)?);
            if self.eat(&TokKind::RBracket) {
                return Ok(items);
            }
            if !self.eat(&TokKind::Comma) {
                return Err(match self.peek() {
                    Some(other) => err(other.offset, "expected `,` or `]` in the list"),
                    None => unclosed(),
                });
            }
        }
    }
}

fn scalar(token: &Token, expected: &str, single_quotes: bool) -> Result<Scalar, RuleSyntaxError> {
    match &token.kind {
        TokKind::Str(s) => Ok(Scalar::Text(s.clone())),
        TokKind::SingleStr(s) if single_quotes => Ok(Scalar::Text(s.clone())),
        TokKind::SingleStr(_) => Err(err(token.offset, SINGLE_QUOTE_MESSAGE)),
        TokKind::Num(n) => Ok(Scalar::Number(*n)),
        TokKind::Path(_) => match token.text.to_ascii_lowercase().as_str() {
            "true" => Ok(Scalar::Bool(true)),
            "false" => Ok(Scalar::Bool(false)),
            "null" => Err(err(token.offset, NULL_MESSAGE)),
            _ => Err(err(
                token.offset,
                format!(
                    "text values must be in double quotes, as in `\"{}\"`",
                    token.text
                ),
            )),
        },
        _ => Err(err(
            token.offset,
            format!("expected {expected}, found `{}`", token.text),
        )),
    }
}

const NULL_MESSAGE: &str = "`null` can only be compared with `-eq` or `-ne`";

fn check_value(
    op: Op,
    value: &Literal,
    op_text: &str,
    offset: usize,
) -> Result<(), RuleSyntaxError> {
    let base = op.base;
    match value {
        Literal::Null if base != Base::Eq => Err(err(offset, NULL_MESSAGE)),
        Literal::List(_) if base != Base::In => Err(err(
            offset,
            format!("a list value needs `-in` or `-notIn`, not `{op_text}`"),
        )),
        Literal::Null | Literal::Scalar(_) if base == Base::In => Err(err(
            offset,
            format!("`{op_text}` expects a list such as `[\"a\", \"b\"]`"),
        )),
        Literal::Null | Literal::Scalar(Scalar::Text(_) | Scalar::Bool(_))
            if matches!(base, Base::Gt | Base::Ge | Base::Lt | Base::Le) =>
        {
            Err(err(
                offset,
                format!("`{op_text}` compares numbers; give a number such as `5`"),
            ))
        }
        _ => Ok(()),
    }
}

fn classify(segments: &[String], token: &Token, scope: Scope) -> Result<Target, RuleSyntaxError> {
    match segments {
        [only] if only == "_" => match scope {
            Scope::Item { .. } => Ok(Target::Item),
            Scope::Rule => Err(err(
                token.offset,
                "`_` can only be used inside `-any (...)` or `-all (...)`",
            )),
        },
        [root, name]
            if root.eq_ignore_ascii_case("user") || root.eq_ignore_ascii_case("device") =>
        {
            if scope != Scope::Rule {
                return Err(err(
                    token.offset,
                    format!(
                        "inside `-any`/`-all`, compare the item (`_` or a field such as `assignedPlan.servicePlanId`), not `{}`",
                        token.text
                    ),
                ));
            }
            if root.eq_ignore_ascii_case("user") {
                Ok(Target::User(name.clone()))
            } else {
                Ok(Target::Device(name.clone()))
            }
        }
        [object, field] => match scope {
            Scope::Item { member_of: false } => Ok(Target::Field),
            Scope::Item { member_of: true }
                if object.eq_ignore_ascii_case("group")
                    && field.eq_ignore_ascii_case("objectid") =>
            {
                Ok(Target::Field)
            }
            Scope::Item { member_of: true } => Err(err(
                token.offset,
                "inside `user.memberOf -any (...)` only `group.objectId` can be compared",
            )),
            Scope::Rule => Err(err(
                token.offset,
                format!("unknown object `{object}`; properties start with `user.` or `device.`"),
            )),
        },
        [_] => Err(err(
            token.offset,
            format!(
                "expected a property such as `user.department`, found `{}`",
                token.text
            ),
        )),
        _ => Err(err(
            token.offset,
            format!(
                "property paths have two parts, such as `user.department`, not `{}`",
                token.text
            ),
        )),
    }
}

// ---------------------------------------------------------------------------
// Offline limitations and evaluation
// ---------------------------------------------------------------------------

fn device_limitation(name: &str, offset: usize) -> NotEvaluable {
    NotEvaluable {
        offset,
        message: format!(
            "`device.{name}` is a device property; rules for users make it not evaluable offline"
        ),
    }
}

fn objects_limitation(name: &str, offset: usize) -> NotEvaluable {
    NotEvaluable {
        offset,
        message: format!(
            "`user.{name}` holds directory objects whose fields are not evaluable offline"
        ),
    }
}

fn reads_fields(expr: &Expr) -> bool {
    match expr {
        Expr::And(items) | Expr::Or(items) => items.iter().any(reads_fields),
        Expr::Not(inner) => reads_fields(inner),
        Expr::Compare(c) => c.target == Target::Field,
        Expr::Quantified(q) => reads_fields(&q.body),
    }
}

impl Quantified {
    fn static_limitation(&self) -> Option<NotEvaluable> {
        match &self.target {
            Target::Device(name) => Some(device_limitation(name, self.offset)),
            Target::User(name) if !is_member_of(name) && reads_fields(&self.body) => {
                Some(objects_limitation(name, self.offset))
            }
            _ => None,
        }
    }
}

fn collect_limitations(expr: &Expr, out: &mut Vec<NotEvaluable>) {
    match expr {
        Expr::And(items) | Expr::Or(items) => {
            items.iter().for_each(|e| collect_limitations(e, out));
        }
        Expr::Not(inner) => collect_limitations(inner, out),
        Expr::Compare(c) => {
            if let Target::Device(name) = &c.target {
                out.push(device_limitation(name, c.target_offset));
            }
        }
        Expr::Quantified(q) => out.extend(q.static_limitation()),
    }
}

fn collect_properties(expr: &Expr, out: &mut Vec<String>) {
    match expr {
        Expr::And(items) | Expr::Or(items) => {
            items.iter().for_each(|e| collect_properties(e, out));
        }
        Expr::Not(inner) => collect_properties(inner, out),
        Expr::Compare(Comparison {
            target: Target::User(name),
            ..
        })
        | Expr::Quantified(Quantified {
            target: Target::User(name),
            ..
        }) => out.push(name.to_ascii_lowercase()),
        Expr::Compare(_) | Expr::Quantified(_) => {}
    }
}

/// Kleene "and": false wins, then an unknown, then true.
fn all_of(results: impl Iterator<Item = Result<bool, NotEvaluable>>) -> Result<bool, NotEvaluable> {
    let mut unknown = None;
    for result in results {
        match result {
            Ok(false) => return Ok(false),
            Ok(true) => {}
            Err(e) => {
                unknown.get_or_insert(e);
            }
        }
    }
    unknown.map_or(Ok(true), Err)
}

/// Kleene "or": true wins, then an unknown, then false.
fn any_of(results: impl Iterator<Item = Result<bool, NotEvaluable>>) -> Result<bool, NotEvaluable> {
    all_of(results.map(|r| r.map(|b| !b))).map(|b| !b)
}

fn fold(text: &str) -> String {
    text.to_ascii_lowercase()
}

impl Scalar {
    fn text(&self) -> String {
        match self {
            Scalar::Text(s) => s.clone(),
            Scalar::Number(n) => crate::json::format_number(*n),
            Scalar::Bool(b) => b.to_string(),
        }
    }

    fn number(&self) -> Option<f64> {
        match self {
            Scalar::Text(s) => crate::json::parse_number(s.trim()),
            Scalar::Number(n) => Some(*n),
            Scalar::Bool(_) => None,
        }
    }

    fn equals(&self, other: &Scalar) -> bool {
        match (self, other) {
            (Scalar::Bool(a), Scalar::Bool(b)) => a == b,
            (Scalar::Number(_), _) | (_, Scalar::Number(_)) => {
                matches!((self.number(), other.number()), (Some(a), Some(b)) if a == b)
            }
            _ => fold(&self.text()) == fold(&other.text()),
        }
    }
}

/// An absent attribute, an empty string and an empty list all count as null.
fn normalize(value: Option<AttributeValue>) -> Option<AttributeValue> {
    match value {
        Some(AttributeValue::Text(s)) if s.is_empty() => None,
        Some(AttributeValue::List(l)) if l.is_empty() => None,
        other => other,
    }
}

struct Evaluator<'a> {
    user: &'a dyn AttributeSource,
    matcher: &'a dyn Fn(&str, &str) -> Option<bool>,
}

impl Evaluator<'_> {
    fn eval(&self, expr: &Expr, item: Option<&str>) -> Result<bool, NotEvaluable> {
        match expr {
            Expr::And(items) => all_of(items.iter().map(|e| self.eval(e, item))),
            Expr::Or(items) => any_of(items.iter().map(|e| self.eval(e, item))),
            Expr::Not(inner) => self.eval(inner, item).map(|b| !b),
            Expr::Compare(c) => self.compare(c, item),
            Expr::Quantified(q) => self.quantified(q),
        }
    }

    fn compare(&self, c: &Comparison, item: Option<&str>) -> Result<bool, NotEvaluable> {
        let actual = match &c.target {
            Target::User(name) => normalize(self.user.attribute(name)),
            Target::Device(name) => return Err(device_limitation(name, c.target_offset)),
            Target::Item | Target::Field => match item {
                Some(v) => normalize(Some(AttributeValue::Text(v.to_string()))),
                None => {
                    return Err(NotEvaluable {
                        offset: c.target_offset,
                        message: "an item reference outside `-any`/`-all` is not evaluable".into(),
                    })
                }
            },
        };
        let positive = self.positive(c.op.base, actual, &c.value, c.value_offset)?;
        Ok(positive != c.op.negated)
    }

    fn positive(
        &self,
        base: Base,
        actual: Option<AttributeValue>,
        value: &Literal,
        value_offset: usize,
    ) -> Result<bool, NotEvaluable> {
        let actual = match (actual, value) {
            (actual, Literal::Null) => return Ok(actual.is_none()),
            (None | Some(AttributeValue::List(_)), _) => return Ok(false),
            (Some(AttributeValue::Text(s)), _) => Scalar::Text(s),
            (Some(AttributeValue::Number(n)), _) => Scalar::Number(n),
            (Some(AttributeValue::Bool(b)), _) => Scalar::Bool(b),
        };
        let number_holds = |v: &Scalar, holds: fn(f64, f64) -> bool| matches!((actual.number(), v.number()), (Some(a), Some(b)) if holds(a, b));
        Ok(match (base, value) {
            (Base::In, Literal::List(values)) => values.iter().any(|v| actual.equals(v)),
            (_, Literal::Null | Literal::List(_)) => false,
            (Base::Eq, Literal::Scalar(v)) => actual.equals(v),
            (Base::StartsWith, Literal::Scalar(v)) => {
                fold(&actual.text()).starts_with(&fold(&v.text()))
            }
            (Base::Contains, Literal::Scalar(v)) => fold(&actual.text()).contains(&fold(&v.text())),
            (Base::Match, Literal::Scalar(v)) => {
                let pattern = v.text();
                (self.matcher)(&pattern, &actual.text()).ok_or_else(|| NotEvaluable {
                    offset: value_offset,
                    message: format!("pattern `{pattern}` is invalid or too costly to evaluate"),
                })?
            }
            (Base::Gt, Literal::Scalar(v)) => number_holds(v, |a, b| a > b),
            (Base::Ge, Literal::Scalar(v)) => number_holds(v, |a, b| a >= b),
            (Base::Lt, Literal::Scalar(v)) => number_holds(v, |a, b| a < b),
            (Base::Le, Literal::Scalar(v)) => number_holds(v, |a, b| a <= b),
            (Base::In, Literal::Scalar(_)) => false,
        })
    }

    fn quantified(&self, q: &Quantified) -> Result<bool, NotEvaluable> {
        if let Some(limitation) = q.static_limitation() {
            return Err(limitation);
        }
        let Target::User(name) = &q.target else {
            return Err(NotEvaluable {
                offset: q.offset,
                message: "only user properties are evaluable offline".into(),
            });
        };
        let items: Vec<String> = if is_member_of(name) {
            self.user.group_ids().ok_or_else(|| NotEvaluable {
                offset: q.offset,
                message: format!(
                    "`user.{name}` needs the user's group ids, which were not supplied, so it is not evaluable offline"
                ),
            })?
        } else {
            match normalize(self.user.attribute(name)) {
                None => Vec::new(),
                Some(AttributeValue::List(list)) => list,
                Some(AttributeValue::Text(s)) => vec![s],
                Some(AttributeValue::Number(n)) => vec![crate::json::format_number(n)],
                Some(AttributeValue::Bool(b)) => vec![b.to_string()],
            }
        };
        let results = items.iter().map(|i| self.eval(&q.body, Some(i)));
        if q.all {
            all_of(results)
        } else {
            any_of(results)
        }
    }
}

impl MembershipRule {
    /// Parses a rule, or reports the first syntax error with its character offset
    /// (rules longer than [`MAX_RULE_CHARS`], Entra's 3,072-character limit, or nested deeper
    /// than [`MAX_NESTING`] are errors too).
    pub fn parse(text: &str) -> Result<MembershipRule, RuleSyntaxError> {
        let chars: Vec<char> = text.chars().collect();
        if chars.len() > MAX_RULE_CHARS {
            return Err(err(
                MAX_RULE_CHARS,
                format!(
                    "rule is {} characters long; Entra accepts at most {MAX_RULE_CHARS}",
                    chars.len()
                ),
            ));
        }
        let tokens = lex(&chars)?;
        if tokens.is_empty() {
            return Err(err(0, "rule is empty"));
        }
        let mut parser = Parser {
            tokens,
            pos: 0,
            end: chars.len(),
            depth: 0,
        };
        let expr = parser.parse_or(Scope::Rule)?;
        if let Some(token) = parser.peek() {
            return Err(match token.kind {
                TokKind::RParen => err(token.offset, "`)` has no matching `(`"),
                _ => err(
                    token.offset,
                    format!(
                        "unexpected `{}` after a complete expression; join expressions with `-and` or `-or`",
                        token.text
                    ),
                ),
            });
        }
        Ok(MembershipRule { expr })
    }

    /// Constructs that can never be evaluated offline (device.*, assignedPlans, …), with offsets; empty when the whole rule is evaluable.
    ///
    /// `user.memberOf` is not listed: it is evaluable when the caller supplies group ids.
    pub fn offline_limitations(&self) -> Vec<NotEvaluable> {
        let mut out = Vec::new();
        collect_limitations(&self.expr, &mut out);
        out
    }

    /// Evaluates for one user. `matcher(pattern, value)` implements `-match`/`-notMatch` (the crate passes its own regex engine;
    /// it returns None when the pattern is invalid or too costly) so this module needs no regex of its own.
    ///
    /// Comparisons are case-insensitive, as in Entra, so the matcher should match case-insensitively too.
    /// Unknown parts are combined with three-valued logic: `Err` only when the answer depends on them
    /// (`x -or <device rule>` is `Ok(true)` when `x` holds). `-all` over a user with no values is true.
    pub fn evaluate(
        &self,
        user: &dyn AttributeSource,
        matcher: &dyn Fn(&str, &str) -> Option<bool>,
    ) -> Result<bool, NotEvaluable> {
        Evaluator { user, matcher }.eval(&self.expr, None)
    }

    /// Property names the rule reads (lowercased, deduplicated, sorted), e.g. ["country", "department"].
    ///
    /// Only `user.` properties are listed (including `memberof`); `device.` properties are not.
    pub fn properties(&self) -> Vec<String> {
        let mut out = Vec::new();
        collect_properties(&self.expr, &mut out);
        crate::sort::sort(&mut out);
        out.dedup();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct User {
        attributes: Vec<(&'static str, AttributeValue)>,
        groups: Option<Vec<String>>,
    }

    impl AttributeSource for User {
        fn attribute(&self, name: &str) -> Option<AttributeValue> {
            self.attributes
                .iter()
                .find(|(key, _)| key.eq_ignore_ascii_case(name))
                .map(|(_, value)| value.clone())
        }
        fn group_ids(&self) -> Option<Vec<String>> {
            self.groups.clone()
        }
    }

    fn text(value: &str) -> AttributeValue {
        AttributeValue::Text(value.to_string())
    }

    fn list(values: &[&str]) -> AttributeValue {
        AttributeValue::List(values.iter().map(|v| v.to_string()).collect())
    }

    fn user(attributes: Vec<(&'static str, AttributeValue)>) -> User {
        User {
            attributes,
            groups: None,
        }
    }

    fn henry() -> User {
        user(vec![
            ("department", text("sales")),
            ("country", text("DE")),
            ("jobTitle", text("Account Manager")),
            ("accountEnabled", AttributeValue::Bool(true)),
            ("employeeId", text("00420")),
            ("extensionAttribute1", text("Contoso \"East\"")),
            (
                "proxyAddresses",
                list(&["SMTP:henry@contoso.com", "smtp:h@fabrikam.com"]),
            ),
            ("otherMails", list(&[])),
            (
                "extension_b7d8e5fd_costCenter",
                AttributeValue::Number(4711.0),
            ),
        ])
    }

    /// A stand-in for the crate's regex engine: `^x` is a prefix test, `(` is invalid, anything else a substring.
    fn matcher(pattern: &str, value: &str) -> Option<bool> {
        let value = value.to_ascii_lowercase();
        match pattern.strip_prefix('^') {
            _ if pattern == "(" => None,
            Some(prefix) => Some(value.starts_with(&prefix.to_ascii_lowercase())),
            None => Some(value.contains(&pattern.to_ascii_lowercase())),
        }
    }

    fn eval(rule: &str, who: &User) -> Result<bool, NotEvaluable> {
        MembershipRule::parse(rule).unwrap().evaluate(who, &matcher)
    }

    fn holds(rule: &str, who: &User) -> bool {
        eval(rule, who).unwrap()
    }

    fn syntax_error(rule: &str) -> RuleSyntaxError {
        MembershipRule::parse(rule).unwrap_err()
    }

    fn at(rule: &str, needle: &str) -> usize {
        rule.find(needle).unwrap()
    }

    #[test]
    fn department_rule_matches_henry_in_sales_case_insensitively() {
        assert!(holds(r#"(user.department -eq "Sales")"#, &henry()));
        let marketing = user(vec![("department", text("Marketing"))]);
        assert!(!holds(r#"(user.department -eq "Sales")"#, &marketing));
    }

    #[test]
    fn sales_in_germany_rule_needs_both_department_and_country() {
        let rule = r#"(user.department -eq "Sales") -and (user.country -eq "DE")"#;
        assert!(holds(rule, &henry()));
        let in_france = user(vec![("department", text("Sales")), ("country", text("FR"))]);
        assert!(!holds(rule, &in_france));
        let parsed = MembershipRule::parse(rule).unwrap();
        assert_eq!(parsed.properties(), vec!["country", "department"]);
        assert!(parsed.offline_limitations().is_empty());
    }

    #[test]
    fn keywords_operators_and_property_names_are_case_insensitive() {
        let rule = "USER.Department -EQ \"SALES\" -AND User.COUNTRY -Eq \"de\" -Or -NOT user.city -ne null";
        assert!(holds(rule, &henry()));
    }

    #[test]
    fn rules_may_span_several_lines() {
        let rule = "(user.department -eq \"Sales\")\n  -and\n\t(user.country -eq \"DE\")\r\n";
        assert!(holds(rule, &henry()));
    }

    #[test]
    fn eq_and_ne_compare_whole_values() {
        assert!(holds(r#"user.jobTitle -eq "account manager""#, &henry()));
        assert!(!holds(r#"user.jobTitle -eq "account""#, &henry()));
        assert!(holds(r#"user.jobTitle -ne "account""#, &henry()));
        assert!(!holds(r#"user.jobTitle -ne "ACCOUNT MANAGER""#, &henry()));
    }

    #[test]
    fn starts_with_and_not_starts_with_test_prefixes_case_insensitively() {
        assert!(holds(r#"user.jobTitle -startsWith "ACCOUNT""#, &henry()));
        assert!(!holds(r#"user.jobTitle -startsWith "manager""#, &henry()));
        assert!(holds(r#"user.jobTitle -notStartsWith "manager""#, &henry()));
        assert!(!holds(
            r#"user.jobTitle -notStartsWith "account""#,
            &henry()
        ));
    }

    #[test]
    fn contains_and_not_contains_test_substrings() {
        assert!(holds(r#"user.jobTitle -contains "NT MAN""#, &henry()));
        assert!(!holds(r#"user.jobTitle -contains "director""#, &henry()));
        assert!(holds(r#"user.jobTitle -notContains "director""#, &henry()));
        assert!(!holds(r#"user.jobTitle -notContains "manager""#, &henry()));
    }

    #[test]
    fn match_and_not_match_use_the_callers_matcher() {
        assert!(holds(r#"user.jobTitle -match "^account""#, &henry()));
        assert!(!holds(r#"user.jobTitle -match "^manager""#, &henry()));
        assert!(holds(r#"user.jobTitle -notMatch "^manager""#, &henry()));
        assert!(!holds(r#"user.jobTitle -notMatch "man""#, &henry()));
    }

    #[test]
    fn an_invalid_pattern_is_not_evaluable_at_the_pattern() {
        let rule = r#"user.jobTitle -match "(""#;
        let problem = eval(rule, &henry()).unwrap_err();
        assert_eq!(problem.offset, at(rule, "\"("));
        assert!(problem.message.contains("invalid or too costly"));
    }

    #[test]
    fn in_and_not_in_test_membership_of_a_list() {
        assert!(holds(r#"user.country -in ["FR", "de", "AT"]"#, &henry()));
        assert!(!holds(r#"user.country -in ["FR","AT"]"#, &henry()));
        assert!(holds(r#"user.country -notIn ["FR", "AT"]"#, &henry()));
        assert!(!holds(r#"user.country -notIn ["DE"]"#, &henry()));
        assert!(holds(r#"user.employeeId -in [420, 421]"#, &henry()));
    }

    #[test]
    fn absent_attribute_behaves_as_null() {
        let nobody = user(vec![]);
        assert!(holds("user.city -eq null", &nobody));
        assert!(!holds("user.city -ne null", &nobody));
        assert!(!holds(r#"user.city -eq "Berlin""#, &nobody));
        assert!(holds(r#"user.city -ne "Berlin""#, &nobody));
        assert!(!holds(r#"user.city -contains "Ber""#, &nobody));
        assert!(holds(r#"user.city -notContains "Ber""#, &nobody));
        assert!(!holds(r#"user.city -startsWith "B""#, &nobody));
        assert!(holds(r#"user.city -notStartsWith "B""#, &nobody));
        assert!(!holds(r#"user.city -match "B""#, &nobody));
        assert!(holds(r#"user.city -notMatch "B""#, &nobody));
        assert!(!holds(r#"user.city -in ["Berlin"]"#, &nobody));
        assert!(holds(r#"user.city -notIn ["Berlin"]"#, &nobody));
        assert!(!holds("user.city -gt 1", &nobody));
    }

    #[test]
    fn empty_text_and_empty_lists_count_as_null() {
        let blank = user(vec![("city", text("")), ("otherMails", list(&[]))]);
        assert!(holds("user.city -eq null", &blank));
        assert!(holds("user.otherMails -eq null", &blank));
        assert!(holds("user.department -ne null", &henry()));
        assert!(!holds("user.department -eq null", &henry()));
    }

    #[test]
    fn and_binds_tighter_than_or() {
        let only_a = user(vec![("a", text("1")), ("b", text("0")), ("c", text("0"))]);
        let rule = r#"user.a -eq "1" -or user.b -eq "1" -and user.c -eq "1""#;
        assert!(holds(rule, &only_a));
        let grouped = r#"(user.a -eq "1" -or user.b -eq "1") -and user.c -eq "1""#;
        assert!(!holds(grouped, &only_a));
    }

    #[test]
    fn not_binds_tighter_than_and_and_accepts_parentheses() {
        let who = user(vec![("a", text("1")), ("b", text("1"))]);
        assert!(!holds(r#"-not user.a -eq "1" -and user.b -eq "1""#, &who));
        assert!(holds(r#"-not user.a -eq "2" -and user.b -eq "1""#, &who));
        assert!(!holds(r#"-not(user.a -eq "2" -or user.b -eq "1")"#, &who));
        assert!(holds(r#"-not -not user.a -eq "1""#, &who));
    }

    #[test]
    fn booleans_compare_with_true_false_and_quoted_words() {
        assert!(holds("user.accountEnabled -eq true", &henry()));
        assert!(holds("user.accountEnabled -eq TRUE", &henry()));
        assert!(!holds("user.accountEnabled -eq false", &henry()));
        assert!(holds("user.accountEnabled -ne false", &henry()));
        assert!(holds(r#"user.accountEnabled -eq "True""#, &henry()));
    }

    #[test]
    fn numbers_compare_numerically() {
        let who = henry();
        assert!(holds("user.extension_b7d8e5fd_costCenter -eq 4711", &who));
        assert!(holds(
            r#"user.extension_b7d8e5fd_costCenter -eq "4711.0""#,
            &who
        ));
        assert!(holds("user.employeeId -eq 420", &who));
        assert!(holds(r#"user.employeeId -startsWith "004""#, &who));
        assert!(holds("user.extension_b7d8e5fd_costCenter -gt 4710.5", &who));
        assert!(holds("user.extension_b7d8e5fd_costCenter -ge 4711", &who));
        assert!(!holds("user.extension_b7d8e5fd_costCenter -lt 4711", &who));
        assert!(!holds("user.extension_b7d8e5fd_costCenter -le -1e4", &who));
        assert!(!holds("user.jobTitle -gt 1", &who));
    }

    #[test]
    fn any_over_a_list_attribute_needs_one_matching_value() {
        assert!(holds(
            r#"user.proxyAddresses -any (_ -contains "fabrikam")"#,
            &henry()
        ));
        assert!(!holds(
            r#"user.proxyAddresses -any (_ -contains "northwind")"#,
            &henry()
        ));
        assert!(holds(
            r#"user.proxyAddresses -ANY (_ -startsWith "smtp:" -and -not _ -contains "contoso")"#,
            &henry()
        ));
    }

    #[test]
    fn all_over_a_list_attribute_needs_every_value_to_match() {
        assert!(holds(
            r#"user.proxyAddresses -all (_ -startsWith "smtp:")"#,
            &henry()
        ));
        assert!(!holds(
            r#"user.proxyAddresses -all (_ -contains "contoso")"#,
            &henry()
        ));
    }

    #[test]
    fn any_over_no_values_is_false_and_all_is_true() {
        assert!(!holds(
            r#"user.otherMails -any (_ -contains "x")"#,
            &henry()
        ));
        assert!(holds(r#"user.otherMails -all (_ -contains "x")"#, &henry()));
    }

    #[test]
    fn a_list_attribute_outside_any_or_all_equals_nothing() {
        assert!(!holds(
            r#"user.proxyAddresses -eq "smtp:h@fabrikam.com""#,
            &henry()
        ));
        assert!(holds(
            r#"user.proxyAddresses -ne "smtp:h@fabrikam.com""#,
            &henry()
        ));
        assert!(!holds(
            r#"user.proxyAddresses -contains "fabrikam""#,
            &henry()
        ));
    }

    #[test]
    fn backtick_escapes_a_double_quote_inside_a_value() {
        assert!(holds(
            r#"user.extensionAttribute1 -eq "Contoso `"East`"""#,
            &henry()
        ));
        let odd = user(vec![("city", text("a`b`"))]);
        assert!(holds(r#"user.city -eq "a`b``""#, &odd));
    }

    #[test]
    fn member_of_is_evaluated_against_supplied_group_ids() {
        let rule = "user.memberOf -any (group.objectId -in ['g-1', 'g-2'])";
        let mut member = user(vec![]);
        let problem = eval(rule, &member).unwrap_err();
        assert_eq!(problem.offset, 0);
        assert!(problem.message.contains("group ids"));
        member.groups = Some(vec!["G-2".to_string()]);
        assert!(holds(rule, &member));
        member.groups = Some(vec!["g-3".to_string()]);
        assert!(!holds(
            r#"user.memberof -any (group.objectid -in ["g-1"])"#,
            &member
        ));
        let parsed = MembershipRule::parse(rule).unwrap();
        assert!(parsed.offline_limitations().is_empty());
        assert_eq!(parsed.properties(), vec!["memberof"]);
    }

    #[test]
    fn device_properties_are_reported_as_not_evaluable_offline() {
        let rule = r#"user.department -eq "Sales" -or device.deviceOSType -eq "Windows""#;
        let parsed = MembershipRule::parse(rule).unwrap();
        let limits = parsed.offline_limitations();
        assert_eq!(limits.len(), 1);
        assert_eq!(limits[0].offset, at(rule, "device."));
        assert!(limits[0].message.contains("not evaluable offline"));
        assert_eq!(parsed.evaluate(&henry(), &matcher), Ok(true));
        let outsider = user(vec![("department", text("HR"))]);
        assert_eq!(parsed.evaluate(&outsider, &matcher), Err(limits[0].clone()));
        assert_eq!(parsed.properties(), vec!["department"]);
        let any = r#"device.devicePhysicalIds -any (_ -contains "[ZTDId]")"#;
        assert_eq!(
            MembershipRule::parse(any)
                .unwrap()
                .offline_limitations()
                .len(),
            1
        );
    }

    #[test]
    fn assigned_plans_are_reported_as_not_evaluable_offline() {
        let rule = concat!(
            r#"user.country -eq "DE" -and user.assignedPlans -any "#,
            r#"(assignedPlan.servicePlanId -eq "efb87545-963c-4e0d-99df-69c6916d9eb0" "#,
            r#"-and assignedPlan.capabilityStatus -eq "Enabled")"#
        );
        let parsed = MembershipRule::parse(rule).unwrap();
        let limits = parsed.offline_limitations();
        assert_eq!(limits.len(), 1);
        assert_eq!(limits[0].offset, at(rule, "user.assignedPlans"));
        assert!(limits[0].message.contains("not evaluable offline"));
        assert_eq!(parsed.evaluate(&henry(), &matcher), Err(limits[0].clone()));
        let elsewhere = user(vec![("country", text("FR"))]);
        assert_eq!(parsed.evaluate(&elsewhere, &matcher), Ok(false));
        assert_eq!(parsed.properties(), vec!["assignedplans", "country"]);
    }

    #[test]
    fn properties_are_lowercased_deduplicated_and_sorted() {
        let rule = r#"user.Department -eq "a" -or user.department -eq "b" -or user.extensionAttribute15 -eq "c""#;
        let parsed = MembershipRule::parse(rule).unwrap();
        assert_eq!(
            parsed.properties(),
            vec!["department", "extensionattribute15"]
        );
    }

    #[test]
    fn single_quoted_value_is_a_syntax_error_at_the_quote() {
        let rule = "user.department -eq 'Sales'";
        let e = syntax_error(rule);
        assert_eq!(e.offset, at(rule, "'"));
        assert!(e.message.contains("double quotes"));
        let unclosed = "user.department -eq 'Sales";
        assert_eq!(syntax_error(unclosed).offset, at(unclosed, "'"));
    }

    #[test]
    fn typographic_quotes_are_a_syntax_error_at_the_quote() {
        let rule = "user.department -eq \u{201C}Sales\u{201D}";
        let e = syntax_error(rule);
        assert_eq!(e.offset, 20);
        assert!(e.message.contains("straight double quote"));
    }

    #[test]
    fn offsets_count_characters_not_bytes() {
        let rule = "user.city -eq \"Köln\" -and user.country -eq 'DE'";
        assert_eq!(
            syntax_error(rule).offset,
            rule.chars().position(|c| c == '\'').unwrap()
        );
        assert_ne!(syntax_error(rule).offset, at(rule, "'"));
    }

    #[test]
    fn unclosed_string_is_a_syntax_error_at_its_opening_quote() {
        let rule = r#"user.department -eq "Sales"#;
        let e = syntax_error(rule);
        assert_eq!(e.offset, at(rule, "\""));
        assert!(e.message.contains("not closed"));
    }

    #[test]
    fn missing_operator_is_a_syntax_error_after_the_property() {
        let rule = r#"user.department "Sales""#;
        let e = syntax_error(rule);
        assert_eq!(e.offset, at(rule, "\""));
        assert_eq!(
            e.message,
            "expected an operator such as `-eq` after `user.department`"
        );
        assert_eq!(syntax_error("user.department").offset, 15);
        let legacy = r#"user.department -not -eq "x""#;
        assert_eq!(syntax_error(legacy).offset, at(legacy, "-not"));
    }

    #[test]
    fn unknown_operator_is_a_syntax_error_at_the_operator() {
        let rule = r#"user.department -equals "Sales""#;
        let e = syntax_error(rule);
        assert_eq!(e.offset, 16);
        assert_eq!(e.message, "unknown operator `-equals`");
    }

    #[test]
    fn missing_or_unquoted_values_are_syntax_errors() {
        let e = syntax_error("user.department -eq");
        assert_eq!(
            (e.offset, e.message.as_str()),
            (19, "expected a value after `-eq`")
        );
        let bare = "user.department -eq Sales";
        let e = syntax_error(bare);
        assert_eq!(e.offset, at(bare, "Sales"));
        assert!(e.message.contains("`\"Sales\"`"));
        let paren = "user.department -eq )";
        assert_eq!(syntax_error(paren).offset, at(paren, ")"));
    }

    #[test]
    fn value_kinds_must_suit_the_operator() {
        let null = "user.city -contains null";
        assert_eq!(syntax_error(null).offset, at(null, "null"));
        assert!(syntax_error(null).message.contains("`-eq` or `-ne`"));
        let listed = r#"user.city -eq ["a"]"#;
        assert_eq!(syntax_error(listed).offset, at(listed, "["));
        let scalar = r#"user.city -in "a""#;
        assert!(syntax_error(scalar).message.contains("expects a list"));
        let words = r#"user.employeeId -gt "5""#;
        assert!(syntax_error(words).message.contains("compares numbers"));
    }

    #[test]
    fn malformed_lists_are_syntax_errors() {
        let unclosed = r#"user.city -in ["a", "b""#;
        assert_eq!(syntax_error(unclosed).offset, at(unclosed, "["));
        let empty = "user.city -in []";
        assert_eq!(syntax_error(empty).offset, at(empty, "]"));
        let separator = r#"user.city -in ["a" "b"]"#;
        assert_eq!(syntax_error(separator).offset, at(separator, "\"b"));
        let trailing = r#"user.city -in ["a",]"#;
        assert_eq!(syntax_error(trailing).offset, at(trailing, "]"));
        let quoted = "user.city -in ['a']";
        assert_eq!(syntax_error(quoted).offset, at(quoted, "'"));
    }

    #[test]
    fn unbalanced_parentheses_are_syntax_errors() {
        let open = r#"(user.department -eq "Sales""#;
        let e = syntax_error(open);
        assert_eq!(e.offset, open.len());
        assert_eq!(e.message, "expected `)` to close the `(` at character 0");
        let stray = r#"user.department -eq "Sales")"#;
        assert_eq!(syntax_error(stray).offset, at(stray, ")"));
        assert!(syntax_error(stray).message.contains("no matching"));
    }

    #[test]
    fn expressions_must_be_joined_with_and_or_or() {
        let rule = r#"user.department -eq "Sales" user.country -eq "DE""#;
        let e = syntax_error(rule);
        assert_eq!(e.offset, at(rule, "user.country"));
        assert!(e.message.contains("`-and` or `-or`"));
        let dangling = r#"user.department -eq "Sales" -and"#;
        assert_eq!(syntax_error(dangling).offset, dangling.len());
        let leading = r#"-or user.department -eq "Sales""#;
        assert_eq!(syntax_error(leading).offset, 0);
    }

    #[test]
    fn properties_need_a_known_object_and_a_name() {
        assert!(syntax_error(r#"department -eq "x""#)
            .message
            .contains("`user.department`"));
        let unknown = r#"person.department -eq "x""#;
        assert!(syntax_error(unknown)
            .message
            .contains("unknown object `person`"));
        let dot = r#"user. -eq "x""#;
        assert_eq!(syntax_error(dot).offset, 5);
        let deep = r#"user.manager.department -eq "x""#;
        assert!(syntax_error(deep).message.contains("two parts"));
        assert_eq!(syntax_error("user.city -eq 5 # x").offset, 16);
    }

    #[test]
    fn item_references_and_quantifiers_are_checked() {
        let outside = r#"_ -eq "x""#;
        assert!(syntax_error(outside).message.contains("inside `-any"));
        let nested = r#"user.a -any (_ -any (_ -eq "x"))"#;
        assert_eq!(syntax_error(nested).offset, at(nested, "-any (_ -eq"));
        let no_paren = r#"user.a -any _ -eq "x""#;
        assert_eq!(syntax_error(no_paren).offset, at(no_paren, "_"));
        let user_inside = r#"user.a -any (user.b -eq "x")"#;
        assert_eq!(syntax_error(user_inside).offset, at(user_inside, "user.b"));
        let member_field = r#"user.memberOf -any (group.displayName -eq "x")"#;
        assert!(syntax_error(member_field)
            .message
            .contains("group.objectId"));
        let member_eq = r#"user.memberOf -eq "x""#;
        assert_eq!(syntax_error(member_eq).offset, 0);
    }

    #[test]
    fn empty_rule_is_a_syntax_error() {
        assert_eq!(syntax_error("").offset, 0);
        assert_eq!(syntax_error("  \n ").message, "rule is empty");
    }

    #[test]
    fn rules_longer_than_3072_characters_are_rejected() {
        let rule_of = |len: usize| format!("user.city -eq \"{}\"", "a".repeat(len - 16));
        assert_eq!(rule_of(MAX_RULE_CHARS).chars().count(), 3072);
        assert!(MembershipRule::parse(&rule_of(3072)).is_ok());
        let e = syntax_error(&rule_of(3073));
        assert_eq!(e.offset, 3072);
        assert!(e.message.contains("3072"));
    }

    #[test]
    fn nesting_deeper_than_64_levels_is_rejected() {
        let nested =
            |depth: usize| format!("{}user.a -eq 1{}", "(".repeat(depth), ")".repeat(depth));
        assert!(holds(
            &nested(64),
            &user(vec![("a", AttributeValue::Number(1.0))])
        ));
        let e = syntax_error(&nested(65));
        assert_eq!(e.offset, 64);
        assert_eq!(e.message, "rule nests too deeply (more than 64 levels)");
        let nots = format!("{}user.a -eq 1", "-not ".repeat(65));
        assert_eq!(syntax_error(&nots).offset, 64 * 5);
        assert!(MembershipRule::parse(&format!("{}user.a -eq 1", "-not ".repeat(64))).is_ok());
    }

    #[test]
    fn errors_display_their_message_and_offset() {
        let e = syntax_error("user.department -eq 'x'");
        assert_eq!(
            e.to_string(),
            "values must be in straight double quotes (`\"`), not single quotes at character 20"
        );
    }
}
