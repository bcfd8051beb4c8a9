import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readmeCodeBlocks, recipeRegions } from "./readme.js";

const repository = new URL("../../../../", import.meta.url);

/** Each recipe file whose `// #region readme` the README's "Frameworks" section shows. */
const recipes = [
  "examples/frameworks/express/src/app.ts",
  "examples/frameworks/fastify/src/app.ts",
  "examples/frameworks/koa/src/app.ts",
  "examples/frameworks/nestjs/src/tessera.ts",
  "examples/frameworks/nestjs/src/app.ts",
  "examples/frameworks/nextjs/src/app/api/read/route.ts",
  "examples/frameworks/nextjs/src/proxy.ts",
  "examples/frameworks/elysia/src/app.ts",
];

describe("the README's Frameworks section", () => {
  const blocks = readmeCodeBlocks(readFileSync(new URL("README.md", repository), "utf8"));

  it.each(recipes)("shows %s as it is", (file) => {
    const regions = recipeRegions(readFileSync(new URL(file, repository), "utf8"));
    expect(regions.length).toBeGreaterThan(0);
    for (const region of regions) expect(blocks).toContain(region);
  });

  it("finds regions and code blocks as meant", () => {
    expect(recipeRegions("a\n// #region readme\nb\n  c\n// #endregion readme\nd")).toEqual(["b\n  c"]);
    expect(readmeCodeBlocks("text\n```ts\nx\ny\n```\nmore\n```\nz\n```")).toEqual(["x\ny", "z"]);
  });
});
