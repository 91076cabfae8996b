//! The service between a client and a fake Cinder: what is refused here,
//! what reaches the upstream, and that it arrives unchanged.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Mutex};

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, Request, StatusCode, Uri};
use axum::routing::post;
use axum::Router;
use http_body_util::BodyExt;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

/// What the fake upstream received: path and query, API version, body.
type Seen = Arc<Mutex<Vec<(String, Option<String>, Bytes)>>>;

async fn serve(router: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    format!("http://{address}")
}

/// A Cinder stand-in: records each request and answers 202.
async fn fake_cinder() -> (String, Seen) {
    let seen: Seen = Arc::default();
    async fn accept(State(seen): State<Seen>, uri: Uri, headers: HeaderMap, body: Bytes) -> (StatusCode, &'static str) {
        let version = headers.get("openstack-api-version").map(|v| v.to_str().unwrap().to_string());
        seen.lock().unwrap().push((uri.to_string(), version, body));
        (StatusCode::ACCEPTED, r#"{"volume": {"id": "fake", "status": "creating"}}"#)
    }
    let router = Router::new().route("/v3/{project_id}/{collection}", post(accept)).with_state(seen.clone());
    (serve(router).await, seen)
}

async fn post_to(base: &str, path: &str, version: Option<&str>, body: &'static str) -> (StatusCode, String) {
    let client = Client::builder(TokioExecutor::new()).build_http::<Body>();
    let mut request = Request::post(format!("{base}{path}")).header("content-type", "application/json");
    if let Some(v) = version {
        request = request.header("OpenStack-API-Version", v);
    }
    let answer = client.request(request.body(Body::from(body)).unwrap()).await.unwrap();
    let status = answer.status();
    let bytes = answer.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8(bytes.to_vec()).unwrap())
}

#[tokio::test]
async fn accepted_requests_reach_cinder_unchanged() {
    let (upstream, seen) = fake_cinder().await;
    let service = serve(axum_service::app(&upstream)).await;
    // Odd spacing and member order: forwarded byte for byte.
    let body = r#"{"volume":{"ref": {"source-name": "lv1"},   "host": "node1@lvm#lvm", "name": " imported "}}"#;
    let (status, text) = post_to(&service, "/v3/p1/os-volume-manage?x=1", None, body).await;
    assert_eq!(status, StatusCode::ACCEPTED);
    assert_eq!(text, r#"{"volume": {"id": "fake", "status": "creating"}}"#);
    let cluster = r#"{"volume": {"cluster": "c1@lvm", "ref": {"source-name": "lv2"}}}"#;
    let (status, _) = post_to(&service, "/v3/p1/manageable_volumes", Some("volume 3.16"), cluster).await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0], ("/v3/p1/os-volume-manage?x=1".to_string(), None, Bytes::from(body)));
    assert_eq!(
        seen[1],
        ("/v3/p1/manageable_volumes".to_string(), Some("volume 3.16".to_string()), Bytes::from(cluster))
    );
}

#[tokio::test]
async fn refused_requests_never_reach_cinder() {
    let (upstream, seen) = fake_cinder().await;
    let service = serve(axum_service::app(&upstream)).await;
    let bootable = r#"{"volume": {"host": "node1@lvm#lvm", "ref": {"source-name": "lv1"}, "bootable": "Y"}}"#;
    let (status, report) = post_to(&service, "/v3/p1/os-volume-manage", None, bootable).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(report.starts_with(r#"{"accepted":false,"http_status":400,"#), "{report}");
    assert!(report.contains(r#""pointer":"/volume/bootable","code":"invalid_boolean""#), "{report}");
    // A cluster needs 3.16: without the header Cinder refuses it.
    let cluster = r#"{"volume": {"cluster": "c1@lvm", "ref": {"source-name": "lv2"}}}"#;
    let (status, _) = post_to(&service, "/v3/p1/os-volume-manage", None, cluster).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // A microversion Cinder 29 does not have: 406.
    let ok = r#"{"volume": {"host": "h@b#p", "ref": {"source-name": "lv"}}}"#;
    let (status, _) = post_to(&service, "/v3/p1/os-volume-manage", Some("volume 3.99"), ok).await;
    assert_eq!(status, StatusCode::NOT_ACCEPTABLE);
    // A snapshot body on the snapshot route is judged as a snapshot.
    let snapshot = r#"{"snapshot": {"volume_id": "not-a-uuid", "ref": {"source-name": "s"}}}"#;
    let (status, report) = post_to(&service, "/v3/p1/os-snapshot-manage", None, snapshot).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{report}");
    let (status, _) = post_to(&service, "/v3/p1/volumes", None, ok).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(seen.lock().unwrap().is_empty());
}

#[tokio::test]
async fn an_unreachable_upstream_is_a_bad_gateway() {
    // A port nothing listens on: bind one, then let it go.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let dead = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let service = serve(axum_service::app(&dead)).await;
    let ok = r#"{"volume": {"host": "h@b#p", "ref": {"source-name": "lv"}}}"#;
    let (status, text) = post_to(&service, "/v3/p1/os-volume-manage", None, ok).await;
    assert_eq!(status, StatusCode::BAD_GATEWAY);
    assert!(text.starts_with("upstream unreachable"), "{text}");
}
