//! A real SMTP server for the tests (`mailin-embedded`), on a port of its own: PawPass's SMTP
//! client talks to it over TCP exactly as to a provider's, and the test reads what arrived.

use mailin_embedded::response::OK;
use mailin_embedded::{Handler, Response, Server};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One message as the server received it.
#[derive(Clone, Debug)]
pub struct Received {
    pub to: Vec<String>,
    /// The whole message: headers and the MIME body.
    pub data: String,
}

impl Received {
    /// The message's plain-text part, decoded as a mail client shows it.
    pub fn text(&self) -> String {
        mail_parser::MessageParser::default()
            .parse(self.data.as_bytes())
            .and_then(|message| message.body_text(0).map(|text| text.replace("\r\n", "\n")))
            .unwrap_or_default()
    }

    /// The subject, decoded (RFC 2047) as a mail client shows it.
    pub fn subject(&self) -> Option<String> {
        mail_parser::MessageParser::default()
            .parse(self.data.as_bytes())
            .and_then(|message| message.subject().map(str::to_owned))
    }

    /// The first `…/continue/<token>` link in the message.
    pub fn continue_link(&self) -> Option<String> {
        let text = self.text();
        let start = text.find("http")?;
        let link: String = text[start..]
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '"' && *c != '<')
            .collect();
        link.contains("/continue/").then_some(link)
    }
}

#[derive(Clone)]
struct Inbox {
    received: Arc<Mutex<Vec<Received>>>,
    to: Vec<String>,
    data: Vec<u8>,
}

impl Handler for Inbox {
    fn data_start(&mut self, _domain: &str, _from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.to = to.to_vec();
        self.data.clear();
        OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.data.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        let message = Received {
            to: std::mem::take(&mut self.to),
            data: String::from_utf8_lossy(&std::mem::take(&mut self.data)).into_owned(),
        };
        self.received.lock().expect("inbox lock").push(message);
        OK
    }
}

pub struct SmtpServer {
    pub port: u16,
    received: Arc<Mutex<Vec<Received>>>,
}

impl SmtpServer {
    /// A server on a free port.
    pub fn start() -> Self {
        Self::serve(TcpListener::bind("127.0.0.1:0").expect("a port for SMTP"))
    }

    /// A server on `port`, which must be free (a server "coming back" where one was expected).
    pub fn start_on(port: u16) -> Self {
        Self::serve(TcpListener::bind(("127.0.0.1", port)).expect("the SMTP port is free"))
    }

    /// A port where nothing listens yet: SMTP is "down" until `start_on(port)`.
    pub fn unused_port() -> u16 {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a port");
        listener.local_addr().expect("its address").port()
    }

    fn serve(listener: TcpListener) -> Self {
        let port = listener.local_addr().expect("the SMTP address").port();
        let received = Arc::new(Mutex::new(Vec::new()));
        let mut server = Server::new(Inbox {
            received: received.clone(),
            to: Vec::new(),
            data: Vec::new(),
        });
        server.with_name("smtp.test").with_tcp_listener(listener);
        // The server runs until the test process ends; each test has its own port.
        std::thread::spawn(move || {
            let _ = server.serve();
        });
        Self { port, received }
    }

    /// `SMTP_URL` for PawPass.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    pub fn received(&self) -> Vec<Received> {
        self.received.lock().expect("inbox lock").clone()
    }

    /// Messages to `address`, waiting up to `within` for at least `count` of them.
    pub async fn wait_for(&self, address: &str, count: usize, within: Duration) -> Vec<Received> {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let mine: Vec<Received> = self
                .received()
                .into_iter()
                .filter(|m| m.to.iter().any(|to| to.eq_ignore_ascii_case(address)))
                .collect();
            if mine.len() >= count || tokio::time::Instant::now() > deadline {
                return mine;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}
