//! A client cannot hold the server by sending slowly: headers and bodies have deadlines.

use crate::helpers::TestApp;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

async fn bounded_app() -> TestApp {
    TestApp::spawn_with(|s| {
        s.http.header_read_timeout = Duration::from_millis(500);
        s.http.body_read_timeout = Duration::from_millis(500);
        s.http.request_timeout = Duration::from_secs(3);
    })
    .await
}

async fn connect(app: &TestApp) -> TcpStream {
    let address = app.address.trim_start_matches("http://");
    TcpStream::connect(address).await.expect("connects")
}

/// Everything the server sends until it closes, or `None` if it is still waiting after 10 s.
async fn read_until_closed(stream: &mut TcpStream) -> Option<String> {
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answer))
        .await
        .ok()
        .map(|_| String::from_utf8_lossy(&answer).into_owned())
}

#[tokio::test]
async fn headers_that_trickle_in_are_cut_off() {
    let app = bounded_app().await;
    let mut stream = connect(&app).await;
    stream
        .write_all(b"POST /signup HTTP/1.1\r\nHost: pawpass\r\nX-Slow: ")
        .await
        .expect("writes");
    // Never finishes the headers: the server must hang up on its own.
    let answer = read_until_closed(&mut stream).await;
    assert!(
        answer.is_some(),
        "the server still holds a connection whose headers never came"
    );
}

#[tokio::test]
async fn a_body_that_stops_arriving_gets_a_408() {
    let app = bounded_app().await;
    let mut stream = connect(&app).await;
    stream
        .write_all(
            b"POST /signup HTTP/1.1\r\nHost: pawpass\r\nContent-Type: application/x-www-form-urlencoded\r\n\
              Content-Length: 1000\r\n\r\nfirst_name=A",
        )
        .await
        .expect("writes");
    let answer = read_until_closed(&mut stream)
        .await
        .expect("the server answered instead of waiting for the rest of the body");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert_eq!(app.count("walkers").await, 0);
}
