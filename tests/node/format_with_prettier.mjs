// Format TypeScript sources with the pinned Prettier and its default options.
//
// Input on stdin: a JSON array of sources. Output on stdout: a JSON array of
// {"formatted": ...} or {"error": ...} per source, in the same order.
import { format } from "prettier";

// Read stdin as a stream: readFileSync(0) fails with EAGAIN on a large pipe.
async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}

const sources = JSON.parse(await readStdin());
const formatted = [];
for (const source of sources) {
  try {
    formatted.push({ formatted: await format(source, { parser: "typescript" }) });
  } catch (error) {
    formatted.push({ error: String(error) });
  }
}
process.stdout.write(JSON.stringify(formatted));
