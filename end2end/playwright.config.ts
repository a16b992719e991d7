import { defineConfig } from "@playwright/test";

// The server is the binary `scripts/build.sh` made (the development build, which `scripts/run.sh`
// serves too; PAWPASS_BIN names another), on its own port and database (both set by
// `scripts/test.sh`), with the in-process Persona emulator. Chromium is Debian's: Playwright's
// own browser download cannot reach its host from these machines.
const port = process.env.E2E_PORT ?? "3100";
const baseURL = `http://127.0.0.1:${port}`;

// The specs of the pages walkers see (the rest, the operators' console, run on the desktop only).
const walkerSpecs = /(journey|continue|spanish|walker-.*)\.spec\.ts$/;

export default defineConfig({
  testDir: "./tests",
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  reporter: [["list"]],
  // Walkers mostly arrive on a phone: their pages run on both a desktop window and a phone;
  // the operators' console on the desktop only.
  projects: [
    {
      name: "desktop",
      use: { viewport: { width: 1280, height: 800 } },
    },
    {
      name: "phone",
      testMatch: walkerSpecs,
      use: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
    },
  ],
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
      // Both projects sign up and sign in from the same address within a minute, more often
      // than the per-client limits allow one person; the limits have tests of their own.
      RATE_LIMIT_SIGNUPS_PER_MINUTE: "600",
      RATE_LIMIT_LOGINS_PER_MINUTE: "600",
      RATE_LIMIT_CONTINUES_PER_MINUTE: "600",
    },
  },
});
