/** The lines of a recipe between `// #region readme` and `// #endregion readme`, one string per region. */
export function recipeRegions(source: string): string[] {
  const regions: string[] = [];
  let current: string[] | undefined;
  for (const line of source.split("\n")) {
    if (line.trim() === "// #region readme") current = [];
    else if (line.trim() === "// #endregion readme" && current !== undefined) {
      regions.push(current.join("\n"));
      current = undefined;
    } else current?.push(line);
  }
  return regions;
}

/** The contents of every fenced code block of a Markdown document, without the fences. */
export function readmeCodeBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```\w*\n([\s\S]*?)\n```$/gm)].map((match) => match[1] ?? "");
}
