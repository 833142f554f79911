// Bench: the task pane's Word actions on a long document (the sample's paragraphs repeated to
// about 100 pages), in Chromium with the Word test double. Prints round trips (syncs) and times:
// the syncs are what makes Word on the web slow, and must not grow with the document.
//
//   cd addin && npm run build && node bench/long_document.mjs [copies=8]
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { docxParagraphs } from "../test/e2e/docx-paragraphs.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const addinRoot = resolve(here, "..");
const repoRoot = resolve(addinRoot, "..");
const copies = Number(process.argv[2] ?? 8);
const sample = readFileSync(join(repoRoot, "tests/data/vb2025_hagersten-alvsjo_familjehemsenheten.docx"));
const base = await docxParagraphs(sample);
const paragraphs = [];
for (let c = 0; c < copies; c++) {
  // each copy its own unit so goal titles stay unique, as in a district's combined report
  for (const p of base) paragraphs.push({ ...p, text: p.text.replace(/^Enhetsmål: /, `Enhetsmål: [${c}] `) });
}
// ~300 words a page: 100 pages is ~30 000 words
const words = paragraphs.reduce((n, p) => n + p.text.split(/\s+/).filter(Boolean).length, 0);

// findings as the service would send them: a sentence from each goal's analysis
const findings = [];
let goal = null;
paragraphs.forEach((p) => {
  if (p.text.startsWith("Enhetsmål: ")) goal = p.text.slice("Enhetsmål: ".length);
  else if (goal && p.style === "Normal" && p.text.length > 60 && findings.length < 120) {
    findings.push({
      id: `BENCH#${findings.length + 1}`,
      rule: "BENCH",
      category: "text_vs_table",
      severity: "warning",
      goal,
      message: "bench",
      evidence: [{ label: "text", text: p.text.slice(0, 80) }],
    });
    goal = null;
  }
});
// a 2 MB file: about what a 100-page report with a few images weighs
const fileBytes = Buffer.alloc(2 * 1024 * 1024, sample);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic"],
});
const page = await browser.newPage();
const origin = "http://127.0.0.1:9";
await page.route("**/*", (route) => {
  const url = route.request().url();
  const cdn = "https://appsforoffice.microsoft.com/lib/1/hosted/";
  if (url.startsWith(cdn)) {
    const file = join(addinRoot, "node_modules/@microsoft/office-js/dist", url.slice(cdn.length).split("?")[0]);
    try {
      return route.fulfill({ body: readFileSync(file), contentType: "application/javascript" });
    } catch {
      return route.fulfill({ status: 404, body: "" });
    }
  }
  if (url.startsWith(`${origin}/addin/`)) {
    const name = new URL(url).pathname.slice("/addin/".length);
    if (name === "taskpane.html") {
      const html = readFileSync(join(addinRoot, "dist/taskpane.html"), "utf8").replace(
        '<script src="https://appsforoffice.microsoft.com/lib/1/hosted/office.js"></script>',
        (tag) =>
          `${tag}<script>window.__WORD_DOUBLE_INPUT__=${JSON.stringify({ paragraphs, docxBase64: fileBytes.toString("base64"), fileName: "bench.docx" })}</script><script>${readFileSync(join(addinRoot, "test/e2e/word-double.js"), "utf8")}</script>`,
      );
      return route.fulfill({ body: html, contentType: "text/html" });
    }
    return route.fulfill({ body: readFileSync(join(addinRoot, "dist", name)) });
  }
  return route.abort();
});
await page.goto(`${origin}/addin/taskpane.html`);
await page.waitForSelector("body[data-ready=true]");

// the pane's bundle exposes nothing globally: drive the same actions through the UI's modules by
// loading them as an ES module build of word.ts
const { build } = await import("esbuild");
const bundle = await build({
  entryPoints: [join(addinRoot, "src/taskpane/word.ts")],
  bundle: true,
  write: false,
  format: "iife",
  globalName: "vbWord",
  target: "es2020",
});
await page.addScriptTag({ content: bundle.outputFiles[0].text });

const result = await page.evaluate(async (findings) => {
  const state = window.__wordDouble.state;
  const t = () => performance.now();
  const out = {};
  let t0 = t();
  const bytes = await window.vbWord.readDocumentFile();
  out.readMs = t() - t0;
  out.readBytes = bytes.length;
  out.slices = state.slicesRead;

  let s0 = state.syncs;
  t0 = t();
  for (const f of findings.slice(0, 20)) await window.vbWord.selectFinding(f);
  out.selectMsEach = (t() - t0) / 20;
  out.selectSyncsEach = (state.syncs - s0) / 20;

  s0 = state.syncs;
  t0 = t();
  const comments = await window.vbWord.addComments(findings);
  out.commentsMs = t() - t0;
  out.commentsSyncs = state.syncs - s0;
  out.commentsAdded = comments.added;

  window.__wordDouble.placeCursor(state.paragraphs.length - 3, 0);
  s0 = state.syncs;
  t0 = t();
  const goal = await window.vbWord.findGoalAtCursor();
  out.goalMs = t() - t0;
  out.goalSyncs = state.syncs - s0;
  s0 = state.syncs;
  t0 = t();
  await window.vbWord.insertDraft(goal.title, "Första stycket.\n\nAndra stycket.");
  out.insertMs = t() - t0;
  out.insertSyncs = state.syncs - s0;
  return out;
}, findings);
await browser.close();

const f = (n) => n.toFixed(1);
console.log(`document: ${paragraphs.length} paragraphs, ${words} words (~${Math.round(words / 300)} pages), file ${(fileBytes.length / 1048576).toFixed(1)} MB`);
console.log(`read file:        ${f(result.readMs)} ms, ${result.slices} slice(s), ${result.readBytes} bytes`);
console.log(`select finding:   ${f(result.selectMsEach)} ms each, ${f(result.selectSyncsEach)} syncs each`);
console.log(`comments:         ${result.commentsAdded}/${findings.length} in ${f(result.commentsMs)} ms, ${result.commentsSyncs} syncs`);
console.log(`goal at cursor:   ${f(result.goalMs)} ms, ${result.goalSyncs} syncs`);
console.log(`insert draft:     ${f(result.insertMs)} ms, ${result.insertSyncs} syncs`);
console.log("(times are the test double's in Chromium; in Word each sync is one round trip to the host)");
