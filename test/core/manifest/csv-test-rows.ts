/** One CSV row in the order of `header`, each value quoted as a spreadsheet export would. */
export function csvRow(header: string, values: Partial<Record<string, string>>): string {
  return header
    .split(',')
    .map((h) => {
      const v = values[h] ?? '';
      return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
    })
    .join(',');
}
