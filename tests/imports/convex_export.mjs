// Print the `defineSchema(...).export()` JSON of each schema.ts file named on
// the command line, as one JSON array, using the real `convex` package.
//
// Each file is transpiled next to itself to an .mjs file, so the directory
// must resolve `convex` (the tests put a node_modules symlink there).
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import ts from "typescript";

const results = [];
for (const path of process.argv.slice(2)) {
  const { outputText } = ts.transpileModule(readFileSync(path, "utf8"), {
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
    },
  });
  const compiled = path.replace(/\.ts$/, ".mjs");
  writeFileSync(compiled, outputText);
  const module = await import(pathToFileURL(compiled).href);
  results.push(JSON.parse(module.default.export()));
}
process.stdout.write(JSON.stringify(results));
