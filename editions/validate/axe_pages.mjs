// Runs axe-core on local HTML pages in Debian's headless Chromium, driven by playwright-core.
// Usage: node axe_pages.mjs OUTCOMES.json PAGE.html...
// Writes to OUTCOMES.json one JSON array, an entry per page in their order: axe's results, or
// {error: "..."} for a page it could not judge. Not to stdout: a library may print there.
// Called by editions/validate/axe.py (through tools.node_outcomes), which decides what the
// results mean.
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { firstLine, writeOutcomes } from "./outcomes.mjs";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");
const AXE_SOURCE = require.resolve("axe-core/axe.min.js");

// Debian's chromium, with nothing that reaches the network (this machine has none to reach).
const LAUNCH = {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
};
// WCAG 2.1 level A and AA, plus the landmark rules axe files under best practice.
const OPTIONS = {
  runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
  rules: { "landmark-one-main": { enabled: true }, "region": { enabled: true },
           "page-has-heading-one": { enabled: true } },
  resultTypes: ["violations", "incomplete"],
};

// A page that cannot be judged (it navigates away, breaks axe, never settles) gets
// {error: "..."} and the other pages are still judged.
const PAGE_SECONDS = 120;

async function judge(browser, path) {
  const page = await browser.newPage();
  page.setDefaultTimeout(PAGE_SECONDS * 1000);
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no result in ${PAGE_SECONDS} s`)), PAGE_SECONDS * 1000);
  });
  try {
    return await Promise.race([timeout, (async () => {
      const address = pathToFileURL(path).href;
      await page.goto(address, { waitUntil: "load" });
      await page.addScriptTag({ path: AXE_SOURCE });
      const results = await page.evaluate((options) => window.axe.run(document, options), OPTIONS);
      if (page.url() !== address) throw new Error(`the page went on to ${page.url()}`);
      return results;
    })()]);
  } catch (error) {
    return { error: firstLine(String(error && error.message || error)) };
  } finally {
    clearTimeout(timer);
    await page.close().catch(() => {});
  }
}

const [outcomes, ...pages] = process.argv.slice(2);
const browser = await chromium.launch(LAUNCH);
const results = [];
try {
  for (const path of pages) {
    results.push(await judge(browser, path));
  }
} finally {
  await browser.close();
}
writeOutcomes(outcomes, results);
