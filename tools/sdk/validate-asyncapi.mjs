// Validates an AsyncAPI document with the official parser (@asyncapi/parser: the AsyncAPI JSON Schemas plus its
// Spectral rules) and prints its channels as JSON, one address each, for the caller to check.
// Usage: node tools/sdk/validate-asyncapi.mjs docs/asyncapi.yaml    (exit 0 valid, 1 invalid, 2 usage)
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";

import { DiagnosticSeverity, Parser } from "@asyncapi/parser";

const file = process.argv[2];
if (!file) {
  console.error("usage: node validate-asyncapi.mjs <asyncapi.yaml>");
  process.exit(2);
}
const source = resolve(file);
const { document, diagnostics } = await new Parser().parse(await readFile(source, "utf8"), { source });

const name = (severity) => ["error", "warning", "information", "hint"][severity] ?? String(severity);
for (const d of diagnostics) {
  const line = d.range?.start?.line === undefined ? "" : `:${d.range.start.line + 1}`;
  console.error(`${name(d.severity)} ${d.code} at ${d.path.join(".")}${line}: ${d.message}`);
}
const errors = diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error);
if (!document || errors.length > 0) {
  console.error(`INVALID: ${errors.length} error(s) in ${file}`);
  process.exit(1);
}
const channels = document.channels().all().map((channel) => channel.address());
console.log(JSON.stringify({ valid: true, version: document.version(), channels }));
