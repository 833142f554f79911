// Bundles the task pane into dist/ (what the service serves under /addin/) and, with --tests,
// the unit tests into build-test/ for Node's test runner. esbuild only strips types: `npm run
// typecheck` (tsc, strict) is the type gate.
import { build } from "esbuild";
import { cpSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(fileURLToPath(import.meta.url));
const dist = join(root, "dist");
const withTests = process.argv.includes("--tests");
// the service does not serve .map files; --sourcemap is for debugging in a browser
const sourcemap = process.argv.includes("--sourcemap");
const production = process.argv.includes("--production");

rmSync(dist, { recursive: true, force: true });
mkdirSync(join(dist, "assets"), { recursive: true });

await build({
  entryPoints: [join(root, "src/taskpane/taskpane.ts")],
  outfile: join(dist, "taskpane.js"),
  bundle: true,
  format: "iife",
  target: "es2020",
  sourcemap: sourcemap ? "linked" : false,
  minify: production,
  logLevel: "warning",
});
cpSync(join(root, "src/taskpane/taskpane.html"), join(dist, "taskpane.html"));
cpSync(join(root, "src/taskpane/taskpane.css"), join(dist, "taskpane.css"));
for (const name of readdirSync(join(root, "assets"))) {
  if (name.endsWith(".png")) cpSync(join(root, "assets", name), join(dist, "assets", name));
}

if (withTests) {
  const out = join(root, "build-test");
  rmSync(out, { recursive: true, force: true });
  const unit = readdirSync(join(root, "test/unit")).filter((n) => n.endsWith(".test.ts"));
  await build({
    entryPoints: unit.map((n) => join(root, "test/unit", n)),
    outdir: join(out, "unit"),
    outExtension: { ".js": ".cjs" },
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    sourcemap: "inline",
    logLevel: "warning",
  });
}
console.log(`built ${dist}${withTests ? " and build-test/" : ""}`);
