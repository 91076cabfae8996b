//! CPython 3.11's `argparse`, the part both clients rely on, modelled once:
//! `ArgumentParser.parse_known_args` and `parse_args` (how each word is
//! classified, abbreviations, `--opt=value`, short-option clusters, `--`,
//! `nargs`, mutually exclusive groups, required arguments, type and choice
//! checks, subparsers), the messages of `ArgumentError`, and the usage text
//! `HelpFormatter._format_usage` wraps. The parsers themselves are tables
//! read from the real clients (`tables.rs`).
//!
//! Each function below names the `argparse.py` function it follows; the
//! comments say where the model is narrower than Python.

use std::collections::{BTreeMap, HashSet};

use super::pytext;

/// `nargs` of an action.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(dead_code, reason = "all of argparse's nargs are modelled; the captured parsers use most of them")]
pub(crate) enum Nargs {
    /// `None`: one value.
    One,
    /// `'?'`.
    Optional,
    /// `'*'`.
    ZeroOrMore,
    /// `'+'`.
    OneOrMore,
    /// `argparse.PARSER` (`'A...'`, subparsers).
    Parser,
    /// `argparse.REMAINDER`.
    Remainder,
    /// `0` (flags).
    Zero,
}

/// The action classes the clients use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ActionKind {
    Store,
    StoreConst,
    StoreTrue,
    StoreFalse,
    Count,
    Append,
    /// Prints the help and exits 0.
    Help,
    /// Prints the version and exits 0.
    Version,
    SubParsers,
    /// `osc_lib.cli.parseractions.KeyValueAction`.
    KeyValue,
    /// openstackclient's `KeyValueHintAction` (same checks as `KeyValueAction`).
    KeyValueHint,
}

/// The `type=` of an action.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(dead_code, reason = "`type=float` is modelled; the captured parsers happen not to use it")]
pub(crate) enum ValueType {
    Text,
    Int,
    Float,
    /// keystoneauth's `_positive_non_zero_float` (`--timeout`).
    PositiveFloat,
}

/// `choices=`: the string choices, and all of them as argparse lists them.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Choices {
    pub(crate) values: &'static [&'static str],
    pub(crate) shown: &'static str,
}

/// One `add_argument`.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Action {
    /// Empty for a positional.
    pub(crate) options: &'static [&'static str],
    pub(crate) dest: &'static str,
    /// `_get_action_name`: `-h/--help`, or a positional's metavar.
    pub(crate) name: &'static str,
    pub(crate) nargs: Nargs,
    pub(crate) kind: ActionKind,
    /// `help=argparse.SUPPRESS`.
    pub(crate) hidden: bool,
    pub(crate) choices: Option<Choices>,
    pub(crate) value_type: ValueType,
    pub(crate) required: bool,
}

/// `add_mutually_exclusive_group`.
#[derive(Debug)]
pub(crate) struct MutexGroup {
    pub(crate) actions: &'static [u16],
    pub(crate) required: bool,
}

/// One `ArgumentParser`.
#[derive(Debug)]
pub(crate) struct Parser {
    pub(crate) actions: &'static [Action],
    /// `_option_string_actions`, in insertion order.
    pub(crate) option_strings: &'static [(&'static str, u16)],
    pub(crate) mutex: &'static [MutexGroup],
    /// The usage text of the optionals and of the positionals, in the parts
    /// `_format_usage` wraps.
    pub(crate) usage_optionals: &'static [&'static str],
    pub(crate) usage_positionals: &'static [&'static str],
    /// cinderclient's `CinderClientArgumentParser._get_option_tuples`: of
    /// several abbreviation candidates, the only one not hidden wins.
    pub(crate) cinder_abbrev: bool,
}

/// How a parse ended without a namespace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Exit {
    /// `parser.error(message)`: usage and message on stderr, exit 2.
    Error(String),
    /// A help action ran: help on stdout, exit 0.
    Help,
    /// A version action ran: the version on stdout, exit 0.
    Version,
    /// The subparser of the named subcommand ended the parse.
    InSubparser(String, Box<Exit>),
}

/// A value in the namespace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Val {
    /// `None` (a `'?'` positional given no word).
    Nothing,
    Text(String),
    Flag(bool),
    Count(u32),
    /// `store_const`.
    Const,
    List(Vec<String>),
    /// `KeyValueAction`'s dict, in first-insertion order.
    Dict(Vec<(String, String)>),
}

/// One action taken, for reporting what a command line set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Occurrence {
    pub(crate) action: &'static Action,
    /// The option string as matched (`None` for a positional).
    pub(crate) option: Option<String>,
    /// The words it consumed as values (`--` removed).
    pub(crate) values: Vec<String>,
    /// Where its option word (or first value, for a positional) is in the
    /// parsed words.
    pub(crate) index: usize,
}

/// The result of a parse: values by dest, and every action taken in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Namespace {
    values: Vec<(&'static str, Val)>,
    pub(crate) seen: Vec<Occurrence>,
    /// Per parsed word: whether an action took it (as an option or a value).
    pub(crate) taken: Vec<bool>,
}

impl Namespace {
    pub(crate) fn get(&self, dest: &str) -> Option<&Val> {
        self.values.iter().find(|(d, _)| *d == dest).map(|(_, v)| v)
    }

    /// A text value (`None` when absent or not text).
    pub(crate) fn text(&self, dest: &str) -> Option<&str> {
        match self.get(dest) {
            Some(Val::Text(t)) => Some(t),
            _ => None,
        }
    }

    pub(crate) fn flag(&self, dest: &str) -> Option<bool> {
        match self.get(dest) {
            Some(Val::Flag(b)) => Some(*b),
            _ => None,
        }
    }

    pub(crate) fn dict(&self, dest: &str) -> Option<&[(String, String)]> {
        match self.get(dest) {
            Some(Val::Dict(d)) => Some(d),
            _ => None,
        }
    }

    pub(crate) fn list(&self, dest: &str) -> Option<&[String]> {
        match self.get(dest) {
            Some(Val::List(l)) => Some(l),
            _ => None,
        }
    }

    fn slot(&mut self, dest: &'static str) -> &mut Val {
        let position = match self.values.iter().position(|(d, _)| *d == dest) {
            Some(p) => p,
            None => {
                self.values.push((dest, Val::Nothing));
                self.values.len() - 1
            }
        };
        match self.values.get_mut(position) {
            Some((_, v)) => v,
            // Unreachable: `position` was just found or pushed.
            None => unreachable_slot(),
        }
    }

    fn set(&mut self, dest: &'static str, value: Val) {
        *self.slot(dest) = value;
    }

    /// `setattr` of every value of a subparser's namespace.
    /// `offset`: where the subparser's words start in this parser's words.
    fn merge(&mut self, other: Namespace, offset: usize) {
        for (dest, value) in other.values {
            self.set(dest, value);
        }
        self.seen.extend(other.seen.into_iter().map(|o| Occurrence { index: o.index + offset, ..o }));
    }
}

#[cold]
fn unreachable_slot() -> &'static mut Val {
    // A leaked empty value keeps the function total without a panic; it is
    // never reached (see `Namespace::slot`).
    Box::leak(Box::new(Val::Nothing))
}

/// The subcommands of a parser with a `SubParsers` action.
pub(crate) trait Subcommands {
    /// Whether `name` is one of the choices.
    fn is_choice(&self, name: &str) -> bool;
    /// Runs the subcommand's parser (`parse_known_args`) on its words.
    fn run(&mut self, name: &str, args: &[String]) -> Result<(Namespace, Vec<String>), Exit>;
}

/// `(action, option string, explicit argument)` of `_parse_optional`.
#[derive(Clone, Debug)]
struct OptionTuple {
    action: Option<u16>,
    option_string: String,
    explicit: Option<String>,
}

/// `ArgumentError(action, message)` as `str()` writes it.
fn argument_error(action: &Action, message: &str) -> Exit {
    if action.name.is_empty() {
        Exit::Error(message.to_string())
    } else {
        Exit::Error(format!("argument {}: {message}", action.name))
    }
}

/// What `_get_values` produced.
enum Values {
    /// The action's default (a `'?'` positional given nothing): not "present".
    Default,
    One(String),
    Many(Vec<String>),
}

impl Parser {
    fn action(&self, index: u16) -> Option<&'static Action> {
        self.actions.get(usize::from(index))
    }

    fn exact(&self, option: &str) -> Option<u16> {
        self.option_strings.iter().find(|(s, _)| *s == option).map(|(_, i)| *i)
    }

    /// `_has_negative_number_optionals` (no parser of these clients has one).
    fn has_negative_number_options(&self) -> bool {
        self.option_strings
            .iter()
            .any(|(s, _)| s.as_bytes().get(1).is_some_and(u8::is_ascii_digit) && pytext::looks_like_negative_number(s))
    }

    /// `parse_args`: `parse_known_args`, then any leftover word is an error.
    pub(crate) fn parse_args<'a>(
        &'static self,
        args: &'a [String],
        subcommands: Option<&'a mut dyn Subcommands>,
    ) -> Result<Namespace, Exit> {
        let (namespace, extras) = self.parse_known_args(args, subcommands)?;
        if extras.is_empty() {
            Ok(namespace)
        } else {
            Err(Exit::Error(format!("unrecognized arguments: {}", extras.join(" "))))
        }
    }

    /// `parse_known_args` (`_parse_known_args`): the namespace and the words
    /// no action took, in order (a subparser's leftovers last).
    pub(crate) fn parse_known_args<'a>(
        &'static self,
        args: &'a [String],
        subcommands: Option<&'a mut dyn Subcommands>,
    ) -> Result<(Namespace, Vec<String>), Exit> {
        let mut run = Run::new(self, args, subcommands)?;
        run.parse()?;
        run.finish()
    }

    /// `_parse_optional`: whether a word is an option, and which.
    fn parse_optional(&self, arg: &str) -> Result<Option<OptionTuple>, Exit> {
        if !arg.starts_with('-') {
            return Ok(None);
        }
        if let Some(i) = self.exact(arg) {
            return Ok(Some(OptionTuple { action: Some(i), option_string: arg.to_string(), explicit: None }));
        }
        if arg.len() == 1 {
            return Ok(None);
        }
        if let Some((option, explicit)) = arg.split_once('=') {
            if let Some(i) = self.exact(option) {
                return Ok(Some(OptionTuple {
                    action: Some(i),
                    option_string: option.to_string(),
                    explicit: Some(explicit.to_string()),
                }));
            }
        }
        let tuples = self.option_tuples(arg);
        if tuples.len() > 1 {
            let matches = tuples.iter().map(|t| t.option_string.as_str()).collect::<Vec<_>>().join(", ");
            return Err(Exit::Error(format!("ambiguous option: {arg} could match {matches}")));
        }
        if let Some(tuple) = tuples.into_iter().next() {
            return Ok(Some(tuple));
        }
        if pytext::looks_like_negative_number(arg) && !self.has_negative_number_options() {
            return Ok(None);
        }
        if arg.contains(' ') {
            return Ok(None);
        }
        Ok(Some(OptionTuple { action: None, option_string: arg.to_string(), explicit: None }))
    }

    /// `_get_option_tuples` (abbreviations; `allow_abbrev` is on in every
    /// parser of both clients), with cinderclient's override.
    fn option_tuples(&self, arg: &str) -> Vec<OptionTuple> {
        let mut result = Vec::new();
        let second = arg.chars().nth(1);
        if second == Some('-') {
            let (prefix, explicit) = match arg.split_once('=') {
                Some((p, e)) => (p, Some(e.to_string())),
                None => (arg, None),
            };
            // Options differ mostly in their first letter: compare it before
            // the whole prefix.
            let first = prefix.as_bytes().get(2);
            for (option, index) in self.option_strings {
                if (first.is_none() || option.as_bytes().get(2) == first) && option.starts_with(prefix) {
                    result.push(OptionTuple {
                        action: Some(*index),
                        option_string: (*option).to_string(),
                        explicit: explicit.clone(),
                    });
                }
            }
        } else {
            // `-x...`: the two-character option `-x` with the rest attached,
            // or any option the whole word is a prefix of.
            let split = arg.char_indices().nth(2).map_or(arg.len(), |(i, _)| i);
            let (short, short_explicit) = arg.split_at_checked(split).unwrap_or((arg, ""));
            for (option, index) in self.option_strings {
                if *option == short {
                    result.push(OptionTuple {
                        action: Some(*index),
                        option_string: (*option).to_string(),
                        explicit: Some(short_explicit.to_string()),
                    });
                } else if option.starts_with(arg) {
                    result.push(OptionTuple {
                        action: Some(*index),
                        option_string: (*option).to_string(),
                        explicit: None,
                    });
                }
            }
        }
        if self.cinder_abbrev && result.len() > 1 {
            let visible: Vec<OptionTuple> = result
                .iter()
                .filter(|t| t.action.and_then(|i| self.action(i)).is_some_and(|a| !a.hidden))
                .cloned()
                .collect();
            if visible.len() == 1 {
                return visible;
            }
        }
        result
    }

    /// The usage text `print_usage` writes for `prog` (80 columns).
    pub(crate) fn usage(&self, prog: &str) -> String {
        format_usage(prog, self.usage_optionals, self.usage_positionals, 78)
    }
}

/// One parse in progress (the locals of `_parse_known_args`).
struct Run<'a> {
    parser: &'static Parser,
    args: &'a [String],
    /// `arg_strings_pattern`: `O` option, `A` argument, `-` the first `--`.
    pattern: Vec<u8>,
    options: BTreeMap<usize, OptionTuple>,
    namespace: Namespace,
    seen: Vec<bool>,
    seen_non_default: Vec<bool>,
    conflicts: Vec<Vec<u16>>,
    /// The positionals not consumed yet.
    positionals: Vec<u16>,
    extras: Vec<String>,
    /// Leftovers of a subparser (`_UNRECOGNIZED_ARGS_ATTR`).
    unrecognized: Vec<String>,
    /// Where each key of a `KeyValueAction` dict is (by dest), so that a
    /// long list of keys is merged in linear time.
    dict_index: std::collections::HashMap<(&'static str, String), usize>,
    subcommands: Option<&'a mut dyn Subcommands>,
}

impl<'a> Run<'a> {
    fn new(
        parser: &'static Parser,
        args: &'a [String],
        subcommands: Option<&'a mut dyn Subcommands>,
    ) -> Result<Run<'a>, Exit> {
        let n = parser.actions.len();
        let mut conflicts = vec![Vec::new(); n];
        for group in parser.mutex {
            for (i, member) in group.actions.iter().enumerate() {
                if let Some(list) = conflicts.get_mut(usize::from(*member)) {
                    list.extend(group.actions.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, a)| *a));
                }
            }
        }
        let mut pattern = Vec::with_capacity(args.len());
        let mut options = BTreeMap::new();
        let mut after_double_dash = false;
        for (i, arg) in args.iter().enumerate() {
            if after_double_dash {
                pattern.push(b'A');
            } else if arg == "--" {
                pattern.push(b'-');
                after_double_dash = true;
            } else {
                match parser.parse_optional(arg)? {
                    None => pattern.push(b'A'),
                    Some(tuple) => {
                        options.insert(i, tuple);
                        pattern.push(b'O');
                    }
                }
            }
        }
        let positionals = (0..n)
            .filter(|&i| parser.actions.get(i).is_some_and(|a| a.options.is_empty()))
            .filter_map(|i| u16::try_from(i).ok())
            .collect();
        Ok(Run {
            parser,
            args,
            pattern,
            options,
            namespace: Namespace { taken: vec![false; args.len()], ..Namespace::default() },
            seen: vec![false; n],
            seen_non_default: vec![false; n],
            conflicts,
            positionals,
            extras: Vec::new(),
            unrecognized: Vec::new(),
            dict_index: std::collections::HashMap::new(),
            subcommands,
        })
    }

    fn arg(&self, i: usize) -> String {
        self.args.get(i).cloned().unwrap_or_default()
    }

    fn pattern_from(&self, start: usize) -> &[u8] {
        self.pattern.get(start..).unwrap_or_default()
    }

    /// The loop of `_parse_known_args`: positionals and optionals alternately.
    fn parse(&mut self) -> Result<(), Exit> {
        let mut start = 0;
        let max_option = self.options.keys().next_back().copied();
        while let Some(max) = max_option {
            if start > max {
                break;
            }
            let Some(next_option) = self.options.range(start..).next().map(|(i, _)| *i) else { break };
            if start != next_option {
                let end = self.consume_positionals(start)?;
                if end > start {
                    start = end;
                    continue;
                }
                start = end;
            }
            if !self.options.contains_key(&start) {
                for i in start..next_option {
                    let word = self.arg(i);
                    self.extras.push(word);
                }
                start = next_option;
            }
            start = self.consume_optional(start)?;
        }
        let stop = self.consume_positionals(start)?;
        for i in stop..self.args.len() {
            let word = self.arg(i);
            self.extras.push(word);
        }
        Ok(())
    }

    /// `consume_optional`.
    fn consume_optional(&mut self, start: usize) -> Result<usize, Exit> {
        let Some(tuple) = self.options.get(&start).cloned() else { return Ok(start + 1) };
        let OptionTuple { action, mut option_string, mut explicit } = tuple;
        let mut action = action;
        let mut taken: Vec<(u16, Vec<String>, String)> = Vec::new();
        let stop;
        loop {
            let Some(index) = action else {
                let word = self.arg(start);
                self.extras.push(word);
                return Ok(start + 1);
            };
            let Some(spec) = self.parser.action(index) else { return Ok(start + 1) };
            if let Some(explicit_arg) = explicit.clone() {
                let count = match_argument(spec, b"A")?;
                let single_dash = option_string.chars().nth(1).is_some_and(|c| c != '-');
                if count == 0 && single_dash && !explicit_arg.is_empty() {
                    // `-xyz`: `-x` takes nothing, so `-y` is the next option.
                    taken.push((index, Vec::new(), option_string.clone()));
                    let mut chars = explicit_arg.chars();
                    let next_char = chars.next().unwrap_or_default();
                    let rest = chars.as_str();
                    let candidate = format!("-{next_char}");
                    match self.parser.exact(&candidate) {
                        Some(next) => {
                            action = Some(next);
                            option_string = candidate;
                            explicit = if rest.is_empty() { None } else { Some(rest.to_string()) };
                        }
                        None => {
                            return Err(argument_error(
                                spec,
                                &format!("ignored explicit argument {}", pytext::repr(&explicit_arg)),
                            ))
                        }
                    }
                } else if count == 1 {
                    stop = start + 1;
                    taken.push((index, vec![explicit_arg], option_string.clone()));
                    break;
                } else {
                    return Err(argument_error(
                        spec,
                        &format!("ignored explicit argument {}", pytext::repr(&explicit_arg)),
                    ));
                }
            } else {
                let begin = start + 1;
                let count = match_argument(spec, self.pattern_from(begin))?;
                stop = begin + count;
                let values = (begin..stop).map(|i| self.arg(i)).collect();
                taken.push((index, values, option_string.clone()));
                break;
            }
        }
        for i in start..stop {
            self.mark_taken(i);
        }
        for (index, values, option) in taken {
            self.take_action(index, values, Some(option), start)?;
        }
        Ok(stop)
    }

    /// `consume_positionals`: as many positionals as the words allow.
    fn consume_positionals(&mut self, start: usize) -> Result<usize, Exit> {
        let specs: Vec<&Action> = self.positionals.iter().filter_map(|&i| self.parser.action(i)).collect();
        let counts = match_arguments_partial(&specs, self.pattern_from(start));
        let mut position = start;
        let consumed: Vec<(u16, usize)> = self.positionals.iter().copied().zip(counts.iter().copied()).collect();
        self.positionals.drain(..consumed.len().min(self.positionals.len()));
        for (index, count) in consumed {
            let values = (position..position + count).map(|i| self.arg(i)).collect();
            for i in position..position + count {
                self.mark_taken(i);
            }
            let at = position;
            position += count;
            self.take_action(index, values, None, at)?;
        }
        Ok(position)
    }

    fn mark_taken(&mut self, i: usize) {
        if let Some(t) = self.namespace.taken.get_mut(i) {
            *t = true;
        }
    }

    /// `take_action`: convert, check conflicts, act.
    fn take_action(
        &mut self,
        index: u16,
        mut words: Vec<String>,
        option: Option<String>,
        at: usize,
    ) -> Result<(), Exit> {
        let Some(spec) = self.parser.action(index) else { return Ok(()) };
        if let Some(s) = self.seen.get_mut(usize::from(index)) {
            *s = true;
        }
        let values = get_values(spec, &mut words)?;
        if !matches!(values, Values::Default) {
            if let Some(s) = self.seen_non_default.get_mut(usize::from(index)) {
                *s = true;
            }
            let conflicts = self.conflicts.get(usize::from(index)).cloned().unwrap_or_default();
            for other in conflicts {
                if self.seen_non_default.get(usize::from(other)).copied().unwrap_or(false) {
                    let other_name = self.parser.action(other).map_or("", |a| a.name);
                    return Err(argument_error(spec, &format!("not allowed with argument {other_name}")));
                }
            }
        }
        self.namespace.seen.push(Occurrence { action: spec, option, values: words, index: at });
        self.apply(spec, values, at)
    }

    /// The action's `__call__`.
    fn apply(&mut self, spec: &'static Action, values: Values, at: usize) -> Result<(), Exit> {
        let dest = spec.dest;
        match spec.kind {
            ActionKind::Store => {
                let value = match values {
                    Values::Default => Val::Nothing,
                    Values::One(v) => Val::Text(v),
                    Values::Many(vs) => Val::List(vs),
                };
                self.namespace.set(dest, value);
            }
            ActionKind::StoreConst => self.namespace.set(dest, Val::Const),
            ActionKind::StoreTrue => self.namespace.set(dest, Val::Flag(true)),
            ActionKind::StoreFalse => self.namespace.set(dest, Val::Flag(false)),
            ActionKind::Count => {
                let slot = self.namespace.slot(dest);
                *slot = match slot {
                    Val::Count(n) => Val::Count(n.saturating_add(1)),
                    _ => Val::Count(1),
                };
            }
            ActionKind::Append => {
                let value = match values {
                    Values::One(v) => v,
                    _ => String::new(),
                };
                let slot = self.namespace.slot(dest);
                match slot {
                    Val::List(list) => list.push(value),
                    _ => *slot = Val::List(vec![value]),
                }
            }
            ActionKind::KeyValue | ActionKind::KeyValueHint => {
                let Values::One(text) = values else { return Ok(()) };
                let Some((key, value)) = text.split_once('=') else {
                    return Err(argument_error(spec, &format!("Expected 'key=value' type, but got: {text}")));
                };
                if key.is_empty() {
                    return Err(argument_error(spec, &format!("Property key must be specified: {text}")));
                }
                let index = self.dict_index.get(&(dest, key.to_string())).copied();
                let slot = self.namespace.slot(dest);
                if !matches!(slot, Val::Dict(_)) {
                    *slot = Val::Dict(Vec::new());
                }
                if let Val::Dict(pairs) = slot {
                    match index.and_then(|i| pairs.get_mut(i)) {
                        Some((_, v)) => *v = value.to_string(),
                        None => {
                            self.dict_index.insert((dest, key.to_string()), pairs.len());
                            pairs.push((key.to_string(), value.to_string()));
                        }
                    }
                }
            }
            ActionKind::Help => return Err(Exit::Help),
            ActionKind::Version => return Err(Exit::Version),
            ActionKind::SubParsers => {
                let Values::Many(words) = values else { return Ok(()) };
                let Some((name, rest)) = words.split_first() else { return Ok(()) };
                if let Some(subcommands) = self.subcommands.as_mut() {
                    if !subcommands.is_choice(name) {
                        // argparse lists every subcommand after this; the
                        // clients that use subparsers cut the list off.
                        return Err(argument_error(
                            spec,
                            &format!("invalid choice: {} (choose from …)", pytext::repr(name)),
                        ));
                    }
                    match subcommands.run(name, rest) {
                        Ok((namespace, extras)) => {
                            self.namespace.merge(namespace, at + 1);
                            self.unrecognized.extend(extras);
                        }
                        Err(exit) => return Err(Exit::InSubparser(name.clone(), Box::new(exit))),
                    }
                }
            }
        }
        Ok(())
    }

    /// After the loop: required arguments and groups.
    fn finish(mut self) -> Result<(Namespace, Vec<String>), Exit> {
        let mut missing = Vec::new();
        for (i, action) in self.parser.actions.iter().enumerate() {
            if action.required && !self.seen.get(i).copied().unwrap_or(false) {
                missing.push(action.name);
            }
        }
        if !missing.is_empty() {
            return Err(Exit::Error(format!("the following arguments are required: {}", missing.join(", "))));
        }
        for group in self.parser.mutex.iter().filter(|g| g.required) {
            let present =
                group.actions.iter().any(|&a| self.seen_non_default.get(usize::from(a)).copied().unwrap_or(false));
            if !present {
                let names: Vec<&str> = group
                    .actions
                    .iter()
                    .filter_map(|&a| self.parser.action(a))
                    .filter(|a| !a.hidden)
                    .map(|a| a.name)
                    .collect();
                return Err(Exit::Error(format!("one of the arguments {} is required", names.join(" "))));
            }
        }
        let mut extras = std::mem::take(&mut self.extras);
        extras.append(&mut self.unrecognized);
        Ok((self.namespace, extras))
    }
}

/// `_get_values` with `_get_value` and `_check_value`.
fn get_values(spec: &Action, words: &mut Vec<String>) -> Result<Values, Exit> {
    if !matches!(spec.nargs, Nargs::Parser | Nargs::Remainder) {
        if let Some(i) = words.iter().position(|w| w == "--") {
            words.remove(i);
        }
    }
    let positional = spec.options.is_empty();
    let values = match spec.nargs {
        Nargs::Optional if words.is_empty() => {
            // The const of an option (never used by these clients' `'?'`
            // options), the default of a positional.
            if positional {
                return Ok(Values::Default);
            }
            Values::Many(Vec::new())
        }
        Nargs::ZeroOrMore if words.is_empty() && positional => Values::Many(Vec::new()),
        Nargs::One | Nargs::Optional if words.len() == 1 => {
            let word = words.first().cloned().unwrap_or_default();
            check_value(spec, &word)?;
            Values::One(word)
        }
        Nargs::Remainder => Values::Many(words.clone()),
        Nargs::Parser => {
            if let Some(first) = words.first() {
                check_value(spec, first)?;
            }
            Values::Many(words.clone())
        }
        _ => {
            for w in words.iter() {
                check_value(spec, w)?;
            }
            Values::Many(words.clone())
        }
    };
    Ok(values)
}

/// `_get_value` (the type) then `_check_value` (the choices).
fn check_value(spec: &Action, word: &str) -> Result<(), Exit> {
    match spec.value_type {
        ValueType::Text => {}
        ValueType::Int => {
            if pytext::int_value(word).is_none() {
                return Err(argument_error(spec, &format!("invalid int value: {}", pytext::repr(word))));
            }
        }
        ValueType::Float => {
            if pytext::float_value(word).is_none() {
                return Err(argument_error(spec, &format!("invalid float value: {}", pytext::repr(word))));
            }
        }
        ValueType::PositiveFloat => match pytext::float_value(word) {
            None => return Err(argument_error(spec, &format!("{word} must be a float"))),
            Some(v) if v <= 0.0 => return Err(argument_error(spec, &format!("{word} must be greater than 0"))),
            Some(_) => {}
        },
    }
    if spec.kind == ActionKind::SubParsers {
        // Checked by the caller against the subcommand table.
        return Ok(());
    }
    if let Some(choices) = &spec.choices {
        if !choices.values.contains(&word) {
            return Err(argument_error(
                spec,
                &format!("invalid choice: {} (choose from {})", pytext::repr(word), choices.shown),
            ));
        }
    }
    Ok(())
}

/// `_match_argument` for an option: how many following words it takes
/// (its `nargs` pattern without the `-` elements, anchored at the start).
fn match_argument(spec: &Action, pattern: &[u8]) -> Result<usize, Exit> {
    let leading_a = pattern.iter().take_while(|&&c| c == b'A').count();
    let leading_ao = pattern.iter().take_while(|&&c| c == b'A' || c == b'O').count();
    let count = match spec.nargs {
        Nargs::Zero => Some(0),
        Nargs::One => (leading_a >= 1).then_some(1),
        Nargs::Optional => Some(leading_a.min(1)),
        Nargs::ZeroOrMore => Some(leading_a),
        Nargs::OneOrMore => (leading_a >= 1).then_some(leading_a),
        Nargs::Remainder => Some(leading_ao),
        Nargs::Parser => (leading_a >= 1).then_some(leading_ao),
    };
    count.ok_or_else(|| {
        let message = match spec.nargs {
            Nargs::One => "expected one argument",
            Nargs::Optional => "expected at most one argument",
            _ => "expected at least one argument",
        };
        argument_error(spec, message)
    })
}

/// One element of a positional's `nargs` pattern (`_get_nargs_pattern`).
#[derive(Clone, Copy)]
enum Element {
    /// `-*`
    Dashes,
    /// `A`
    One,
    /// `A?`
    MaybeOne,
    /// `[A-]*`
    ArgsAndDashes,
    /// `[-AO]*`
    Anything,
}

fn elements(nargs: Nargs) -> &'static [Element] {
    use Element::*;
    match nargs {
        Nargs::One => &[Dashes, One, Dashes],
        Nargs::Optional => &[Dashes, MaybeOne, Dashes],
        Nargs::ZeroOrMore => &[Dashes, ArgsAndDashes],
        Nargs::OneOrMore => &[Dashes, One, ArgsAndDashes],
        Nargs::Remainder => &[Anything],
        Nargs::Parser => &[Dashes, One, Anything],
        Nargs::Zero => &[Dashes, Dashes],
    }
}

/// `_match_arguments_partial`: the longest prefix of `positionals` whose
/// joined patterns match at the start of `pattern`, with each one's count
/// (Python's backtracking regex: greedy, the first match found).
fn match_arguments_partial(positionals: &[&Action], pattern: &[u8]) -> Vec<usize> {
    for n in (1..=positionals.len()).rev() {
        let Some(slice) = positionals.get(..n) else { continue };
        let mut program: Vec<(usize, Element)> = Vec::new();
        for (group, p) in slice.iter().enumerate() {
            program.extend(elements(p.nargs).iter().map(|e| (group, *e)));
        }
        let mut ends = vec![0usize; n];
        let mut failed = HashSet::new();
        if backtrack(&program, 0, pattern, 0, &mut ends, &mut failed) {
            let mut counts = Vec::with_capacity(n);
            let mut begin = 0;
            for end in ends {
                counts.push(end - begin);
                begin = end;
            }
            return counts;
        }
    }
    Vec::new()
}

/// Matches `program[step..]` at `pattern[pos..]`, recording where each
/// group ends; `failed` remembers states that cannot match, which keeps the
/// search linear in the pattern's length.
fn backtrack(
    program: &[(usize, Element)],
    step: usize,
    pattern: &[u8],
    pos: usize,
    ends: &mut [usize],
    failed: &mut HashSet<(usize, usize)>,
) -> bool {
    let Some(&(group, element)) = program.get(step) else { return true };
    if failed.contains(&(step, pos)) {
        return false;
    }
    let last_of_group = program.get(step + 1).is_none_or(|(g, _)| *g != group);
    let class = |c: u8| match element {
        Element::Dashes => c == b'-',
        Element::One | Element::MaybeOne => c == b'A',
        Element::ArgsAndDashes => c == b'A' || c == b'-',
        Element::Anything => true,
    };
    let available = pattern.get(pos..).unwrap_or_default().iter().take_while(|&&c| class(c)).count();
    let (max, min) = match element {
        Element::One => (available.min(1), 1),
        Element::MaybeOne => (available.min(1), 0),
        Element::Dashes | Element::ArgsAndDashes | Element::Anything => (available, 0),
    };
    if max >= min {
        for take in (min..=max).rev() {
            if last_of_group {
                if let Some(end) = ends.get_mut(group) {
                    *end = pos + take;
                }
            }
            if backtrack(program, step + 1, pattern, pos + take, ends, failed) {
                return true;
            }
        }
    }
    failed.insert((step, pos));
    false
}

/// `HelpFormatter._format_usage` with `prefix = 'usage: '`: the usage line,
/// wrapped to `width` columns (`COLUMNS - 2`), ending with a newline.
pub(crate) fn format_usage(prog: &str, optionals: &[&str], positionals: &[&str], width: usize) -> String {
    const PREFIX: &str = "usage: ";
    let len = |s: &str| s.chars().count();
    let all: Vec<&str> = optionals.iter().chain(positionals).copied().collect();
    let joined = all.join(" ");
    let usage = if joined.is_empty() { prog.to_string() } else { format!("{prog} {joined}") };
    if len(PREFIX) + len(&usage) <= width {
        return format!("{PREFIX}{usage}\n");
    }
    let get_lines = |parts: &[&str], indent: &str, prefix: Option<&str>| -> Vec<String> {
        let mut lines = Vec::new();
        let mut line: Vec<&str> = Vec::new();
        let indent_len = len(indent);
        let mut line_len = match prefix {
            Some(p) => len(p).saturating_sub(1),
            None => indent_len.saturating_sub(1),
        };
        for part in parts {
            if line_len + 1 + len(part) > width && !line.is_empty() {
                lines.push(format!("{indent}{}", line.join(" ")));
                line.clear();
                line_len = indent_len.saturating_sub(1);
            }
            line.push(part);
            line_len += len(part) + 1;
        }
        if !line.is_empty() {
            lines.push(format!("{indent}{}", line.join(" ")));
        }
        if prefix.is_some() {
            if let Some(first) = lines.first_mut() {
                *first = first.chars().skip(indent_len).collect();
            }
        }
        lines
    };
    let lines: Vec<String> = if (len(PREFIX) + len(prog)) as f64 <= 0.75 * width as f64 {
        let indent = " ".repeat(len(PREFIX) + len(prog) + 1);
        let mut with_prog: Vec<&str> = vec![prog];
        if !optionals.is_empty() {
            with_prog.extend(optionals);
            let mut lines = get_lines(&with_prog, &indent, Some(PREFIX));
            lines.extend(get_lines(positionals, &indent, None));
            lines
        } else if !positionals.is_empty() {
            with_prog.extend(positionals);
            get_lines(&with_prog, &indent, Some(PREFIX))
        } else {
            vec![prog.to_string()]
        }
    } else {
        let indent = " ".repeat(len(PREFIX));
        let mut lines = get_lines(&all, &indent, None);
        if lines.len() > 1 {
            lines = get_lines(optionals, &indent, None);
            lines.extend(get_lines(positionals, &indent, None));
        }
        let mut with_prog = vec![prog.to_string()];
        with_prog.extend(lines);
        with_prog
    };
    format!("{PREFIX}{}\n", lines.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::super::tables::{CINDER_GLOBAL, CINDER_MANAGE, OPENSTACK_GLOBAL, OPENSTACK_VOLUME_CREATE};
    use super::*;

    fn words(args: &[&str]) -> Vec<String> {
        args.iter().map(|s| s.to_string()).collect()
    }

    fn error(parser: &'static Parser, args: &[&str]) -> String {
        match parser.parse_args(&words(args), None) {
            Err(Exit::Error(m)) => m,
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn abbreviations_and_ambiguity() {
        let ns = CINDER_MANAGE.parse_args(&words(&["h", "v", "--desc", "d", "--n", "n"]), None).unwrap();
        assert_eq!(ns.text("description"), Some("d"));
        assert_eq!(ns.text("name"), Some("n"));
        assert_eq!(
            error(&OPENSTACK_VOLUME_CREATE, &["--c", "c"]),
            "ambiguous option: --c could match --column, --consistency-group, --cluster"
        );
        // cinder: one visible candidate wins over hidden ones.
        let (ns, extras) = CINDER_GLOBAL.parse_known_args(&words(&["--vol", "x", "manage"]), None).unwrap();
        assert_eq!(ns.text("volume_service_name"), Some("x"));
        assert_eq!(extras, ["manage"]);
    }

    #[test]
    fn values_flags_and_clusters() {
        assert_eq!(
            error(&CINDER_MANAGE, &["h", "v", "--bootable=x"]),
            "argument --bootable: ignored explicit argument 'x'"
        );
        assert_eq!(error(&CINDER_MANAGE, &["h", "v", "--name", "-d"]), "argument --name: expected one argument");
        let ns = CINDER_MANAGE.parse_args(&words(&["h", "v", "--name", "-1"]), None).unwrap();
        assert_eq!(ns.text("name"), Some("-1"));
        assert_eq!(error(&CINDER_GLOBAL, &["-dash"]), "argument -d/--debug: ignored explicit argument 'ash'");
        assert_eq!(error(&CINDER_MANAGE, &["h"]), "the following arguments are required: <identifier>");
        assert_eq!(error(&CINDER_MANAGE, &["h", "v", "x"]), "unrecognized arguments: x");
        assert_eq!(
            error(&OPENSTACK_VOLUME_CREATE, &["--bootable", "--non-bootable"]),
            "argument --non-bootable: not allowed with argument --bootable"
        );
        assert_eq!(
            error(&OPENSTACK_VOLUME_CREATE, &["--property", "=v"]),
            "argument --property: Property key must be specified: =v"
        );
        assert_eq!(error(&OPENSTACK_VOLUME_CREATE, &["--size", "x"]), "argument --size: invalid int value: 'x'");
        assert_eq!(
            error(&OPENSTACK_GLOBAL, &["--os-interface", "x"]),
            "argument --os-interface: invalid choice: 'x' (choose from 'admin', 'public', 'internal')"
        );
    }

    #[test]
    fn double_dash_and_metadata() {
        let ns = CINDER_MANAGE.parse_args(&words(&["h", "--", "-x"]), None).unwrap();
        assert_eq!(ns.text("identifier"), Some("-x"));
        let ns = CINDER_MANAGE.parse_args(&words(&["--metadata", "a=1", "b", "--", "h", "v"]), None).unwrap();
        assert_eq!(ns.list("metadata"), Some(&["a=1".to_string(), "b".to_string()][..]));
        assert_eq!(ns.text("host"), Some("h"));
        let ns = CINDER_MANAGE.parse_args(&words(&["--metadata", "a=1", "--", "h", "v"]), None).unwrap();
        assert_eq!(ns.list("metadata"), Some(&["a=1".to_string()][..]));
        assert_eq!(
            error(&OPENSTACK_VOLUME_CREATE, &["--", "--remote-source", "x", "y"]),
            "unrecognized arguments: x y"
        );
    }

    #[test]
    fn usage_wraps_like_argparse() {
        assert_eq!(
            CINDER_MANAGE.usage("cinder manage"),
            "usage: cinder manage [--cluster CLUSTER] [--id-type <id-type>] [--name <name>]\n\
             \x20                    [--description <description>]\n\
             \x20                    [--volume-type <volume-type>]\n\
             \x20                    [--availability-zone <availability-zone>]\n\
             \x20                    [--metadata [<key=value> ...]] [--bootable]\n\
             \x20                    <host> <identifier>\n"
        );
        assert_eq!(format_usage("p", &["[-a]"], &["x"], 78), "usage: p [-a] x\n");
    }
}
