//! Listing text → entries (`parse_listing`) → manage requests
//! (`entry_to_volume_request`, `entry_to_snapshot_request`) → reports.
#![no_main]
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, reason = "a fuzz target: a panic is how it reports a failure")]
use libfuzzer_sys::fuzz_target;
use os_volume_manage::tools::listing::{
    entry_to_snapshot_request, entry_to_volume_request, parse_listing, FromListingOptions, ServiceTarget,
};
use os_volume_manage::{check_value, Kind, Options, Value};

const VOLUME_ID: &str = "1df34919-aba7-4a1b-a614-3b409d71ac03";

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let Ok(listing) = parse_listing(text) else { return };
    serde_json::to_string(&listing).expect("a listing serializes");
    let mut options = FromListingOptions::default();
    options.allow_unsafe = selector & 1 == 1;
    for entry in listing.entries.iter().take(64) {
        // A reference of strings only is a ref Cinder takes as it is.
        let plain = entry.reference.iter().all(|(_, v)| matches!(v, Value::Str(_)));
        let targets = [ServiceTarget::Host("h@b#p".into()), ServiceTarget::Cluster("c@b".into())];
        for target in &targets {
            let Ok(request) = entry_to_volume_request(entry, target, &options) else {
                assert!(!options.allow_unsafe && entry.safe_to_manage == Some(false));
                continue;
            };
            let opts = Options { microversion: request.min_microversion.clone(), ..Options::default() };
            let report = check_value(Kind::Volume, &request.body, &opts);
            fuzz_common::check_report(Kind::Volume, &report);
            if plain {
                assert!(report.accepted(), "{:?} → {report:#?}", request.body);
            }
        }
        if let Ok(request) = entry_to_snapshot_request(entry, VOLUME_ID, &options) {
            let report = check_value(Kind::Snapshot, &request.body, &Options::default());
            fuzz_common::check_report(Kind::Snapshot, &report);
            if plain {
                assert!(report.accepted(), "{:?} → {report:#?}", request.body);
            }
        }
    }
});
