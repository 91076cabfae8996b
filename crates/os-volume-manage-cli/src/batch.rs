//! A batch of `check --jsonl` lines judged in one call: the unit of work of
//! the native CLI's worker threads and of the npm package's (one call into
//! WebAssembly per batch instead of one per line).

use os_volume_manage::jsonl::{check_line_into, JsonlDefaults};

/// What a batch held.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BatchCount {
    /// Output lines written (one per line that is not blank).
    pub judged: usize,
    /// How many of them were not accepted.
    pub rejected: usize,
}

/// The lines of `bytes`: split at each `\n` (a last line without one is a
/// line too); with `strip_cr`, one `\r` at the end of each line removed,
/// as the CLI reads a file.
pub fn lines(bytes: &[u8], strip_cr: bool) -> impl Iterator<Item = &[u8]> {
    let body = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    let mut pieces = body.split(|&b| b == b'\n');
    if bytes.is_empty() {
        // No line at all (split would give one empty piece).
        pieces.next();
    }
    pieces.map(move |line| if strip_cr { line.strip_suffix(b"\r").unwrap_or(line) } else { line })
}

/// Judges each line (raw bytes; invalid UTF-8 is read as
/// `String::from_utf8_lossy` reads it) and appends its output line and a
/// `\n` to `out`. A blank line writes nothing, or, with `keep_blank`, an
/// empty line (so that output lines stay aligned with input lines).
pub fn check_lines<'a>(
    lines: impl Iterator<Item = &'a [u8]>,
    defaults: &JsonlDefaults,
    keep_blank: bool,
    out: &mut String,
) -> BatchCount {
    let mut count = BatchCount::default();
    for line in lines {
        // Valid UTF-8 (the usual case) is checked once, without copying.
        let line = match std::str::from_utf8(line) {
            Ok(text) => std::borrow::Cow::Borrowed(text),
            Err(_) => String::from_utf8_lossy(line),
        };
        match check_line_into(&line, defaults, out) {
            Some(accepted) => {
                count.judged += 1;
                count.rejected += usize::from(!accepted);
                out.push('\n');
            }
            None if keep_blank => out.push('\n'),
            None => {}
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        lines(text.as_bytes(), true).map(|l| std::str::from_utf8(l).unwrap()).collect()
    }

    #[test]
    fn lines_are_cut_as_the_cli_reads_them() {
        assert_eq!(split(""), Vec::<&str>::new());
        assert_eq!(split("\n"), vec![""]);
        assert_eq!(split("a"), vec!["a"]);
        assert_eq!(split("a\n"), vec!["a"]);
        assert_eq!(split("a\r\nb\r\n\nc"), vec!["a", "b", "", "c"]);
        assert_eq!(split("a\r\r\n"), vec!["a\r"]);
        let exact: Vec<&[u8]> = lines(b"a\r\nb\r", false).collect();
        assert_eq!(exact, vec![&b"a\r"[..], &b"b\r"[..]]);
    }

    #[test]
    fn each_line_is_judged_as_check_line_judges_it() {
        let defaults = JsonlDefaults::default();
        let input = "{\"id\": 1, \"body\": {\"volume\": {\"host\": \"h@b#p\", \"ref\": {\"source-name\": \"x\"}}}}\n\
                     \n   \n\
                     not json\r\n\
                     {\"id\": 2, \"body_text\": \"\\u00ff\"}";
        let mut out = String::new();
        let count = check_lines(lines(input.as_bytes(), true), &defaults, false, &mut out);
        assert_eq!(count, BatchCount { judged: 3, rejected: 2 });
        let expected: String = split(input)
            .into_iter()
            .filter_map(|l| os_volume_manage::jsonl::check_line(l, &defaults))
            .map(|l| l.text + "\n")
            .collect();
        assert_eq!(out, expected);

        let mut aligned = String::new();
        check_lines(lines(input.as_bytes(), true), &defaults, true, &mut aligned);
        assert_eq!(aligned.lines().count(), 5);
        assert_eq!(aligned.lines().nth(1), Some(""));
    }

    #[test]
    fn bytes_that_are_not_utf8_are_read_lossily() {
        let defaults = JsonlDefaults::default();
        let mut out = String::new();
        check_lines(lines(b"{\"id\": \"\xff\", \"body\": {}}", true), &defaults, false, &mut out);
        assert!(out.starts_with("{\"id\":\"\u{fffd}\","), "{out}");
    }
}
