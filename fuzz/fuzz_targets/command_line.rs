//! A command line (any bytes: unbalanced quotes, control characters, invalid
//! UTF-8, huge argument lists) → what the client sends, and the verdict.
//! Byte 0 selects the server's maximum microversion and whether a volume
//! list is given; the rest is the command line. Checks: no panic; an error
//! has a stable code and a message; a sent request has a manage route, the
//! header order `Accept`, `OpenStack-API-Version`?, `Content-Type`,
//! `Content-Length` (the body's length), an ASCII body that Python's JSON
//! reader parses into `{"volume": {…}}` or `{"snapshot": {…}}` of the route's
//! kind, and a report (whose JSON is one line); a refusal has exit code 0, 1
//! or 2, and a message unless it is help (exit 0); the JSON forms of the
//! reading are one line each.
#![no_main]
use libfuzzer_sys::fuzz_target;
use os_volume_manage::tools::command::{check_command, CommandOptions, KnownVolume, Outcome};
use os_volume_manage::{Microversion, Value};

const SERVER_MAXES: [u32; 8] = [71, 0, 7, 8, 15, 16, 27, 80];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, line)) = data.split_first() else { return };
    let options = CommandOptions {
        server_max: Microversion::new(3, SERVER_MAXES[usize::from(selector & 7)]),
        env: Vec::new(),
        volumes: (selector & 8 != 0).then(|| {
            vec![
                KnownVolume { id: "11111111-2222-4333-8444-555555555555".into(), name: Some("vol1".into()) },
                KnownVolume { id: "33333333-4444-4555-8666-777777777777".into(), name: Some("dup".into()) },
                KnownVolume { id: "44444444-5555-4666-8777-888888888888".into(), name: Some("dup".into()) },
            ]
        }),
    };
    let text = match std::str::from_utf8(line) {
        Ok(t) => t,
        Err(_) => {
            let e = os_volume_manage::tools::command::read_command_bytes(line, &options).unwrap_err();
            assert_eq!(e.code.as_str(), "invalid_utf8");
            return;
        }
    };
    let checked = match check_command(text, &options) {
        Ok(c) => c,
        Err(e) => {
            assert!(!e.message.is_empty());
            assert!(!e.to_json().contains('\n'));
            return;
        }
    };
    let json = checked.to_json();
    assert!(!json.contains('\n'));
    assert!(Value::parse(json.as_bytes()).is_ok(), "{json}");
    match &checked.read.outcome {
        Outcome::Sent(request) => {
            let names: Vec<&str> = request.headers.iter().map(|(n, _)| n.as_str()).collect();
            let expected: &[&str] = if request.version_header().is_some() {
                &["Accept", "OpenStack-API-Version", "Content-Type", "Content-Length"]
            } else {
                &["Accept", "Content-Type", "Content-Length"]
            };
            assert_eq!(names, expected);
            assert_eq!(request.header("Content-Length"), Some(request.body_text.len().to_string().as_str()));
            assert!(request.body_text.is_ascii(), "{}", request.body_text);
            let body = Value::parse(request.body_text.as_bytes()).expect("the body is JSON");
            let root = body.as_object().expect("an object");
            assert_eq!(root.len(), 1);
            assert!(root.get(request.kind().as_str()).and_then(Value::as_object).is_some());
            let report = checked.report.as_ref().expect("a sent request is judged");
            assert!(!report.to_json().contains('\n'));
        }
        Outcome::Refused(refusal) => {
            assert!(refusal.exit_code <= 2);
            assert!(refusal.exit_code == 0 || !refusal.message.is_empty());
            assert!(checked.report.is_none());
        }
    }
});
