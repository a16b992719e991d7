import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { mkdirSync } from "node:fs";

// Screenshots of every page a person sees, for review: end2end/screenshots/<project>/<name>.png,
// one folder per Playwright project (desktop, phone), so both layouts can be compared.
const shots = "screenshots";
export const shotPath = (name: string) => {
  const dir = `${shots}/${test.info().project.name || "default"}`;
  mkdirSync(dir, { recursive: true });
  return `${dir}/${name}.png`;
};
export const shot = (page: Page, name: string) => page.screenshot({ path: shotPath(name), fullPage: true });

// The operator scripts/test.sh creates before the run.
export const operator = {
  username: process.env.E2E_OPERATOR ?? "e2e-operator",
  password: process.env.E2E_OPERATOR_PASSWORD ?? "",
};

// The body is marked once the wasm bundle has taken over the server-rendered page.
export async function waitForHydration(page: Page) {
  await expect(page.locator("body[data-hydrated]")).toHaveCount(1, { timeout: 15_000 });
}

// The WCAG levels PawPass answers to: A and AA of WCAG 2.0, 2.1 and 2.2.
const wcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/**
 * Runs axe on the page as it is now and fails with a readable list of what it found: each rule
 * with its impact, what it means, and the selectors of every element it flagged.
 *
 * `skip` names rules left out on purpose, each for a reason given where it is called (none is,
 * today). The waiting pages move on by themselves and can navigate while axe runs; that attempt
 * is repeated.
 */
export async function expectAccessible(page: Page, name: string, skip: string[] = []) {
  let results;
  for (let attempt = 1; ; attempt++) {
    try {
      let builder = new AxeBuilder({ page }).withTags(wcagTags);
      if (skip.length > 0) builder = builder.disableRules(skip);
      results = await builder.analyze();
      break;
    } catch (error) {
      const message = String(error);
      const navigated = /Execution context was destroyed|navigat|Target closed|frame was detached/i;
      if (attempt >= 3 || !navigated.test(message)) throw error;
      await page.waitForLoadState("load");
    }
  }
  const report = results.violations.map((v) => {
    const targets = v.nodes.map((n) => `    - ${n.target.join(" ")}${n.failureSummary ? `\n      ${n.failureSummary.replace(/\n/g, "\n      ")}` : ""}`);
    return `  ${v.id} (${v.impact ?? "?"}): ${v.help}\n${targets.join("\n")}`;
  });
  expect(report, `axe on "${name}" (${page.url()}) found:\n${report.join("\n")}\n`).toEqual([]);
}

/** The walker's signup form, filled in and sent (the labels a walker reads). */
export async function signUp(
  page: Page,
  walker: { first: string; last: string; email: string; birthdate: string },
) {
  await page.getByLabel("First name").fill(walker.first);
  await page.getByLabel("Last name").fill(walker.last);
  await page.getByLabel("Email").fill(walker.email);
  await page.getByLabel("Date of birth").fill(walker.birthdate);
  await page.getByRole("button", { name: "Continue to ID check" }).click();
}

/** A fresh address per test, project and retry, so projects running the same test never meet. */
export const uniqueEmail = (prefix: string) =>
  `${prefix}-${test.info().project.name}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;

// The emulator's API, as Persona's dashboard or a reviewer would use it.
export const persona = {
  Authorization: "Bearer persona_sandbox_emulator",
  "Persona-Version": "2025-12-08",
  "Content-Type": "application/json",
};
