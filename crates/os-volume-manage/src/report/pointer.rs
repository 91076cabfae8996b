//! JSON pointers naming the field an issue is about.
//!
//! RFC 6901 (`~` → `~0`, `/` → `~1`), then percent-encoding of every byte
//! outside the URI-fragment-safe set, so a pointer is one printable ASCII
//! token: `/volume/metadata/k%20ey`. Lone surrogates are encoded from their
//! WTF-8 bytes.

use crate::python::value::PyStr;

/// A pointer under construction, e.g. `Pointer::root().key("volume")`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Pointer(String);

fn is_safe(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(
            b,
            b'-' | b'.'
                | b'_'
                | b'~'
                | b'!'
                | b'$'
                | b'&'
                | b'\''
                | b'('
                | b')'
                | b'*'
                | b'+'
                | b','
                | b';'
                | b'='
                | b':'
                | b'@'
        )
}

/// Escapes one reference token.
pub(crate) fn escape_token(out: &mut String, token: &[u8]) {
    for &b in token {
        match b {
            b'~' => out.push_str("~0"),
            b'/' => out.push_str("~1"),
            _ if is_safe(b) => out.push(char::from(b)),
            _ => {
                const HEX: &[u8; 16] = b"0123456789ABCDEF";
                out.push('%');
                out.push(char::from(HEX.get(usize::from(b >> 4)).copied().unwrap_or(b'0')));
                out.push(char::from(HEX.get(usize::from(b & 0xF)).copied().unwrap_or(b'0')));
            }
        }
    }
}

/// The length of `token` once escaped by [`escape_token`] (to size a
/// pointer exactly: a member name can be 40 MB long).
pub(crate) fn escaped_len(token: &[u8]) -> usize {
    token
        .iter()
        .map(|&b| match b {
            b'~' | b'/' => 2,
            _ if is_safe(b) => 1,
            _ => 3,
        })
        .sum()
}

impl Pointer {
    /// The whole document: the empty pointer.
    pub(crate) fn root() -> Pointer {
        Pointer(String::new())
    }

    /// Appends a member name known to be plain ASCII.
    pub(crate) fn key(&self, name: &str) -> Pointer {
        self.key_bytes(name.as_bytes())
    }

    /// Appends a member name taken from the request.
    pub(crate) fn key_str(&self, name: &PyStr) -> Pointer {
        self.key_bytes(name.as_wtf8())
    }

    fn key_bytes(&self, name: &[u8]) -> Pointer {
        let mut s = String::with_capacity(self.0.len() + name.len() + 1);
        s.push_str(&self.0);
        s.push('/');
        escape_token(&mut s, name);
        Pointer(s)
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    pub(crate) fn into_string(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod escaped_len_tests {
    use super::{escape_token, escaped_len, Pointer};

    /// Decodes a pointer back into its reference tokens (raw bytes, WTF-8).
    fn decode(pointer: &str) -> Option<Vec<Vec<u8>>> {
        if pointer.is_empty() {
            return Some(Vec::new());
        }
        let rest = pointer.strip_prefix('/')?;
        rest.split('/')
            .map(|token| {
                let mut out = Vec::with_capacity(token.len());
                let mut bytes = token.bytes();
                while let Some(b) = bytes.next() {
                    match b {
                        b'~' => match bytes.next()? {
                            b'0' => out.push(b'~'),
                            b'1' => out.push(b'/'),
                            _ => return None,
                        },
                        b'%' => {
                            let hi = char::from(bytes.next()?).to_digit(16)?;
                            let lo = char::from(bytes.next()?).to_digit(16)?;
                            out.push(u8::try_from(hi * 16 + lo).ok()?);
                        }
                        _ => out.push(b),
                    }
                }
                Some(out)
            })
            .collect()
    }

    #[test]
    fn pointers_decode_to_their_tokens() {
        let pointer = Pointer::root().key("volume").key("metadata").key_str(&crate::PyStr::from("k ey/x~é"));
        assert_eq!(pointer.as_str(), "/volume/metadata/k%20ey~1x~0%C3%A9");
        let tokens = decode(pointer.as_str()).unwrap_or_default();
        assert_eq!(tokens, [b"volume".to_vec(), b"metadata".to_vec(), "k ey/x~é".as_bytes().to_vec()]);
    }

    #[test]
    fn escaped_len_is_the_length_escape_token_writes() {
        for b in 0..=255u8 {
            let mut out = String::new();
            escape_token(&mut out, &[b]);
            assert_eq!(escaped_len(&[b]), out.len(), "byte {b:#04x}");
        }
        let token = "k ey/~é\u{1F600}\n%".as_bytes();
        let mut out = String::new();
        escape_token(&mut out, token);
        assert_eq!(escaped_len(token), out.len());
    }
}
