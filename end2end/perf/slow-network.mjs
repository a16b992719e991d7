// /signup on a slow phone connection, measured in Chromium: how soon the walker sees the page,
// can use the form, and gets the live checks; what it downloads; whether anything moves.
//
//   node perf/slow-network.mjs http://127.0.0.1:3000 [runs] [label]
//
// Not part of the test suite (Playwright's `testDir` is ./tests): bench/slow-network.sh runs it
// against a PawPass it starts. Prints one JSON line per run, then the medians as JSON.
//
// Throttling: Lighthouse's "mobileSlow4G" profile (Chrome DevTools' "Slow 4G" preset) as
// Lighthouse applies it through DevTools: 150 ms RTT, 1.6 Mbps down and 750 kbps up, with
// DevTools' adjustment factors (latency x 3.75, throughput x 0.9), so the CDP figures are
// 562.5 ms request latency, 1474.56 kbps (188,743 B/s) down, 675 kbps (86,400 B/s) up,
// and the CPU slowed 4 times (Emulation.setCPUThrottlingRate 4). Each run is a fresh browser
// context (an empty cache), a phone viewport (390 x 844, touch, DPR 2).
import { chromium } from "@playwright/test";

const base = process.argv[2] ?? "http://127.0.0.1:3000";
const runs = Number(process.argv[3] ?? 5);
const label = process.argv[4] ?? "";

export const slow4g = {
  offline: false,
  latency: 150 * 3.75,
  downloadThroughput: Math.floor((1.6 * 1024 * 0.9 * 1024) / 8),
  uploadThroughput: Math.floor((750 * 0.9 * 1024) / 8),
};

// In the page before any of its own script: note when the form is there and enabled, when the
// island has hydrated, and every layout shift (buffered, so those before this ran count too).
const probe = () => {
  const marks = { formAt: null, hydratedAt: null, shifts: [] };
  window.__perf = marks;
  const formReady = () => {
    const form = document.querySelector("form[action='/signup']");
    if (!form) return false;
    const inputs = Array.from(form.querySelectorAll("input"));
    const button = form.querySelector("button[type=submit]");
    return inputs.length >= 5 && button && !button.disabled && inputs.every((i) => !i.disabled && !i.readOnly);
  };
  const look = () => {
    const now = performance.now();
    if (marks.formAt === null && formReady()) marks.formAt = now;
    if (marks.hydratedAt === null && document.body?.hasAttribute("data-hydrated")) marks.hydratedAt = now;
  };
  new MutationObserver(look).observe(document, { subtree: true, childList: true, attributes: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (!e.hadRecentInput) {
        marks.shifts.push({
          at: e.startTime,
          value: e.value,
          nodes: (e.sources ?? []).map((s) => {
            const n = s.node;
            return n && n.nodeType === 1 ? `${n.tagName.toLowerCase()}${n.id ? "#" + n.id : ""}.${n.className}` : String(n?.nodeName ?? "?");
          }),
        });
      }
    }
  }).observe({ type: "layout-shift", buffered: true });
};

const kind = (type, mime, url) => {
  if (type === "Document") return "html";
  if (type === "Stylesheet" || mime.includes("css")) return "css";
  if (url.endsWith(".wasm") || mime.includes("wasm")) return "wasm";
  if (type === "Script" || mime.includes("javascript")) return "js";
  return "other";
};

async function once(browser) {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 2,
  });
  const page = await context.newPage();
  await page.addInitScript(probe);
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await cdp.send("Network.emulateNetworkConditions", slow4g);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  const requests = new Map();
  const bytes = { html: 0, css: 0, js: 0, wasm: 0, other: 0 };
  cdp.on("Network.responseReceived", (e) =>
    requests.set(e.requestId, kind(e.type, e.response.mimeType ?? "", e.response.url)),
  );
  cdp.on("Network.loadingFinished", (e) => {
    const k = requests.get(e.requestId) ?? "other";
    bytes[k] += e.encodedDataLength;
  });

  const started = Date.now();
  await page.goto(`${base}/signup`, { waitUntil: "load", timeout: 300_000 });
  await page.waitForSelector("body[data-hydrated]", { timeout: 300_000 });
  // Anything the island moves as it wakes, and a moment after.
  await page.waitForTimeout(1500);
  const marks = await page.evaluate(() => {
    const fcp = performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? null;
    return { ...window.__perf, fcp };
  });
  const wall = Date.now() - started;
  await context.close();

  const cls = marks.shifts.reduce((sum, s) => sum + s.value, 0);
  // Shifts from the moment the island hydrated on: what waking it moved.
  const wake = marks.shifts.filter((s) => s.at >= marks.hydratedAt - 50);
  return {
    fcp: marks.fcp,
    // Usable: the inputs and the button are in the page and enabled, and it has painted.
    usable: Math.max(marks.formAt ?? Infinity, marks.fcp ?? 0),
    hydrated: marks.hydratedAt,
    cls,
    clsAtWake: wake.reduce((sum, s) => sum + s.value, 0),
    shifted: [...new Set(marks.shifts.flatMap((s) => s.nodes))],
    bytes,
    total: Object.values(bytes).reduce((a, b) => a + b, 0),
    wall,
  };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const results = [];
for (let i = 0; i < runs; i++) {
  const r = await once(browser);
  results.push(r);
  console.log(JSON.stringify({ label, run: i + 1, ...r }));
}
await browser.close();
const pick = (f) => median(results.map(f));
console.log(
  JSON.stringify({
    label,
    runs,
    median: {
      fcp: pick((r) => r.fcp),
      usable: pick((r) => r.usable),
      hydrated: pick((r) => r.hydrated),
      cls: pick((r) => r.cls),
      clsAtWake: pick((r) => r.clsAtWake),
      bytes: Object.fromEntries(Object.keys(results[0].bytes).map((k) => [k, pick((r) => r.bytes[k])])),
      total: pick((r) => r.total),
    },
  }),
);
