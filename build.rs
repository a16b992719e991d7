//! `sqlx::migrate!` (src/store/db.rs) compiles the migrations into the server, but cargo does
//! not know it reads them: without this, a migration added after a build is left out of the
//! next incremental one.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
