//! The benchmark inputs, defined once. The criterion benches and the callgrind
//! driver use them directly; `scripts/bench.mjs` reads the copies the driver
//! writes (`cargo bench --bench callgrind_driver -- write-inputs DIR`), so
//! Node and Rust measure the very same bytes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test or benchmark: a panic is how it fails"
)]
#![allow(dead_code, reason = "each bench uses a different part of the shared inputs")]

use std::fmt::Write as _;

use os_volume_manage::Options;

/// The options every benchmark judges with: a default deployment's, with
/// the body size limit lifted, so that the 1 MiB and 64 MiB bodies are
/// judged rather than refused with 413 (the limit is 114,688 bytes; its check
/// is one comparison) and every figure measures the body pipeline itself.
pub(crate) fn options() -> Options {
    Options { max_request_body_size: None, ..Options::default() }
}

/// One request body to judge (volume, default options = no microversion header = 3.0).
pub(crate) struct Input {
    pub name: &'static str,
    pub bytes: Vec<u8>,
    /// The verdict the library must give (checked before measuring).
    pub status: u16,
}

/// Cinder's api-ref sample request (`volume-manage-request.json`).
pub(crate) const API_REF: &[u8] = include_bytes!("../../../../tests/fixtures/api-ref/volume-manage-request.json");
/// A typical bad request: several problems at once (host with a trailing
/// newline, bootable "Y", a bad metadata key, a null metadata value).
pub(crate) const INVALID: &[u8] = include_bytes!("../../../../tests/fixtures/demo/bad-several-problems.json");

fn pad(prefix: &str, len: usize, fill: char) -> String {
    let mut s = String::from(prefix);
    let have = s.chars().count();
    s.extend(std::iter::repeat_n(fill, len.saturating_sub(have)));
    s
}

/// Every field at its maximum: 255-character name, description (non-ASCII,
/// so the Unicode table is consulted for every character), availability
/// zone, volume type, host; 100 metadata keys of 255 characters with
/// 255-character values.
pub(crate) fn worst_valid() -> Vec<u8> {
    // A description of 255 characters mixing ASCII, Latin-1, Greek, CJK.
    let unit = "Imported volume ünïcødé Ελληνικά 日本語のボリューム ";
    let description: String = unit.chars().cycle().take(255).collect();
    let name = pad("worst-case volume ", 255, 'n');
    let host = pad("node1.example.org@backend-lvm#pool-", 255, 'p');
    let az = pad("availability-zone-", 255, 'z');
    let vt = pad("volume-type-", 255, 't');
    let mut meta = String::new();
    for i in 0..100 {
        if i > 0 {
            meta.push_str(", ");
        }
        let key = pad(&format!("key-{i:03}-"), 255, 'k');
        let value = pad(&format!("value {i:03} "), 255, 'v');
        write!(meta, "\"{key}\": \"{value}\"").unwrap_or_default();
    }
    format!(
        "{{\"volume\": {{\"host\": \"{host}\", \"ref\": {{\"source-name\": \"existingLV\"}}, \
         \"name\": \"{name}\", \"description\": \"{description}\", \"availability_zone\": \"{az}\", \
         \"volume_type\": \"{vt}\", \"bootable\": \"true\", \"metadata\": {{{meta}}}}}}}"
    )
    .into_bytes()
}

/// The api-ref sample with its `ref` grown to about `target` bytes by an
/// extra array of small device records (strings, numbers, nested objects:
/// ordinary JSON), which Cinder passes to the driver untouched. Accepted (202).
pub(crate) fn sized(target: usize) -> Vec<u8> {
    let head = "{\"volume\": {\"host\": \"geraint-VirtualBox\", \"name\": \"New Volume\", \
                \"availability_zone\": \"az2\", \"description\": \"Volume imported from existingLV\", \
                \"volume_type\": null, \"bootable\": true, \"metadata\": {\"key1\": \"value1\", \"key2\": \"value2\"}, \
                \"ref\": {\"source-name\": \"existingLV\", \"devices\": [";
    let tail = "]}}}";
    let mut s = String::with_capacity(target + 256);
    s.push_str(head);
    let mut i: u64 = 0;
    loop {
        let mut rec = String::new();
        if i > 0 {
            rec.push_str(", ");
        }
        write!(
            rec,
            "{{\"lun\": {i}, \"wwn\": \"5000c500{:08x}\", \"path\": \"/dev/disk/by-path/pci-0000:00:1f.2-ata-{i}\", \"ro\": false}}",
            i.wrapping_mul(2_654_435_761) & 0xffff_ffff
        )
        .unwrap_or_default();
        if s.len() + rec.len() + tail.len() > target && i > 0 {
            break;
        }
        s.push_str(&rec);
        i += 1;
    }
    s.push_str(tail);
    s.into_bytes()
}

pub(crate) const KIB: usize = 1 << 10;
pub(crate) const MIB: usize = 1 << 20;

/// The small inputs (the per-request comparisons).
pub(crate) fn small() -> Vec<Input> {
    vec![
        Input { name: "api-ref", bytes: API_REF.to_vec(), status: 202 },
        Input { name: "worst-valid", bytes: worst_valid(), status: 202 },
        Input { name: "invalid", bytes: INVALID.to_vec(), status: 400 },
    ]
}

/// The size ladder (linear cost): about 1 KiB, 1 MiB and 64 MiB.
pub(crate) fn ladder(with_64m: bool) -> Vec<Input> {
    let mut v = vec![
        Input { name: "1KiB", bytes: sized(KIB), status: 202 },
        Input { name: "1MiB", bytes: sized(MIB), status: 202 },
    ];
    if with_64m {
        v.push(Input { name: "64MiB", bytes: sized(64 * MIB), status: 202 });
    }
    v
}

/// A small deterministic generator (xorshift64*), so the corpus is the same on every machine.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn word(&mut self, min: u64, max: u64) -> String {
        const ALPHA: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
        let len = min + self.below(max - min + 1);
        (0..len).map(|_| char::from(ALPHA[self.below(ALPHA.len() as u64) as usize])).collect()
    }
}

/// One JSONL case line (`{"id", "microversion", "body"}`), about 60 %
/// accepted, the rest with the usual mistakes. Only `body` (never
/// `body_text`) so a JSON Schema validator can judge the same cases.
pub(crate) fn corpus_line(rng: &mut Rng, n: usize) -> String {
    let versions = ["3.0", "3.8", "3.15", "3.16", "3.50", "3.71"];
    let mv = versions[rng.below(versions.len() as u64) as usize];
    let v316 = matches!(mv, "3.16" | "3.50" | "3.71");
    let name = rng.word(3, 24);
    let backend = rng.word(2, 8);
    let place = if v316 && rng.below(4) == 0 {
        format!("\"cluster\": \"cluster-{}@{backend}\"", rng.word(1, 4))
    } else {
        format!("\"host\": \"node{}@{backend}#pool{}\"", rng.below(100), rng.below(10))
    };
    let mut fields = vec![place, format!("\"ref\": {{\"source-name\": \"lv-{}\"}}", rng.word(4, 16))];
    if rng.below(2) == 0 {
        fields.push(format!("\"name\": \"vol {name}\""));
    }
    if rng.below(3) == 0 {
        fields.push(format!("\"description\": \"imported from {} on {}\"", rng.word(3, 10), rng.word(3, 10)));
    }
    if rng.below(3) == 0 {
        fields.push(format!("\"volume_type\": \"{}\"", rng.word(2, 10)));
    }
    if rng.below(4) == 0 {
        fields.push(format!("\"availability_zone\": \"az{}\"", rng.below(4)));
    }
    if rng.below(3) == 0 {
        let b = ["true", "false", "\"True\"", "\"no\""];
        fields.push(format!("\"bootable\": {}", b[rng.below(b.len() as u64) as usize]));
    }
    if rng.below(3) == 0 {
        let k = rng.below(5);
        let meta: Vec<String> =
            (0..k).map(|i| format!("\"k{i}-{}\": \"{}\"", rng.word(1, 6), rng.word(0, 20))).collect();
        fields.push(format!("\"metadata\": {{{}}}", meta.join(", ")));
    }
    // About 40 % get one mistake.
    match rng.below(20) {
        0 => fields.push("\"bootable\": \"Y\"".into()),
        1 => fields[0] = "\"host\": \"node 1@lvm#pool\"".into(),
        2 => fields.push("\"metadata\": {\"cost center!\": \"42\"}".into()),
        3 => fields.push("\"size\": 10".into()),
        4 => {
            fields.remove(1);
        }
        5 => fields.push(format!("\"name\": \"{}\"", "x".repeat(256))),
        6 => fields[1] = "\"ref\": [\"lv1\"]".into(),
        7 => fields.push("\"metadata\": {\"owner\": null}".into()),
        _ => {}
    }
    format!(
        "{{\"id\": \"case-{n:06}\", \"microversion\": \"{mv}\", \"body\": {{\"volume\": {{{}}}}}}}",
        fields.join(", ")
    )
}

/// The seed of [`corpus`].
pub(crate) const CORPUS_SEED: u64 = 0x5eed_0006;
/// The seed of [`heavy_corpus`].
pub(crate) const HEAVY_SEED: u64 = 0x5eed_0004;

/// `lines` corpus lines from the fixed seed, each ending in `\n`.
pub(crate) fn corpus(lines: usize) -> String {
    let mut rng = Rng::new(CORPUS_SEED);
    let mut s = String::new();
    for n in 0..lines {
        s.push_str(&corpus_line(&mut rng, n));
        s.push('\n');
    }
    s
}

/// A string of `len` characters from `alphabet` (characters, not bytes).
fn text_of(rng: &mut Rng, alphabet: &[char], len: u64) -> String {
    (0..len).map(|_| alphabet[rng.below(alphabet.len() as u64) as usize]).collect()
}

/// Characters a description may hold (ASCII, Latin-1, Greek, Cyrillic, CJK,
/// Hangul), none of which JSON needs to escape.
const PROSE: &[char] = &[
    'a', 'e', 'i', 'o', 'u', 'n', 's', 't', 'r', 'l', ' ', ' ', ' ', '-', '.', ',', '0', '7', 'é', 'ü', 'ß', 'ø', 'λ',
    'Ω', 'ж', 'Я', '日', '本', '語', '한', '글', '€',
];
/// Characters a metadata key may hold.
const KEY: &[char] =
    &['a', 'b', 'c', 'd', 'e', 'f', 'k', 'm', 'x', 'y', 'z', '0', '1', '9', '-', '_', ':', '.', '/', ' '];

/// A `ref` whose driver data nests `depth` levels (objects and arrays, the
/// kind of thing a driver's `manage_existing` reads), about `width` members a level.
fn deep_ref(rng: &mut Rng, depth: u64, width: u64) -> String {
    let mut s = format!("{{\"source-name\": \"lv-{}\"", rng.word(4, 16));
    let mut close = String::from("}");
    for level in 0..depth {
        for j in 0..width {
            match rng.below(4) {
                0 => s.push_str(&format!(", \"k{level}_{j}\": {}", rng.below(1 << 40))),
                1 => s.push_str(&format!(", \"k{level}_{j}\": \"{}\"", rng.word(0, 40))),
                2 => s.push_str(&format!(", \"k{level}_{j}\": [{}, {}, true, null]", rng.below(999), rng.below(9))),
                _ => s.push_str(&format!(", \"k{level}_{j}\": {{\"wwn\": \"5000c500{:08x}\"}}", rng.below(1 << 32))),
            }
        }
        if level % 3 == 2 {
            s.push_str(", \"nested\": [{\"x\": 1");
            close.insert_str(0, "}]");
        } else {
            s.push_str(", \"nested\": {\"x\": 1");
            close.insert(0, '}');
        }
    }
    s.push_str(&close);
    s
}

/// The members of a heavy volume body (without the braces) and whether it
/// carries a deliberate mistake.
fn heavy_volume(rng: &mut Rng, v316: bool) -> Vec<String> {
    let backend = rng.word(2, 12);
    let place = if v316 && rng.below(3) == 0 {
        format!("\"cluster\": \"cluster-{}@{backend}\"", rng.word(1, 40))
    } else {
        format!("\"host\": \"node{}.{}.example.org@{backend}#pool{}\"", rng.below(1000), rng.word(3, 30), rng.below(64))
    };
    let reference = if rng.below(3) == 0 {
        let (depth, width) = (2 + rng.below(12), 1 + rng.below(4));
        deep_ref(rng, depth, width)
    } else {
        format!("{{\"source-name\": \"lv-{}\", \"source-id\": \"{}\"}}", rng.word(4, 60), rng.word(8, 36))
    };
    let mut fields = vec![place, format!("\"ref\": {reference}")];
    if rng.below(4) != 0 {
        let len = rng.below(256);
        fields.push(format!("\"name\": \"{}\"", text_of(rng, PROSE, len)));
    }
    if rng.below(3) != 0 {
        let len = 64 + rng.below(192);
        fields.push(format!("\"description\": \"{}\"", text_of(rng, PROSE, len)));
    }
    if rng.below(2) == 0 {
        fields.push(format!("\"volume_type\": \"{}\"", rng.word(2, 60)));
    }
    if rng.below(2) == 0 {
        fields.push(format!("\"availability_zone\": \"az-{}\"", rng.word(1, 30)));
    }
    if rng.below(2) == 0 {
        let b = ["true", "false", "\"True\"", "\"no\"", "\"1\"", "\"off\"", "null"];
        fields.push(format!("\"bootable\": {}", b[rng.below(b.len() as u64) as usize]));
    }
    if rng.below(3) != 0 {
        let keys = if rng.below(4) == 0 { 20 + rng.below(81) } else { rng.below(12) };
        let meta: Vec<String> = (0..keys)
            .map(|i| {
                let (kl, vl) = (1 + rng.below(60), rng.below(200));
                let key = text_of(rng, KEY, kl);
                format!("\"{i}-{key}\": \"{}\"", text_of(rng, PROSE, vl))
            })
            .collect();
        fields.push(format!("\"metadata\": {{{}}}", meta.join(", ")));
    }
    fields
}

/// The members of a snapshot body (without the braces).
fn heavy_snapshot(rng: &mut Rng) -> Vec<String> {
    let uuid = format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        rng.below(1 << 32),
        rng.below(1 << 16),
        rng.below(1 << 16),
        rng.below(1 << 16),
        rng.below(1 << 48)
    );
    let mut fields = vec![
        format!("\"volume_id\": \"{uuid}\""),
        format!("\"ref\": {{\"source-name\": \"snap-{}\"}}", rng.word(4, 40)),
    ];
    if rng.below(2) == 0 {
        let len = rng.below(256);
        fields.push(format!("\"name\": \"{}\"", text_of(rng, PROSE, len)));
    }
    if rng.below(2) == 0 {
        let len = rng.below(256);
        fields.push(format!("\"description\": \"{}\"", text_of(rng, PROSE, len)));
    }
    if rng.below(2) == 0 {
        let keys = rng.below(30);
        let meta: Vec<String> = (0..keys)
            .map(|i| {
                let key = rng.word(1, 30);
                let len = rng.below(100);
                format!("\"s{i}-{key}\": \"{}\"", text_of(rng, PROSE, len))
            })
            .collect();
        fields.push(format!("\"metadata\": {{{}}}", meta.join(", ")));
    }
    fields
}

/// One line of the heavy corpus: longer strings (up to the 255-character
/// limits, non-ASCII), up to 100 metadata keys, `ref`s nested up to 14
/// levels, snapshot cases (a fifth), microversions 3.0–3.71 with `cluster`
/// from 3.16, a tenth sent as raw request text (`body_text`), and about 40 %
/// with one mistake (several of them only Cinder's Python rules catch).
pub(crate) fn heavy_line(rng: &mut Rng, n: usize) -> String {
    let versions = ["3.0", "3.8", "3.15", "3.16", "3.27", "3.50", "3.66", "3.71"];
    let mv = versions[rng.below(versions.len() as u64) as usize];
    let v316 = !matches!(mv, "3.0" | "3.8" | "3.15");
    let snapshot = rng.below(5) == 0;
    let mut fields = if snapshot { heavy_snapshot(rng) } else { heavy_volume(rng, v316) };
    match rng.below(25) {
        0 => fields.push("\"bootable\": \"Y\"".into()),
        1 => fields[0] = "\"host\": \"node 1@lvm#pool\"".into(),
        2 => fields.push("\"metadata\": {\"cost center!\": \"42\"}".into()),
        3 => fields.push("\"size\": 10".into()),
        4 => {
            fields.remove(1);
        }
        5 => fields.push(format!("\"name\": \"{}\"", "é".repeat(256))),
        6 => fields[1] = "\"ref\": [\"lv1\"]".into(),
        7 => fields.push("\"metadata\": {\"owner\": null}".into()),
        8 => fields.push("\"description\": \"tab\\there\"".into()),
        9 => fields.push(format!("\"metadata\": {{\"k\": \"{}\"}}", "v".repeat(256))),
        10 => fields[0] = "\"host\": \"node1@lvm#pool\\n\"".into(),
        11 => fields.push("\"name\": 42".into()),
        _ => {}
    }
    let (kind, root) = if snapshot { ("snapshot", "snapshot") } else { ("volume", "volume") };
    let body = format!("{{\"{root}\": {{{}}}}}", fields.join(", "));
    if rng.below(10) == 0 {
        // The raw request text, as curl would send it: a JSON string.
        let mut quoted = String::with_capacity(body.len() + 16);
        for c in body.chars() {
            match c {
                '"' => quoted.push_str("\\\""),
                '\\' => quoted.push_str("\\\\"),
                c => quoted.push(c),
            }
        }
        format!("{{\"id\": \"heavy-{n:06}\", \"microversion\": \"{mv}\", \"kind\": \"{kind}\", \"body_text\": \"{quoted}\"}}")
    } else {
        format!("{{\"id\": \"heavy-{n:06}\", \"microversion\": \"{mv}\", \"kind\": \"{kind}\", \"body\": {body}}}")
    }
}

/// `lines` lines of the heavy corpus from its fixed seed, each ending in `\n`.
pub(crate) fn heavy_corpus(lines: usize) -> String {
    let mut rng = Rng::new(HEAVY_SEED);
    let mut s = String::new();
    for n in 0..lines {
        s.push_str(&heavy_line(&mut rng, n));
        s.push('\n');
    }
    s
}
