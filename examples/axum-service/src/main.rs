//! `UPSTREAM=http://cinder-api:8776 LISTEN=127.0.0.1:8777 axum-service`
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let Ok(upstream) = std::env::var("UPSTREAM") else {
        eprintln!("axum-service: set UPSTREAM to the block-storage endpoint, e.g. http://cinder-api:8776");
        return ExitCode::from(2);
    };
    let listen = std::env::var("LISTEN").unwrap_or_else(|_| "127.0.0.1:8777".to_string());
    let listener = match tokio::net::TcpListener::bind(&listen).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("axum-service: cannot listen on {listen}: {e}");
            return ExitCode::from(2);
        }
    };
    eprintln!("axum-service: judging manage requests on {listen}, forwarding to {upstream}");
    match axum::serve(listener, axum_service::app(&upstream)).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("axum-service: {e}");
            ExitCode::FAILURE
        }
    }
}
