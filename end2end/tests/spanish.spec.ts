import { expect, test } from "@playwright/test";
import { shot, waitForHydration } from "./support";

// A walker whose browser asks for Spanish gets every walker page, the checks in the browser,
// Persona's flow and the mail in Spanish; anyone can switch, and the choice is remembered.

test.describe("a browser that reads Spanish", () => {
  test.use({ locale: "es-MX" });

  test("signs up, verifies and is approved in Spanish", async ({ page }) => {
    const email = `es-${Date.now()}@example.com`;
    await page.goto("/signup");
    await waitForHydration(page);
    await expect(page.locator("html")).toHaveAttribute("lang", "es");
    await expect(page.getByRole("heading", { name: "Hazte paseador de PawPass" })).toBeVisible();
    await shot(page, "es-01-signup");

    // Sent empty: the summary lists each problem in Spanish, each a link to its field.
    await page.getByRole("button", { name: "Continuar a la verificación" }).click();
    const summary = page.getByRole("alert").filter({ hasText: "Hay un problema" });
    await expect(summary.getByRole("link", { name: "Nombre: Escribe este nombre." })).toBeVisible();
    await expect(page.locator("#birthdate-error")).toHaveText("Escribe tu fecha de nacimiento.");
    await shot(page, "es-02-signup-errors");

    await page.getByLabel("Nombre", { exact: true }).fill("Lucía");
    await page.getByLabel("Apellido").fill("Paseadora");
    await page.getByLabel("Correo electrónico").fill(email);
    await page.getByLabel("Fecha de nacimiento").fill("1991-05-20");
    await page.getByRole("button", { name: "Continuar a la verificación" }).click();

    // Persona's flow is asked for Spanish, by the code on Persona's own list.
    await expect(page).toHaveURL(/\/persona\/verify\?inquiry-id=inq_.*language=es-MX/);
    await expect(page.locator("html")).toHaveAttribute("lang", "es-MX");
    await page.getByRole("button", { name: "Submit" }).click();

    await expect(page).toHaveURL(/\/verification\/return\?/);
    await expect(page.getByText("¡Bienvenido a la manada!")).toBeVisible({ timeout: 20_000 });
    await expect(page.locator(".badge")).toHaveText("Aprobada");
    await expect(page.getByText("Hola, Lucía:")).toBeVisible();
    await shot(page, "es-03-approved");

    // The approval mail is in Spanish too.
    await expect(async () => {
      await page.goto("/dev/mail");
      await expect(
        page.locator("li", { hasText: email }).filter({ hasText: "Estás verificado: bienvenido a PawPass" }),
      ).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 20_000 });
  });

  test("the waiting and error pages speak Spanish", async ({ page }) => {
    await page.goto("/status");
    await expect(page.getByRole("heading", { name: "Tu verificación" })).toBeVisible();
    await shot(page, "es-04-status-unknown");
    await page.goto("/continue/not-a-real-token");
    await expect(page.getByRole("heading", { name: "Este enlace ya no funciona" })).toBeVisible();
    await page.goto("/no-such-page");
    await expect(page.getByRole("heading", { name: "No encontramos esa página" })).toBeVisible();
  });
});

test("the language switch changes the page and is remembered", async ({ page }) => {
  await page.goto("/signup");
  await expect(page.getByRole("heading", { name: "Become a PawPass walker" })).toBeVisible();
  await page.getByRole("button", { name: "Español" }).click();
  await expect(page).toHaveURL(/\/signup$/);
  await expect(page.getByRole("heading", { name: "Hazte paseador de PawPass" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "es");

  await page.goto("/status");
  await expect(page.getByRole("heading", { name: "Tu verificación" })).toBeVisible();
  await page.getByRole("button", { name: "English" }).click();
  await expect(page).toHaveURL(/\/status$/);
  await expect(page.getByRole("heading", { name: "Your verification" })).toBeVisible();
});
