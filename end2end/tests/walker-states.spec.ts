import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, persona, shot, uniqueEmail } from "./support";

// Every state of the walker's status page that the journeys do not pass through (they reach
// approved and failed), each put in place through the emulator's API as Persona would, then
// checked with axe. Also the pages around them: the start page, a dead link, an unknown page.

/** Signs a walker up as the form would (this page's browser becomes theirs); the inquiry id. */
async function signUpAs(page: Page, first: string): Promise<string> {
  const answer = await page.request.post("/signup", {
    form: { first_name: first, last_name: "States", email: uniqueEmail(first.toLowerCase()), birthdate: "1986-05-20", phone: "" },
    maxRedirects: 0,
  });
  expect(answer.status()).toBe(303);
  const inquiry = new URL(answer.headers()["location"] ?? "", "http://x").searchParams.get("inquiry-id") ?? "";
  expect(inquiry).toMatch(/^inq_/);
  return inquiry;
}

/** Persona's API on the emulator: `action` on the inquiry (approve, decline, expire, …). */
async function personaAction(page: Page, inquiry: string, action: string, data: object = {}) {
  const answer = await page.request.post(`/persona/api/v1/inquiries/${inquiry}/${action}`, { headers: persona, data });
  expect(answer.ok(), `${action}: ${answer.status()} ${await answer.text()}`).toBeTruthy();
}

/** Opens /status until the webhook has landed and the badge shows `label`. */
async function statusShows(page: Page, label: string) {
  await expect(async () => {
    await page.goto("/status");
    await expect(page.locator(".status-line .badge")).toHaveText(label, { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
}

test("the start page and an unknown page", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await shot(page, "30-home");
  await expectAccessible(page, "home");

  const missing = await page.goto("/no-such-page");
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "We couldn't find that page" })).toBeVisible();
  await shot(page, "31-not-found");
  await expectAccessible(page, "404");
});

test("the signup form's errors as the server sends them", async ({ page }) => {
  // The island never loads (its script is refused), so the form posts and the server answers
  // with the form again, its summary and each field's error. Axe needs scripts in the page, so
  // this stands in for a browser without JavaScript.
  await page.route("**/pkg/*.{js,wasm}", (route) => route.abort());
  await page.goto("/signup");
  await page.getByLabel("First name").fill("Server");
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Date of birth").fill("2015-01-01");
  await page.getByRole("button", { name: "Continue to ID check" }).click();
  await expect(page.locator("#birthdate-error")).toHaveText(/You must be at least 18 years old/);
  await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  await shot(page, "02-signup-errors-server");
  await expectAccessible(page, "signup with errors, as the server sends them");
});

test("a link that never worked", async ({ page }) => {
  await page.goto("/continue/not-a-real-token-at-all");
  await expect(page.getByRole("heading", { name: "This link no longer works" })).toBeVisible();
  await shot(page, "32-continue-dead-link");
  await expectAccessible(page, "continue: dead link");
});

test("a walker who has not started, then started, then whose inquiry expired", async ({ page }) => {
  const inquiry = await signUpAs(page, "Created");

  await page.goto("/status");
  await expect(page.locator(".status-line .badge")).toHaveText("Ready to start");
  await expect(page.getByRole("button", { name: "Continue verification" })).toBeVisible();
  await shot(page, "33-status-created");
  await expectAccessible(page, "status: created");

  // Back from Persona's page before its webhooks: the page says the result is on its way.
  await page.goto(`/verification/return?inquiry-id=${inquiry}`);
  await expect(page.getByText("Just finished with Persona?")).toBeVisible();
  await shot(page, "34-return-created");
  await expectAccessible(page, "return: created");

  // Persona's sandbox starts the inquiry, as opening the flow and starting would.
  await personaAction(page, inquiry, "perform-simulate-actions", { meta: { "simulate-actions": [{ type: "start_inquiry" }] } });
  await statusShows(page, "In progress");
  await expect(page.getByRole("heading", { name: "Your verification is in progress" })).toBeVisible();
  await shot(page, "35-status-pending");
  await expectAccessible(page, "status: pending");

  await personaAction(page, inquiry, "expire");
  await statusShows(page, "Expired");
  await expect(page.getByRole("heading", { name: "Your verification isn't finished yet" })).toBeVisible();
  await shot(page, "36-status-expired");
  await expectAccessible(page, "status: expired");
});

test("a walker in review, then declined", async ({ page }) => {
  const inquiry = await signUpAs(page, "Review");
  await personaAction(page, inquiry, "mark-for-review");
  await statusShows(page, "In review");
  await expect(page.getByRole("heading", { name: "Thanks! We're reviewing your verification" })).toBeVisible();
  await shot(page, "37-status-in-review");
  await expectAccessible(page, "status: in review");

  await personaAction(page, inquiry, "decline");
  await statusShows(page, "Declined");
  await expect(page.getByRole("heading", { name: "Your application was declined" })).toBeVisible();
  await shot(page, "38-status-declined");
  await expectAccessible(page, "status: declined");
});
