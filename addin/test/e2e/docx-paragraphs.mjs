// Paragraphs of a .docx in document order (table cells included, one paragraph per w:p) with
// their style names: what Word's object model shows the add-in. Read with JSZip from the real
// file, so the test double holds the same text the service parses.
import JSZip from "jszip";

const decode = (s) =>
  s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&amp;/g, "&");

function styleNames(stylesXml) {
  const names = new Map();
  for (const m of stylesXml.matchAll(/<w:style\b[^>]*w:styleId="([^"]+)"[^>]*>([\s\S]*?)<\/w:style>/g)) {
    const name = /<w:name w:val="([^"]+)"/.exec(m[2]);
    if (name) names.set(m[1], decode(name[1]));
  }
  return names;
}

function paragraphText(xml) {
  // deleted text (w:delText) is not shown; tabs and breaks become whitespace as in Range.text
  let text = "";
  for (const m of xml.matchAll(/<w:t(?:\s[^>]*)?>([\s\S]*?)<\/w:t>|<w:tab\/>|<w:br\/>/g)) {
    text += m[1] !== undefined ? decode(m[1]) : m[0] === "<w:tab/>" ? "\t" : "\v";
  }
  return text;
}

export async function docxParagraphs(bytes) {
  const zip = await JSZip.loadAsync(bytes);
  const documentXml = await zip.file("word/document.xml").async("string");
  const stylesFile = zip.file("word/styles.xml");
  const names = stylesFile ? styleNames(await stylesFile.async("string")) : new Map();
  const body = documentXml.slice(documentXml.indexOf("<w:body>"));
  const out = [];
  for (const m of body.matchAll(/<w:p\b(?:[^>]*)?(?:\/>|>([\s\S]*?)<\/w:p>)/g)) {
    const inner = m[1] ?? "";
    const styleId = /<w:pStyle w:val="([^"]+)"/.exec(inner)?.[1];
    out.push({ text: paragraphText(inner), style: (styleId && names.get(styleId)) || "Normal" });
  }
  return out;
}
