// Word actions: one exported function per action, each one `Word.run`. Every action queues its
// work and syncs a fixed number of times, however long the document is: a sync per paragraph
// freezes Word on the web on a 100-page report.

import type { Finding, Place } from "./api";

/** Word's search accepts at most 255 characters; we keep well below. */
export const SEARCH_MAX = 200;
export const SLICE_SIZE = 4_194_304;

const GOAL_LABEL = /^\s*Enhetsmål\s*:\s*/i;
// A paragraph that starts a goal of a higher level ends the walk back: the cursor is not in an
// enhetsmål then.
const HIGHER_GOAL = /^\s*(Nämndmål\s*:|KF:s\s)/i;
const ANALYS_HEADING = /^\s*Analys\s*:?\s*$/i;

// ---------------------------------------------------------------------------------------------
// Pure helpers (unit-tested directly)

/** The text to hand to Word's search: one line, without Word's special `^` codes, cut at a word
 * boundary near SEARCH_MAX, without the service's truncation ellipsis. */
export function searchKey(text: string, max = SEARCH_MAX): string {
  let key = text.split(/[\r\n\t\u000b]/)[0] ?? "";
  key = key.replace(/\^/g, " ").replace(/[…]+\s*$/, "").replace(/\s+/g, " ").trim();
  if (key.length > max) {
    const cut = key.slice(0, max);
    const space = cut.lastIndexOf(" ");
    key = (space > max / 2 ? cut.slice(0, space) : cut).trim();
  }
  return key;
}

/** The evidence text most likely to be found in the document: a sentence from the running
 * text first, else the longest quoted cell or line. */
export function evidenceText(finding: Finding): string | null {
  const texts = finding.evidence.filter((e) => typeof e.text === "string" && e.text.trim().length > 0);
  const sentence = texts.find((e) => e.label === "text" || (e.location?.start ?? null) !== null);
  if (sentence) return searchKey(sentence.text);
  // status markers are written with symbols that conversions drop; prefer any other evidence
  const others = texts.filter((e) => e.label !== "status");
  const pool = others.length > 0 ? others : texts;
  if (pool.length === 0) return null;
  const first = pool[0];
  return first ? searchKey(first.text) : null;
}

/** "Enhetsmål: Barn får ..." -> "Barn får ..."; null when the paragraph does not start a goal. */
export function enhetsmalTitle(paragraph: string): string | null {
  if (!GOAL_LABEL.test(paragraph)) return null;
  const title = paragraph.replace(GOAL_LABEL, "").trim();
  return title.length > 0 ? title : null;
}

/** Walks back from the cursor's paragraph (the last one) to the paragraph starting the goal. */
export function goalBeforeCursor(paragraphs: string[]): { index: number; title: string } | null {
  for (let i = paragraphs.length - 1; i >= 0; i--) {
    const text = paragraphs[i] ?? "";
    const title = enhetsmalTitle(text);
    if (title) return { index: i, title };
    if (HIGHER_GOAL.test(text)) return null;
  }
  return null;
}

function normalize(text: string): string {
  return text.replace(/\s+/g, " ").trim().toLowerCase();
}

/** Index of the goal's paragraph and of its "Analys" heading (null when the goal has none). */
export function analysHeadingOf(
  paragraphs: string[],
  goalTitle: string,
): { goal: number; analys: number | null } | null {
  const wanted = normalize(enhetsmalTitle(goalTitle) ?? goalTitle);
  const goal = paragraphs.findIndex((p) => {
    const title = enhetsmalTitle(p);
    if (title === null || /\.{3,}\s*\d*\s*$/.test(p)) return false; // a table-of-contents line
    return normalize(title) === wanted || normalize(title).startsWith(wanted);
  });
  if (goal < 0) return null;
  for (let i = goal + 1; i < paragraphs.length; i++) {
    const text = paragraphs[i] ?? "";
    if (ANALYS_HEADING.test(text)) return { goal, analys: i };
    if (GOAL_LABEL.test(text) || HIGHER_GOAL.test(text)) break;
  }
  return { goal, analys: null };
}

const HEADING_STYLE = /^(heading|rubrik)/i;
const GOAL_START = /^\s*(Enhetsmål|Nämndmål|KF:s)\b/i;

/** Which of the paragraphs holding a goal's title is its heading: a heading style and a goal
 * label count for it, a table-of-contents line ("Mål .....  12") against it. */
export function bestHeading(paragraphs: { text: string; style: string }[]): number | null {
  let best: number | null = null;
  let bestScore = -Infinity;
  paragraphs.forEach((p, i) => {
    let score = 0;
    if (HEADING_STYLE.test(p.style ?? "")) score += 2;
    if (GOAL_START.test(p.text)) score += 1;
    if (/(\.{3,}|\t)\s*\d*\s*$/.test(p.text) || /^toc|^innehåll/i.test(p.style ?? "")) score -= 3;
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  });
  return best;
}

/** The draft as paragraphs to insert, blank lines dropped. */
export function draftParagraphs(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

/** Where a piece of evidence is, beside the finding's own place: only its part when both sit under
 * the same headings, nothing when it is the finding's own spot (as the service's own comments). */
export function evidencePlace(place: Place | null | undefined, within: Place | null | undefined): string {
  if (!place) return "";
  if (within && !place.source && !within.source && place.path.join("\u0000") === within.path.join("\u0000")) {
    return place.part === within.part ? "" : (place.part ?? place.text);
  }
  return place.text;
}

/** The comment for a finding: what is wrong, where, both sides of it, why the severity, what to do. */
export function commentText(finding: Finding): string {
  const severity = { error: "Fel", warning: "Varning", info: "Info" }[finding.severity] ?? "";
  const parts = [`vbassist (${severity}, ${finding.rule}): ${finding.message}`];
  if (finding.place) parts.push(`Plats: ${finding.place.text}`);
  for (const e of finding.evidence) {
    const where = evidencePlace(e.place, finding.place);
    parts.push(`• ${e.label}: ${e.text}${where ? ` (${where})` : ""}`);
  }
  if (finding.severity_reason) parts.push(finding.severity_reason);
  if (finding.suggestion) parts.push(`Förslag: ${finding.suggestion}`);
  return parts.join("\n");
}

/** The passage worth quoting from a search hit: the analysis when the hit carries the goal's
 * heading, status and labels too. */
export function quotable(text: string): string {
  const analys = /(?:^|\n)\s*Analys\s*:?\s*\n([\s\S]+)$/i.exec(text);
  return (analys?.[1] ?? text).replace(/\s+/g, " ").trim();
}

export function quoteText(text: string, source: string): string {
  const clean = text.replace(/\s+/g, " ").trim();
  return `”${clean}” (Källa: ${source})`;
}

// ---------------------------------------------------------------------------------------------
// Reading the open document (Office common API, not Word.run: it has no Word equivalent)

export type Progress = (done: number, total: number) => void;

function sliceAsync(file: Office.File, index: number): Promise<Office.Slice> {
  return new Promise((resolve, reject) => {
    file.getSliceAsync(index, (result) => {
      if (result.status === Office.AsyncResultStatus.Succeeded) resolve(result.value);
      else reject(new Error(`Kunde inte läsa dokumentet (del ${index + 1}): ${result.error.message}`));
    });
  });
}

/** The whole document as .docx bytes: one getFileAsync, every slice in order, file closed after
 * (Word allows one open file per add-in: an unclosed one blocks the next read). */
export function readDocumentFile(onProgress?: Progress): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    Office.context.document.getFileAsync(Office.FileType.Compressed, { sliceSize: SLICE_SIZE }, (result) => {
      if (result.status !== Office.AsyncResultStatus.Succeeded) {
        reject(new Error(`Kunde inte läsa dokumentet: ${result.error.message}`));
        return;
      }
      const file = result.value;
      const close = (): Promise<void> =>
        new Promise((done) => {
          file.closeAsync(() => done());
        });
      (async () => {
        const total = file.sliceCount;
        const parts: Uint8Array[] = [];
        let size = 0;
        for (let i = 0; i < total; i++) {
          const slice = await sliceAsync(file, i);
          const data = slice.data as ArrayLike<number> | ArrayBuffer;
          const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : Uint8Array.from(data);
          parts.push(bytes);
          size += bytes.byteLength;
          onProgress?.(i + 1, total);
        }
        const out = new Uint8Array(size);
        let offset = 0;
        for (const part of parts) {
          out.set(part, offset);
          offset += part.byteLength;
        }
        return out;
      })()
        .then(async (bytes) => {
          await close();
          resolve(bytes);
        })
        .catch(async (err: unknown) => {
          await close();
          reject(err instanceof Error ? err : new Error(String(err)));
        });
    });
  });
}

/** The document's file name for the upload (the service only looks at the extension). */
export function documentFileName(): string {
  try {
    const url = Office.context.document.url;
    const name = url ? decodeURIComponent(url.split(/[\\/]/).pop() ?? "") : "";
    if (/\.docx$/i.test(name)) return name;
  } catch {
    // hosts without a url: fall through
  }
  return "dokument.docx";
}

// ---------------------------------------------------------------------------------------------
// Locating findings: four syncs for any number of findings

export type Placement = "evidence" | "goal" | "none";

interface Located {
  range: Word.Range | null;
  placement: Placement;
}

async function locateFindings(context: Word.RequestContext, findings: Finding[]): Promise<Located[]> {
  const body = context.document.body;

  // 1. every distinct goal title, searched once
  const titles = [...new Set(findings.map((f) => (f.goal ? searchKey(f.goal) : "")).filter((t) => t))];
  const goalSearches = new Map<string, Word.RangeCollection>();
  for (const title of titles) {
    const found = body.search(title, { matchCase: false });
    found.load("items");
    goalSearches.set(title, found);
  }
  await context.sync();

  // 2. the paragraph of each hit: a goal heading ("Enhetsmål: ...") beats a mention in a summary
  const goalParagraphs = new Map<string, Word.Paragraph[]>();
  for (const [title, found] of goalSearches) {
    const paragraphs = found.items.slice(0, 10).map((item) => {
      const p = item.paragraphs.getFirst();
      p.load("text,style");
      return p;
    });
    goalParagraphs.set(title, paragraphs);
  }
  await context.sync();
  const goalHeading = new Map<string, Word.Paragraph>();
  for (const [title, paragraphs] of goalParagraphs) {
    const heading = bestHeading(paragraphs.map((p) => ({ text: p.text, style: p.style })));
    const paragraph = heading === null ? null : paragraphs[heading];
    if (paragraph) goalHeading.set(title, paragraph);
  }

  // 3. the evidence: first within the goal (from its heading to the end of the document), else
  // anywhere in the body
  const end = body.getRange("End");
  const pending = findings.map((finding) => {
    const key = evidenceText(finding);
    const title = finding.goal ? searchKey(finding.goal) : "";
    const heading = goalHeading.get(title) ?? null;
    let inGoal: Word.RangeCollection | null = null;
    let anywhere: Word.RangeCollection | null = null;
    if (key) {
      if (heading) {
        inGoal = heading.getRange("Start").expandTo(end).search(key, { matchCase: false });
        inGoal.load("items");
      }
      anywhere = body.search(key, { matchCase: false });
      anywhere.load("items");
    }
    return { heading, inGoal, anywhere };
  });
  await context.sync();

  return pending.map(({ heading, inGoal, anywhere }) => {
    const hit = inGoal?.items[0] ?? anywhere?.items[0] ?? null;
    if (hit) return { range: hit, placement: "evidence" as const };
    if (heading) return { range: heading.getRange("Whole"), placement: "goal" as const };
    return { range: null, placement: "none" as const };
  });
}

/** Selects the finding's place: its evidence text, else its goal's heading. */
export async function selectFinding(finding: Finding): Promise<Placement> {
  return Word.run(async (context) => {
    const [located] = await locateFindings(context, [finding]);
    if (!located?.range) return "none";
    located.range.select("Select");
    await context.sync();
    return located.placement;
  });
}

export interface CommentResult {
  added: number;
  notFound: string[];
  refused: string | null;
}

export function commentsSupported(): boolean {
  try {
    return Office.context.requirements.isSetSupported("WordApi", "1.4");
  } catch {
    return false;
  }
}

/** Adds one Word comment per finding at its place; a host without comments is reported, not
 * thrown, so the pane keeps its list. */
export async function addComments(findings: Finding[]): Promise<CommentResult> {
  if (!commentsSupported()) {
    return {
      added: 0,
      notFound: [],
      refused: "Den här Word-versionen kan inte lägga in kommentarer från tillägg (kräver WordApi 1.4).",
    };
  }
  return Word.run(async (context) => {
    const located = await locateFindings(context, findings);
    const notFound: string[] = [];
    let added = 0;
    located.forEach((place, i) => {
      const finding = findings[i];
      if (!finding) return;
      if (!place.range) {
        notFound.push(finding.id);
        return;
      }
      place.range.insertComment(commentText(finding));
      added += 1;
    });
    try {
      await context.sync();
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      return { added: 0, notFound, refused: `Word tog inte emot kommentarerna: ${reason}` };
    }
    return { added, notFound, refused: null };
  });
}

// ---------------------------------------------------------------------------------------------
// Drafting

export interface GoalAtCursor {
  title: string;
  paragraph: string;
}

/** The enhetsmål the cursor is in: the paragraphs from the start of the document to the cursor
 * are read in one sync and walked back to "Enhetsmål:". */
export async function findGoalAtCursor(): Promise<GoalAtCursor | null> {
  return Word.run(async (context) => {
    const selection = context.document.getSelection();
    const before = context.document.body.getRange("Start").expandTo(selection.getRange("End"));
    const paragraphs = before.paragraphs;
    paragraphs.load("items/text");
    await context.sync();
    const texts = paragraphs.items.map((p) => p.text);
    const goal = goalBeforeCursor(texts);
    if (!goal) return null;
    return { title: goal.title, paragraph: texts[goal.index] ?? "" };
  });
}

export function trackingSupported(): boolean {
  try {
    return Office.context.requirements.isSetSupported("WordApi", "1.4");
  } catch {
    return false;
  }
}

export interface InsertResult {
  paragraphs: number;
  underAnalys: boolean;
  restoredMode: string;
}

/** Inserts paragraphs after `anchor` as tracked changes, then gives the user back their mode. */
async function insertTracked(
  context: Word.RequestContext,
  anchor: Word.Paragraph,
  texts: string[],
  style: string | null,
): Promise<string> {
  const document = context.document;
  document.load("changeTrackingMode");
  await context.sync();
  const previous = document.changeTrackingMode;
  document.changeTrackingMode = Word.ChangeTrackingMode.trackAll;
  try {
    let after = anchor;
    for (const text of texts) {
      const inserted = after.insertParagraph(text, "After");
      if (style) inserted.style = style;
      else inserted.styleBuiltIn = Word.BuiltInStyleName.normal;
      after = inserted;
    }
    await context.sync();
  } finally {
    document.changeTrackingMode = previous;
    await context.sync();
  }
  return String(previous);
}

/** Inserts the draft right after the goal's "Analys" heading (after the goal heading when the
 * goal has none), with change tracking on so the manager reviews it as a tracked change. */
export async function insertDraft(goalTitle: string, text: string): Promise<InsertResult> {
  if (!trackingSupported()) {
    throw new Error(
      "Den här Word-versionen kan inte infoga text som spårad ändring (kräver WordApi 1.4). Kopiera utkastet i stället.",
    );
  }
  const texts = draftParagraphs(text);
  if (texts.length === 0) throw new Error("Utkastet är tomt.");
  return Word.run(async (context) => {
    const paragraphs = context.document.body.paragraphs;
    paragraphs.load("items/text,items/style");
    await context.sync();
    const all = paragraphs.items;
    const place = analysHeadingOf(
      all.map((p) => p.text),
      goalTitle,
    );
    if (!place) throw new Error("Hittade inte enhetsmålet i dokumentet. Har rubriken ändrats?");
    const anchorIndex = place.analys ?? place.goal;
    const anchor = all[anchorIndex];
    if (!anchor) throw new Error("Hittade inte enhetsmålet i dokumentet.");
    // the analysis text's own style, when the heading is followed by body text
    const next = all[anchorIndex + 1];
    const nextIsBody =
      next !== undefined && !ANALYS_HEADING.test(next.text) && !/^heading|^rubrik/i.test(next.style ?? "");
    const style = nextIsBody && next && next.style ? next.style : null;
    const restoredMode = await insertTracked(context, anchor, texts, style);
    return { paragraphs: texts.length, underAnalys: place.analys !== null, restoredMode };
  });
}

/** Inserts a quote with its source after the paragraph holding the cursor, tracked. */
export async function insertQuote(text: string, source: string): Promise<void> {
  if (!trackingSupported()) {
    throw new Error("Den här Word-versionen kan inte infoga text som spårad ändring (kräver WordApi 1.4).");
  }
  await Word.run(async (context) => {
    const paragraph = context.document.getSelection().paragraphs.getLast();
    paragraph.load("style");
    await context.sync();
    const style = /^heading|^rubrik/i.test(paragraph.style ?? "") ? null : paragraph.style;
    await insertTracked(context, paragraph, [quoteText(quotable(text), source)], style);
  });
}
