import { expect, test, type Page } from "@playwright/test";
import { mkdirSync } from "node:fs";

// Screenshots of every page a person sees, for review (end2end/screenshots/).
const shots = "screenshots";
mkdirSync(shots, { recursive: true });
const shot = (page: Page, name: string) =>
  page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });

const operator = {
  username: process.env.E2E_OPERATOR ?? "e2e-operator",
  password: process.env.E2E_OPERATOR_PASSWORD ?? "",
};

async function waitForHydration(page: Page) {
  await expect(page.locator("body[data-hydrated]")).toHaveCount(1, { timeout: 15_000 });
}

test("a walker signs up, passes Persona's flow and is approved; an operator sees it", async ({ page, browser }) => {
  const email = `walker-${Date.now()}@example.com`;

  await page.goto("/signup");
  await waitForHydration(page);
  await shot(page, "01-signup");

  // A mistake first: the form comes back with a message next to the field, input kept.
  await page.getByLabel("First name").fill("Alexander");
  await page.getByLabel("Last name").fill("Sample");
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Date of birth").fill("1977-08-31");
  await page.getByRole("button", { name: "Continue to ID check" }).click();
  await expect(page.getByText("An email address needs an @")).toBeVisible();
  await expect(page.getByLabel("First name")).toHaveValue("Alexander");
  await shot(page, "02-signup-errors");

  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Continue to ID check" }).click();

  // Persona's Hosted Flow (the emulator), prefilled with what the walker typed.
  await expect(page).toHaveURL(/\/persona\/verify\?inquiry-id=inq_/);
  await expect(page.getByText("Pass verifications")).toBeVisible();
  await expect(page.locator("input[value='Alexander']")).toHaveCount(1);
  await shot(page, "03-hosted-flow");
  await page.getByRole("button", { name: "Submit" }).click();

  // Back at PawPass: the status comes from PawPass's database once the webhooks land.
  await expect(page).toHaveURL(/\/verification\/return\?/);
  await expect(page.getByText("Approved")).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText("Welcome to the pack")).toBeVisible();
  await shot(page, "04-approved");

  // An operator, in another browser, finds the walker approved.
  const admin = await (await browser.newContext()).newPage();
  await admin.goto("/admin");
  await expect(admin).toHaveURL(/\/admin\/login$/);
  await shot(admin, "05-admin-login");
  await admin.getByLabel("Username").fill(operator.username);
  await admin.getByLabel("Password").fill(operator.password);
  await admin.getByRole("button", { name: "Sign in" }).click();
  await expect(admin).toHaveURL(/\/admin$/);
  const row = admin.locator("tr", { hasText: email });
  await expect(row).toContainText("Approved");
  await expect(row).toContainText("Alexander Sample");
  await shot(admin, "06-admin-list");

  await admin.setViewportSize({ width: 390, height: 844 });
  await shot(admin, "07-admin-list-phone");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/signup");
  await shot(page, "08-signup-phone");
});

test("the signup form works with JavaScript turned off", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/signup");
  await page.getByLabel("First name").fill("Nojs");
  await page.getByLabel("Last name").fill("Walker");
  await page.getByLabel("Email").fill(`nojs-${Date.now()}@example.com`);
  await page.getByLabel("Date of birth").fill("2015-01-01");
  await page.getByRole("button", { name: "Continue to ID check" }).click();
  await expect(page.getByText("You must be at least 18 years old")).toBeVisible();
  await page.getByLabel("Date of birth").fill("1990-01-01");
  await page.getByRole("button", { name: "Continue to ID check" }).click();
  await expect(page).toHaveURL(/\/persona\/verify\?inquiry-id=inq_/);
  await expect(page.getByText("Pass verifications")).toBeVisible();
});
