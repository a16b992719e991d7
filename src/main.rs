use pawpass::server::logging;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    // A `.env` file is optional; real deployments set the environment directly.
    let _ = dotenvy::dotenv();
    let filter = std::env::var("RUST_LOG").unwrap_or_else(|_| "info,sqlx=warn".to_owned());
    let format = logging::LogFormat::from_env();
    if let Err(error) = logging::init(format, &filter, std::io::stdout) {
        eprintln!("pawpass: {error:#}");
        return std::process::ExitCode::FAILURE;
    }
    match pawpass::cli::run(std::env::args().skip(1).collect()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("pawpass: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
