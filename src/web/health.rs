//! Health for load balancers and orchestrators: `/health/live` says the process answers (restart
//! it if not); `/health/ready` says this instance can do its work (send it traffic if so).
//! Neither needs a session, a CSRF token or a rate limit, and neither names anything private:
//! the failing check is named, its error is logged.

use crate::server::AppState;
use axum::extract::State;
use axum::http::StatusCode;

/// `GET /health/live`.
pub async fn live() -> &'static str {
    "ok"
}

/// `GET /health/ready` (and the older `GET /health`): the database answers, every migration
/// this build carries is applied, and the job runner is going round. 503 with the failing
/// check named otherwise.
pub async fn ready(State(state): State<AppState>) -> (StatusCode, String) {
    let readiness = state.onboarding.readiness().await;
    let database = match &readiness.database {
        Ok(()) => "ok".to_owned(),
        Err(error) => {
            tracing::warn!(%error, "readiness: the database does not answer");
            "not answering".to_owned()
        }
    };
    let migrations = match &readiness.pending_migrations {
        Ok(0) => "ok".to_owned(),
        Ok(pending) => format!("{pending} pending"),
        Err(error) => {
            tracing::warn!(%error, "readiness: migrations could not be read");
            "unknown".to_owned()
        }
    };
    let runner = if readiness.job_runner_alive {
        "ok"
    } else {
        "not running"
    };
    let status = if readiness.is_ready() {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let body = format!("database: {database}\nmigrations: {migrations}\njob runner: {runner}\n");
    (status, body)
}
