/**
 * The bench chart as a self-contained SVG, drawn from a report: one block per group, one bar per
 * target (tokens/s, the median of the rounds), each group on its own scale, with the ratio to
 * the group's floor written beside the bar. No charting dependency: rectangles and text.
 */
import type { Role } from "./groups.js";
import { shortNames, type Report } from "./report.js";

const width = 1180;
const labelWidth = 300;
const barMaxWidth = 420;
const barHeight = 18;
const rowGap = 6;
const font = "font-family='system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif'";

const colours: Readonly<Record<Role, string>> = {
  floor: "#9ca3af",
  reference: "#d1d5db",
  tessera: "#2563eb",
  peer: "#f59e0b",
};

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const thousands = (value: number) => Math.round(value).toLocaleString("en");

export function renderChart(report: Report): string {
  const parts: string[] = [];
  let y = 34;
  parts.push(`<text x="20" y="${y}" font-size="20" font-weight="600">Tessera: tokens issued and verified per second</text>`);
  y += 22;
  parts.push(
    `<text x="20" y="${y}" font-size="13" fill="#4b5563">${escape(
      `${report.date.slice(0, 10)} · ${report.cpu.model} × ${report.cpu.count} · ` +
        `load generator ${report.loadGenerator} · median of ${report.config.rounds} rounds of ${report.config.roundSeconds} s`,
    )}</text>`,
  );
  y += 16;

  for (const group of report.groups) {
    y += 26;
    parts.push(`<text x="20" y="${y}" font-size="14" font-weight="600">${escape(`${group.title} (${group.runtimeVersion})`)}</text>`);
    y += 8;
    const scale = Math.max(...group.rows.map((row) => row.perSecond));
    for (const row of group.rows) {
      const barWidth = Math.max(1, (row.perSecond / scale) * barMaxWidth);
      const middle = y + barHeight / 2 + 4;
      const ratio = row.role === "floor" ? "floor" : `${row.ratioToFloor.toFixed(2)}× floor`;
      const peers = Object.entries(row.ratioToPeers)
        .map(([peer, value]) => `${value.toFixed(2)}× ${shortNames[peer as keyof typeof shortNames] ?? peer}`)
        .join(", ");
      parts.push(
        `<text x="${20 + labelWidth - 8}" y="${middle}" font-size="12" text-anchor="end">${escape(row.label)}</text>`,
        `<rect x="${20 + labelWidth}" y="${y}" width="${barWidth.toFixed(1)}" height="${barHeight}" rx="2" fill="${colours[row.role]}"/>`,
        `<text x="${20 + labelWidth + barWidth + 6}" y="${middle}" font-size="12" fill="#111827">${escape(
          `${thousands(row.perSecond)} ${group.unit}/s · ${ratio}${row.role === "tessera" && peers !== "" ? ` · ${peers}` : ""}`,
        )}</text>`,
      );
      y += barHeight + rowGap;
    }
  }

  if (report.targets.length > 0) {
    y += 30;
    parts.push(`<text x="20" y="${y}" font-size="14" font-weight="600">Targets of issue 16, this run</text>`);
    for (const target of report.targets) {
      y += 18;
      parts.push(
        `<text x="20" y="${y}" font-size="12" fill="${target.met ? "#15803d" : "#b91c1c"}">${escape(
          `${target.met ? "met" : "not met"}: ${target.goal}: ${target.measured}`,
        )}</text>`,
      );
    }
  }

  y += 28;
  let x = 20;
  for (const [role, name] of [
    ["floor", "floor (same group)"],
    ["tessera", "Tessera"],
    ["peer", "peer"],
    ["reference", "reference"],
  ] as const) {
    parts.push(
      `<rect x="${x}" y="${y - 11}" width="12" height="12" fill="${colours[role]}"/>`,
      `<text x="${x + 18}" y="${y}" font-size="12">${name}</text>`,
    );
    x += 40 + name.length * 7;
  }
  y += 20;
  parts.push(
    `<text x="20" y="${y}" font-size="11" fill="#6b7280">${escape(
      "Bars share a scale within a group only. One-core groups pin the server to CPU 0 and the load generator to CPU 1; " +
        "two-core groups pin nothing.",
    )}</text>`,
  );
  y += 16;

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y}" viewBox="0 0 ${width} ${y}" ${font}>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    ...parts,
    `</svg>`,
    "",
  ].join("\n");
}
