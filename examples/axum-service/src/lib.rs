//! A gateway in front of Cinder's block-storage API for manage requests.
//!
//! `POST /v3/{project_id}/{os-volume-manage | manageable_volumes |
//! os-snapshot-manage | manageable_snapshots}` is judged with
//! [`os_volume_manage::check_text`], with the microversion of the request's
//! `OpenStack-API-Version` header. A request Cinder would refuse is answered
//! here, with Cinder's status and the report as JSON; an accepted one is sent
//! to the upstream unchanged (method, path, query, headers, body bytes) and
//! the upstream's answer is relayed.

use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, Request, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use os_volume_manage::{check_text, Endpoint, Options};

/// Where accepted requests go.
#[derive(Clone)]
struct Upstream {
    /// `scheme://host:port`, no trailing slash.
    base: String,
    client: Client<HttpConnector, Body>,
}

/// The service, forwarding accepted requests to `upstream`
/// (`http://host:port`, the block-storage endpoint without `/v3`).
pub fn app(upstream: &str) -> Router {
    let upstream = Upstream {
        base: upstream.trim_end_matches('/').to_string(),
        client: Client::builder(TokioExecutor::new()).build_http(),
    };
    Router::new().route("/v3/{project_id}/{collection}", post(manage)).with_state(upstream)
}

async fn manage(
    State(upstream): State<Upstream>,
    Path((_project_id, collection)): Path<(String, String)>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some(endpoint) = Endpoint::parse(&collection) else {
        return (StatusCode::NOT_FOUND, format!("{collection} is not a manage route\n")).into_response();
    };
    let kind = endpoint.kind();
    // The header as Cinder reads it ("volume 3.16"); absent means 3.0.
    let version = headers.get("openstack-api-version").map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let options = match Options::from_text(kind, version.as_deref(), Some(endpoint.as_str()), None) {
        Ok(options) => options,
        Err(e) => return (StatusCode::INTERNAL_SERVER_ERROR, format!("{e}\n")).into_response(),
    };
    let report = check_text(kind, &body, &options);
    if !report.accepted() {
        let status = StatusCode::from_u16(report.http_status()).unwrap_or(StatusCode::BAD_REQUEST);
        let json = HeaderValue::from_static("application/json");
        return (status, [(header::CONTENT_TYPE, json)], report.to_json()).into_response();
    }
    forward(&upstream, &uri, headers, body).await
}

/// Sends the request on as it came, and relays the answer.
async fn forward(upstream: &Upstream, uri: &Uri, headers: HeaderMap, body: Bytes) -> Response {
    let path = uri.path_and_query().map_or(uri.path(), |p| p.as_str());
    let mut request = Request::post(format!("{}{path}", upstream.base));
    for (name, value) in &headers {
        // The connection's own headers are the client's to set.
        if name != header::HOST && name != header::CONNECTION {
            request = request.header(name, value);
        }
    }
    let request = match request.body(Body::from(body)) {
        Ok(request) => request,
        Err(e) => return (StatusCode::BAD_GATEWAY, format!("cannot forward: {e}\n")).into_response(),
    };
    match upstream.client.request(request).await {
        Ok(answer) => answer.map(Body::new),
        Err(e) => (StatusCode::BAD_GATEWAY, format!("upstream unreachable: {e}\n")).into_response(),
    }
}
