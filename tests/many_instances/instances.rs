//! `pawpass serve` as a process of its own: started with its environment, logs to a file,
//! stopped with a signal, and the name its job leases carry read from its log.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A fresh PostgreSQL database, or `None` (and why, printed) when the tests run on SQLite.
/// Asked for and unreachable, it fails: never skipped silently.
pub async fn fresh_postgres() -> Option<String> {
    let chosen = std::env::var("PAWPASS_TEST_DATABASE");
    if chosen.as_deref() != Ok("postgres") {
        println!(
            "many_instances: not run: the instances share a PostgreSQL database, and \
             PAWPASS_TEST_DATABASE is {}, not postgres",
            chosen.as_deref().unwrap_or("unset")
        );
        return None;
    }
    let (url, _) = crate::helpers::fresh_database().await;
    Some(url)
}

/// A loopback port nobody listens on (free when asked; the instance binds it a moment later).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

pub struct Instance {
    pub name: String,
    pub base: String,
    child: Child,
    log: PathBuf,
}

impl Instance {
    /// Starts `pawpass serve` on `port` with `env` (and nothing else from this process's
    /// environment), from the repository root where Leptos.toml is.
    pub fn start(name: &str, port: u16, env: &[(String, String)], logs: &std::path::Path) -> Self {
        let log = logs.join(format!("{name}.log"));
        let out = std::fs::File::create(&log).expect("log file");
        let err = out.try_clone().expect("log file");
        let child = Command::new(env!("CARGO_BIN_EXE_pawpass"))
            .arg("serve")
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .expect("pawpass serve starts");
        Self {
            name: name.to_owned(),
            base: format!("http://127.0.0.1:{port}"),
            child,
            log,
        }
    }

    /// Waits until `/health/ready` answers 200 (migrated, worker running).
    pub async fn wait_ready(&mut self) {
        let client = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(120);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("{} exited ({status}):\n{}", self.name, self.log_tail());
            }
            let ready = client
                .get(format!("{}/health/ready", self.base))
                .send()
                .await
                .is_ok_and(|r| r.status().is_success());
            if ready {
                return;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        panic!("{} not ready in time:\n{}", self.name, self.log_tail());
    }

    /// The name this instance's worker writes into `jobs.lease_owner`, from its log.
    pub fn worker_name(&self) -> String {
        let log = std::fs::read_to_string(&self.log).expect("log");
        log.lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .find(|l| l["fields"]["message"] == "job worker started")
            .and_then(|l| l["fields"]["worker"].as_str().map(str::to_owned))
            .unwrap_or_else(|| panic!("{}: no worker line:\n{}", self.name, self.log_tail()))
    }

    /// Sends `signal` (`TERM`, `KILL`) and waits for the process to end; returns how long.
    pub async fn signal_and_wait(&mut self, signal: &str) -> Duration {
        let sent = Instant::now();
        let status = Command::new("kill")
            .args(["-s", signal, &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success(), "kill -s {signal}");
        while Instant::now() - sent < Duration::from_secs(60) {
            if let Ok(Some(_)) = self.child.try_wait() {
                return sent.elapsed();
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!(
            "{} still running after SIG{signal}:\n{}",
            self.name,
            self.log_tail()
        );
    }

    /// Whether the instance logged `text`.
    pub fn log_contains(&self, text: &str) -> bool {
        std::fs::read_to_string(&self.log).is_ok_and(|l| l.contains(text))
    }

    fn log_tail(&self) -> String {
        let log = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        lines[lines.len().saturating_sub(30)..].join("\n")
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        // A test that fails part-way leaves no server behind.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
