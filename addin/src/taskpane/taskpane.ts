// The task pane: four panels (Granska, Utkast, Sök, Inställningar) over the Word actions in
// word.ts and the service client in api.ts. Text from the service is only ever set as
// textContent, never as HTML.

import {
  type Citation,
  type DraftResponse,
  type Finding,
  type Place,
  type SearchHit,
  type ServiceSettings,
  type Severity,
  ServiceError,
  VbassistClient,
  loadSettings,
  saveSettings,
} from "./api";
import {
  type GoalAtCursor,
  addComments,
  documentFileName,
  findGoalAtCursor,
  insertDraft,
  insertQuote,
  readDocumentFile,
  selectFinding,
} from "./word";

// ---------------------------------------------------------------------------------------------
// Pure view helpers (unit-tested)

export const SEVERITY_LABEL: Record<Severity, string> = { error: "Fel", warning: "Varning", info: "Info" };
const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
export const NO_GOAL = "Övrigt";

export interface FindingGroup {
  goal: string;
  findings: Finding[];
}

/** Findings grouped by goal in document order, the most severe first within a goal. */
export function groupFindings(findings: Finding[]): FindingGroup[] {
  const groups = new Map<string, { first: number; findings: Finding[] }>();
  for (const finding of findings) {
    const goal = finding.goal?.trim() || NO_GOAL;
    const block = finding.location?.block ?? Number.MAX_SAFE_INTEGER;
    const group = groups.get(goal);
    if (group) {
      group.findings.push(finding);
      group.first = Math.min(group.first, block);
    } else {
      groups.set(goal, { first: block, findings: [finding] });
    }
  }
  return [...groups.entries()]
    .sort((a, b) => a[1].first - b[1].first)
    .map(([goal, group]) => ({
      goal,
      findings: [...group.findings].sort(
        (a, b) =>
          SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
          (a.location?.block ?? 0) - (b.location?.block ?? 0),
      ),
    }));
}

export function countBySeverity(findings: Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity] = (counts[f.severity] ?? 0) + 1;
  return counts;
}

const norm = (text: string): string => text.replace(/\s+/g, " ").trim().toLowerCase();

/** Where a finding is, shown under its goal's heading: the part under that heading ("Analys,
 * stycke 2") when the place sits under the goal, else the whole place ("Uppföljning av ekonomi ›
 * … › Totalt, rad "Summa intäkter", kolumn Avvikelse"); null without a place. */
export function placeLine(place: Place | null | undefined, goal: string): string | null {
  if (!place) return null;
  const last = place.path[place.path.length - 1] ?? "";
  const underGoal = goal !== NO_GOAL && norm(last).includes(norm(goal));
  if (underGoal && !place.source) return place.part ?? "rubriken";
  return place.text;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function summaryText(findings: Finding[]): string {
  if (findings.length === 0) return "Inga fynd. Granskningen hittade inget att anmärka på.";
  const c = countBySeverity(findings);
  return `${plural(findings.length, "fynd", "fynd")}: ${plural(c.error, "fel", "fel")}, ${plural(
    c.warning,
    "varning",
    "varningar",
  )}, ${c.info} info.`;
}

/** "Familjehemsenheten, VB 2024, Enhetsmål: ..." from a search hit's or citation's metadata. */
export function sourceLabel(meta: Record<string, unknown>): string {
  const str = (key: string): string => {
    const v = meta[key];
    return typeof v === "string" || typeof v === "number" ? String(v).trim() : "";
  };
  const doc = [str("kind"), str("year")].filter(Boolean).join(" ");
  const parts = [str("unit") || str("district"), doc, str("goal")].filter(Boolean);
  if (parts.length === 0) return str("source") || "okänd källa";
  return parts.join(", ");
}

export function citationLabel(c: Citation): string {
  return sourceLabel({ unit: c.unit ?? "", kind: c.kind ?? "", year: c.year ?? "", goal: c.goal ?? "", source: c.source ?? "" });
}

export function verificationLines(draft: DraftResponse): { ok: boolean; lines: string[] } {
  const v = draft.verification;
  const lines: string[] = [];
  const checked = v.checked_numbers ?? 0;
  if (v.ok) {
    lines.push(`Alla ${checked} siffror i utkastet finns i underlaget.`);
  } else {
    const unsupported = v.unsupported ?? [];
    if (unsupported.length > 0) {
      lines.push(`Siffror utan stöd i underlaget: ${unsupported.map((u) => u.raw).join(", ")}. Kontrollera dem.`);
    }
    for (const f of v.findings ?? []) lines.push(f);
    if (lines.length === 0) lines.push("Utkastet klarade inte kontrollen. Läs det noga.");
  }
  for (const note of v.notes ?? []) lines.push(note);
  const masked = draft.masked ?? [];
  if (masked.length > 0) lines.push(`${masked.length} personuppgifter maskerades innan texten skickades.`);
  return { ok: v.ok, lines };
}

const STATUS_LABEL: Record<string, string> = {
  helt: "Uppfylls helt",
  delvis: "Uppfylls delvis",
  inte: "Uppfylls inte",
  inga_data: "Inga data",
};

export function statusLabel(status: string | null | undefined): string | null {
  if (!status) return null;
  return STATUS_LABEL[status] ?? status;
}

// ---------------------------------------------------------------------------------------------
// DOM

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { className?: string; text?: string } = {},
  children: (Node | string)[] = [],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.text !== undefined) node.textContent = props.text;
  for (const child of children) node.append(child);
  return node;
}

function byId<T extends HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`#${id} saknas i taskpane.html`);
  return node as T;
}

function setStatus(message: string, kind: "info" | "error" = "info"): void {
  const status = byId<HTMLParagraphElement>("status");
  status.textContent = message;
  status.classList.toggle("error", kind === "error");
}

/** null hides the bar, "busy" shows it without a value (indeterminate), a number is percent. */
function setProgress(value: number | "busy" | null): void {
  const bar = byId<HTMLProgressElement>("progress");
  if (value === null) {
    bar.hidden = true;
    return;
  }
  bar.hidden = false;
  if (value === "busy") bar.removeAttribute("value");
  else bar.value = Math.max(0, Math.min(100, value));
}

function messageOf(err: unknown): string {
  if (err instanceof ServiceError) return err.message;
  if (err instanceof Error) {
    // Office errors carry a code; the message is already in the user's Office language
    return err.message || "Något gick fel.";
  }
  return String(err);
}

/** Runs a user action: one at a time, buttons disabled, errors shown in the status line. */
async function busy(buttons: HTMLButtonElement[], action: () => Promise<void>): Promise<void> {
  buttons.forEach((b) => (b.disabled = true));
  try {
    await action();
  } catch (err) {
    setProgress(null);
    setStatus(messageOf(err), "error");
  } finally {
    buttons.forEach((b) => (b.disabled = false));
  }
}

function client(): VbassistClient {
  return new VbassistClient(currentSettings);
}

let currentSettings: ServiceSettings = { serviceUrl: "", token: "" };

async function readWithProgress(share: number): Promise<Uint8Array> {
  setStatus("Läser dokumentet …");
  setProgress(0);
  return readDocumentFile((done, total) => setProgress((done / total) * share));
}

// ---- tabs -------------------------------------------------------------------------------------

function setupTabs(): void {
  const tabs = [...document.querySelectorAll<HTMLButtonElement>('[role="tab"]')];
  const activate = (tab: HTMLButtonElement, focus: boolean): void => {
    for (const t of tabs) {
      const selected = t === tab;
      t.setAttribute("aria-selected", String(selected));
      t.tabIndex = selected ? 0 : -1;
      const panel = document.getElementById(t.getAttribute("aria-controls") ?? "");
      if (panel) panel.hidden = !selected;
    }
    if (focus) tab.focus();
  };
  tabs.forEach((tab, i) => {
    tab.addEventListener("click", () => activate(tab, false));
    tab.addEventListener("keydown", (event) => {
      const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
      if (step !== undefined) {
        event.preventDefault();
        const next = tabs[(i + step + tabs.length) % tabs.length];
        if (next) activate(next, true);
      } else if (event.key === "Home" || event.key === "End") {
        event.preventDefault();
        const next = event.key === "Home" ? tabs[0] : tabs[tabs.length - 1];
        if (next) activate(next, true);
      }
    });
  });
}

// ---- Granska ----------------------------------------------------------------------------------

let lastFindings: Finding[] = [];

function renderFindings(findings: Finding[]): void {
  const results = byId<HTMLDivElement>("check-results");
  results.replaceChildren();
  const summary = byId<HTMLDivElement>("check-summary");
  summary.hidden = false;
  summary.textContent = summaryText(findings);
  byId<HTMLButtonElement>("check-comments").hidden = findings.length === 0;
  for (const group of groupFindings(findings)) {
    const list = el("ul");
    for (const finding of group.findings) {
      const button = el("button", { className: `finding ${finding.severity}` }, [
        el("span", { className: `badge ${finding.severity}`, text: SEVERITY_LABEL[finding.severity] }),
        el("span", { className: "message", text: finding.message }),
      ]);
      const where = placeLine(finding.place, group.goal);
      if (where) {
        const line = el("span", { className: "place", text: where });
        if (finding.place?.quote) line.append(el("q", { text: finding.place.quote }));
        button.append(line);
      }
      if (finding.severity_reason) button.append(el("span", { className: "reason", text: finding.severity_reason }));
      if (finding.suggestion) button.append(el("span", { className: "suggestion", text: finding.suggestion }));
      button.append(el("span", { className: "rule", text: ` ${finding.rule}` }));
      // read out by screen readers after the finding itself: what pressing the button does
      button.append(el("span", { className: "sr-only", text: " Markera stället i dokumentet." }));
      button.type = "button";
      button.dataset.findingId = finding.id;
      button.addEventListener("click", () => {
        // the finding last shown in the document stays marked in the list
        for (const other of results.querySelectorAll<HTMLButtonElement>("button.finding[aria-current]")) {
          other.removeAttribute("aria-current");
        }
        button.setAttribute("aria-current", "true");
        void busy([], async () => {
          const placement = await selectFinding(finding);
          setStatus(
            placement === "evidence"
              ? "Markerade stället i dokumentet."
              : placement === "goal"
                ? "Hittade inte den exakta texten; markerade målets rubrik."
                : "Hittade inte stället i dokumentet.",
            placement === "none" ? "error" : "info",
          );
        });
      });
      list.append(el("li", {}, [button]));
    }
    const section = el("section", { className: "group" }, [el("h3", { text: group.goal }), list]);
    results.append(section);
  }
}

async function runCheck(): Promise<void> {
  const bytes = await readWithProgress(40);
  setStatus("Granskar dokumentet …");
  setProgress("busy");
  const response = await client().check(bytes, documentFileName());
  lastFindings = response.documents.flatMap((d) => d.findings);
  setProgress(null);
  renderFindings(lastFindings);
  setStatus(`Granskningen är klar. ${summaryText(lastFindings)}`);
}

async function runComments(): Promise<void> {
  setStatus("Lägger in kommentarer …");
  setProgress("busy");
  const result = await addComments(lastFindings);
  setProgress(null);
  if (result.refused) {
    setStatus(`${result.refused} Listan finns kvar här.`, "error");
    return;
  }
  const missing = result.notFound.length > 0 ? ` ${result.notFound.length} fynd kunde inte placeras.` : "";
  setStatus(`${plural(result.added, "kommentar inlagd", "kommentarer inlagda")}.${missing}`);
}

// ---- Utkast -----------------------------------------------------------------------------------

let draftGoal: GoalAtCursor | null = null;

function renderDraft(goal: GoalAtCursor, draft: DraftResponse): void {
  byId("draft-result").hidden = false;
  byId("draft-goal").textContent = goal.title;
  byId<HTMLTextAreaElement>("draft-text").value = draft.text;

  const verification = byId<HTMLDivElement>("draft-verification");
  const { ok, lines } = verificationLines(draft);
  verification.className = `verification ${ok ? "ok" : "bad"}`;
  const status = statusLabel(draft.status);
  const suggested = statusLabel(draft.suggested_status);
  const head =
    suggested && suggested !== status
      ? `Status i dokumentet: ${status ?? "ingen"}. Underlaget tyder på: ${suggested}.`
      : `Status: ${status ?? suggested ?? "ingen"}.`;
  verification.replaceChildren(el("strong", { text: ok ? "Kontrollerat. " : "Kontrollera. " }), head, el("ul", {}, lines.map((l) => el("li", { text: l }))));

  const gaps = byId<HTMLDivElement>("draft-gaps");
  gaps.replaceChildren();
  const toFill = draft.gaps ?? [];
  if (toFill.length > 0) {
    gaps.append(el("h3", { text: "Att fylla i" }), el("ul", {}, toFill.map((g) => el("li", { text: g }))));
  }

  const citations = byId<HTMLUListElement>("draft-citations");
  citations.replaceChildren();
  const cited = draft.citations ?? [];
  if (cited.length === 0) citations.append(el("li", { text: "Inga källor i korpusen för det här målet." }));
  for (const c of cited) {
    citations.append(el("li", {}, [el("span", { className: "source", text: citationLabel(c) }), c.snippet]));
  }
}

async function runDraft(): Promise<void> {
  setStatus("Letar efter enhetsmålet vid markören …");
  const goal = await findGoalAtCursor();
  if (!goal) {
    setStatus("Ställ markören i ett enhetsmål (under en rubrik som börjar med ”Enhetsmål:”) och försök igen.", "error");
    return;
  }
  draftGoal = goal;
  const bytes = await readWithProgress(40);
  setStatus(`Skriver utkast för ”${goal.title}” …`);
  setProgress("busy");
  const draft = await client().draft(bytes, documentFileName(), goal.title);
  setProgress(null);
  renderDraft(goal, draft);
  setStatus("Utkastet är klart. Läs det, fyll i luckorna och infoga.");
}

async function runInsertDraft(): Promise<void> {
  if (!draftGoal) return;
  const text = byId<HTMLTextAreaElement>("draft-text").value;
  const result = await insertDraft(draftGoal.title, text);
  setStatus(
    result.underAnalys
      ? "Utkastet är infogat under Analys som spårad ändring."
      : "Målet saknar rubriken Analys; utkastet är infogat efter målets rubrik som spårad ändring.",
  );
}

// ---- Sök --------------------------------------------------------------------------------------

function renderHits(hits: SearchHit[]): void {
  const list = byId<HTMLOListElement>("search-results");
  list.replaceChildren();
  for (const hit of hits) {
    const source = sourceLabel(hit.metadata ?? {});
    const insert = el("button", { className: "secondary", text: "Infoga citat" });
    insert.type = "button";
    insert.setAttribute("aria-label", `Infoga citat från ${source}`);
    insert.addEventListener("click", () => {
      void busy([insert], async () => {
        await insertQuote(hit.text, source);
        setStatus("Citatet är infogat efter markören som spårad ändring.");
      });
    });
    list.append(
      el("li", {}, [el("span", { className: "source", text: source }), el("span", { className: "hit-text", text: hit.text }), insert]),
    );
  }
}

async function runSearch(): Promise<void> {
  const query = byId<HTMLInputElement>("search-q").value.trim();
  if (!query) {
    setStatus("Skriv något att söka efter.", "error");
    return;
  }
  setStatus("Söker …");
  setProgress("busy");
  const response = await client().search(query, 8, {
    unit: byId<HTMLInputElement>("search-unit").value,
    year: byId<HTMLInputElement>("search-year").value,
    kind: byId<HTMLSelectElement>("search-kind").value,
  });
  setProgress(null);
  renderHits(response.hits);
  setStatus(response.hits.length === 0 ? "Inga träffar." : `${plural(response.hits.length, "träff", "träffar")}.`);
}

// ---- Inställningar ----------------------------------------------------------------------------

function setupSettings(): void {
  currentSettings = loadSettings(window.location.href);
  const url = byId<HTMLInputElement>("settings-url");
  const token = byId<HTMLInputElement>("settings-token");
  url.value = currentSettings.serviceUrl;
  token.value = currentSettings.token;
  byId<HTMLFormElement>("settings-form").addEventListener("submit", (event) => {
    event.preventDefault();
    void busy([], async () => {
      const where = await saveSettings({ serviceUrl: url.value, token: token.value });
      currentSettings = loadSettings(window.location.href);
      setStatus(where === "roaming" ? "Inställningarna är sparade." : "Inställningarna är sparade i webbläsaren.");
    });
  });
  const test = byId<HTMLButtonElement>("settings-test");
  test.addEventListener("click", () => {
    void busy([test], async () => {
      const probe = new VbassistClient({ serviceUrl: url.value.trim(), token: token.value.trim() });
      const health = await probe.health();
      const version = typeof health.version === "string" ? ` (version ${health.version})` : "";
      setStatus(`Anslutningen fungerar${version}.`);
    });
  });
}

// ---------------------------------------------------------------------------------------------

function start(): void {
  setupTabs();
  setupSettings();
  const check = byId<HTMLButtonElement>("check-run");
  const comments = byId<HTMLButtonElement>("check-comments");
  check.addEventListener("click", () => void busy([check, comments], runCheck));
  comments.addEventListener("click", () => void busy([check, comments], runComments));
  const draft = byId<HTMLButtonElement>("draft-run");
  const insert = byId<HTMLButtonElement>("draft-insert");
  draft.addEventListener("click", () => void busy([draft, insert], runDraft));
  insert.addEventListener("click", () => void busy([draft, insert], runInsertDraft));
  const search = byId<HTMLButtonElement>("search-run");
  byId<HTMLFormElement>("search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    void busy([search], runSearch);
  });
  document.body.dataset.ready = "true";
}

if (typeof document !== "undefined" && typeof window !== "undefined") {
  if (typeof Office !== "undefined" && typeof Office.onReady === "function") {
    void Office.onReady((info) => {
      start();
      if (info.host !== Office.HostType.Word) {
        setStatus("vbassist fungerar bara i Word.", "error");
      }
    });
  } else {
    document.addEventListener("DOMContentLoaded", () => {
      start();
      setStatus("Office.js kunde inte laddas. Öppna tillägget från Word.", "error");
    });
  }
}
