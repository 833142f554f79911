// End to end: the real vbassist service on loopback serves the built task pane and answers its
// API calls; Debian's Chromium (playwright-core, no downloaded browsers) runs the pane at 320 px
// with the Word test double holding a real sample .docx. Every request that is not loopback is
// blocked, except office.js's CDN address, which is answered from the npm package.
//
// Env: VBASSIST_PYTHON (interpreter with vbassist installed; default ../.venv/bin/python),
// CHROMIUM (default /usr/bin/chromium), VBASSIST_ADDIN_APP (uvicorn factory; default the
// service's own vbassist.api.app:create_app).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { docxParagraphs } from "./docx-paragraphs.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const addinRoot = resolve(here, "../..");
const repoRoot = resolve(addinRoot, "..");
const python = process.env.VBASSIST_PYTHON || join(repoRoot, ".venv/bin/python");
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";
const appFactory = process.env.VBASSIST_ADDIN_APP || "vbassist.api.app:create_app";
const sample = join(repoRoot, "tests/data/vb2025_hagersten-alvsjo_familjehemsenheten.docx");
const shots = join(repoRoot, "test-output/addin");
const officeJsDir = join(addinRoot, "node_modules/@microsoft/office-js/dist");
const OFFICE_CDN = "https://appsforoffice.microsoft.com/lib/1/hosted/";
const TOKEN = "e2e-hemlig-nyckel";

let server;
let serverExited;
let serverLog = "";
let base;
let browser;
let dataDir;
let docxBytes;
let paragraphs;
const offLoopback = [];

function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once("error", fail);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

async function waitForHealth(url, deadlineMs) {
  const until = Date.now() + deadlineMs;
  let last = null;
  while (Date.now() < until) {
    if (server.exitCode !== null || server.signalCode !== null) break;
    try {
      const r = await fetch(`${url}/v1/health`, { headers: { Authorization: `Bearer ${TOKEN}` } });
      if (r.ok) return;
      last = `HTTP ${r.status}`;
    } catch (err) {
      last = err.message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`vbassist service did not come up (${last}); exit ${server.exitCode ?? server.signalCode}; log:\n${serverLog.slice(-3000)}`);
}

async function serviceJson(path, init = {}) {
  const r = await fetch(`${base}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${TOKEN}`, ...(init.headers || {}) },
  });
  assert.equal(r.status, 200, `${path}: HTTP ${r.status} ${await r.clone().text()}`);
  return r.json();
}

function docxForm(extra = {}) {
  const form = new FormData();
  form.append("file", new Blob([docxBytes]), "familjehemsenheten.docx");
  for (const [k, v] of Object.entries(extra)) form.append(k, v);
  return form;
}

const norm = (s) => s.replace(/\s+/g, " ").trim().toLowerCase();

/** A page with the task pane, the double holding the sample, the settings filled in. */
async function openPane(double = {}) {
  const context = await browser.newContext({ viewport: { width: 320, height: 900 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const pageErrors = [];
  page.on("pageerror", (err) => pageErrors.push(err.message));
  // the pane runs under the service's Content-Security-Policy: anything it blocks is an error here
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) pageErrors.push(`CSP: ${m.text()}`);
  });
  if (process.env.E2E_CONSOLE) page.on("console", (m) => console.error("console:", m.text()));
  const input = {
    docxBase64: docxBytes.toString("base64"),
    fileName: "familjehemsenheten.docx",
    paragraphs,
    ...double,
  };
  const doubleScript = readFileSync(join(here, "word-double.js"), "utf8");
  await context.route("**/*", async (route) => {
    const url = route.request().url();
    if (url.startsWith(OFFICE_CDN)) {
      const file = join(officeJsDir, url.slice(OFFICE_CDN.length).split(/[?#]/)[0]);
      if (!file.startsWith(officeJsDir) || !existsSync(file)) return route.fulfill({ status: 404, body: "" });
      return route.fulfill({ body: readFileSync(file), contentType: "application/javascript" });
    }
    if (!url.startsWith(`${base}/`)) {
      offLoopback.push(url);
      return route.abort("blockedbyclient");
    }
    if (new URL(url).pathname === "/addin/taskpane.html") {
      // the real page from the service, with the double right after office.js
      const response = await route.fetch();
      const html = await response.text();
      const tag = `<script src="${OFFICE_CDN}office.js"></script>`;
      assert.ok(html.includes(tag), "taskpane.html loads office.js from the CDN address");
      const inline = [`window.__WORD_DOUBLE_INPUT__ = ${JSON.stringify(input)};`, doubleScript];
      const injected = html.replace(tag, `${tag}\n${inline.map((js) => `<script>${js}</script>`).join("\n")}`);
      if (process.env.E2E_DUMP) (await import("node:fs")).writeFileSync("/tmp/addin_scratch/injected.html", injected);
      // the service's policy stays in force; only the test double's own inline scripts are added to it
      const csp = response.headers()["content-security-policy"] || "";
      assert.ok(csp.includes(`script-src 'self' ${OFFICE_CDN.replace(/\/lib.*$/, "")}`), `the task pane's CSP: ${csp}`);
      const hashes = inline.map((js) => `'sha256-${createHash("sha256").update(js).digest("base64")}'`);
      const headers = { ...response.headers(), "content-security-policy": csp.replace("script-src 'self'", `script-src 'self' ${hashes.join(" ")}`) };
      return route.fulfill({ response, body: injected, headers });
    }
    return route.continue();
  });
  await page.goto(`${base}/addin/taskpane.html`);
  try {
    await page.waitForSelector("body[data-ready=true]", { timeout: 20_000 });
  } catch (err) {
    throw new Error(`task pane did not start: ${err.message}; page errors: ${pageErrors.join(" | ")}`);
  }
  assert.equal(await page.locator("#status").textContent(), "", "no start-up error in the status line");

  // Inställningar: the token is required by the service
  await page.getByRole("tab", { name: "Inställningar" }).click();
  assert.equal(await page.locator("#settings-url").inputValue(), base, "the service URL defaults to the pane's origin");
  await page.locator("#settings-token").fill(TOKEN);
  await page.getByRole("button", { name: "Spara" }).click();
  await page.waitForFunction(() => document.getElementById("status").textContent.includes("sparade"));
  return { context, page, pageErrors };
}

async function statusAfter(page, action) {
  await page.evaluate(() => {
    document.getElementById("status").textContent = "";
  });
  await action();
  await page.waitForFunction(() => {
    const s = document.getElementById("status").textContent;
    return s && !s.endsWith("…");
  }, undefined, { timeout: 60_000 });
  return page.locator("#status").textContent();
}

before(async () => {
  assert.ok(existsSync(chromiumPath), `Chromium missing at ${chromiumPath} (apt-get install -y chromium)`);
  assert.ok(existsSync(python), `Python with vbassist missing at ${python}`);
  assert.ok(existsSync(join(addinRoot, "dist/taskpane.js")), "addin/dist is not built: run npm run build");
  mkdirSync(shots, { recursive: true });
  docxBytes = readFileSync(sample);
  paragraphs = await docxParagraphs(docxBytes);
  dataDir = mkdtempSync(join(tmpdir(), "vbassist-addin-e2e-"));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    VBASSIST_DATA_DIR: dataDir,
    VBASSIST_API_TOKENS: TOKEN,
    VBASSIST_PUBLIC_URL: base,
    VBASSIST_LLM: "",
    VBASSIST_WORKERS: "1",
    HF_HUB_OFFLINE: "1",
  };
  // an earlier report to search: an excerpt of a real VB (another unit's ekologiska goal),
  // indexed with the real embedding model into the temporary data dir
  const indexed = spawn(python, ["-m", "vbassist.cli", "index", "-q", join(here, "data")], { cwd: repoRoot, env, stdio: ["ignore", "pipe", "pipe"] });
  let indexLog = "";
  indexed.stdout.on("data", (d) => (indexLog += d));
  indexed.stderr.on("data", (d) => (indexLog += d));
  const indexCode = await new Promise((r) => indexed.once("exit", r));
  assert.equal(indexCode, 0, `vbassist index failed:\n${indexLog}`);
  server = spawn(python, ["-m", "uvicorn", "--factory", appFactory, "--host", "127.0.0.1", "--port", String(port)], {
    cwd: repoRoot,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group, so its worker processes stop with it
  });
  serverExited = new Promise((r) => server.once("exit", (code, signal) => r(signal ?? code)));
  server.stdout.on("data", (d) => (serverLog += d));
  server.stderr.on("data", (d) => (serverLog += d));
  await waitForHealth(base, 90_000);
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
    ],
  });
});

after(async () => {
  await browser?.close();
  if (server) {
    const running = () => server.exitCode === null && server.signalCode === null;
    const signal = (sig) => {
      try {
        process.kill(-server.pid, sig);
      } catch {
        // the group is gone already
      }
    };
    if (running()) signal("SIGTERM");
    const timeout = new Promise((r) => setTimeout(r, 15_000).unref());
    await Promise.race([serverExited, timeout]);
    if (running()) signal("SIGKILL");
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("task pane against the real service", () => {
  test("the service serves the manifest with its URL and the icons", async () => {
    const r = await fetch(`${base}/addin/manifest.xml`);
    assert.equal(r.status, 200);
    const xml = await r.text();
    assert.ok(!xml.includes("{{BASE_URL}}"), "placeholder replaced");
    assert.ok(xml.includes(`<SourceLocation DefaultValue="${base}/addin/taskpane.html"/>`));
    for (const size of [16, 32, 64, 80, 128]) {
      const icon = await fetch(`${base}/addin/assets/icon-${size}.png`);
      assert.equal(icon.status, 200, `icon-${size}.png served`);
      assert.deepEqual([...new Uint8Array(await icon.arrayBuffer()).slice(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    }
  });

  test("Granska: findings listed by goal, each click selects its place, comments added", async () => {
    const expected = await serviceJson("/v1/check", { method: "POST", body: docxForm() });
    const findings = expected.documents.flatMap((d) => d.findings);
    assert.ok(findings.length > 0, "the sample has findings");

    // slices of 64 KB: the pane must read and join several
    const { context, page, pageErrors } = await openPane({ maxSlice: 65536 });
    await page.getByRole("tab", { name: "Granska" }).click();
    await page.screenshot({ path: join(shots, "01-start.png"), fullPage: true });
    const done = await statusAfter(page, () => page.getByRole("button", { name: "Granska dokumentet" }).click());
    assert.match(done, /Granskningen är klar/);
    const state = await page.evaluate(() => ({ ...window.__wordDouble.state, paragraphs: undefined }));
    assert.equal(state.filesRead, 1, "one getFileAsync read");
    assert.equal(state.openFiles, 0, "the file is closed after reading");
    assert.equal(state.slicesRead, Math.ceil(docxBytes.length / 65536), "every slice read");

    const buttons = page.locator("button.finding");
    assert.equal(await buttons.count(), findings.length, "every finding the service returns is listed");
    const groups = await page.locator(".group h3").allTextContents();
    const goals = new Set(findings.map((f) => f.goal || "Övrigt"));
    assert.deepEqual(new Set(groups), goals, "one group per goal");
    for (const f of findings) {
      const item = page.locator(`button.finding[data-finding-id="${f.id}"]`);
      const label = { error: "Fel", warning: "Varning", info: "Info" }[f.severity];
      assert.ok(((await item.textContent()) ?? "").startsWith(label), `${f.id}: severity shown`);
      assert.equal(await item.evaluate((el, sev) => el.classList.contains(sev), f.severity), true);
      // where it is, as a reader finds it: the part under the goal (or the whole place) and the quote
      const shown = (await item.textContent()) ?? "";
      assert.ok(!/\bblock\b|tecken \d/.test(shown), `${f.id}: no block numbers in the pane`);
      if (f.place) {
        const where = (await item.locator(".place").textContent()) ?? "";
        assert.ok(where.includes(f.place.part ?? f.place.text) || where.includes(f.place.text), `${f.id}: place shown (${where})`);
        if (f.place.quote) assert.ok(where.includes(f.place.quote), `${f.id}: quote shown`);
      }
      if (f.severity_reason) assert.ok(shown.includes(f.severity_reason), `${f.id}: why the severity`);
    }
    await page.screenshot({ path: join(shots, "02-findings.png"), fullPage: true });

    // each click selects the finding's evidence (within its goal) or at least its goal's heading
    const texts = paragraphs.map((p) => p.text);
    for (const f of findings) {
      const status = await statusAfter(page, () => page.locator(`button.finding[data-finding-id="${f.id}"]`).click());
      const sel = await page.evaluate(() => window.__wordDouble.selection());
      assert.ok(sel && sel.text.length > 0, `${f.id}: something is selected (${status})`);
      const selected = norm(texts[sel.paragraph]);
      const evidence = f.evidence.map((e) => norm(e.text).slice(0, 25)).filter((t) => t.length > 1);
      const onEvidence = evidence.some((t) => selected.includes(t) && norm(sel.text).includes(t.slice(0, 10)));
      const onGoal = f.goal ? selected.includes(norm(f.goal).slice(0, 40)) : false;
      assert.ok(onEvidence || onGoal, `${f.id}: selection "${sel.text.slice(0, 60)}" is neither its evidence nor its goal`);
      // a sentence of the goal's own text lies below its heading (indicator tables sit above it)
      const sentence = f.evidence.find((e) => e.label === "text");
      if (f.goal && sentence && onEvidence) {
        const heading = paragraphs.findIndex(
          (p) => /^heading/i.test(p.style) && norm(p.text).includes(norm(f.goal).slice(0, 40)),
        );
        if (heading >= 0) assert.ok(sel.paragraph >= heading, `${f.id}: selection is within its goal (after its heading)`);
      }
    }

    // the text-vs-table finding: exactly its sentence, in the ekologiska goal's Analys
    const textFinding = findings.find((f) => f.rule === "VB-TEXT-001");
    if (textFinding) {
      await statusAfter(page, () => page.locator(`button.finding[data-finding-id="${textFinding.id}"]`).click());
      const sel = await page.evaluate(() => window.__wordDouble.selection());
      const sentence = textFinding.evidence.find((e) => e.label === "text").text;
      assert.equal(norm(sel.text), norm(sentence));
      assert.equal(await page.locator('button.finding[aria-current="true"]').getAttribute("data-finding-id"), textFinding.id);
      const goalAt = texts.findIndex((t) => t.startsWith("Enhetsmål:") && t.includes(textFinding.goal.slice(0, 30)));
      assert.ok(goalAt >= 0 && sel.paragraph > goalAt, "the sentence after its goal's heading");
      await page.screenshot({ path: join(shots, "03-selected.png"), fullPage: true });
    }

    const syncsBefore = await page.evaluate(() => window.__wordDouble.state.syncs);
    const commented = await statusAfter(page, () => page.getByRole("button", { name: "Lägg in kommentarer i Word" }).click());
    const after = await page.evaluate(() => ({
      comments: window.__wordDouble.state.comments,
      syncs: window.__wordDouble.state.syncs,
    }));
    assert.match(commented, /kommentar/);
    assert.equal(after.comments.length, findings.length, `a comment per finding (${commented})`);
    for (const f of findings) {
      const comment = after.comments.find((c) => c.text.includes(f.message));
      assert.ok(comment, `${f.id}: its comment`);
      if (f.place) assert.ok(comment.text.includes(`Plats: ${f.place.text}`), `${f.id}: the comment names the place`);
    }
    assert.ok(after.syncs - syncsBefore <= 6, `comments for ${findings.length} findings in ${after.syncs - syncsBefore} syncs`);
    await page.screenshot({ path: join(shots, "04-comments.png"), fullPage: true });
    assert.deepEqual(pageErrors, []);
    await context.close();
  });

  test("Granska on a host without WordApi 1.4: comments refused, the list stays", async () => {
    const { context, page } = await openPane({ supported: { WordApi: "1.3" } });
    await page.getByRole("tab", { name: "Granska" }).click();
    await statusAfter(page, () => page.getByRole("button", { name: "Granska dokumentet" }).click());
    const listed = await page.locator("button.finding").count();
    assert.ok(listed > 0);
    const status = await statusAfter(page, () => page.getByRole("button", { name: "Lägg in kommentarer i Word" }).click());
    assert.match(status, /kan inte lägga in kommentarer/);
    assert.match(status, /Listan finns kvar/);
    assert.equal(await page.locator("button.finding").count(), listed);
    assert.equal(await page.evaluate(() => window.__wordDouble.state.comments.length), 0);
    // the keyboard alone: Tab from the comments button reaches the first finding, Enter selects
    await page.getByRole("button", { name: "Lägg in kommentarer i Word" }).focus();
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.classList.contains("finding")), true);
    await statusAfter(page, () => page.keyboard.press("Enter"));
    assert.ok((await page.evaluate(() => window.__wordDouble.selection()))?.text, "Enter on a finding selects its place");
    await page.screenshot({ path: join(shots, "05-comments-refused.png"), fullPage: true });
    await context.close();
  });

  test("Skriv utkast: the goal at the cursor, draft shown, inserted under Analys as a tracked change", async () => {
    const texts = paragraphs.map((p) => p.text);
    const goalAt = texts.findIndex((t) => t.startsWith("Enhetsmål: Familjehemsplacerade barn får en bättre hälsa"));
    assert.ok(goalAt > 0, "the sample has the goal");
    const title = texts[goalAt].replace(/^Enhetsmål:\s*/, "").trim();
    const analysAt = texts.findIndex((t, i) => i > goalAt && t.trim() === "Analys");
    assert.ok(analysAt > goalAt);
    const expected = await serviceJson("/v1/draft", { method: "POST", body: docxForm({ goal: title }) });

    const { context, page, pageErrors } = await openPane({ trackingMode: "Off" });
    // the cursor in the goal's Förväntat resultat, two paragraphs below its heading
    await page.evaluate((i) => window.__wordDouble.placeCursor(i, 3), goalAt + 2);
    await page.getByRole("tab", { name: "Utkast" }).click();
    const status = await statusAfter(page, () => page.getByRole("button", { name: "Skriv utkast" }).click());
    assert.match(status, /Utkastet är klart/);
    assert.equal(await page.locator("#draft-goal").textContent(), title);
    assert.equal(await page.locator("#draft-text").inputValue(), expected.text);
    assert.equal(await page.locator("#draft-citations li").count(), Math.max(1, expected.citations.length));
    const verification = await page.locator("#draft-verification").textContent();
    assert.match(verification, expected.verification.ok ? /Kontrollerat/ : /Kontrollera\./);
    await page.screenshot({ path: join(shots, "06-draft.png"), fullPage: true });

    const inserted = await statusAfter(page, () => page.getByRole("button", { name: "Infoga under Analys" }).click());
    assert.match(inserted, /infogat under Analys som spårad ändring/);
    const result = await page.evaluate(() => ({
      inserted: window.__wordDouble.inserted(),
      log: window.__wordDouble.state.trackingLog,
      mode: window.__wordDouble.state.trackingMode,
    }));
    const expectedParagraphs = expected.text
      .split(/\r?\n/)
      .map((p) => p.trim())
      .filter(Boolean);
    assert.deepEqual(
      result.inserted.map((p) => p.text),
      expectedParagraphs,
    );
    assert.equal(result.inserted[0].index, analysAt + 1, "right after the goal's Analys heading");
    assert.ok(result.inserted.every((p) => p.tracked), "inserted while tracking all changes");
    assert.ok(result.inserted.every((p) => !/^heading/i.test(p.style)), "body text, not heading style");
    assert.deepEqual(result.log, ["TrackAll", "Off"], "tracking switched on, then the user's mode restored");
    assert.equal(result.mode, "Off");
    await page.screenshot({ path: join(shots, "07-draft-inserted.png"), fullPage: true });
    assert.deepEqual(pageErrors, []);
    await context.close();
  });

  test("Skriv utkast outside an enhetsmål says where to put the cursor", async () => {
    const { context, page } = await openPane();
    const summaryAt = paragraphs.findIndex((p) => p.text === "Sammanfattande analys");
    await page.evaluate((i) => window.__wordDouble.placeCursor(i + 1, 0), summaryAt);
    await page.getByRole("tab", { name: "Utkast" }).click();
    const status = await statusAfter(page, () => page.getByRole("button", { name: "Skriv utkast" }).click());
    assert.match(status, /Ställ markören i ett enhetsmål/);
    assert.equal(await page.evaluate(() => window.__wordDouble.state.filesRead), 0, "no upload without a goal");
    await context.close();
  });

  test("Sök: filters reach the service, hits listed with their source, a quote inserted as a tracked change", async () => {
    const query = "ekologiska matvaror inköp";
    const expected = await serviceJson(`/v1/search?${new URLSearchParams({ q: query, k: "8", kind: "VB" })}`);
    assert.ok(expected.hits.length > 0, "the indexed excerpt is found");
    const { context, page, pageErrors } = await openPane({ trackingMode: "TrackMineOnly" });
    await page.getByRole("tab", { name: "Inställningar" }).focus();
    await page.keyboard.press("ArrowLeft");
    assert.equal(await page.evaluate(() => document.activeElement.id), "tab-search", "arrow keys move between tabs");
    assert.equal(await page.locator("#panel-search").isVisible(), true);
    await page.locator("#search-q").fill(query);
    await page.locator("#search-kind").selectOption("VB");
    const requests = [];
    page.on("request", (r) => r.url().includes("/v1/search") && requests.push(r.url()));
    const status = await statusAfter(page, () => page.locator("#search-q").press("Enter"));
    assert.equal(requests.length, 1);
    const sent = new URL(requests[0]);
    assert.equal(sent.searchParams.get("q"), query);
    assert.equal(sent.searchParams.get("kind"), "VB");
    assert.equal(sent.searchParams.get("unit"), null, "empty filters are not sent");
    assert.equal(status, `${expected.hits.length} ${expected.hits.length === 1 ? "träff" : "träffar"}.`);
    const items = page.locator("#search-results li");
    assert.equal(await items.count(), expected.hits.length);
    const first = expected.hits[0];
    const source = await items.first().locator(".source").textContent();
    assert.ok(source.includes(first.metadata.unit) && source.includes(`VB ${first.metadata.year}`), source);

    // the cursor in the familjehem report's own ekologiska analysis; the quote goes after it
    const texts = paragraphs.map((p) => p.text);
    const cursorAt = texts.findIndex((t) => t.startsWith("45% av alla inköp"));
    assert.ok(cursorAt > 0);
    await page.evaluate((i) => window.__wordDouble.placeCursor(i, 5), cursorAt);
    await page.screenshot({ path: join(shots, "08-search.png"), fullPage: true });
    const inserted = await statusAfter(page, () => items.first().getByRole("button", { name: /Infoga citat/ }).click());
    assert.match(inserted, /Citatet är infogat/);
    const result = await page.evaluate(() => ({
      inserted: window.__wordDouble.inserted(),
      log: window.__wordDouble.state.trackingLog,
    }));
    assert.equal(result.inserted.length, 1);
    const quote = result.inserted[0];
    assert.equal(quote.index, cursorAt + 1, "after the cursor's paragraph");
    assert.ok(quote.tracked);
    assert.ok(quote.text.startsWith("”") && quote.text.includes(`(Källa: ${source})`), quote.text);
    const words = first.text.split(/\s+/).slice(-6).join(" ");
    assert.ok(norm(quote.text).includes(norm(words)), "the hit's own words");
    assert.deepEqual(result.log, ["TrackAll", "TrackMineOnly"]);
    assert.deepEqual(pageErrors, []);
    await context.close();
  });

  test("every request off loopback was blocked: only office.js's own telemetry tried", () => {
    const unexpected = offLoopback.filter((u) => new URL(u).hostname !== "telemetryservice.firstpartyapps.oaspapps.com");
    assert.deepEqual(unexpected, []);
  });
});
