// Unit tests of the Word actions (word.ts) with office-addin-mock: its OfficeMockObject enforces
// load() + sync() before a property is read, as Word does. Search, select, insert are small
// functions on the mock data that record what the action asked for.
import assert from "node:assert/strict";
import { beforeEach, describe, test } from "node:test";
import { OfficeMockObject } from "office-addin-mock";
import type { Evidence, Finding, Place } from "../../src/taskpane/api";
import {
  addComments,
  commentText,
  analysHeadingOf,
  bestHeading,
  draftParagraphs,
  evidenceText,
  findGoalAtCursor,
  goalBeforeCursor,
  insertDraft,
  quotable,
  readDocumentFile,
  searchKey,
  selectFinding,
} from "../../src/taskpane/word";

type AnyObj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const g = globalThis as AnyObj;

/** A piece of evidence as the service sends it (every key present). */
function ev(label: string, text: string, over: Partial<Evidence> = {}): Evidence {
  return { label, text, value: null, location: null, place: null, ...over };
}

const GOAL_PATH = [
  "KF:s mål för verksamhetsområdet: 2.2 Stockholm ska vara en stad där den biologiska mångfalden ökar",
  "Nämndmål: Stadsdelsnämndens verksamheter bidrar till att öka den biologiska mångfalden",
  "Enhetsmål: Enheten köper i ökad utsträckning in ekologiska livsmedel.",
];
const ANALYS: Place = {
  path: GOAL_PATH,
  part: "Analys, stycke 1",
  text: "KF-mål 2.2 Stockholm ska vara en stad där… › Nämndmål: Stadsdelsnämndens verksamheter bidrar till… › Enhetsmål: Enheten köper i ökad utsträckning in ekologiska… › Analys, stycke 1",
  quote: "45% av alla inköp är ekologiska.",
  source: null,
};
const UTFALL: Place = {
  path: GOAL_PATH.slice(0, 1),
  part: 'indikatortabellen, rad "Andel inköpta ekologiska livsmedel i kronor", kolumn Periodens utfall',
  text: 'KF-mål 2.2 Stockholm ska vara en stad där… › indikatortabellen, rad "Andel inköpta ekologiska livsmedel i kronor", kolumn Periodens utfall',
  quote: "48,84 %",
  source: null,
};

function finding(over: Partial<Finding> = {}): Finding {
  return {
    id: "VB-TEXT-001#1",
    rule: "VB-TEXT-001",
    also_rules: [],
    category: "text_vs_table",
    severity: "error",
    unit: "Familjehemsenheten",
    goal: "Enheten köper i ökad utsträckning in ekologiska livsmedel.",
    message: "Texten anger 45% men tabellen har 48,84 %.",
    evidence: [
      ev("text", "45% av alla inköp är ekologiska.", { location: { block: 175, start: 0, end: 3 }, place: ANALYS }),
      ev("Periodens utfall", "48,84 %", { value: 48.84, location: { block: 160, row: 1, col: 1 }, place: UTFALL }),
    ],
    location: { block: 175, start: 0, end: 3 },
    place: ANALYS,
    suggestion: null,
    confidence: null,
    severity_reason: null,
    ...over,
  };
}

// ---- Office common API (getFileAsync): a plain host object, as Office.context is not a proxy

function installOffice(opts: { wordApi?: string; bytes?: Uint8Array; sliceSize?: number; failSlice?: number } = {}) {
  const log = { closed: 0, slices: [] as number[], requestedSlice: 0 };
  const bytes = opts.bytes ?? new Uint8Array(0);
  g.Office = {
    AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
    FileType: { Compressed: "compressed" },
    context: {
      requirements: {
        isSetSupported: (name: string, version: string) =>
          name === "WordApi" && parseFloat(opts.wordApi ?? "1.4") >= parseFloat(version),
      },
      document: {
        url: "C:\\Rapporter\\VB 2025 Familjehemsenheten.docx",
        getFileAsync(_type: string, options: { sliceSize: number }, cb: (r: AnyObj) => void) {
          log.requestedSlice = options.sliceSize;
          const size = opts.sliceSize ?? options.sliceSize;
          const count = Math.max(1, Math.ceil(bytes.length / size));
          cb({
            status: "succeeded",
            value: {
              sliceCount: count,
              getSliceAsync(i: number, scb: (r: AnyObj) => void) {
                log.slices.push(i);
                if (i === opts.failSlice) scb({ status: "failed", error: { message: "nätverksfel" } });
                else scb({ status: "succeeded", value: { data: Array.from(bytes.subarray(i * size, (i + 1) * size)) } });
              },
              closeAsync(ccb: () => void) {
                log.closed += 1;
                ccb();
              },
            },
          });
        },
      },
    },
  };
  return log;
}

// ---- Word: office-addin-mock objects over a list of paragraphs

interface Para {
  text: string;
  style: string;
}

function wordMock(paragraphs: Para[], opts: { trackingMode?: string; selectionAt?: number } = {}) {
  const log = {
    selected: [] as string[],
    comments: [] as { anchor: string; text: string }[],
    inserted: [] as { text: string; after: string; mode: string; style?: string }[],
    searches: [] as string[],
  };
  let mock: AnyObj;
  // objects the actions reach through functions are not in the mock's tree: context.sync()
  // syncs them too (see below)
  const created: AnyObj[] = [];
  const track = <T extends AnyObj>(m: T): T => {
    created.push(m);
    return m;
  };
  const paragraphMock = (p: Para) => {
    const pm = track(new OfficeMockObject({
      text: p.text,
      style: p.style,
      getRange: () => rangeOf(p.text, [p]),
      insertParagraph: (text: string, where: string) => {
        assert.equal(where, "After");
        const entry: { text: string; after: string; mode: string; style?: string } = {
          text,
          after: p.text,
          mode: mock.context.document.changeTrackingMode,
        };
        log.inserted.push(entry);
        const created: AnyObj = {};
        Object.defineProperty(created, "style", { set: (s: string) => (entry.style = s) });
        Object.defineProperty(created, "styleBuiltIn", { set: (s: string) => (entry.style = `builtin:${s}`) });
        created.insertParagraph = (t: string, w: string) => {
          log.inserted.push({ text: t, after: text, mode: mock.context.document.changeTrackingMode });
          assert.equal(w, "After");
          return created;
        };
        return created;
      },
    }) as AnyObj);
    return pm;
  };
  // office-addin-mock cannot load "items/text": the collection loads its items, and each item
  // the properties after "items/"
  const collection = (items: AnyObj[]) => {
    const c = track(new OfficeMockObject({ items }) as AnyObj);
    c.load = (props?: string) => {
      OfficeMockObject.prototype.load.call(c, "items");
      const inner = (props ?? "items")
        .split(",")
        .map((x) => x.trim())
        .filter((x) => x.startsWith("items/"))
        .map((x) => x.slice("items/".length));
      if (inner.length > 0) for (const item of items) item.load?.(inner.join(","));
      return c;
    };
    return c;
  };
  // a range spanning `scope` paragraphs; search finds substrings in them
  const rangeOf = (text: string, scope: Para[]): AnyObj => ({
    text,
    select: () => log.selected.push(text),
    insertComment: (c: string) => log.comments.push({ anchor: text, text: c }),
    getRange: (where: string) => rangeOf(where === "Whole" ? text : "", where === "End" ? scope.slice(-1) : scope),
    expandTo: (other: AnyObj) => rangeOf(text, [...scope, ...(other.__scope ?? [])]),
    search: (needle: string) => search(needle, scope),
    paragraphs: collection(scope.map(paragraphMock)),
    __scope: scope,
  });
  const search = (needle: string, scope: Para[]) => {
    log.searches.push(needle);
    assert.ok(needle.length > 0 && needle.length <= 255, "Word refuses search text over 255 characters");
    const hits = scope
      .filter((p) => p.text.toLowerCase().includes(needle.toLowerCase()))
      .map((p) => {
        const r = rangeOf(needle, [p]);
        r.paragraphs = { getFirst: () => paragraphMock(p) };
        return r;
      });
    return collection(hits);
  };
  const at = opts.selectionAt ?? 0;
  mock = new OfficeMockObject({
    context: {
      document: {
        changeTrackingMode: opts.trackingMode ?? "Off",
        body: {
          search: (needle: string) => search(needle, paragraphs),
          getRange: (where: string) => {
            // Start of body .expandTo(selection End): the paragraphs up to the cursor
            const r = rangeOf("", where === "Start" ? [] : paragraphs);
            r.expandTo = (other: AnyObj) => rangeOf("", other.__scope);
            return r;
          },
        },
        getSelection: () => {
          const r = rangeOf(paragraphs[at]?.text ?? "", [paragraphs[at]!]);
          r.getRange = () => ({ __scope: paragraphs.slice(0, at + 1) });
          return r;
        },
      },
    },
    run: async (batch: (context: unknown) => Promise<unknown>) => batch(mock.context),
  }) as AnyObj;
  mock.context.document.body.paragraphs = collection(paragraphs.map(paragraphMock));
  const treeSync = mock.context.sync.bind(mock.context);
  mock.context.sync = async () => {
    await treeSync();
    for (const m of created) await m.sync();
    // the mock's sync updates properties in callbacks it does not await
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  mock.ChangeTrackingMode = { off: "Off", trackAll: "TrackAll", trackMineOnly: "TrackMineOnly" };
  mock.BuiltInStyleName = { normal: "Normal" };
  g.Word = mock;
  return log;
}

const DOC: Para[] = [
  { text: "Innehåll", style: "Normal" },
  { text: "KF:s mål för verksamhetsområdet: 2.2 Stockholm ska vara en stad där den biologiska mångfalden ökar.....", style: "Normal" },
  { text: "KF:s mål för verksamhetsområdet: 2.2 Stockholm ska vara en stad där den biologiska mångfalden ökar", style: "heading 2" },
  { text: "Nämndmål: Stadsdelsnämndens verksamheter bidrar till att öka den biologiska mångfalden", style: "heading 3" },
  { text: "Andel inköpta ekologiska livsmedel i kronor", style: "Normal" },
  { text: "48,84 %", style: "Normal" },
  { text: "Enhetsmål: Enheten köper i ökad utsträckning in ekologiska livsmedel.", style: "heading 4" },
  { text: "■ Uppfylls inte", style: "Normal" },
  { text: "Förväntat resultat", style: "heading 5" },
  { text: "Minst 25 procent ekologiska livsmedel.", style: "List Bullet" },
  { text: "Analys", style: "heading 5" },
  { text: "Enheten har ökat andelen. 45% av alla inköp är ekologiska.", style: "Normal" },
  { text: "Nämndmål: Stadsdelsnämnden är en attraktiv arbetsgivare", style: "heading 3" },
  { text: "Enhetsmål: Enheten arbetar aktivt med digitalisering", style: "heading 4" },
  { text: "Förväntat resultat", style: "heading 5" },
  { text: "Analys", style: "heading 5" },
  { text: "Nämndmål: Sista målet", style: "heading 3" },
];

describe("pure helpers", () => {
  test("searchKey: one line, no ^ codes or ellipsis, cut at a word under 200 characters", () => {
    assert.equal(searchKey("Under tertialet har^flera…"), "Under tertialet har flera");
    assert.equal(searchKey("första raden\nandra"), "första raden");
    const long = "ord ".repeat(100);
    const key = searchKey(long);
    assert.ok(key.length <= 200 && key.length > 150, `${key.length}`);
    assert.ok(key.endsWith("ord"));
  });

  test("evidenceText prefers the sentence, else a non-status cell", () => {
    assert.equal(evidenceText(finding()), "45% av alla inköp är ekologiska.");
    const status = finding({
      evidence: [
        ev("status", "■ Uppfylls inte"),
        ev("Periodens utfall", "48,84 %"),
      ],
    });
    assert.equal(evidenceText(status), "48,84 %");
    assert.equal(evidenceText(finding({ evidence: [ev("status", "■ Uppfylls inte")] })), "■ Uppfylls inte");
    assert.equal(evidenceText(finding({ evidence: [] })), null);
  });

  test("goalBeforeCursor walks back to Enhetsmål and stops at a higher goal", () => {
    const texts = DOC.map((p) => p.text);
    assert.deepEqual(goalBeforeCursor(texts.slice(0, 12)), {
      index: 6,
      title: "Enheten köper i ökad utsträckning in ekologiska livsmedel.",
    });
    assert.equal(goalBeforeCursor(texts.slice(0, 13)), null, "in a nämndmål, not an enhetsmål");
    assert.equal(goalBeforeCursor(texts.slice(0, 5)), null);
  });

  test("analysHeadingOf finds the goal's own Analys, not the next goal's", () => {
    const texts = DOC.map((p) => p.text);
    assert.deepEqual(analysHeadingOf(texts, "Enheten köper i ökad utsträckning"), { goal: 6, analys: 10 });
    assert.deepEqual(analysHeadingOf(texts, "Enhetsmål: Enheten arbetar aktivt med digitalisering"), { goal: 13, analys: 15 });
    const noAnalys = texts.filter((_, i) => i !== 10);
    assert.deepEqual(analysHeadingOf(noAnalys, "Enheten köper i ökad"), { goal: 6, analys: null });
    assert.equal(analysHeadingOf(texts, "Ett mål som inte finns"), null);
  });

  test("bestHeading picks the heading, not the table of contents line", () => {
    assert.equal(bestHeading([DOC[1]!, DOC[2]!]), 1);
    assert.equal(bestHeading([{ text: "nämnd i texten", style: "Normal" }]), 0);
    assert.equal(bestHeading([]), null);
  });

  test("quotable keeps the analysis of a goal hit, whole text otherwise", () => {
    assert.equal(quotable("Enhetsmål: Mål\n◆ Uppfylls delvis\nAnalys:\nEnheten har  nått\nmålet."), "Enheten har nått målet.");
    assert.equal(quotable("Nämndmål: X\nBeskrivning:\nText."), "Nämndmål: X Beskrivning: Text.");
  });

  test("draftParagraphs drops blank lines", () => {
    assert.deepEqual(draftParagraphs("Ett.\n\nTvå.\r\n  \nTre."), ["Ett.", "Två.", "Tre."]);
  });
});

describe("readDocumentFile", () => {
  test("reads every slice in order, joins them and closes the file", async () => {
    const bytes = Uint8Array.from({ length: 10_000 }, (_, i) => i % 251);
    const log = installOffice({ bytes, sliceSize: 4096 });
    const progress: string[] = [];
    const out = await readDocumentFile((done, total) => progress.push(`${done}/${total}`));
    assert.deepEqual(out, bytes);
    assert.deepEqual(log.slices, [0, 1, 2]);
    assert.equal(log.requestedSlice, 4_194_304);
    assert.deepEqual(progress, ["1/3", "2/3", "3/3"]);
    assert.equal(log.closed, 1);
  });

  test("a failing slice rejects with a Swedish message and still closes the file", async () => {
    const log = installOffice({ bytes: new Uint8Array(9000), sliceSize: 4096, failSlice: 1 });
    await assert.rejects(readDocumentFile(), /Kunde inte läsa dokumentet \(del 2\)/);
    assert.equal(log.closed, 1);
  });
});

describe("Word actions", () => {
  beforeEach(() => installOffice());

  test("selectFinding selects the evidence sentence within the goal", async () => {
    const log = wordMock(DOC);
    assert.equal(await selectFinding(finding()), "evidence");
    assert.deepEqual(log.selected, ["45% av alla inköp är ekologiska."]);
  });

  test("selectFinding falls back to the goal heading when the text is gone", async () => {
    const log = wordMock(DOC);
    const edited = finding({ evidence: [ev("text", "En mening som har skrivits om.")] });
    assert.equal(await selectFinding(edited), "goal");
    assert.equal(log.selected.length, 1);
    assert.equal(await selectFinding(finding({ goal: "Okänt mål", evidence: [] })), "none");
  });

  test("commentText: message, place, both sides with their places, why, what to do", () => {
    const weak = finding({
      severity: "warning",
      suggestion: "Använd tabellens värde.",
      severity_reason: "Varning i stället för fel: svag koppling mellan indikator och mål (säkerhet 60 %).",
    });
    assert.deepEqual(commentText(weak).split("\n"), [
      "vbassist (Varning, VB-TEXT-001): Texten anger 45% men tabellen har 48,84 %.",
      `Plats: ${ANALYS.text}`,
      "• text: 45% av alla inköp är ekologiska.",
      `• Periodens utfall: 48,84 % (${UTFALL.text})`,
      "Varning i stället för fel: svag koppling mellan indikator och mål (säkerhet 60 %).",
      "Förslag: Använd tabellens värde.",
    ]);
  });

  test("addComments: one comment per finding, with severity, rule and suggestion", async () => {
    const log = wordMock(DOC);
    const second = finding({
      id: "VB-STATUS-002#1",
      rule: "VB-STATUS-002",
      severity: "warning",
      message: "Målet är markerat Uppfylls inte men indikatorn når sitt årsmål.",
      suggestion: "Ändra status.",
      evidence: [
        ev("status", "■ Uppfylls inte"),
        ev("Periodens utfall", "48,84 %"),
      ],
    });
    const result = await addComments([finding(), second]);
    assert.deepEqual(result, { added: 2, notFound: [], refused: null });
    assert.equal(log.comments.length, 2);
    assert.match(log.comments[0]!.text, /^vbassist \(Fel, VB-TEXT-001\): Texten anger 45%/);
    assert.equal(log.comments[1]!.anchor, "48,84 %");
    assert.match(log.comments[1]!.text, /Varning.*\nFörslag: Ändra status\./s);
  });

  test("addComments on a host without WordApi 1.4 refuses without touching the document", async () => {
    installOffice({ wordApi: "1.3" });
    const log = wordMock(DOC);
    const result = await addComments([finding()]);
    assert.match(result.refused ?? "", /kan inte lägga in kommentarer/);
    assert.equal(log.comments.length, 0);
    assert.equal(log.searches.length, 0);
  });

  test("addComments reports a host that throws on insertComment", async () => {
    const log = wordMock(DOC);
    const g2 = g.Word as AnyObj;
    let syncs = 0;
    const realSync = g2.context.sync.bind(g2.context);
    g2.context.sync = async () => {
      syncs += 1;
      if (syncs === 4) throw new Error("AccessDenied");
      return realSync();
    };
    const result = await addComments([finding()]);
    assert.match(result.refused ?? "", /Word tog inte emot kommentarerna: AccessDenied/);
    assert.equal(log.comments.length, 1, "the comment was queued; Word refused it");
  });

  test("findGoalAtCursor returns the enhetsmål above the cursor", async () => {
    wordMock(DOC, { selectionAt: 9 });
    assert.deepEqual(await findGoalAtCursor(), {
      title: "Enheten köper i ökad utsträckning in ekologiska livsmedel.",
      paragraph: "Enhetsmål: Enheten köper i ökad utsträckning in ekologiska livsmedel.",
    });
    wordMock(DOC, { selectionAt: 4 });
    assert.equal(await findGoalAtCursor(), null);
  });

  test("insertDraft inserts after Analys with tracking on and restores the user's mode", async () => {
    const log = wordMock(DOC, { trackingMode: "TrackMineOnly" });
    const result = await insertDraft("Enheten köper i ökad utsträckning in ekologiska livsmedel.", "Första.\n\nAndra.");
    assert.deepEqual(result, { paragraphs: 2, underAnalys: true, restoredMode: "TrackMineOnly" });
    assert.deepEqual(
      log.inserted.map((i) => [i.text, i.after, i.mode]),
      [
        ["Första.", "Analys", "TrackAll"],
        ["Andra.", "Första.", "TrackAll"],
      ],
    );
    assert.equal(log.inserted[0]!.style, "Normal", "the analysis text's style, not the heading's");
    assert.equal((g.Word as AnyObj).context.document.changeTrackingMode, "TrackMineOnly");
  });

  test("insertDraft restores the mode even when Word refuses the insert", async () => {
    wordMock(DOC, { trackingMode: "Off" });
    const w = g.Word as AnyObj;
    let syncs = 0;
    const realSync = w.context.sync.bind(w.context);
    w.context.sync = async () => {
      syncs += 1;
      if (syncs === 3) throw new Error("InsertDenied");
      return realSync();
    };
    await assert.rejects(insertDraft("Enheten köper i ökad", "Text."), /InsertDenied/);
    assert.equal(w.context.document.changeTrackingMode, "Off");
  });

  test("insertDraft refuses on hosts without change tracking and for unknown goals", async () => {
    installOffice({ wordApi: "1.3" });
    wordMock(DOC);
    await assert.rejects(insertDraft("Enheten köper", "Text."), /spårad ändring/);
    installOffice();
    wordMock(DOC);
    await assert.rejects(insertDraft("Ett mål som inte finns", "Text."), /Hittade inte enhetsmålet/);
    await assert.rejects(insertDraft("Enheten köper", " \n "), /tomt/);
  });
});
