import { expect, test } from "@playwright/test";
import { expectAccessible, shot } from "./support";

// A walker's way back from another browser is a link sent to their address, never the address
// itself: sign up, close the browser, open a fresh one, ask for a link, read it from the
// development outbox, continue into Persona's flow, finish, and read the approval message.
test("a walker continues from a fresh browser with a link from their email", async ({ browser }) => {
  const email = `back-${Date.now()}@example.com`;

  const first = await browser.newContext();
  const page = await first.newPage();
  await page.goto("/signup");
  await page.getByLabel("First name").fill("Robin");
  await page.getByLabel("Last name").fill("Return");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Date of birth").fill("1990-06-15");
  await page.getByRole("button", { name: "Continue to ID check" }).click();
  await expect(page).toHaveURL(/\/persona\/verify\?inquiry-id=inq_/);
  const inquiry = new URL(page.url()).searchParams.get("inquiry-id");
  await first.close();

  // A fresh browser knows nobody; typing the address into the signup form opens nothing.
  const fresh = await browser.newContext();
  const phone = await fresh.newPage();
  await phone.goto("/signup");
  await phone.getByLabel("First name").fill("Someone");
  await phone.getByLabel("Last name").fill("Else");
  await phone.getByLabel("Email").fill(email);
  await phone.getByLabel("Date of birth").fill("1980-01-01");
  await phone.getByRole("button", { name: "Continue to ID check" }).click();
  await expect(phone.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await expect(phone.getByText("already registered")).toBeVisible();
  await shot(phone, "21-link-sent");
  await expectAccessible(phone, "link sent (address registered)");

  // The status page asks for the address and sends a link.
  await phone.goto("/status");
  await shot(phone, "22-status-ask-for-link");
  await expectAccessible(phone, "status, no session");
  await phone.getByLabel("Email you signed up with").fill(email);
  await phone.getByRole("button", { name: "Email me a link" }).click();
  await expect(phone.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await expectAccessible(phone, "link sent (asked from the status page)");

  // The development outbox shows what the walker received.
  const message = phone
    .locator("li", { hasText: email })
    .filter({ hasText: "Your link to continue your PawPass verification" })
    .first();
  await expect(async () => {
    await phone.goto("/dev/mail");
    await expect(message).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await shot(phone, "23-dev-outbox");
  const link = message.getByRole("link", { name: /\/continue\// });
  const href = (await link.getAttribute("href")) ?? "";
  await link.click();

  // Opening the link asks first; the click signs this browser in and resumes the flow.
  await expect(phone.getByRole("heading", { name: "Continue your verification" })).toBeVisible();
  await shot(phone, "24-continue-link");
  await expectAccessible(phone, "continue: live link");
  await phone.getByRole("button", { name: "Continue my verification" }).click();
  await expect(phone).toHaveURL(new RegExp(`/persona/verify\\?inquiry-id=${inquiry}`));
  await phone.getByRole("button", { name: "Submit" }).click();
  await expect(phone).toHaveURL(/\/verification\/return\?/);
  await expect(phone.getByText("Welcome to the pack")).toBeVisible({ timeout: 20_000 });
  await expect(phone.getByText("Hi Robin,")).toBeVisible();

  // And the approval arrives by mail too.
  await expect(async () => {
    await phone.goto("/dev/mail");
    await expect(
      phone.locator("li", { hasText: email }).filter({ hasText: "You're verified: welcome to PawPass" }),
    ).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });

  // The link was for one use.
  await phone.goto(href);
  await expect(phone.getByRole("heading", { name: "This link no longer works" })).toBeVisible();
  await shot(phone, "25-link-used");
  await expectAccessible(phone, "continue: used link");
  await fresh.close();
});
