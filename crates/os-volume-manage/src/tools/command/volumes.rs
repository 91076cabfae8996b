//! The volume a snapshot is managed into: both clients look the argument up
//! (by id, then by name) before they build the body, and send the id they
//! found. This reader cannot ask a cloud; it looks the argument up in the
//! volumes the caller lists ([`super::CommandOptions::volumes`]), or, without
//! a list, assumes the argument is the volume's id and says so in a note.

use super::pytext;
use super::KnownVolume;

/// What a lookup found.
pub(crate) enum Lookup {
    Found(String),
    /// No list was given: the argument stands for the id.
    Assumed(String),
    NotFound,
    Duplicate,
}

/// `cinderclient/utils.py: find_resource(cs.volumes, text)`: an all-digit
/// text is tried as an integer id first (and the UUID step is then skipped,
/// as the code's `try`/`else` does), a UUID-like text as an id, then the
/// exact name (`GET /volumes/detail?all_tenants=1&name=…`), then `human_id`,
/// which cinderclient's volumes never have.
pub(crate) fn cinder_find(volumes: Option<&[KnownVolume]>, text: &str) -> Lookup {
    let Some(volumes) = volumes else { return Lookup::Assumed(text.to_string()) };
    if pytext::is_digits(text) {
        // `manager.get(int(text))`: the id as Python prints the integer.
        let number = text.trim_start_matches('0');
        let number = if number.is_empty() { "0" } else { number };
        if let Some(v) = volumes.iter().find(|v| v.id == number) {
            return Lookup::Found(v.id.clone());
        }
    } else if pytext::uuid_parses(text) {
        if let Some(v) = volumes.iter().find(|v| v.id == text) {
            return Lookup::Found(v.id.clone());
        }
    }
    by_name(volumes, text)
}

/// `openstack/resource.py: Resource.find`: `GET /volumes/<text>`, then the
/// volumes whose name is the text (`_get_one_match` also accepts an id
/// equal to the text).
pub(crate) fn sdk_find(volumes: Option<&[KnownVolume]>, text: &str) -> Lookup {
    let Some(volumes) = volumes else { return Lookup::Assumed(text.to_string()) };
    if let Some(v) = volumes.iter().find(|v| v.id == text) {
        return Lookup::Found(v.id.clone());
    }
    by_name(volumes, text)
}

fn by_name(volumes: &[KnownVolume], text: &str) -> Lookup {
    let mut matches = volumes.iter().filter(|v| v.name.as_deref() == Some(text));
    match (matches.next(), matches.next()) {
        (Some(v), None) => Lookup::Found(v.id.clone()),
        (Some(_), Some(_)) => Lookup::Duplicate,
        (None, _) => Lookup::NotFound,
    }
}
