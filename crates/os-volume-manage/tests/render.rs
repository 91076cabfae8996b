#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test or benchmark: a panic is how it fails"
)]
//! Rendering manage bodies as curl, openstack and cinder commands.

use os_volume_manage::tools::render::{render, shell_quote, RenderCode, RenderOptions, RequestKind};
use serde_json::{json, Value};

fn volume(body: Value, microversion: Option<&str>) -> os_volume_manage::tools::render::Rendered {
    render(
        &body,
        &RenderOptions {
            kind: RequestKind::Volume,
            microversion: microversion.map(String::from),
            endpoint: None,
            project_id: None,
            ..Default::default()
        },
    )
    .unwrap()
}

fn codes(notes: &[os_volume_manage::tools::render::RenderNote]) -> Vec<RenderCode> {
    notes.iter().map(|n| n.code).collect()
}

#[test]
fn shell_quoting() {
    assert_eq!(shell_quote("node1@lvm"), "node1@lvm");
    assert_eq!(shell_quote("h@b#p"), "'h@b#p'");
    assert_eq!(shell_quote("it's"), "'it'\\''s'");
    assert_eq!(shell_quote(""), "''");
    assert_eq!(shell_quote("$(rm -rf /)"), "'$(rm -rf /)'");
    assert_eq!(shell_quote("~x"), "'~x'");
}

#[test]
fn curl_form() {
    let body = json!({"volume": {"host": "h@b#p", "ref": {"source-name": "it's"}}});
    let r = render(
        &body,
        &RenderOptions {
            kind: RequestKind::Volume,
            microversion: Some("3.16".into()),
            endpoint: Some("https://cinder.example:8776/v3/".into()),
            project_id: None,
            ..Default::default()
        },
    )
    .unwrap();
    let c = r.curl.command.unwrap();
    assert!(c.starts_with("curl -i -X POST https://cinder.example:8776/v3/\"${PROJECT_ID}\"/os-volume-manage"), "{c}");
    assert!(c.contains("-H \"X-Auth-Token: ${OS_TOKEN}\""));
    assert!(c.contains("-H 'Content-Type: application/json'"));
    assert!(c.contains("-H 'OpenStack-API-Version: volume 3.16'"));
    assert!(c.contains(r#"--data-binary '{"volume":{"host":"h@b#p","ref":{"source-name":"it'\''s"}}}'"#), "{c}");
    let s = render(
        &json!({"snapshot": {"volume_id": "v", "ref": {}}}),
        &RenderOptions {
            kind: RequestKind::Snapshot,
            microversion: None,
            endpoint: None,
            project_id: Some("abc".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let c = s.curl.command.unwrap();
    assert!(c.contains("\"${CINDER_ENDPOINT}\"/v3/abc/os-snapshot-manage"));
    assert!(!c.contains("OpenStack-API-Version"));
}

#[test]
fn openstack_and_cinder_forms() {
    let body = json!({"volume": {
        "host": "node1@lvm#lvm", "ref": {"source-name": "existingLV"}, "name": "imported",
        "description": "from existingLV", "volume_type": null, "bootable": "false",
        "availability_zone": null, "metadata": {"owner": "ops/team-1"}}});
    let r = volume(body, None);
    assert_eq!(
        r.openstack.command.as_deref().unwrap(),
        "openstack volume create --remote-source source-name=existingLV --host 'node1@lvm#lvm' --description 'from existingLV' --property owner=ops/team-1 --non-bootable imported"
    );
    assert_eq!(
        r.cinder.command.as_deref().unwrap(),
        "cinder manage --name imported --description 'from existingLV' --metadata owner=ops/team-1 -- 'node1@lvm#lvm' existingLV"
    );
    assert!(codes(&r.cinder.notes).contains(&RenderCode::ValueApproximated));
}

#[test]
fn cinder_manage_options_and_id_type() {
    let body = json!({"volume": {"host": "h@b#p", "ref": {"source-id": "00123"}, "bootable": true,
        "volume_type": "gold", "availability_zone": "az1"}});
    let r = volume(body, Some("3.8"));
    assert_eq!(
        r.cinder.command.as_deref().unwrap(),
        "cinder --os-volume-api-version 3.8 manage --id-type source-id --volume-type gold --availability-zone az1 --bootable 'h@b#p' 00123"
    );
    assert!(r.openstack.command.unwrap().contains("--os-volume-api-version 3.8 volume create --remote-source source-id=00123 --host 'h@b#p' --type gold --availability-zone az1 --bootable"));
}

#[test]
fn cluster_requests() {
    let body = json!({"volume": {"host": null, "cluster": "cluster1@rbd", "ref": {"source-name": "img-01"}}});
    let r = volume(body, None);
    assert_eq!(r.cinder.command, None);
    assert!(codes(&r.cinder.notes).contains(&RenderCode::ClusterNotExpressible));
    let osc = r.openstack.command.unwrap();
    assert!(osc.starts_with("openstack --os-volume-api-version 3.16 volume create"), "{osc}");
    assert!(osc.contains("--cluster cluster1@rbd"));
    assert!(codes(&r.openstack.notes).contains(&RenderCode::MicroversionAdded));
}

#[test]
fn what_cannot_be_expressed() {
    let r = volume(json!({"volume": {"host": "h", "ref": "lv1"}}), None);
    assert_eq!((r.openstack.command.clone(), r.cinder.command.clone()), (None, None));
    assert!(codes(&r.cinder.notes).contains(&RenderCode::StringRefNotExpressible));
    assert!(r.curl.command.is_some());
    let r = volume(json!({"volume": {"host": "h", "ref": {"source-name": "a", "source-id": "b"}}}), None);
    assert_eq!(r.cinder.command, None);
    assert!(codes(&r.cinder.notes).contains(&RenderCode::MultipleRefKeys));
    let osc = r.openstack.command.unwrap();
    assert!(osc.contains("--remote-source source-id=b") && osc.contains("--remote-source source-name=a"), "{osc}");
    let r = volume(json!({"volume": {"host": "h", "ref": {"source-id": 5}, "metadata": {"k": 1}}}), None);
    assert!(codes(&r.cinder.notes).contains(&RenderCode::RefValueStringified));
    assert!(codes(&r.cinder.notes).contains(&RenderCode::MetadataValueNotString));
    let r = volume(json!({"volume": {"ref": {"source-name": "x"}}}), None);
    assert_eq!(r.openstack.command, None);
    assert!(codes(&r.openstack.notes).contains(&RenderCode::NoHostOrCluster));
    let e = render(
        &json!({"snapshot": {}}),
        &RenderOptions {
            kind: RequestKind::Volume,
            microversion: None,
            endpoint: None,
            project_id: None,
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(e.code, RenderCode::BodyShape);
}

#[test]
fn leading_dash_positionals_get_separator() {
    let r = volume(json!({"volume": {"host": "h", "ref": {"source-name": "-weird"}}}), None);
    assert_eq!(r.cinder.command.unwrap(), "cinder manage -- h -weird");
}

#[test]
fn snapshot_forms() {
    let body = json!({"snapshot": {"volume_id": "1df34919-aba7-4a1b-a614-3b409d71ac03",
        "ref": {"source-name": "lvol0"}, "name": "snap one", "description": null, "metadata": {"a": "b"}}});
    let r = render(
        &body,
        &RenderOptions {
            kind: RequestKind::Snapshot,
            microversion: None,
            endpoint: None,
            project_id: None,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        r.cinder.command.as_deref().unwrap(),
        "cinder snapshot-manage --name 'snap one' --metadata a=b -- 1df34919-aba7-4a1b-a614-3b409d71ac03 lvol0"
    );
    assert_eq!(
        r.openstack.command.as_deref().unwrap(),
        "openstack volume snapshot create --volume 1df34919-aba7-4a1b-a614-3b409d71ac03 --remote-source source-name=lvol0 --property a=b 'snap one'"
    );
    let unnamed = json!({"snapshot": {"volume_id": "v", "ref": {"source-name": "lvol0"}}});
    let r = render(
        &unnamed,
        &RenderOptions {
            kind: RequestKind::Snapshot,
            microversion: None,
            endpoint: None,
            project_id: None,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(r.openstack.command, None);
    assert!(codes(&r.openstack.notes).contains(&RenderCode::NameRequired));
    assert_eq!(r.cinder.command.as_deref(), Some("cinder snapshot-manage v lvol0"));
}

#[test]
fn route_v2_and_lenient_rendering() {
    use os_volume_manage::tools::render::render_lenient;
    let body = json!({"volume": {"host": "h@b#p", "ref": {"source-name": "lv"}}});
    let options = RenderOptions {
        microversion: Some("2.0".into()),
        endpoint: Some(" https://c.example:8776/v2/ ".into()),
        project_id: Some("".into()),
        route: Some("manageable_volumes".into()),
        body_text: Some("{ \"volume\": {} }".into()),
        ..Default::default()
    };
    let r = render(&body, &options).unwrap();
    assert_eq!(
        r.curl.command.as_deref(),
        Some(
            "curl -i -X POST https://c.example:8776/v2/\"${PROJECT_ID}\"/manageable_volumes \\\n  \
             -H \"X-Auth-Token: ${OS_TOKEN}\" \\\n  -H 'Content-Type: application/json' \\\n  \
             --data-binary '{ \"volume\": {} }'"
        )
    );
    assert_eq!(codes(&r.curl.notes), [RenderCode::V2Removed]);
    assert_eq!(r.openstack.command, None);
    assert_eq!(codes(&r.cinder.notes), [RenderCode::V2Removed]);

    // Not JSON at all: curl still sends the text; the CLI forms say why not.
    let text = RenderOptions { body_text: Some("{oops".into()), ..Default::default() };
    let r = render_lenient(None, &text);
    assert!(r.curl.command.unwrap().ends_with("--data-binary '{oops'"));
    assert_eq!(codes(&r.openstack.notes), [RenderCode::BodyShape]);
    assert_eq!(r.cinder.command, None);
}
