/** Prints rows as aligned columns for a person, or as JSON for a script. */
export function print(value: unknown, options: { json?: boolean; columns?: string[] }): void {
  if (options.json || !options.columns || !Array.isArray(value)) {
    process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    return;
  }
  const rows = value as Array<Record<string, unknown>>;
  const columns = options.columns;
  const cell = (v: unknown) => (v === null || v === undefined ? '-' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  process.stdout.write(`${[line(columns), ...rows.map((r) => line(columns.map((c) => cell(r[c]))))].join('\n')}\n`);
}
