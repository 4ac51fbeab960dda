// Parse DBML texts with the pinned @dbml/core.
//
// Usage: node check_dbml.mjs TEXTS_JSON
// TEXTS_JSON holds a list of DBML texts. Prints a JSON list with, for each
// text, the parse error (or "") and the tables, columns, indexes and refs read.
import { readFileSync } from "node:fs";
import { Parser } from "@dbml/core";

const texts = JSON.parse(readFileSync(process.argv[2], "utf8"));
const parser = new Parser();
const results = texts.map((text) => {
  try {
    const database = parser.parse(text, "dbmlv2");
    // A text without tables has no schema at all.
    const schema = database.schemas[0] ?? { tables: [], refs: [] };
    return {
      error: "",
      tables: schema.tables.map((table) => ({
        name: table.name,
        note: table.note,
        columns: table.fields.map((field) => [field.name, field.type.type_name, field.not_null ?? false]),
        indexes: table.indexes.map((index) => [index.name, index.columns.map((c) => c.value)]),
      })),
      refs: schema.refs.map((ref) =>
        ref.endpoints.map((end) => `${end.tableName}.${end.fieldNames.join(",")}${end.relation}`).join(" "),
      ),
    };
  } catch (error) {
    const details = error.diags ? error.diags.map((d) => d.message).join("; ") : String(error);
    return { error: details, tables: [], refs: [] };
  }
});
process.stdout.write(JSON.stringify(results));
