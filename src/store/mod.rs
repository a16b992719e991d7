//! The database, one store per concern, all on one pool (and on SQLite one write connection
//! beside it, see `db.rs`): SQLite or PostgreSQL through sqlx's Any driver, so every query is
//! written once (where the engines differ, a `sqlite.rs` and a `postgres.rs` say how). Only this
//! module sees the pool; everything else asks a [`Store`] for the store it needs.

mod audit;
mod columns;
mod console;
mod db;
mod health;
mod inquiries;
mod jobs;
mod mail;
mod operators;
mod partitions;
mod pool_settings;
mod walkers;

pub use audit::{Actor, Audit, AuditEntry, AuditRecord};
pub use console::{
    Dashboard, DecisionTimes, Funnel, ListPage, ListRow, WalkerList, DAY_MS, DECISION_BUCKETS_MS,
};
pub use db::now_ms;
pub use health::{Health, Sample};
pub use inquiries::{
    EventOutcome, EventRecord, EventWriter, Events, IncomingEvent, Inquiries, InquiryRecord,
};
pub use jobs::{AttemptOutcome, JobAttemptRecord, JobRecord, Jobs, Lease};
pub use mail::{
    ContinueTokens, DevMessage, DevOutbox, MailRecord, Mails, OutcomesQueued, OutgoingMessage,
};
pub use operators::{
    LoginFailures, LoginThrottle, OperatorRecord, Operators, Searches, SqlSessionStore,
    EVERY_CLIENT,
};
pub use partitions::{month_start_ms, EventPartitions, ExpiredEvents};
pub use walkers::{ImportedEvent, ImportedWalker, NoteRecord, Notes, WalkerRecord, Walkers};

use db::Db;

/// The handle to every store. Cheap to clone (the pool is shared).
#[derive(Clone, Debug)]
pub struct Store {
    db: Db,
    /// This instance's one writer of Persona's webhooks (group commit).
    webhook_writer: EventWriter,
}

impl Store {
    /// Connects, creating the SQLite file's directory when needed, and applies migrations.
    /// `pool_size` defaults to 8 connections on SQLite and 16 on PostgreSQL.
    pub async fn connect(url: &str, pool_size: Option<u32>) -> anyhow::Result<Self> {
        let db = Db::connect(url, pool_size).await?;
        Ok(Self {
            webhook_writer: EventWriter::spawn(db.clone()),
            db,
        })
    }

    /// What `pawpass migrate` does: applies pending migrations and checks that the applied ones
    /// are the ones this build carries, even when none is pending (connecting skips that on
    /// PostgreSQL when all are applied).
    pub async fn apply_migrations(&self) -> anyhow::Result<()> {
        self.db.run_migrations().await
    }

    /// One round trip, for health checks.
    pub async fn ping(&self) -> anyhow::Result<()> {
        self.db.ping().await
    }

    pub fn health(&self) -> Health<'_> {
        Health::new(&self.db)
    }

    pub fn walkers(&self) -> Walkers<'_> {
        Walkers::new(&self.db)
    }

    pub fn notes(&self) -> Notes<'_> {
        Notes::new(&self.db)
    }

    pub fn inquiries(&self) -> Inquiries<'_> {
        Inquiries::new(&self.db)
    }

    /// Where webhooks are stored: many requests' events in one transaction.
    pub fn webhook_writer(&self) -> &EventWriter {
        &self.webhook_writer
    }

    pub fn events(&self) -> Events<'_> {
        Events::new(&self.db)
    }

    /// Events by month: partitions made ahead, expired months dropped.
    pub fn event_partitions(&self) -> EventPartitions<'_> {
        EventPartitions::new(&self.db)
    }

    pub fn jobs(&self) -> Jobs<'_> {
        Jobs::new(&self.db)
    }

    pub fn mails(&self) -> Mails<'_> {
        Mails::new(&self.db)
    }

    pub fn continue_tokens(&self) -> ContinueTokens<'_> {
        ContinueTokens::new(&self.db)
    }

    pub fn dev_outbox(&self) -> DevOutbox<'_> {
        DevOutbox::new(&self.db)
    }

    pub fn operators(&self) -> Operators<'_> {
        Operators::new(&self.db)
    }

    pub fn login_throttle(&self) -> LoginThrottle<'_> {
        LoginThrottle::new(&self.db)
    }

    /// What operators typed into the list's search.
    pub fn searches(&self) -> Searches<'_> {
        Searches::new(&self.db)
    }

    pub fn audit(&self) -> Audit<'_> {
        Audit::new(&self.db)
    }

    pub fn walker_list(&self) -> WalkerList<'_> {
        WalkerList::new(&self.db)
    }

    pub fn dashboard(&self) -> Dashboard<'_> {
        Dashboard::new(&self.db)
    }

    /// tower-sessions' storage, on this store's pool.
    pub fn sessions(&self) -> SqlSessionStore {
        SqlSessionStore::new(self.db.clone())
    }
}
