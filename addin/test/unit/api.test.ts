// The service client against a real HTTP server on loopback (Node's http), the settings store,
// and the task pane's pure view helpers.
import assert from "node:assert/strict";
import { type IncomingMessage, type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { type DraftResponse, type Finding, ServiceError, VbassistClient, defaultServiceUrl, errorFrom, loadSettings, saveSettings } from "../../src/taskpane/api";
import { groupFindings, placeLine, sourceLabel, summaryText, verificationLines } from "../../src/taskpane/taskpane";

type AnyObj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Seen {
  method: string;
  url: string;
  auth: string | undefined;
  contentType: string | undefined;
  body: string;
}

let server: Server;
let base: string;
const seen: Seen[] = [];
let nextStatus = 200;
let nextBody: unknown = {};

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("latin1")));
  });
}

before(async () => {
  server = createServer(async (req, res) => {
    seen.push({
      method: req.method ?? "",
      url: req.url ?? "",
      auth: req.headers.authorization,
      contentType: req.headers["content-type"],
      body: await readBody(req),
    });
    res.writeHead(nextStatus, { "content-type": "application/json" });
    res.end(JSON.stringify(nextBody));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("VbassistClient", () => {
  test("check posts the .docx as multipart `file` with the bearer token", async () => {
    nextStatus = 200;
    nextBody = { documents: [{ source: "x.docx", findings: [] }], summary: {} };
    const client = new VbassistClient({ serviceUrl: `${base}/`, token: "hemlig" });
    const bytes = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]);
    const result = await client.check(bytes.subarray(0, 6), "VB 2025.docx");
    assert.deepEqual(result.documents[0]!.findings, []);
    const req = seen.at(-1)!;
    assert.equal(req.method, "POST");
    assert.equal(req.url, "/v1/check");
    assert.equal(req.auth, "Bearer hemlig");
    assert.match(req.contentType ?? "", /^multipart\/form-data; boundary=/);
    assert.match(req.body, /name="file"; filename="VB 2025.docx"/);
    assert.ok(req.body.includes("PK\u0003\u0004\u0001\u0002\r\n"), "exactly the viewed bytes, not the whole buffer");
  });

  test("draft sends the goal; search sends only the filters that are set", async () => {
    nextStatus = 200;
    nextBody = { text: "Utkast.", citations: [], gaps: [], verification: { ok: true }, masked: [], facts: {} };
    const client = new VbassistClient({ serviceUrl: base, token: "" });
    await client.draft(new Uint8Array([1]), "a.docx", "Barn och ungdomar erhåller");
    const draftReq = seen.at(-1)!;
    assert.equal(draftReq.url, "/v1/draft");
    assert.equal(draftReq.auth, undefined, "no Authorization header without a token");
    assert.match(Buffer.from(draftReq.body, "latin1").toString("utf8"), /name="goal"\r\n\r\nBarn och ungdomar erhåller/);

    nextBody = { hits: [] };
    await client.search("kontaktfamiljer väntetid", 5, { unit: " Familjeenheten ", year: "", kind: "VB" });
    const url = new URL(seen.at(-1)!.url, base);
    assert.equal(url.pathname, "/v1/search");
    assert.deepEqual(Object.fromEntries(url.searchParams), { q: "kontaktfamiljer väntetid", k: "5", unit: "Familjeenheten", kind: "VB" });
  });

  test("errors become Swedish messages; the service's own message wins", async () => {
    const client = new VbassistClient({ serviceUrl: base, token: "fel" });
    nextStatus = 401;
    nextBody = {};
    await assert.rejects(client.health(), (err: unknown) => {
      assert.ok(err instanceof ServiceError);
      assert.equal(err.status, 401);
      assert.match(err.message, /giltig nyckel/);
      return true;
    });
    nextStatus = 422;
    nextBody = { detail: { code: "goal_not_found", message: "Inget enhetsmål börjar med ”X”." } };
    await assert.rejects(client.health(), (err: unknown) => {
      assert.ok(err instanceof ServiceError);
      assert.equal(err.code, "goal_not_found");
      assert.equal(err.message, "Inget enhetsmål börjar med ”X”.");
      return true;
    });
    nextStatus = 200;
  });

  test("an unreachable service and a missing URL say what to do", async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    await assert.rejects(new VbassistClient({ serviceUrl: `http://127.0.0.1:${port}`, token: "" }).health(), /Kunde inte nå vbassist-tjänsten/);
    await assert.rejects(new VbassistClient({ serviceUrl: "", token: "" }).health(), /Ange tjänstens adress/);
  });

  test("errorFrom reads FastAPI's validation list", async () => {
    const err = await errorFrom(new Response(JSON.stringify({ detail: [{ msg: "Field required", loc: ["body", "file"] }] }), { status: 422 }));
    assert.equal(err.message, "Ogiltig begäran: Field required");
  });
});

describe("settings", () => {
  test("defaultServiceUrl is the pane's origin", () => {
    assert.equal(defaultServiceUrl("https://vb.example.se:8443/addin/taskpane.html?x=1"), "https://vb.example.se:8443");
    assert.equal(defaultServiceUrl("about:blank"), "");
  });

  test("saved to and read from Office roamingSettings, never the document", async () => {
    const store = new Map<string, unknown>();
    let saves = 0;
    (globalThis as AnyObj).Office = {
      AsyncResultStatus: { Succeeded: "succeeded" },
      context: {
        roamingSettings: {
          get: (k: string) => store.get(k),
          set: (k: string, v: unknown) => store.set(k, v),
          saveAsync: (cb: (r: AnyObj) => void) => {
            saves += 1;
            cb({ status: "succeeded" });
          },
        },
      },
    };
    assert.equal(await saveSettings({ serviceUrl: " https://vb.example.se/ ", token: " t0k " }), "roaming");
    assert.equal(saves, 1);
    assert.deepEqual(loadSettings("https://annan.example.se/addin/taskpane.html"), { serviceUrl: "https://vb.example.se", token: "t0k" });
    delete (globalThis as AnyObj).Office;
  });
});

describe("view helpers", () => {
  const f = (id: string, goal: string | null, severity: Finding["severity"], block: number): Finding => ({
    id,
    rule: id.split("#")[0]!,
    also_rules: [],
    category: "missing",
    severity,
    unit: null,
    goal,
    message: id,
    evidence: [],
    location: { block },
    place: null,
    suggestion: null,
    confidence: null,
    severity_reason: null,
  });

  test("groupFindings: goals in document order, errors first within a goal", () => {
    const groups = groupFindings([f("A#1", "Mål B", "warning", 50), f("A#2", "Mål A", "info", 10), f("A#3", "Mål B", "error", 60), f("A#4", null, "warning", 5)]);
    assert.deepEqual(
      groups.map((g) => [g.goal, g.findings.map((x) => x.id)]),
      [
        ["Övrigt", ["A#4"]],
        ["Mål A", ["A#2"]],
        ["Mål B", ["A#3", "A#1"]],
      ],
    );
  });

  test("placeLine: the part under the goal's own heading, else the whole place", () => {
    const goal = "Familjehem erbjuds ett stöd som de är nöjda med.";
    const path = ["KF:s mål för verksamhetsområdet: 1.3 Stockholms stad ska ge stöd", "Nämndmål: Barn och ungdomar har goda uppväxtvillkor", `Enhetsmål: ${goal}`];
    const analys = { path, part: "Analys, stycke 2", text: "KF-mål 1.3 … › Analys, stycke 2", quote: "Målet att minska sammanbrott…", source: null };
    assert.equal(placeLine(analys, goal), "Analys, stycke 2");
    const budget = {
      path: ["Uppföljning av ekonomi", "Analys av resultaträkning - uppföljning av driftbudget"],
      part: 'Totalt, rad "Summa intäkter", kolumn Avvikelse',
      text: 'Uppföljning av ekonomi › Analys av resultaträkning - uppföljning av… › Totalt, rad "Summa intäkter", kolumn Avvikelse',
      quote: "-2 392",
      source: null,
    };
    assert.equal(placeLine(budget, "Totalt"), budget.text, "a budget table is named with its headings, not as a goal");
    assert.equal(placeLine({ ...analys, source: "vp2025.docx", text: "VP 2025 (vp2025.docx) › …" }, goal), "VP 2025 (vp2025.docx) › …");
    assert.equal(placeLine(null, goal), null);
  });

  test("summaryText counts by severity", () => {
    assert.equal(summaryText([f("A#1", "x", "error", 1), f("A#2", "x", "warning", 2), f("A#3", "x", "warning", 3)]), "3 fynd: 1 fel, 2 varningar, 0 info.");
    assert.match(summaryText([]), /Inga fynd/);
  });

  test("sourceLabel names unit, report and goal", () => {
    assert.equal(sourceLabel({ unit: "Familjeenheten", kind: "VB", year: 2024, goal: "Barn får stöd" }), "Familjeenheten, VB 2024, Barn får stöd");
    assert.equal(sourceLabel({ source: "corpus/vp.pdf" }), "corpus/vp.pdf");
  });

  test("verificationLines lists unsupported numbers and masking", () => {
    const draft: DraftResponse = {
      text: "",
      facts: { goal: "Barn får stöd", kind: "VB", existing_analysis: "", suggested_reason: "" },
      citations: [],
      gaps: [],
      masked: [{ kind: "personnummer", placeholder: "[PERSONNUMMER-1]" }],
      verification: {
        ok: false,
        drafter: "grounded",
        checked_numbers: 1,
        attempts: 1,
        unsupported: [{ raw: "37 %", value: 37, start: 0, end: 4 }],
        findings: ["Texten anger 37 %."],
      },
    };
    const { ok, lines } = verificationLines(draft);
    assert.equal(ok, false);
    assert.deepEqual(lines, ["Siffror utan stöd i underlaget: 37 %. Kontrollera dem.", "Texten anger 37 %.", "1 personuppgifter maskerades innan texten skickades."]);
  });
});
