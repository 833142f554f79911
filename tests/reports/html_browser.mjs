// Drives the HTML check report in Debian's Chromium (playwright-core from the add-in's node_modules, no
// downloaded browser) the way a controller uses it: sort a column, filter the findings, print the summary.
// Every request the page makes is recorded (it must make none). Prints one JSON object with what it saw;
// screenshots and the printed PDFs land in the output folder.
//
//   node tests/reports/html_browser.mjs <report.html> <output-dir>
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const addin = resolve(here, "../../addin");
const { chromium } = createRequire(join(addin, "package.json"))("playwright-core");
const [file, out] = process.argv.slice(2);
const url = pathToFileURL(resolve(file)).href;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu"],
});
const seen = { requests: [], errors: [] };
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  page.on("pageerror", (err) => seen.errors.push(err.message));
  page.on("request", (r) => {
    if (r.url() !== url) seen.requests.push(r.url());
  });
  await page.goto(url);
  const rows = () => page.locator("#findings tbody tr:not(.hidden)");
  const column = (n) => rows().evaluateAll((trs, i) => trs.map((tr) => tr.cells[i].textContent.trim()), n);
  seen.scripted = await page.evaluate(() => document.documentElement.classList.contains("js"));
  seen.total = await rows().count();
  seen.countText = await page.locator("#filter .count").textContent();
  await page.screenshot({ path: join(out, "report.png"), fullPage: false });
  await page.locator("#alla-fynd").screenshot({ path: join(out, "report-findings.png") });
  await page.locator(".details .finding").nth(2).screenshot({ path: join(out, "report-card.png") });

  // sort by Plats (column 3), then again the other way
  await page.locator("#findings thead th").nth(3).locator("button").click();
  seen.placesAscending = await column(3);
  seen.ariaSort = await page.locator("#findings thead th").nth(3).getAttribute("aria-sort");
  await page.locator("#findings thead th").nth(3).locator("button").click();
  seen.placesDescending = await column(3);
  // the units table sorts its numbers as numbers
  await page.locator("#units thead th").nth(3).locator("button").click();
  await page.locator("#units thead th").nth(3).locator("button").click();
  seen.errorsPerUnitDescending = await page.locator("#units tbody tr").evaluateAll((trs) => trs.map((tr) => tr.cells[3].textContent.trim()));

  // filters: severity, then a word, then a unit; the count follows
  await page.selectOption("#filter select[name=severity]", "error");
  seen.errorsOnly = await rows().evaluateAll((trs) => trs.map((tr) => tr.dataset.severity));
  await page.fill("#filter input[name=q]", "Totalt");
  seen.errorsWithTotalt = await column(3);
  seen.filteredCountText = await page.locator("#filter .count").textContent();
  await page.screenshot({ path: join(out, "report-filtered.png"), fullPage: false });
  await page.fill("#filter input[name=q]", "");
  await page.selectOption("#filter select[name=severity]", "");
  const units = await page.locator("#filter select[name=unit] option").evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
  seen.units = units;
  await page.selectOption("#filter select[name=unit]", units[0]);
  seen.firstUnitRows = await rows().evaluateAll((trs) => trs.map((tr) => tr.dataset.unit));
  await page.selectOption("#filter select[name=unit]", "");

  // print: the whole report, and the summary alone (what "Skriv ut sammanfattningen" prints)
  await page.emulateMedia({ media: "print" });
  seen.controlsPrinted = await page.locator("#filter").isVisible();
  await page.pdf({ path: join(out, "report-print.pdf"), format: "A4" });
  await page.evaluate(() => document.body.classList.add("print-summary"));
  seen.summaryOnly = {
    findingsTable: await page.locator("#alla-fynd").isVisible(),
    details: await page.locator(".details").isVisible(),
    units: await page.locator("#units").isVisible(),
  };
  await page.pdf({ path: join(out, "report-summary.pdf"), format: "A4" });
} finally {
  await browser.close();
}
console.log(JSON.stringify(seen));
