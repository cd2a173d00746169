// Bundles the browser assets of Mektep's pages into dist/ with content-hashed names and a
// manifest.json that maps each logical name to its file; the Go package `frontend` embeds
// dist/. Run by `make assets` (npm ci first, from package-lock.json).
import * as esbuild from "esbuild";
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { gzipSync } from "node:zlib";

const out = "dist";
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
writeFileSync(join(out, ".keep"), "");

// Entry points: one per page family (panel.js + panel.css: the panel's shell, on every panel
// page; panel-sort.js: SortableJS for the pages with drag-and-drop; panel-editor.js +
// panel-editor.css: Quill for the pages and news editors; console.js, survey.js, api-docs.js).
// Each may import CSS; esbuild writes it beside the JS.
const entries = readdirSync("src").filter((f) => /^[a-z-]+\.(js|css)$/.test(f)).map((f) => join("src", f));
const result = await esbuild.build({
  entryPoints: entries,
  bundle: true,
  minify: true,
  sourcemap: false,
  format: "iife",
  target: ["es2020"],
  outdir: out,
  entryNames: "[name]-[hash]",
  assetNames: "[name]-[hash]",
  metafile: true,
  legalComments: "linked",
  external: ["ws"], // ncalayer-js-client requires it only under Node.js
  loader: { ".svg": "file", ".woff2": "file" },
});

const manifest = {};
for (const [file, meta] of Object.entries(result.metafile.outputs)) {
  const name = basename(file);
  if (meta.entryPoint) {
    manifest[basename(meta.entryPoint)] = name;
  } else if (name.endsWith(".css") && meta.inputs) {
    // CSS imported by a JS entry: named after that entry, with .css.
    const entry = Object.keys(meta.inputs)[0];
    if (entry) manifest[name.replace(/-[A-Z0-9]+\.css$/, ".css")] = name;
  }
}

// Files served as they are published (they are already built by their authors).
const copies = {
  "axe.min.js": "node_modules/axe-core/axe.min.js",
  "swagger-ui-bundle.js": "node_modules/swagger-ui-dist/swagger-ui-bundle.js",
  "swagger-ui.css": "node_modules/swagger-ui-dist/swagger-ui.css",
};
for (const [name, src] of Object.entries(copies)) {
  const data = readFileSync(src);
  const hash = createHash("sha256").update(data).digest("hex").slice(0, 8).toUpperCase();
  const file = name.replace(/(\.[a-z]+)$/, `-${hash}$1`);
  copyFileSync(src, join(out, file));
  manifest[name] = file;
}
writeFileSync(join(out, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");

// Precompressed copies: the server sends file.gz to clients that accept gzip.
let sizes = [];
for (const [name, file] of Object.entries(manifest)) {
  const data = readFileSync(join(out, file));
  const gz = gzipSync(data, { level: 9 });
  writeFileSync(join(out, file + ".gz"), gz);
  sizes.push(`${name} ${(data.length / 1024).toFixed(1)} KB (gzip ${(gz.length / 1024).toFixed(1)} KB)`);
}
console.log(`frontend: ${Object.keys(manifest).length} assets in ${out}/\n  ` + sizes.join("\n  "));
