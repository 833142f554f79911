// A Word test double for the end-to-end tests, injected into the task pane right after the real
// office.js (from @microsoft/office-js), which outside an Office host defines only the common
// namespace. It holds one real .docx: its bytes for getFileAsync and its paragraphs (document
// order, table cells included) for search, select, comments and inserts.
//
// It keeps the proxy rules that matter for correctness: a property is readable only after
// load() and a later context.sync() (else it throws like Word's PropertyNotLoaded), search text
// over 255 characters is refused, only one file may be open at a time. It counts syncs so a test
// can see that an action does not sync per paragraph.
/* global window */
(function () {
  "use strict";
  const input = window.__WORD_DOUBLE_INPUT__;
  if (!input) throw new Error("word-double: window.__WORD_DOUBLE_INPUT__ missing");

  let nextId = 1;
  const state = {
    paragraphs: input.paragraphs.map((p) => ({ id: nextId++, text: p.text, style: p.style || "Normal", inserted: false, tracked: false })),
    selection: null,
    comments: [],
    trackingMode: input.trackingMode || "Off",
    trackingLog: [],
    syncs: 0,
    runs: 0,
    openFiles: 0,
    filesRead: 0,
    slicesRead: 0,
    maxSlice: input.maxSlice || 4194304,
    supported: input.supported || { WordApi: "1.4" },
  };

  function base64ToBytes(b64) {
    const bin = atob(b64);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }
  const fileBytes = base64ToBytes(input.docxBase64);

  const indexOf = (p) => state.paragraphs.indexOf(p);

  // A range: from (paragraph, offset) to (paragraph, offset), end exclusive.
  function rangeOfParagraph(p) {
    return { sp: p, so: 0, ep: p, eo: p.text.length };
  }
  function rangeText(r) {
    const a = indexOf(r.sp);
    const b = indexOf(r.ep);
    if (a < 0 || b < 0) return "";
    if (a === b) return r.sp.text.slice(r.so, r.eo);
    const parts = [r.sp.text.slice(r.so)];
    for (let i = a + 1; i < b; i++) parts.push(state.paragraphs[i].text);
    parts.push(r.ep.text.slice(0, r.eo));
    return parts.join("\r");
  }
  function paragraphsIn(r) {
    const a = indexOf(r.sp);
    const b = indexOf(r.ep);
    return state.paragraphs.slice(a, b + 1);
  }

  class RequestContext {
    constructor() {
      this._pending = [];
      this.document = new WordDocument(this);
    }
    _load(proxy) {
      this._pending.push(proxy);
    }
    sync() {
      state.syncs += 1;
      for (const proxy of this._pending) proxy._synced = true;
      this._pending = [];
      return Promise.resolve();
    }
    trackedObjects = { add() {}, remove() {} };
  }

  class Proxy {
    constructor(ctx) {
      this.context = ctx;
      this._loaded = false;
      this._synced = false;
    }
    load() {
      this._loaded = true;
      this._synced = false;
      this.context._load(this);
      return this;
    }
    _read(name) {
      if (!this._loaded || !this._synced) {
        throw new Error(
          `PropertyNotLoaded: The property '${name}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
        );
      }
    }
  }

  class WordDocument extends Proxy {
    constructor(ctx) {
      super(ctx);
      this.body = new Body(ctx);
    }
    get changeTrackingMode() {
      this._read("changeTrackingMode");
      return state.trackingMode;
    }
    set changeTrackingMode(mode) {
      state.trackingMode = mode;
      state.trackingLog.push(mode);
    }
    getSelection() {
      const sel = state.selection || { sp: state.paragraphs[0], so: 0, ep: state.paragraphs[0], eo: 0 };
      return new Range(this.context, { ...sel });
    }
  }

  function searchIn(ctx, r, text, options) {
    if (typeof text !== "string" || text.length === 0 || text.length > 255) {
      throw new Error("SearchStringInvalidOrTooLong: The search string is invalid or exceeds 255 characters.");
    }
    const matchCase = !!(options && options.matchCase);
    const needle = matchCase ? text : text.toLowerCase();
    const hits = [];
    const a = indexOf(r.sp);
    const b = indexOf(r.ep);
    for (let i = a; i <= b; i++) {
      const p = state.paragraphs[i];
      const from = i === a ? r.so : 0;
      const to = i === b ? r.eo : p.text.length;
      const hay = matchCase ? p.text : p.text.toLowerCase();
      let at = hay.indexOf(needle, from);
      while (at >= 0 && at + needle.length <= to) {
        if (!(options && options.matchWholeWord) || wholeWord(p.text, at, needle.length)) {
          hits.push({ sp: p, so: at, ep: p, eo: at + needle.length });
        }
        at = hay.indexOf(needle, at + 1);
      }
    }
    return new RangeCollection(ctx, hits.map((h) => new Range(ctx, h)));
  }
  function wholeWord(s, at, len) {
    const before = at === 0 ? "" : s[at - 1];
    const after = s[at + len] || "";
    return !/[\p{L}\p{N}]/u.test(before) && !/[\p{L}\p{N}]/u.test(after);
  }

  class Body extends Proxy {
    _range() {
      const first = state.paragraphs[0];
      const last = state.paragraphs[state.paragraphs.length - 1];
      return { sp: first, so: 0, ep: last, eo: last.text.length };
    }
    get text() {
      this._read("text");
      return rangeText(this._range());
    }
    search(text, options) {
      return searchIn(this.context, this._range(), text, options);
    }
    getRange(where) {
      return new Range(this.context, this._range()).getRange(where);
    }
    get paragraphs() {
      return new ParagraphCollection(this.context, state.paragraphs.slice());
    }
  }

  class Range extends Proxy {
    constructor(ctx, r) {
      super(ctx);
      this._r = r;
    }
    get text() {
      this._read("text");
      return rangeText(this._r);
    }
    search(text, options) {
      return searchIn(this.context, this._r, text, options);
    }
    getRange(where) {
      const r = this._r;
      switch (where || "Whole") {
        case "Start":
          return new Range(this.context, { sp: r.sp, so: r.so, ep: r.sp, eo: r.so });
        case "End":
          return new Range(this.context, { sp: r.ep, so: r.eo, ep: r.ep, eo: r.eo });
        default:
          return new Range(this.context, { ...r });
      }
    }
    expandTo(other) {
      const a = this._r;
      const b = other._r;
      const startFirst = indexOf(a.sp) < indexOf(b.sp) || (a.sp === b.sp && a.so <= b.so);
      const endLast = indexOf(a.ep) > indexOf(b.ep) || (a.ep === b.ep && a.eo >= b.eo);
      return new Range(this.context, {
        sp: startFirst ? a.sp : b.sp,
        so: startFirst ? a.so : b.so,
        ep: endLast ? a.ep : b.ep,
        eo: endLast ? a.eo : b.eo,
      });
    }
    get paragraphs() {
      return new ParagraphCollection(this.context, paragraphsIn(this._r));
    }
    select() {
      state.selection = { ...this._r };
    }
    insertComment(text) {
      state.comments.push({ text, anchor: rangeText(this._r), paragraph: indexOf(this._r.sp) });
      return {};
    }
  }

  class RangeCollection extends Proxy {
    constructor(ctx, items) {
      super(ctx);
      this._items = items;
    }
    get items() {
      this._read("items");
      return this._items;
    }
    load(props) {
      super.load(props);
      this._items.forEach((i) => i.load());
      return this;
    }
  }

  class Paragraph extends Proxy {
    constructor(ctx, p) {
      super(ctx);
      this._p = p;
    }
    get text() {
      this._read("text");
      return this._p.text;
    }
    get style() {
      this._read("style");
      return this._p.style;
    }
    set style(value) {
      this._p.style = value;
    }
    set styleBuiltIn(value) {
      this._p.style = value;
    }
    getRange(where) {
      return new Range(this.context, rangeOfParagraph(this._p)).getRange(where);
    }
    get paragraphs() {
      return new ParagraphCollection(this.context, [this._p]);
    }
    search(text, options) {
      return searchIn(this.context, rangeOfParagraph(this._p), text, options);
    }
    select() {
      state.selection = rangeOfParagraph(this._p);
    }
    insertComment(text) {
      return new Range(this.context, rangeOfParagraph(this._p)).insertComment(text);
    }
    insertParagraph(text, where) {
      if (where !== "After" && where !== "Before") throw new Error(`InvalidArgument: ${where}`);
      const p = { id: nextId++, text, style: this._p.style, inserted: true, tracked: state.trackingMode !== "Off" };
      const at = indexOf(this._p) + (where === "After" ? 1 : 0);
      state.paragraphs.splice(at, 0, p);
      return new Paragraph(this.context, p);
    }
  }

  class ParagraphCollection extends Proxy {
    constructor(ctx, list) {
      super(ctx);
      this._items = list.map((p) => new Paragraph(ctx, p));
    }
    get items() {
      this._read("items");
      return this._items;
    }
    load(props) {
      super.load(props);
      this._items.forEach((i) => i.load());
      return this;
    }
    getFirst() {
      return this._items[0];
    }
    getLast() {
      return this._items[this._items.length - 1];
    }
  }

  const Word = {
    run(batch) {
      state.runs += 1;
      const ctx = new RequestContext();
      return Promise.resolve(batch(ctx)).then(async (result) => {
        await ctx.sync();
        return result;
      });
    },
    RequestContext,
    ChangeTrackingMode: { off: "Off", trackAll: "TrackAll", trackMineOnly: "TrackMineOnly" },
    BuiltInStyleName: { normal: "Normal", heading1: "Heading1" },
    InsertLocation: { before: "Before", after: "After", start: "Start", end: "End", replace: "Replace" },
  };
  window.Word = Word;

  const Office = window.Office || {};
  Office.AsyncResultStatus = Office.AsyncResultStatus || { Succeeded: "succeeded", Failed: "failed" };
  Office.FileType = Office.FileType || { Compressed: "compressed", Pdf: "pdf", Text: "text" };
  Office.HostType = Office.HostType || { Word: "Word", Excel: "Excel", PowerPoint: "PowerPoint", Outlook: "Outlook" };
  Office.PlatformType = Office.PlatformType || { OfficeOnline: "OfficeOnline" };
  const ok = (value) => ({ status: Office.AsyncResultStatus.Succeeded, value });
  const failed = (code, message) => ({ status: Office.AsyncResultStatus.Failed, error: { code, message } });
  const later = (fn) => setTimeout(fn, 0);

  const officeDocument = {
    url: input.fileName,
    getFileAsync(type, options, callback) {
      const cb = typeof options === "function" ? options : callback;
      const requested = (options && options.sliceSize) || 4194304;
      later(() => {
        if (type !== Office.FileType.Compressed) return cb(failed(5001, "double: only Compressed"));
        if (state.openFiles > 0) return cb(failed(11005, "Ett annat fil-objekt är redan öppet."));
        state.openFiles += 1;
        state.filesRead += 1;
        const sliceSize = Math.min(requested, state.maxSlice);
        const count = Math.max(1, Math.ceil(fileBytes.length / sliceSize));
        let closed = false;
        cb(
          ok({
            size: fileBytes.length,
            sliceCount: count,
            getSliceAsync(index, sliceCb) {
              later(() => {
                if (closed || index < 0 || index >= count) return sliceCb(failed(5001, "double: bad slice"));
                state.slicesRead += 1;
                // Word on the web hands slices over as plain arrays of byte values
                const data = Array.from(fileBytes.subarray(index * sliceSize, (index + 1) * sliceSize));
                sliceCb(ok({ data, index, size: data.length }));
              });
            },
            closeAsync(closeCb) {
              later(() => {
                if (!closed) state.openFiles -= 1;
                closed = true;
                if (closeCb) closeCb(ok(undefined));
              });
            },
          }),
        );
      });
    },
  };
  const requirements = {
    isSetSupported(name, version) {
      const have = state.supported[name];
      if (!have) return false;
      return parseFloat(have) >= parseFloat(version || "1.1");
    },
  };
  // office.js installs its own Office.context getter once its core has loaded (asynchronously;
  // outside a host it yields nothing): let office.js finish its real start-up, then act as the
  // Word host on top of it.
  const officeContext = { document: officeDocument, requirements, roamingSettings: undefined };
  const realOnReady = typeof Office.onReady === "function" ? Office.onReady.bind(Office) : null;
  let ready = null;
  const startUp = () => {
    if (!ready) {
      ready = (realOnReady ? realOnReady() : Promise.resolve()).then(() => {
        // office.js's Office.context is a fixed getter over its app factory's context
        const factory = window.OSF && window.OSF._OfficeAppFactory;
        if (factory) factory.getContext = () => officeContext;
        else Object.defineProperty(Office, "context", { configurable: true, get: () => officeContext });
        if (Office.context !== officeContext) throw new Error("word-double: could not install Office.context");
        return { host: Office.HostType.Word, platform: Office.PlatformType.OfficeOnline };
      });
    }
    return ready;
  };
  Office.onReady = function (callback) {
    return startUp().then((info) => {
      if (callback) callback(info);
      return info;
    });
  };
  window.Office = Office;

  // What the tests read and steer
  window.__wordDouble = {
    state,
    paragraphTexts: () => state.paragraphs.map((p) => p.text),
    placeCursor(paragraphIndex, offset) {
      const p = state.paragraphs[paragraphIndex];
      state.selection = { sp: p, so: offset || 0, ep: p, eo: offset || 0 };
    },
    selection() {
      if (!state.selection) return null;
      return { text: rangeText(state.selection), paragraph: indexOf(state.selection.sp) };
    },
    inserted() {
      return state.paragraphs
        .map((p, index) => ({ index, text: p.text, style: p.style, tracked: p.tracked, inserted: p.inserted }))
        .filter((p) => p.inserted);
    },
  };
})();
