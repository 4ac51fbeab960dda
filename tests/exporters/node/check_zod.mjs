// Parse sample documents with exported Zod schemas.
//
// Usage: node check_zod.mjs CASES_JSON
// CASES_JSON holds [{module, table, document}], where module is the path of a
// compiled export, and each document is in Convex's JSON wire form. Prints a
// JSON list with, for each case, whether docSchemas[table] accepted it.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { jsonToConvex } from "convex/values";

const cases = JSON.parse(readFileSync(process.argv[2], "utf8"));
const modules = new Map();
const results = [];
for (const { module, table, document } of cases) {
  if (!modules.has(module)) {
    modules.set(module, await import(pathToFileURL(module).href));
  }
  const schema = modules.get(module).docSchemas[table];
  if (schema === undefined) {
    results.push({ accepted: false, error: `no schema for table ${table}` });
    continue;
  }
  const result = schema.safeParse(jsonToConvex(document));
  results.push({
    accepted: result.success,
    error: result.success ? "" : describe(result.error.issues),
  });
}
process.stdout.write(JSON.stringify(results));

function describe(issues) {
  return issues
    .map((issue) => `${issue.path.map(String).join(".")}: ${issue.message}`)
    .join("; ");
}
