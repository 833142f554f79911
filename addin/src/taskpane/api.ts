// The vbassist service API as the task pane uses it, and the add-in's own settings (service URL
// and token). Settings live in Office roamingSettings (per user, never in the document) with a
// localStorage fallback for hosts or test pages without them.

import type { components } from "./api-schema";

// The service's answers, as its OpenAPI schema describes them: generated at build time from
// addin/openapi.json (the service's /openapi.json), never written by hand, so the pane and the
// service cannot drift apart (docs/addin.md).
type Schemas = components["schemas"];
export type Location = Schemas["Location"];
export type Place = Schemas["Place"];
export type Evidence = Schemas["Evidence"];
export type Finding = Schemas["Finding"];
export type Severity = Finding["severity"];
export type CheckDocument = Schemas["CheckedDocument"];
export type CheckResponse = Schemas["CheckResult"];
export type Citation = Schemas["Citation"];
export type UnsupportedNumber = Schemas["UnsupportedNumber"];
export type Verification = Schemas["Verification"];
export type DraftResponse = Schemas["Draft"];
export type SearchHit = Schemas["SearchHit"];
export type SearchResponse = Schemas["SearchResponse"];
export type HealthResponse = Schemas["HealthResponse"];

export interface SearchFilters {
  unit?: string;
  year?: string;
  kind?: string;
}

export interface ServiceSettings {
  serviceUrl: string;
  token: string;
}

/** A failure to show the user as is: the message is Swedish. */
export class ServiceError extends Error {
  constructor(
    message: string,
    readonly status: number | null = null,
    readonly code: string | null = null,
  ) {
    super(message);
    this.name = "ServiceError";
  }
}

const SETTING_URL = "vbassist.serviceUrl";
const SETTING_TOKEN = "vbassist.token";

/** Where the pane was loaded from is the best default: the service serves it under /addin/. */
export function defaultServiceUrl(href: string): string {
  try {
    const url = new URL(href);
    if (url.protocol === "http:" || url.protocol === "https:") return url.origin;
  } catch {
    // not a URL (tests, about:blank): fall through
  }
  return "";
}

function roamingSettings(): Office.RoamingSettings | null {
  try {
    const rs = typeof Office !== "undefined" ? Office.context?.roamingSettings : undefined;
    return rs ?? null;
  } catch {
    return null;
  }
}

function storage(): Storage | null {
  try {
    return typeof localStorage !== "undefined" ? localStorage : null;
  } catch {
    return null;
  }
}

export function loadSettings(href: string): ServiceSettings {
  const rs = roamingSettings();
  const store = storage();
  const read = (key: string): string => {
    const fromRoaming = rs?.get(key) as unknown;
    if (typeof fromRoaming === "string") return fromRoaming;
    return store?.getItem(key) ?? "";
  };
  return {
    serviceUrl: read(SETTING_URL) || defaultServiceUrl(href),
    token: read(SETTING_TOKEN),
  };
}

/** Saves to roamingSettings when the host has them, else to localStorage. */
export function saveSettings(settings: ServiceSettings): Promise<"roaming" | "local"> {
  const clean: ServiceSettings = {
    serviceUrl: settings.serviceUrl.trim().replace(/\/+$/, ""),
    token: settings.token.trim(),
  };
  const rs = roamingSettings();
  if (rs) {
    rs.set(SETTING_URL, clean.serviceUrl);
    rs.set(SETTING_TOKEN, clean.token);
    return new Promise((resolve, reject) => {
      rs.saveAsync((result) => {
        if (result.status === Office.AsyncResultStatus.Succeeded) resolve("roaming");
        else reject(new ServiceError("Inställningarna kunde inte sparas i Office."));
      });
    });
  }
  const store = storage();
  store?.setItem(SETTING_URL, clean.serviceUrl);
  store?.setItem(SETTING_TOKEN, clean.token);
  return Promise.resolve("local");
}

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

/** A thin client over /v1/: one method per endpoint, Swedish errors. */
export class VbassistClient {
  constructor(
    private readonly settings: ServiceSettings,
    private readonly fetchImpl: Fetch = (input, init) => fetch(input, init),
    private readonly timeoutMs = 120_000,
  ) {}

  private url(path: string): string {
    const base = this.settings.serviceUrl.replace(/\/+$/, "");
    if (!base) throw new ServiceError("Ange tjänstens adress under Inställningar.");
    return `${base}${path}`;
  }

  private headers(): Record<string, string> {
    const headers: Record<string, string> = { Accept: "application/json" };
    if (this.settings.token) headers.Authorization = `Bearer ${this.settings.token}`;
    return headers;
  }

  private async request<T>(path: string, init: RequestInit): Promise<T> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    let response: Response;
    try {
      response = await this.fetchImpl(this.url(path), {
        ...init,
        headers: { ...this.headers(), ...(init.headers as Record<string, string> | undefined) },
        signal: controller.signal,
      });
    } catch (err) {
      if (err instanceof ServiceError) throw err;
      if (controller.signal.aborted) {
        throw new ServiceError("Tjänsten svarade inte i tid. Försök igen eller med en kortare text.");
      }
      throw new ServiceError(
        "Kunde inte nå vbassist-tjänsten. Kontrollera adressen under Inställningar och att tjänsten är igång.",
      );
    } finally {
      clearTimeout(timer);
    }
    if (!response.ok) throw await errorFrom(response);
    return (await response.json()) as T;
  }

  health(): Promise<HealthResponse> {
    return this.request("/v1/health", { method: "GET" });
  }

  check(docx: Uint8Array, filename: string): Promise<CheckResponse> {
    const form = new FormData();
    form.append("file", docxBlob(docx), filename);
    return this.request("/v1/check", { method: "POST", body: form });
  }

  draft(docx: Uint8Array, filename: string, goal: string): Promise<DraftResponse> {
    const form = new FormData();
    form.append("file", docxBlob(docx), filename);
    form.append("goal", goal);
    return this.request("/v1/draft", { method: "POST", body: form });
  }

  search(query: string, k: number, filters: SearchFilters): Promise<SearchResponse> {
    const params = new URLSearchParams({ q: query, k: String(k) });
    for (const [key, value] of Object.entries(filters)) {
      if (typeof value === "string" && value.trim()) params.set(key, value.trim());
    }
    return this.request(`/v1/search?${params.toString()}`, { method: "GET" });
  }
}

const DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

function docxBlob(docx: Uint8Array): Blob {
  // Copy into a plain ArrayBuffer: a view over a shared or larger buffer would send extra bytes.
  const copy = new Uint8Array(docx.byteLength);
  copy.set(docx);
  return new Blob([copy.buffer], { type: DOCX_MIME });
}

/** Turns an error response into a message for the user; the service's own Swedish text wins. */
export async function errorFrom(response: Response): Promise<ServiceError> {
  let detail: unknown = null;
  try {
    detail = await response.json();
  } catch {
    detail = null;
  }
  const { message, code } = messageOf(detail);
  if (message) return new ServiceError(message, response.status, code);
  switch (response.status) {
    case 401:
    case 403:
      return new ServiceError(
        "Tjänsten kräver en giltig nyckel (token). Ange den under Inställningar.",
        response.status,
        code,
      );
    case 413:
      return new ServiceError("Dokumentet är för stort för tjänsten.", response.status, code);
    case 429:
      return new ServiceError("Tjänsten är upptagen. Försök igen om en stund.", response.status, code);
    default:
      return new ServiceError(`Tjänsten svarade med fel ${response.status}.`, response.status, code);
  }
}

function messageOf(body: unknown): { message: string | null; code: string | null } {
  if (!body || typeof body !== "object") return { message: null, code: null };
  const record = body as Record<string, unknown>;
  const code = typeof record.code === "string" ? record.code : null;
  if (typeof record.message === "string") return { message: record.message, code };
  const detail = record.detail ?? record.error;
  if (typeof detail === "string") return { message: detail, code };
  if (detail && typeof detail === "object" && !Array.isArray(detail)) {
    const inner = messageOf(detail);
    return { message: inner.message, code: inner.code ?? code };
  }
  if (Array.isArray(detail) && detail.length > 0) {
    // FastAPI validation errors: a list of {msg, loc}
    const first = detail[0] as Record<string, unknown>;
    if (typeof first.msg === "string") return { message: `Ogiltig begäran: ${first.msg}`, code };
  }
  return { message: null, code };
}
