// Runs DAISY Ace on EPUB editions in one Node process and one browser: what
// `ace --silent --force --outdir OUTDIR EPUB` does for each, without a Node start and a
// Chromium launch per EPUB.
// Usage: node ace_epubs.mjs OUTCOMES.json EPUB OUTDIR [EPUB OUTDIR]...
// Writes each EPUB's report.json and report.html into its OUTDIR, as the command line does,
// and to OUTCOMES.json one JSON array, an entry per EPUB in their order: {} for a report
// written, {error: "..."} otherwise. Not to stdout: ace-core prints some errors there.
// Called by editions/validate/ace.py (through tools.node_outcomes), which reads the reports.
import { createRequire } from "node:module";
import { firstLine, writeOutcomes } from "./outcomes.mjs";

const require = createRequire(import.meta.url);
const ace = require("@daisy/ace-core");
const logger = require("@daisy/ace-logger");
const runner = require("@daisy/ace-axe-runner-puppeteer");

// Ace's command line gives up on an EPUB after its own timeouts; this one is for an EPUB
// that never settles at all, so the others are still judged.
const EPUB_SECONDS = 600;

// ace-core launches the browser before each EPUB and closes it after: here the first launch
// serves every EPUB, and an EPUB that fails leaves the next one a fresh browser.
let launched = null;
const shared = Object.assign(Object.create(runner), {
  launch: () => (launched ??= runner.launch()),
  close: async () => {},
});

async function closeBrowser() {
  if (launched === null) return;
  launched = null;
  await runner.close().catch(() => {});
}

async function judge(epub, outdir) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no report in ${EPUB_SECONDS} s`)), EPUB_SECONDS * 1000);
  });
  try {
    await Promise.race([timeout, ace(epub, { cwd: process.cwd(), outdir, silent: true, jobId: "" }, shared)]);
    return {};
  } catch (error) {
    await closeBrowser();
    const message = error && error.message || String(error || "Ace stopped without a message");
    return { error: firstLine(message) };
  } finally {
    clearTimeout(timer);
  }
}

logger.initLogger({ verbose: false, silent: true });
const [outcomes, ...args] = process.argv.slice(2);
const results = [];
try {
  for (let i = 0; i + 1 < args.length; i += 2) {
    results.push(await judge(args[i], args[i + 1]));
  }
} finally {
  await closeBrowser();
}
writeOutcomes(outcomes, results);
// Ace's logger would keep the process waiting; its command line ends with process.exit too.
process.exit(0);
