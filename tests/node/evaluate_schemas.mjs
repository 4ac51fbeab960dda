// Evaluate schema.ts sources with the real `convex` package and print what
// `defineSchema(...).export()` returns for each.
//
// Input on stdin: a JSON array of TypeScript sources. Output on stdout: a
// JSON array with, for each source, {"json": <parsed export>} or
// {"error": "<message>"}. Each source is transpiled to an ES module with the
// pinned `typescript` package (no bundler) and imported from a data: URL
// whose `convex/*` imports point at node_modules.
import ts from "typescript";

const CONVEX_MODULES = ["convex/server", "convex/values"];
const resolved = Object.fromEntries(
  CONVEX_MODULES.map((name) => [name, import.meta.resolve(name)]),
);

function toModule(source) {
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
    },
  });
  return outputText.replace(
    /from\s+(["'])(convex\/(?:server|values))\1/g,
    (_match, _quote, name) => `from ${JSON.stringify(resolved[name])}`,
  );
}

async function evaluate(source) {
  try {
    const code = toModule(source);
    const url = `data:text/javascript;base64,${Buffer.from(code).toString("base64")}`;
    const module = await import(url);
    return { json: JSON.parse(module.default.export()) };
  } catch (error) {
    return { error: String(error && error.stack ? error.stack : error) };
  }
}

// Read stdin as a stream: readFileSync(0) fails with EAGAIN on a large pipe.
async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}

const sources = JSON.parse(await readStdin());
const results = [];
for (const source of sources) {
  results.push(await evaluate(source));
}
process.stdout.write(JSON.stringify(results));
