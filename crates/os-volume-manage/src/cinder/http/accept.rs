//! The `Accept` header as webob reads it (`webob/acceptparse.py`, WebOb
//! 1.8.11): `create_accept_header`, `AcceptValidHeader.parse` and
//! `acceptable_offers`.
//!
//! Two readers of it decide an answer's bytes: Cinder's
//! `Request.best_match_content_type` (offers `application/json`, then
//! `application/vnd.openstack.volume+json`; no match means JSON) picks the
//! fault serializer, and webob's `WSGIHTTPException.generate_response`
//! (offers `text/html`, then `application/json`; no match means plain text)
//! renders webob's own errors.

/// One media range of a valid header: `type/subtype` in lower case, its
/// media type parameters (names in lower case) and its quality.
#[derive(Debug)]
pub(crate) struct Range {
    type_subtype: String,
    params: Vec<(String, String)>,
    /// Thousandths (the grammar allows three decimals).
    q: u16,
}

/// What `create_accept_header` makes of the header value.
#[derive(Debug)]
pub(crate) enum Accept {
    /// No `Accept` in the environ (`AcceptNoHeader`).
    Absent,
    /// A value that does not match RFC 7231's grammar (`AcceptInvalidHeader`).
    Invalid,
    Valid(Vec<Range>),
}

impl Accept {
    pub(crate) fn parse(value: Option<&str>) -> Accept {
        match value {
            None => Accept::Absent,
            Some(v) => match Parser::new(v).list() {
                Some(ranges) => Accept::Valid(ranges),
                None => Accept::Invalid,
            },
        }
    }

    /// `acceptable_offers(offers)[0]`, as an index into `offers`: with no
    /// header or an invalid one, every offer is acceptable at quality 1 (so
    /// the first wins); with a valid one, the offer whose most specific
    /// matching range has the highest quality, ties to the earlier offer,
    /// none when every offer is matched at q=0 or not at all.
    pub(crate) fn best_offer(&self, offers: &[(&str, &str)]) -> Option<usize> {
        let ranges = match self {
            Accept::Absent | Accept::Invalid => return if offers.is_empty() { None } else { Some(0) },
            Accept::Valid(ranges) => ranges,
        };
        let mut best: Option<(u16, usize)> = None;
        for (index, (offer_type, offer_subtype)) in offers.iter().enumerate() {
            // (quality, specificity) of the most specific matching range;
            // among equally specific ones, the first.
            let mut found: Option<(u16, u8)> = None;
            for range in ranges {
                let (range_type, range_subtype) =
                    range.type_subtype.split_once('/').unwrap_or((&range.type_subtype, ""));
                let specificity = if *offer_type == range_type && *offer_subtype == range_subtype {
                    if range.params.is_empty() {
                        3
                    } else {
                        // The offers carry no parameters, so a range with
                        // parameters never equals them.
                        continue;
                    }
                } else if range_subtype == "*" && *offer_type == range_type {
                    2
                } else if range.type_subtype == "*/*" {
                    1
                } else {
                    continue;
                };
                if found.is_some_and(|(_, s)| specificity <= s) {
                    continue;
                }
                found = Some((range.q, specificity));
            }
            if let Some((q, _)) = found.filter(|&(q, _)| q > 0) {
                if best.is_none_or(|(best_q, _)| q > best_q) {
                    best = Some((q, index));
                }
            }
        }
        best.map(|(_, index)| index)
    }
}

/// RFC 7230 `tchar`.
fn is_tchar(c: char) -> bool {
    c.is_ascii() && crate::http::is_tchar(c as u8)
}

/// A recursive-descent reading of webob's `Accept` grammar (its regular
/// expressions `accept_compiled_re` and `media_range_n_accept_params_re`):
///
/// ```text
/// list      = "" | ("," | element) *(OWS "," [OWS element])
/// element   = token "/" token *(OWS ";" OWS !("q="|"Q=") token "=" (token | quoted))
///             [OWS ";" OWS ("q"|"Q") "=" qvalue *(OWS ";" OWS token ["=" (token | quoted)])]
/// qvalue    = "0" ["." 0*3DIGIT] | "1" ["." 0*3"0"]
/// ```
///
/// Each choice is decided by the next characters alone, so reading greedily
/// accepts exactly what the backtracking expressions accept, and the
/// elements read are the ones `finditer` finds.
struct Parser<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Parser<'a> {
        Parser { text, pos: 0 }
    }

    fn rest(&self) -> &'a str {
        self.text.get(self.pos..).unwrap_or_default()
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += c.len_utf8();
            true
        } else {
            false
        }
    }

    fn ows(&mut self) {
        while self.eat(' ') || self.eat('\t') {}
    }

    fn token(&mut self) -> Option<&'a str> {
        let start = self.pos;
        while self.peek().is_some_and(is_tchar) {
            self.pos += 1;
        }
        (self.pos > start).then(|| self.text.get(start..self.pos).unwrap_or_default())
    }

    /// `quoted-string`, unescaped the way `_process_quoted_string_token`
    /// does it.
    fn quoted(&mut self) -> Option<String> {
        let start = self.pos;
        if !self.eat('"') {
            return None;
        }
        let mut raw = String::new();
        loop {
            match self.peek() {
                Some('"') => {
                    self.pos += 1;
                    break;
                }
                Some('\\') => {
                    let mut chars = self.rest().chars();
                    chars.next();
                    match chars.next() {
                        Some(c) if c == '\t' || c == ' ' || ('\x21'..='\x7e').contains(&c) || is_obs_text(c) => {
                            raw.push('\\');
                            raw.push(c);
                            self.pos += 1 + c.len_utf8();
                        }
                        _ => {
                            self.pos = start;
                            return None;
                        }
                    }
                }
                Some(c) if c == '\t' || c == ' ' || c == '\x21' || ('\x23'..='\x7e').contains(&c) || is_obs_text(c) => {
                    raw.push(c);
                    self.pos += c.len_utf8();
                }
                _ => {
                    self.pos = start;
                    return None;
                }
            }
        }
        Some(unescape_quoted(&raw))
    }

    /// `token | quoted-string`.
    fn value(&mut self) -> Option<String> {
        if let Some(t) = self.token() {
            return Some(t.to_string());
        }
        self.quoted()
    }

    /// `OWS ";" OWS`, consumed only when it is there; false (nothing
    /// consumed) otherwise.
    fn semicolon(&mut self) -> bool {
        let start = self.pos;
        self.ows();
        if self.eat(';') {
            self.ows();
            true
        } else {
            self.pos = start;
            false
        }
    }

    /// Whether `q=` or `Q=` comes next.
    fn at_weight(&self) -> bool {
        let r = self.rest().as_bytes();
        matches!(r, [b'q' | b'Q', b'=', ..])
    }

    fn qvalue(&mut self) -> Option<u16> {
        let rest = self.rest().as_bytes();
        let (first, tail) = rest.split_first()?;
        let max_digit = match first {
            b'0' => b'9',
            b'1' => b'0',
            _ => return None,
        };
        let mut len = 1;
        let mut thousandths = u16::from(first - b'0') * 1000;
        if tail.first() == Some(&b'.') {
            len += 1;
            let mut scale = 100;
            for &d in tail.iter().skip(1).take(3) {
                if !(b'0'..=max_digit).contains(&d) {
                    break;
                }
                thousandths += u16::from(d - b'0') * scale;
                scale /= 10;
                len += 1;
            }
        }
        self.pos += len;
        Some(thousandths)
    }

    fn element(&mut self) -> Option<Range> {
        let type_ = self.token()?;
        if !self.eat('/') {
            return None;
        }
        let subtype = self.token()?;
        let mut params = Vec::new();
        let mut q = 1000;
        loop {
            let start = self.pos;
            if !self.semicolon() {
                break;
            }
            if self.at_weight() {
                self.pos += 2;
                q = self.qvalue()?;
                // accept-ext after the weight.
                loop {
                    let ext_start = self.pos;
                    if !self.semicolon() {
                        break;
                    }
                    if self.token().is_none() {
                        self.pos = ext_start;
                        break;
                    }
                    if self.eat('=') && self.value().is_none() {
                        return None;
                    }
                }
                break;
            }
            let Some(name) = self.token() else {
                self.pos = start;
                break;
            };
            if !self.eat('=') {
                self.pos = start;
                break;
            }
            let Some(value) = self.value() else {
                self.pos = start;
                break;
            };
            params.push((name.to_ascii_lowercase(), value));
        }
        Some(Range { type_subtype: format!("{type_}/{subtype}").to_ascii_lowercase(), params, q })
    }

    /// The whole value as a list, or `None` when it is not valid.
    fn list(&mut self) -> Option<Vec<Range>> {
        let mut ranges = Vec::new();
        if self.text.is_empty() {
            return Some(ranges);
        }
        if !self.eat(',') {
            ranges.push(self.element()?);
        }
        loop {
            if self.pos == self.text.len() {
                return Some(ranges);
            }
            self.ows();
            if !self.eat(',') {
                return None;
            }
            let before = self.pos;
            self.ows();
            if self.peek().is_some_and(is_tchar) {
                ranges.push(self.element()?);
            } else {
                // `[OWS element]` is optional: OWS alone belongs to the next
                // `OWS ","`.
                self.pos = before;
            }
        }
    }
}

/// RFC 7230 `obs-text` (`%x80-FF`).
fn is_obs_text(c: char) -> bool {
    ('\u{80}'..='\u{ff}').contains(&c)
}

/// `re.sub(r'\\(?![\\])', '', token).replace('\\\\', '\\')` on the text
/// between the quotes.
fn unescape_quoted(raw: &str) -> String {
    let chars: Vec<char> = raw.chars().collect();
    let mut kept = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c == '\\' && chars.get(i + 1) != Some(&'\\') {
            continue;
        }
        kept.push(c);
    }
    kept.replace("\\\\", "\\")
}

#[cfg(test)]
mod tests {
    use super::*;

    const FAULT: [(&str, &str); 2] = [("application", "json"), ("application", "vnd.openstack.volume+json")];
    const WEBOB: [(&str, &str); 2] = [("text", "html"), ("application", "json")];

    fn best(value: Option<&str>, offers: &[(&str, &str)]) -> Option<usize> {
        Accept::parse(value).best_offer(offers)
    }

    /// The values `docs/cinder/http.md` (section 7) lists, with webob's
    /// choices as measured.
    #[test]
    fn measured_choices() {
        assert_eq!(best(None, &WEBOB), Some(0));
        assert_eq!(best(Some(""), &WEBOB), None);
        assert_eq!(best(Some("garbage"), &WEBOB), Some(0));
        assert_eq!(best(Some("text/plain"), &WEBOB), None);
        assert_eq!(best(Some("application/xml"), &WEBOB), None);
        assert_eq!(best(Some("application/json;q=0"), &WEBOB), None);
        assert_eq!(best(Some("*/*;q=0"), &WEBOB), None);
        assert_eq!(best(Some("*/*"), &WEBOB), Some(0));
        assert_eq!(best(Some("application/*"), &WEBOB), Some(1));
        assert_eq!(best(Some("text/html;q=0.5, application/json"), &WEBOB), Some(1));
        assert_eq!(best(Some("application/json, text/html"), &WEBOB), Some(0));

        assert_eq!(best(None, &FAULT), Some(0));
        assert_eq!(best(Some("application/vnd.openstack.volume+json"), &FAULT), Some(1));
        assert_eq!(best(Some("application/vnd.openstack.volume+json;q=0.9, application/json"), &FAULT), Some(0));
        assert_eq!(best(Some("application/json;q=0.9, application/vnd.openstack.volume+json"), &FAULT), Some(1));
        assert_eq!(best(Some("application/*"), &FAULT), Some(0));
        assert_eq!(best(Some("text/html"), &FAULT), None);
    }

    #[test]
    fn grammar() {
        let valid = |v: &str| matches!(Accept::parse(Some(v)), Accept::Valid(_));
        for v in [
            "",
            ",",
            ", ,",
            "a/b",
            "a/b ,c/d",
            "a/b;x=1;q=0.5;y;z=\"w\"",
            "a/b ; Q=1.000",
            "a/b;q=0.",
            "a/b;p=\"q\\\"x\"",
            "a/b,",
            ",,a/b",
            "a/b;q=1;ext=\"é\"",
        ] {
            assert!(valid(v), "{v:?} is valid");
        }
        for v in [
            "a",
            "a/",
            "/b",
            "a/b;q=2",
            "a/b;q=1.5",
            "a/b;q=0.1234",
            "a/b;x",
            "a/b;x=",
            "a/b; q = 1",
            "a/b c/d",
            "a/b;q=1;",
            " a/b",
            "a/b,,  ",
            ",a/b",
            "a/b;p=\"unterminated",
            "é/b",
        ] {
            assert!(!valid(v), "{v:?} is invalid");
        }
        // Parameters: a range with one never equals a parameterless offer.
        assert_eq!(best(Some("application/json;v=1"), &FAULT), None);
        assert_eq!(best(Some("application/json;v=1, */*;q=0.1"), &FAULT), Some(0));
        // The most specific range decides, whatever its quality.
        assert_eq!(best(Some("*/*, application/json;q=0.5"), &FAULT), Some(1));
    }
}
