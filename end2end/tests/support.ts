import { expect, type Page } from "@playwright/test";
import { mkdirSync } from "node:fs";

// Screenshots of every page a person sees, for review (end2end/screenshots/).
const shots = "screenshots";
mkdirSync(shots, { recursive: true });
export const shot = (page: Page, name: string) =>
  page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });

// The operator scripts/test.sh creates before the run.
export const operator = {
  username: process.env.E2E_OPERATOR ?? "e2e-operator",
  password: process.env.E2E_OPERATOR_PASSWORD ?? "",
};

// The body is marked once the wasm bundle has taken over the server-rendered page.
export async function waitForHydration(page: Page) {
  await expect(page.locator("body[data-hydrated]")).toHaveCount(1, { timeout: 15_000 });
}
