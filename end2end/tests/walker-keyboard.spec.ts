import { expect, test, type Page } from "@playwright/test";
import { shot, uniqueEmail, waitForHydration } from "./support";

// A walker with a keyboard only: no click, no tap, no fill(). Tab to each field and type,
// Enter to send, then Tab to Persona's submit button and press it with Space.
test.use({ locale: "en-US" });

/** Presses Tab until the focused element matches `selector` (at most 30 presses). */
async function tabTo(page: Page, selector: string) {
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

test("a walker signs up and verifies with the keyboard alone", async ({ page }) => {
  await page.goto("/signup");
  await waitForHydration(page);

  await tabTo(page, "#first_name");
  await page.keyboard.type("Kay");
  await page.keyboard.press("Tab");
  await page.keyboard.type("Board");
  await page.keyboard.press("Tab");
  await page.keyboard.type(uniqueEmail("keyboard"));
  // The date input takes month, day and year in turn (en-US), moving on by itself.
  await tabTo(page, "#birthdate");
  await page.keyboard.type("03141989");
  await expect(page.locator("#birthdate")).toHaveValue("1989-03-14");
  await tabTo(page, "button[type=submit]");
  await shot(page, "40-keyboard-signup");
  await page.keyboard.press("Enter");

  // Persona's Hosted Flow (the emulator): prefilled; its submit button, pressed with Space.
  await expect(page).toHaveURL(/\/persona\/verify\?inquiry-id=inq_/);
  await expect(page.locator("input[value='Kay']")).toHaveCount(1);
  await tabTo(page, "button[type=submit]");
  await page.keyboard.press("Space");

  await expect(page).toHaveURL(/\/verification\/return\?/);
  await expect(page.getByText("Approved")).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole("heading", { name: "You're verified. Welcome to the pack!" })).toBeVisible();
  await shot(page, "41-keyboard-approved");
});
