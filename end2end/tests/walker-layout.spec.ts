import { expect, test, type Page } from "@playwright/test";
import { shot, shotPath, waitForHydration } from "./support";

// The walker's pages on small screens, large text and a keyboard: every control big enough for
// a finger, no sideways scrolling at 320 px, nothing cut off at twice the text size, a visible
// focus on every control, and the signup inputs asking the phone for the right keyboard.

type Visit = { name: string; path: string; prepare?: (page: Page) => Promise<void> };

// What each page needs before it is looked at. The preparing page reloads itself into
// /verification/continue after 3 s; a 204 answer to that keeps it still while it is measured.
const holdStill = async (page: Page) => {
  await page.route("**/verification/continue", (route) => route.fulfill({ status: 204 }));
};
const withSession = async (page: Page) => {
  const answer = await page.request.post("/signup", {
    form: {
      first_name: "Layout",
      last_name: "Checker",
      email: `layout-${test.info().project.name}-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`,
      birthdate: "1984-02-29",
      phone: "",
    },
    maxRedirects: 0,
  });
  expect(answer.status()).toBe(303);
};
const sentEmpty = async (page: Page) => {
  await waitForHydration(page);
  await page.getByRole("button", { name: "Continue to ID check" }).press("Enter");
  await expect(page.locator(".field-error").first()).toBeVisible();
};

const pages: Visit[] = [
  { name: "home", path: "/" },
  { name: "signup", path: "/signup" },
  { name: "signup-errors", path: "/signup", prepare: sentEmpty },
  { name: "status-no-session", path: "/status" },
  { name: "status-created", path: "/status", prepare: withSession },
  { name: "link-sent", path: "/status/link-sent?registered" },
  { name: "continue-dead-link", path: "/continue/not-a-real-token" },
  { name: "preparing", path: "/verification/preparing" },
  { name: "not-found", path: "/no-such-page" },
];

async function open(page: Page, visit: Visit) {
  if (visit.prepare === withSession) await withSession(page);
  await page.goto(visit.path);
  await expect(page.locator("main h1")).toBeVisible();
  if (visit.prepare && visit.prepare !== withSession) await visit.prepare(page);
}

/** Every visible control a finger must hit: buttons, form fields, button-links, the header's
 *  links and language buttons, the error summary's links to each field. */
async function controlsTooSmall(page: Page, min: number) {
  return page.evaluate((min) => {
    const selector = "button, input:not([type=hidden]), select, textarea, a.button, .site-header a, .site-header button, .error-summary a";
    const small: string[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>(selector))) {
      const box = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (box.width === 0 || style.visibility === "hidden" || box.right < 0 || box.bottom < 0) continue;
      if (box.width < min - 0.5 || box.height < min - 0.5) {
        const label = (el.textContent || el.getAttribute("name") || el.id || "").trim().slice(0, 30);
        small.push(`${el.tagName.toLowerCase()}.${el.className} "${label}": ${box.width.toFixed(1)}x${box.height.toFixed(1)}`);
      }
    }
    return small;
  }, min);
}

/** What sticks out to the right of the viewport, or is clipped inside its box. */
async function overflowing(page: Page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const found: string[] = [];
    if (document.documentElement.scrollWidth > width) found.push(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${width}`);
    for (const el of Array.from(document.body.querySelectorAll<HTMLElement>("*"))) {
      if (el.closest(".visually-hidden, .skip-link, script, style, template")) continue;
      const box = el.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      const name = `${el.tagName.toLowerCase()}${el.className ? "." + String(el.className).replace(/ /g, ".") : ""}`;
      if (box.right > width + 0.5) found.push(`${name} reaches ${box.right.toFixed(0)} px (viewport ${width})`);
      const style = getComputedStyle(el);
      const clips = (o: string) => o === "hidden" || o === "clip";
      if (clips(style.overflowX) && el.scrollWidth > el.clientWidth + 1) found.push(`${name} clips its content sideways`);
      if (clips(style.overflowY) && el.scrollHeight > el.clientHeight + 1) found.push(`${name} clips its content below`);
      if (style.textOverflow === "ellipsis" && el.scrollWidth > el.clientWidth) found.push(`${name} cuts its text short`);
    }
    return found;
  });
}

test.describe("every walker page", () => {
  for (const visit of pages) {
    test(`${visit.name}: touch targets, 320 px, 200 % text`, async ({ page, browser }) => {
      await holdStill(page);
      test.skip(test.info().project.name !== "phone", "a phone's sizes; the viewports below are set here");
      // Touch targets: 44 x 44 CSS px (WCAG 2.5.5; Apple's and Android's guidance).
      await open(page, visit);
      expect(await controlsTooSmall(page, 44), "controls smaller than 44 x 44 px").toEqual([]);

      // Reflow (WCAG 1.4.10): at 320 CSS px wide nothing scrolls sideways.
      await page.setViewportSize({ width: 320, height: 640 });
      await open(page, visit);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), "page width at 320 px").toBeLessThanOrEqual(320);
      expect(await overflowing(page), "at 320 px").toEqual([]);
      await shot(page, `layout-320-${visit.name}`);

      // Text at 200 % (WCAG 1.4.4). Chromium's own text-size setting (Settings > Appearance >
      // Font size), set through the DevTools protocol: the default font becomes 32 px instead of
      // 16, so rem/em sizes and em media queries follow, as they do for a reader who enlarged
      // their text; px sizes stay put. On a 640 px wide window (a 1280 px screen at half width),
      // in a desktop context: Chromium's mobile emulation, and full-page screenshots, put the
      // setting back to 16 px.
      const desk = await browser.newContext({ viewport: { width: 640, height: 800 }, isMobile: false, hasTouch: false });
      const big = await desk.newPage();
      await holdStill(big);
      const cdp = await desk.newCDPSession(big);
      await cdp.send("Page.setFontSizes", { fontSizes: { standard: 32, fixed: 26 } });
      await open(big, visit);
      const rootFont = () => big.evaluate(() => getComputedStyle(document.documentElement).fontSize);
      expect(await rootFont(), "the text-size setting took effect").toBe("32px");
      expect(await overflowing(big), "with text at 200 %").toEqual([]);
      // The whole page, as tall as it is: a full-page screenshot would put the text size back.
      const tall = await big.evaluate(() => document.documentElement.scrollHeight);
      await big.setViewportSize({ width: 640, height: tall });
      await big.screenshot({ path: shotPath(`layout-text200-${visit.name}`) });
      expect(await rootFont(), "the text-size setting held").toBe("32px");
      await desk.close();
    });
  }

  for (const visit of pages) {
    test(`${visit.name}: focus is visible on every control`, async ({ page }) => {
      await holdStill(page);
      test.skip(test.info().project.name !== "desktop", "Tab is a keyboard's, so the desktop's");
      await open(page, visit);
      // Start from the top of the page, wherever the page's own steps left the focus.
      await page.evaluate(() => {
        document.body.setAttribute("tabindex", "-1");
        document.body.focus();
        document.body.removeAttribute("tabindex");
      });
      const seen: string[] = [];
      const faults: string[] = [];
      for (let i = 0; i < 40; i++) {
        await page.keyboard.press("Tab");
        const focus = await page.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          if (!el || el === document.body) return null;
          const style = getComputedStyle(el);
          // The colour behind the element: the nearest ancestor with an opaque background.
          let back = "rgb(255, 255, 255)";
          for (let up: HTMLElement | null = el.parentElement; up; up = up.parentElement) {
            const bg = getComputedStyle(up).backgroundColor;
            if (bg && !bg.startsWith("rgba(0, 0, 0, 0)") && bg !== "transparent") { back = bg; break; }
          }
          const key = `${el.tagName.toLowerCase()}#${el.id}.${el.className} "${(el.textContent || "").trim().slice(0, 20)}"`;
          return {
            key,
            outlineStyle: style.outlineStyle,
            outlineWidth: parseFloat(style.outlineWidth),
            outlineColor: style.outlineColor,
            boxShadow: style.boxShadow,
            back,
          };
        });
        if (!focus) break;
        if (seen.includes(focus.key)) {
          if (seen[seen.length - 1] === focus.key) continue; // a date input's parts
          break;
        }
        seen.push(focus.key);
        const outlined = focus.outlineStyle !== "none" && focus.outlineWidth >= 2;
        const ringed = focus.boxShadow !== "none";
        if (!outlined && !ringed) faults.push(`${focus.key}: no outline or ring`);
        else if (outlined && contrast(focus.outlineColor, focus.back) < 3)
          faults.push(`${focus.key}: outline ${focus.outlineColor} on ${focus.back} is ${contrast(focus.outlineColor, focus.back).toFixed(2)}:1, under 3:1`);
      }
      expect(seen.length, "controls reached by Tab").toBeGreaterThan(2);
      expect(faults).toEqual([]);
    });
  }
});

const signupInputs: Record<string, { type: string; autocomplete: string; inputmode?: string }> = {
  "First name": { type: "text", autocomplete: "given-name" },
  "Last name": { type: "text", autocomplete: "family-name" },
  Email: { type: "email", autocomplete: "email", inputmode: "email" },
  "Date of birth": { type: "date", autocomplete: "bday" },
  "Phone (optional)": { type: "tel", autocomplete: "tel", inputmode: "tel" },
};

test("the signup inputs have the right type and autofill", async ({ page }) => {
  await page.goto("/signup");
  for (const [label, want] of Object.entries(signupInputs)) {
    const input = page.getByLabel(label, { exact: true });
    await expect(input, label).toHaveAttribute("type", want.type);
    await expect(input, label).toHaveAttribute("autocomplete", want.autocomplete);
  }
});

test("the signup inputs ask a phone for the right keyboard", async ({ page }) => {
  await page.goto("/signup");
  for (const [label, want] of Object.entries(signupInputs)) {
    if (!want.inputmode) continue;
    await expect(page.getByLabel(label, { exact: true }), label).toHaveAttribute("inputmode", want.inputmode, { timeout: 1_000 });
  }
});

/** WCAG contrast ratio of two computed `rgb(…)` colours. */
function contrast(a: string, b: string): number {
  const lum = (c: string) => {
    const [r, g, b] = (c.match(/[\d.]+/g) ?? ["0", "0", "0"]).slice(0, 3).map((v) => {
      const s = Number(v) / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}
