/** `pnpm bench:chart`: redraws docs/benchmark.svg from results/latest.json. */
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { renderChart } from "./chart.js";
import type { Report } from "./report.js";

const input = new URL("../results/latest.json", import.meta.url);
const output = new URL("../../docs/benchmark.svg", import.meta.url);
const report = JSON.parse(await readFile(input, "utf8")) as Report;
if (!Array.isArray(report.sizing)) {
  console.error("results/latest.json was written by the first round's bench (tokensPerSecond): run `pnpm bench` to write one this chart can draw");
  process.exit(1);
}
await writeFile(output, renderChart(report));
console.log(`written ${fileURLToPath(output)}`);
