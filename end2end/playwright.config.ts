import { defineConfig } from "@playwright/test";

// The server is the binary `scripts/build.sh` made (the development build, which `scripts/run.sh`
// serves too; PAWPASS_BIN names another), on its own port and database (both set by
// `scripts/test.sh`), with the in-process Persona emulator. Chromium is Debian's: Playwright's
// own browser download cannot reach its host from these machines.
const port = process.env.E2E_PORT ?? "3100";
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: "./tests",
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  reporter: [["list"]],
  use: {
    baseURL,
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    command: process.env.PAWPASS_BIN ?? "target/debug/pawpass",
    cwd: "..",
    url: `${baseURL}/health`,
    timeout: 60_000,
    reuseExistingServer: false,
    env: {
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: "target/site",
      DATABASE_URL: process.env.DATABASE_URL ?? "",
      RUST_LOG: "info,sqlx=warn",
      PAWPASS_ENV: "development",
    },
  },
});
