//! Three `pawpass serve` processes share one PostgreSQL database and one Persona: the emulator,
//! failing and timing out creates, and duplicating, reordering and delaying its webhooks, which
//! a round-robin forwarder spreads over the instances. Hundreds of walkers sign up through all
//! three over HTTP; one instance is stopped with SIGTERM, another killed with SIGKILL while it
//! holds jobs (and started again). Then: one inquiry per walker (here and at Persona), every
//! job done exactly once, every status Persona's, every event stored once, and sessions that
//! work on any instance.
//!
//! PostgreSQL only (SQLite is one file on one machine): with `PAWPASS_TEST_DATABASE=postgres`
//! an unreachable server fails the test; otherwise it returns at once, saying why.

#[path = "../api/helpers/mod.rs"]
#[allow(dead_code, unused_imports)]
mod helpers;

mod checks;
mod forwarder;
mod instances;
mod persona;
mod walkers;

use instances::{free_port, Instance};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use walkers::Live;

const WALKERS: usize = 300;
/// Walkers on their way at once (the machine has two cores).
const AT_ONCE: usize = 24;
/// Short, so a killed instance's jobs are taken over within the test (see JOB_LEASE_SECONDS).
const LEASE_SECONDS: u64 = 20;

fn instance_env(database_url: &str, persona: &str) -> Vec<(String, String)> {
    [
        ("PAWPASS_ENV", "development"),
        ("DATABASE_URL", database_url),
        ("DATABASE_POOL_SIZE", "10"),
        ("PERSONA_API_KEY", persona::API_KEY),
        ("PERSONA_API_BASE", &format!("{persona}/api/v1")),
        ("PERSONA_HOSTED_FLOW_URL", &format!("{persona}/verify")),
        ("PERSONA_INQUIRY_TEMPLATE_ID", persona::TEMPLATE),
        ("PERSONA_WEBHOOK_SECRETS", persona::SECRET),
        ("PERSONA_CONNECT_TIMEOUT_SECONDS", "1"),
        ("PERSONA_REQUEST_TIMEOUT_SECONDS", "1"),
        ("JOB_LEASE_SECONDS", &LEASE_SECONDS.to_string()),
        ("SIGNUP_PATIENCE_MS", "1500"),
        ("RATE_LIMIT_SIGNUPS_PER_MINUTE", "100000"),
        ("RATE_LIMIT_CONTINUES_PER_MINUTE", "100000"),
        ("HTTP_SHUTDOWN_GRACE_SECONDS", "5"),
        // Statuses must arrive by webhook: the sweep that re-reads Persona would hide a loss.
        ("RECONCILE_EVERY_SECONDS", "3600"),
        ("LOG_FORMAT", "json"),
        ("RUST_LOG", "info,sqlx=warn"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_instances_on_one_postgres_lose_nothing_and_do_nothing_twice() {
    let Some(database_url) = instances::fresh_postgres().await else {
        return;
    };
    let began = Instant::now();
    let logs = tempfile::tempdir().expect("log dir");
    let ports = [free_port(), free_port(), free_port()];
    let bases: Vec<String> = ports
        .iter()
        .map(|p| format!("http://127.0.0.1:{p}"))
        .collect();
    let hooks = forwarder::start(&bases).await;
    let persona = persona::start(&hooks).await;
    let env = instance_env(&database_url, &persona);
    // The first migrates the fresh database; the others find it done.
    let mut a = Instance::start("a", ports[0], &env, logs.path());
    a.wait_ready().await;
    let mut b = Instance::start("b", ports[1], &env, logs.path());
    let mut c = Instance::start("c", ports[2], &env, logs.path());
    b.wait_ready().await;
    c.wait_ready().await;
    let pool = checks::connect(&database_url).await;
    persona::set_faults(&persona).await;

    let live = Live::default();
    for base in &bases {
        live.add(base);
    }
    let walked = Arc::new(AtomicUsize::new(0));
    let gate = Arc::new(tokio::sync::Semaphore::new(AT_ONCE));
    let mut journeys = tokio::task::JoinSet::new();
    for n in 0..WALKERS {
        let (live, walked, gate) = (live.clone(), walked.clone(), gate.clone());
        journeys.spawn(async move {
            let _turn = gate.acquire_owned().await.expect("gate");
            let done = walkers::walk(n, &live).await;
            walked.fetch_add(1, Ordering::SeqCst);
            done
        });
    }

    // A third of the way: b is taken out of the balancer and stopped as a service manager
    // stops it. Its open requests finish; the jobs it holds go back to the queue.
    wait_for(&walked, WALKERS / 3).await;
    live.remove(&b.base);
    live.drained(&b.base).await;
    let stopping = b.signal_and_wait("TERM").await;
    println!("b stopped by SIGTERM in {stopping:?}");

    // Two thirds: c is taken out of the balancer and, once a job of its own is running,
    // killed outright. Its leases stay until they run out; then a and c's successor take them.
    wait_for(&walked, 2 * WALKERS / 3).await;
    live.remove(&c.base);
    live.drained(&c.base).await;
    let c_worker = c.worker_name();
    let holding = checks::wait_until_holding(&pool, &c_worker).await;
    c.signal_and_wait("KILL").await;
    // c may finish a job between the look and the kill; only what it still held is taken over.
    let held = checks::still_held(&pool, &c_worker, holding).await;
    println!("c killed by SIGKILL holding {} job(s)", held.len());
    let mut c2 = Instance::start("c2", ports[2], &env, logs.path());
    c2.wait_ready().await;
    live.add(&c2.base);

    let mut waited = 0;
    while let Some(done) = journeys.join_next().await {
        waited += usize::from(done.expect("a walker's journey").waited);
    }
    println!(
        "{WALKERS} walkers through the instances in {:?} ({waited} saw the preparing page)",
        began.elapsed()
    );

    // Faults off: what follows is Persona's answer, not another fault.
    persona::clear_faults(&persona).await;
    let report = checks::settled(&pool, &persona, &held, &c_worker).await;
    report.print();
    println!(
        "b handed jobs back at SIGTERM: {}",
        b.log_contains("handed unfinished jobs back to the queue")
    );
    println!("whole run: {:?}", began.elapsed());
    drop((a, c2));
}

async fn wait_for(counter: &AtomicUsize, at_least: usize) {
    let deadline = Instant::now() + Duration::from_secs(240);
    while counter.load(Ordering::SeqCst) < at_least {
        assert!(Instant::now() < deadline, "walkers stalled");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
