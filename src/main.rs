use pawpass::server::logging;
use pawpass::server::telemetry::Telemetry;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    // A `.env` file is optional; real deployments set the environment directly.
    let _ = dotenvy::dotenv();
    let filter = std::env::var("RUST_LOG").unwrap_or_else(|_| "info,sqlx=warn".to_owned());
    let format = logging::LogFormat::from_env();
    let telemetry = match Telemetry::from_env() {
        Ok(telemetry) => telemetry,
        Err(error) => {
            eprintln!("pawpass: {error:#}");
            return std::process::ExitCode::FAILURE;
        }
    };
    if let Err(error) = logging::init(format, &filter, std::io::stdout, telemetry.as_ref()) {
        eprintln!("pawpass: {error:#}");
        return std::process::ExitCode::FAILURE;
    }
    let outcome = pawpass::cli::run(std::env::args().skip(1).collect()).await;
    if let Some(telemetry) = telemetry {
        // The last spans (a shutdown's) are worth sending; failing to is not the run's failure.
        if let Err(error) = telemetry.shut_down().await {
            eprintln!("pawpass: {error:#}");
        }
    }
    match outcome {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("pawpass: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
