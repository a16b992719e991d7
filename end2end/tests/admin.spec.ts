import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, operator, shot, waitForHydration } from "./support";

// The operators' console in Chromium: sign in, filter to "In review", open a walker, decline
// with a reason, and see Persona's confirmed status and the audit entry. Screenshots of the
// list, the case page and the dashboard go to end2end/screenshots/.
const persona = {
  Authorization: "Bearer persona_sandbox_emulator",
  "Persona-Version": "2025-12-08",
  "Content-Type": "application/json",
};

test("an operator filters to review, declines with a reason and sees Persona's status", async ({ page }) => {
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(m.text());
  });

  // A walker signs up (as a form post, like the browser would).
  const email = `review-${Date.now()}@example.com`;
  const signup = await page.request.post("/signup", {
    form: { first_name: "Rita", last_name: "Review", email, birthdate: "1988-04-02", phone: "" },
    maxRedirects: 0,
  });
  expect(signup.status()).toBe(303);

  // The operator signs in.
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/admin\/login$/);
  await waitForHydration(page);
  await expectAccessible(page, "operator sign-in");
  await page.getByLabel("Username").fill(operator.username);
  await page.getByLabel("Password").fill(operator.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/admin$/);

  // Persona puts the walker's inquiry into review (the emulator's API, as a reviewer would).
  await page.getByLabel("Search").fill(email);
  await page.getByRole("button", { name: "Apply" }).click();
  // The search is kept in the session; the URL names it by an opaque id only.
  await expect(page).toHaveURL(/\/admin\?search=[A-Za-z0-9]+$/);
  expect(decodeURIComponent(page.url())).not.toContain(email);
  const row = page.locator("tr", { hasText: email });
  const inquiry = (await row.locator("code").textContent({ timeout: 20_000 }))?.trim() ?? "";
  expect(inquiry).toMatch(/^inq_/);
  const marked = await page.request.post(`/persona/api/v1/inquiries/${inquiry}/mark-for-review`, {
    headers: persona,
    data: {},
  });
  expect(marked.ok()).toBeTruthy();

  // Filter to "In review" with the status checkboxes; the view lives in the URL.
  await expect(async () => {
    await page.goto("/admin");
    await page.getByLabel("In review").check();
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(/status=needs_review/);
    await expect(page.locator("tr", { hasText: email })).toContainText("In review", { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await waitForHydration(page);
  await shot(page, "09-admin-list-review");
  await expectAccessible(page, "operators' list, filtered to review");

  // Open the walker and decline with a reason.
  await page.locator("tr", { hasText: email }).getByRole("link", { name: "Rita Review" }).click();
  await expect(page.getByRole("heading", { name: "Rita Review" })).toBeVisible();
  await expect(page.getByText("Timeline")).toBeVisible();
  await shot(page, "10-admin-walker");
  await expectAccessible(page, "operators' walker page");
  await page.getByLabel("Reason", { exact: true }).fill("The selfie does not match the ID photo.");
  await page.getByRole("button", { name: "Decline" }).click();

  await expect(page.getByText("Persona confirms the status: Declined")).toBeVisible();
  await expect(page.locator(".status-line")).toContainText("Declined");
  const audit = page.locator("section", { has: page.getByRole("heading", { name: "Audit log" }) });
  await expect(audit).toContainText("Declined: Persona status declined");
  await expect(audit).toContainText("The selfie does not match the ID photo.");
  await expect(audit).toContainText(operator.username);
  await shot(page, "11-admin-walker-declined");
  await expectAccessible(page, "operators' walker page after a decision");
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, "12-admin-walker-phone");
  await page.setViewportSize({ width: 1280, height: 800 });

  await page.getByRole("link", { name: "Dashboard" }).click();
  await expect(page.getByRole("heading", { name: "At a glance" })).toBeVisible();
  await expect(page.locator("svg.chart").first()).toBeVisible();
  await shot(page, "13-admin-dashboard");
  await expectAccessible(page, "operators' dashboard");

  // Keyboard: the list's controls are reachable and labelled.
  await page.goto("/admin");
  await page.keyboard.press("Tab");
  await expect(page.locator(":focus")).toHaveText("Skip to content");
  await shot(page, "14-admin-list");
  await expectAccessible(page, "operators' list");

  expect(problems.filter((p) => p.includes("Content Security Policy"))).toEqual([]);
});

test("a wrong sign-in says so, accessibly", async ({ page }) => {
  // An unknown name, so the real operator's failure count (and lockout) is not touched.
  await page.goto("/admin/login");
  await page.getByLabel("Username").fill(`nobody-${Date.now()}`);
  await page.getByLabel("Password").fill("not the password at all");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  await shot(page, "05-admin-login-error");
  await expectAccessible(page, "operator sign-in, refused");
});

test("the console works with JavaScript turned off", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/admin/login");
  await page.getByLabel("Username").fill(operator.username);
  await page.getByLabel("Password").fill(operator.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/admin$/);
  await page.getByLabel("Declined").check();
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/status=declined/);
  await expect(page.locator("tr", { hasText: "Rita Review" }).first()).toContainText("Declined");
  await page.getByRole("link", { name: "Dashboard" }).click();
  await expect(page.getByRole("heading", { name: "At a glance" })).toBeVisible();
});
