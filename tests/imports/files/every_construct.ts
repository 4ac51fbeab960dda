// A schema that uses every construct the importer reads.
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export const STATUS = {
  OPEN: "open",
  CLOSED: "closed",
} as const;

const address = v.object({
  street: v.string(),
  /** Postal code, as printed. */
  zip: v.optional(v.string()),
});

export const status = v.union(v.literal(STATUS.OPEN), v.literal(STATUS.CLOSED));

const auditFields = {
  createdAt: v.number(),
  updatedAt: v.number(),
};

const events = defineTable(
  v.union(
    v.object({ kind: v.literal("click"), x: v.float64(), y: v.float64() }),
    v.object({ kind: v.literal("view"), path: v.string() }),
  ),
).index("by_kind", ["kind"]);

export default defineSchema(
  {
    // People who sign in.
    users: defineTable({
      name: v.string(),
      /**
       * Where the user lives.
       */
      address: address,
      "nickname": v.optional(v.string()),
      [STATUS.OPEN]: v.boolean(),
      status,
      visits: v.int64(),
      legacyCount: v.bigint(),
      avatar: v.bytes(),
      settings: v.record(v.string(), v.union(v.string(), v.number())),
      friends: v.array(v.id("users")),
      deletedAt: v.nullable(v.number()),
      level: v.union(
        v.literal(-1),
        v.literal(2.5),
        v.literal(10n),
        v.literal(-7n),
        v.literal(true),
        v.literal("it's \"quoted\"\n"),
      ),
      nothing: v.null(),
      extra: v.any(),
      ...auditFields,
    })
      .index("by_name", ["name"])
      .index("by_status_and_name", { fields: ["status", "name"], staged: true })
      .searchIndex("search_name", {
        searchField: "name",
        filterFields: ["status"],
      })
      .vectorIndex("by_embedding", {
        vectorField: "embedding",
        dimensions: 3,
        filterFields: [],
        staged: true,
      }),
    events,
    blobs: defineTable(v.any()),
    logs: defineTable(v.object({ message: v.string(), at: v.number() })),
  },
  { schemaValidation: false, strictTableNameTypes: false },
);
