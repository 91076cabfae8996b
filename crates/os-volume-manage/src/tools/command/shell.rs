//! From the text an operator pastes to the words the client receives: POSIX
//! shell word splitting and quote removal, without running anything.
//!
//! Supported, as `sh` (and bash) read them:
//! * blanks (space, tab) between words; line breaks (`\n`, `\r\n`) before
//!   the first word and after the last are ignored;
//! * `'…'` (everything literal), `"…"` (a backslash escapes `$`, `` ` ``,
//!   `"`, `\` and a newline, and stays otherwise), a backslash outside quotes
//!   (escapes the next character; backslash-newline joins lines);
//! * `$'…'` (bash's ANSI-C quoting: `\n`, `\t`, `\r`, `\a`, `\b`, `\e`,
//!   `\f`, `\v`, `\\`, `\'`, `\"`, `\?`, `\NNN` octal, `\xHH`, `\uHHHH`,
//!   `\UHHHHHHHH`, `\cX`; any other backslash stays) and `$"…"` (read as
//!   `"…"`);
//! * a `#` at the start of a word begins a comment;
//! * `NAME=value` words before the command are environment assignments, and
//!   so are those after a leading `env` (which also takes `-u NAME`).
//!
//! Refused with an error, because their meaning is not in the text: a
//! parameter, command or arithmetic expansion (`$NAME`, `${…}`, `$(…)`,
//! `` `…` ``), a tilde expansion (`~` starting a word), brace expansion
//! (`{a,b}`), control operators and redirections (`|`, `&`, `;`, `<`,
//! `>`, `(`, `)`, a newline between words), a quote never closed, a
//! backslash at the very end, and NUL characters (an argument cannot hold
//! one). Unquoted `*`, `?` and `[` stay literal (what the shell does when no
//! file matches) and are reported as a note.
//!
//! Python's `shlex.split` (which made the fixtures' argv) agrees with this on
//! every command that uses neither backslash-newline nor a backslash before
//! `$` or `` ` `` inside double quotes; `docs/clients.md` says so.

use super::{CommandError, CommandErrorCode};

/// The most text a command line may have (bytes).
pub const MAX_COMMAND_LINE_BYTES: usize = 1 << 20;
/// The most words a command line may have.
pub const MAX_COMMAND_WORDS: usize = 1 << 16;

/// The command line as the program receives it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct ShellCommand {
    /// `NAME=value` assignments and `env -u NAME` removals, in order.
    pub(crate) env: Vec<(String, Option<String>)>,
    /// The program name as written (`cinder`, `/usr/bin/openstack`).
    pub(crate) program: String,
    /// The arguments after the program name.
    pub(crate) args: Vec<String>,
    /// Unquoted glob characters were kept literally.
    pub(crate) glob: bool,
}

/// One word and whether it starts with an unquoted `NAME=`.
#[derive(Debug)]
struct Word {
    text: String,
    assignment: bool,
}

fn error(code: CommandErrorCode, message: impl Into<String>) -> CommandError {
    CommandError { code, message: message.into() }
}

fn is_name_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Splits a command line into words (see the module documentation).
fn words(line: &str) -> Result<(Vec<Word>, bool), CommandError> {
    if line.len() > MAX_COMMAND_LINE_BYTES {
        return Err(error(
            CommandErrorCode::CommandTooLong,
            format!("the command line has {} bytes; at most {MAX_COMMAND_LINE_BYTES} are read", line.len()),
        ));
    }
    if let Some(offset) = line.find('\0') {
        return Err(error(
            CommandErrorCode::NulCharacter,
            format!("a NUL character at byte {offset}: no program argument can hold one"),
        ));
    }
    let mut out: Vec<Word> = Vec::new();
    let mut glob = false;
    let mut chars = line.char_indices().peekable();
    // The word being built: `None` between words.
    let mut current: Option<String> = None;
    let mut state = WordState::default();

    while let Some((offset, c)) = chars.next() {
        // Whether this character continues an unquoted NAME= prefix.
        let starting = current.is_none();
        match c {
            ' ' | '\t' => {
                finish_word(&mut out, &mut current, &mut state)?;
                continue;
            }
            '\r' if chars.peek().is_some_and(|(_, n)| *n == '\n') => continue,
            '\n' if out.is_empty() && current.is_none() => continue,
            '\n' if line.get(offset..).is_some_and(|rest| rest.trim_matches([' ', '\t', '\n', '\r']).is_empty()) => break,
            '\n' => {
                return Err(error(
                    CommandErrorCode::ShellOperator,
                    format!(
                        "a line break at byte {offset} ends the command there; paste one command (end lines with \\ to continue it)"
                    ),
                ))
            }
            '#' if starting => {
                // A comment runs to the end of the line; a newline after it
                // would start another command.
                for (o, c) in chars.by_ref() {
                    if c == '\n' {
                        return Err(error(
                            CommandErrorCode::ShellOperator,
                            format!("a line break at byte {o} ends the command there; paste one command"),
                        ));
                    }
                }
                break;
            }
            '|' | '&' | ';' | '<' | '>' | '(' | ')' => {
                return Err(error(
                    CommandErrorCode::ShellOperator,
                    format!(
                        "the shell operator {c:?} at byte {offset} is not part of the command's arguments; quote it or paste the command alone"
                    ),
                ))
            }
            '`' => return Err(expansion(offset, "`…` (command substitution)")),
            '~' if starting => return Err(expansion(offset, "~ (tilde expansion)")),
            // A line continuation is removed before words are formed.
            '\\' if chars.peek().is_some_and(|(_, n)| *n == '\n') => {
                chars.next();
                continue;
            }
            _ => {}
        }
        let word = current.get_or_insert_with(String::new);
        match c {
            '\\' => {
                keep_assignment(&mut state.prefix);
                match chars.next() {
                    Some((_, '\n')) => {}
                    Some((_, next)) => word.push(next),
                    None => {
                        return Err(error(
                            CommandErrorCode::TrailingBackslash,
                            "the command line ends with a backslash, which escapes nothing",
                        ))
                    }
                }
            }
            '\'' => {
                keep_assignment(&mut state.prefix);
                single_quoted(&mut chars, word, offset)?;
            }
            '"' => {
                keep_assignment(&mut state.prefix);
                double_quoted(&mut chars, word, offset)?;
            }
            '$' => match chars.peek().map(|(_, c)| *c) {
                Some('\'') => {
                    keep_assignment(&mut state.prefix);
                    chars.next();
                    ansi_c_quoted(&mut chars, word, offset)?;
                }
                Some('"') => {
                    keep_assignment(&mut state.prefix);
                    chars.next();
                    double_quoted(&mut chars, word, offset)?;
                }
                Some(next) if starts_expansion(next) => return Err(expansion(offset, &format!("${next}…"))),
                _ => {
                    keep_assignment(&mut state.prefix);
                    word.push('$');
                }
            },
            _ => {
                state.prefix = match state.prefix {
                    Prefix::Start if is_name_start(c) => Prefix::Name,
                    Prefix::Name if is_name_char(c) => Prefix::Name,
                    Prefix::Name if c == '=' => Prefix::Assigned,
                    Prefix::Assigned => Prefix::Assigned,
                    _ => Prefix::No,
                };
                match c {
                    '*' | '?' | '[' => glob = true,
                    '{' => state.brace_open = true,
                    ',' if state.brace_open => state.brace_comma = true,
                    _ => {}
                }
                word.push(c);
            }
        }
    }
    finish_word(&mut out, &mut current, &mut state)?;
    Ok((out, glob))
}

/// What is known about the word being built.
#[derive(Default)]
struct WordState {
    prefix: Prefix,
    brace_open: bool,
    brace_comma: bool,
}

/// Ends the word being built, if any.
fn finish_word(out: &mut Vec<Word>, current: &mut Option<String>, state: &mut WordState) -> Result<(), CommandError> {
    if let Some(text) = current.take() {
        if out.len() >= MAX_COMMAND_WORDS {
            return Err(error(
                CommandErrorCode::CommandTooLong,
                format!("the command line has more than {MAX_COMMAND_WORDS} words"),
            ));
        }
        if state.brace_open && state.brace_comma {
            return Err(error(
                CommandErrorCode::ShellExpansion,
                format!("{text:?} looks like a brace expansion ({{a,b}}), which the shell turns into several words; quote it"),
            ));
        }
        out.push(Word { text, assignment: state.prefix == Prefix::Assigned });
    }
    *state = WordState::default();
    Ok(())
}

/// How far a word is an assignment (`NAME=` unquoted at its start).
#[derive(Clone, Copy, PartialEq, Eq, Default)]
enum Prefix {
    #[default]
    Start,
    Name,
    Assigned,
    No,
}

/// Quoting after `NAME=` keeps the word an assignment; before it, not.
fn keep_assignment(state: &mut Prefix) {
    if *state != Prefix::Assigned {
        *state = Prefix::No;
    }
}

fn starts_expansion(c: char) -> bool {
    is_name_start(c) || c.is_ascii_digit() || matches!(c, '{' | '(' | '@' | '*' | '#' | '?' | '$' | '!' | '-')
}

fn expansion(offset: usize, what: &str) -> CommandError {
    error(
        CommandErrorCode::ShellExpansion,
        format!(
            "the shell would expand {what} at byte {offset}, and its value is not in the text; write the value itself, or put it in single quotes to keep it literal"
        ),
    )
}

type Chars<'a> = std::iter::Peekable<std::str::CharIndices<'a>>;

fn unterminated(quote: &str, offset: usize) -> CommandError {
    error(CommandErrorCode::UnterminatedQuote, format!("the quote {quote} opened at byte {offset} is never closed"))
}

fn single_quoted(chars: &mut Chars<'_>, word: &mut String, offset: usize) -> Result<(), CommandError> {
    for (_, c) in chars.by_ref() {
        if c == '\'' {
            return Ok(());
        }
        word.push(c);
    }
    Err(unterminated("'", offset))
}

fn double_quoted(chars: &mut Chars<'_>, word: &mut String, offset: usize) -> Result<(), CommandError> {
    while let Some((o, c)) = chars.next() {
        match c {
            '"' => return Ok(()),
            '\\' => match chars.next() {
                Some((_, '\n')) => {}
                Some((_, next @ ('$' | '`' | '"' | '\\'))) => word.push(next),
                Some((_, next)) => {
                    word.push('\\');
                    word.push(next);
                }
                None => return Err(unterminated("\"", offset)),
            },
            '`' => return Err(expansion(o, "`…` (command substitution)")),
            '$' => match chars.peek().map(|(_, c)| *c) {
                Some(next) if starts_expansion(next) => return Err(expansion(o, &format!("${next}…"))),
                _ => word.push('$'),
            },
            _ => word.push(c),
        }
    }
    Err(unterminated("\"", offset))
}

/// bash's `$'…'`.
fn ansi_c_quoted(chars: &mut Chars<'_>, word: &mut String, offset: usize) -> Result<(), CommandError> {
    while let Some((o, c)) = chars.next() {
        match c {
            '\'' => return Ok(()),
            '\\' => {
                let Some((_, e)) = chars.next() else { return Err(unterminated("$'", offset)) };
                let simple = match e {
                    'a' => Some('\u{7}'),
                    'b' => Some('\u{8}'),
                    'e' | 'E' => Some('\u{1b}'),
                    'f' => Some('\u{c}'),
                    'n' => Some('\n'),
                    'r' => Some('\r'),
                    't' => Some('\t'),
                    'v' => Some('\u{b}'),
                    '\\' | '\'' | '"' | '?' => Some(e),
                    _ => None,
                };
                if let Some(s) = simple {
                    word.push(s);
                    continue;
                }
                let code = match e {
                    '0'..='7' => {
                        let mut v = e.to_digit(8).unwrap_or(0);
                        for _ in 0..2 {
                            match chars.peek().and_then(|(_, d)| d.to_digit(8)) {
                                Some(d) => {
                                    v = v * 8 + d;
                                    chars.next();
                                }
                                None => break,
                            }
                        }
                        Some(v & 0xFF)
                    }
                    'x' => hex_digits(chars, 2),
                    'u' => hex_digits(chars, 4),
                    'U' => hex_digits(chars, 8),
                    'c' => match chars.next() {
                        Some((_, ctl)) => Some(u32::from(ctl) & 0x1F),
                        None => return Err(unterminated("$'", offset)),
                    },
                    _ => None,
                };
                match (e, code) {
                    (_, Some(0)) => {
                        return Err(error(
                            CommandErrorCode::NulCharacter,
                            format!("the escape at byte {o} makes a NUL character: no program argument can hold one"),
                        ))
                    }
                    (_, Some(v)) => match char::from_u32(v) {
                        Some(ch) => word.push(ch),
                        None => {
                            return Err(error(
                                CommandErrorCode::ShellExpansion,
                                format!("the escape at byte {o} names U+{v:X}, which is not a character"),
                            ))
                        }
                    },
                    // `\x`, `\u`, `\U` without digits stay as written, like
                    // any unknown escape.
                    (other, None) => {
                        word.push('\\');
                        word.push(other);
                    }
                }
            }
            _ => word.push(c),
        }
    }
    Err(unterminated("$'", offset))
}

fn hex_digits(chars: &mut Chars<'_>, max: usize) -> Option<u32> {
    let mut value: Option<u32> = None;
    for _ in 0..max {
        match chars.peek().and_then(|(_, d)| d.to_digit(16)) {
            Some(d) => {
                value = Some(value.unwrap_or(0).saturating_mul(16).saturating_add(d));
                chars.next();
            }
            None => break,
        }
    }
    value
}

/// Reads a command line: environment assignments, the program, its arguments.
pub(crate) fn parse(line: &str) -> Result<ShellCommand, CommandError> {
    let (words, glob) = words(line)?;
    let mut command = ShellCommand { glob, ..ShellCommand::default() };
    let mut rest = words.into_iter().peekable();
    let mut after_env = false;
    while let Some(word) = rest.next() {
        if word.assignment {
            if let Some((name, value)) = word.text.split_once('=') {
                command.env.push((name.to_string(), Some(value.to_string())));
            }
            continue;
        }
        if !after_env && command.program.is_empty() && basename(&word.text) == "env" {
            after_env = true;
            while let Some(next) = rest.peek() {
                if next.text == "-u" || next.text == "--unset" {
                    rest.next();
                    match rest.next() {
                        Some(name) => command.env.push((name.text, None)),
                        None => {
                            return Err(error(
                                CommandErrorCode::UnsupportedShell,
                                "env -u needs the name of a variable",
                            ))
                        }
                    }
                } else if let Some(name) = next.text.strip_prefix("--unset=") {
                    command.env.push((name.to_string(), None));
                    rest.next();
                } else if next.text.starts_with('-') {
                    return Err(error(
                        CommandErrorCode::UnsupportedShell,
                        format!("env {} is not supported: only NAME=value assignments and -u NAME are read", next.text),
                    ));
                } else {
                    break;
                }
            }
            continue;
        }
        command.program = word.text;
        command.args = rest.map(|w| w.text).collect();
        return Ok(command);
    }
    Err(error(CommandErrorCode::EmptyCommand, "no command: paste a `cinder …` or `openstack …` command line"))
}

/// The last path component (`/usr/bin/cinder` is `cinder`).
pub(crate) fn basename(program: &str) -> &str {
    program.rsplit('/').next().unwrap_or(program)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Vec<String> {
        let c = parse(line).unwrap();
        let mut all = vec![c.program];
        all.extend(c.args);
        all
    }

    fn code(line: &str) -> CommandErrorCode {
        parse(line).unwrap_err().code
    }

    #[test]
    fn quotes_and_escapes() {
        assert_eq!(args("cinder manage 'h@b#p' vol1"), ["cinder", "manage", "h@b#p", "vol1"]);
        assert_eq!(args(r#"a 'it'"'"'s' "x \"q\" \\ \$ \n" b\ c"#), ["a", "it's", "x \"q\" \\ $ \\n", "b c"]);
        assert_eq!(args("a 'multi\nline' \"two\nlines\""), ["a", "multi\nline", "two\nlines"]);
        assert_eq!(args("a $'tab\\there\\x41\\u00e9\\'q'"), ["a", "tab\there\u{41}\u{e9}'q"]);
        assert_eq!(args("a $\"x\" ''"), ["a", "x", ""]);
        assert_eq!(args("a \\\n  b"), ["a", "b"]);
        assert_eq!(args("  a b #comment here"), ["a", "b"]);
        assert_eq!(args("\n a\\ \\  b\\ \r\n\n"), ["a  ", "b "]);
        assert_eq!(args("a b#c 'cost $5' $ x$"), ["a", "b#c", "cost $5", "$", "x$"]);
    }

    #[test]
    fn environment_prefixes() {
        let c = parse("OS_VOLUME_API_VERSION=3.16 X='a b' cinder manage h v").unwrap();
        assert_eq!(c.env, [("OS_VOLUME_API_VERSION".into(), Some("3.16".into())), ("X".into(), Some("a b".into()))]);
        assert_eq!(c.program, "cinder");
        let c = parse("env -u OS_PASSWORD A=1 /usr/bin/openstack volume create").unwrap();
        assert_eq!(c.env, [("OS_PASSWORD".into(), None), ("A".into(), Some("1".into()))]);
        assert_eq!(basename(&c.program), "openstack");
        // Quoted names are not assignments.
        assert_eq!(parse("'A=1' cinder").unwrap().program, "A=1");
        assert_eq!(parse("cinder A=1").unwrap().args, ["A=1"]);
    }

    #[test]
    fn refusals() {
        assert_eq!(code("cinder manage $HOST v"), CommandErrorCode::ShellExpansion);
        assert_eq!(code("cinder manage \"${H}\" v"), CommandErrorCode::ShellExpansion);
        assert_eq!(code("cinder manage `h` v"), CommandErrorCode::ShellExpansion);
        assert_eq!(code("cinder manage ~/h v"), CommandErrorCode::ShellExpansion);
        assert_eq!(code("cinder manage {a,b} v"), CommandErrorCode::ShellExpansion);
        assert_eq!(code("cinder manage h v | tee x"), CommandErrorCode::ShellOperator);
        assert_eq!(code("cinder manage h\ncinder list"), CommandErrorCode::ShellOperator);
        assert_eq!(code("cinder manage 'h v"), CommandErrorCode::UnterminatedQuote);
        assert_eq!(code("cinder manage \"h v"), CommandErrorCode::UnterminatedQuote);
        assert_eq!(code("cinder manage h\\"), CommandErrorCode::TrailingBackslash);
        assert_eq!(code("cinder \0"), CommandErrorCode::NulCharacter);
        assert_eq!(code("cinder $'\\0'"), CommandErrorCode::NulCharacter);
        assert_eq!(code("   "), CommandErrorCode::EmptyCommand);
        assert_eq!(code("A=1"), CommandErrorCode::EmptyCommand);
        assert!(parse("cinder manage h v*").unwrap().glob);
    }
}
