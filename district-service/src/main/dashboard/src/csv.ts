// CSV for tables the API has no CSV endpoint for (tables the dashboard assembles itself): RFC 4180 quoting.
import { csvParseRows } from 'd3-dsv';

export type Cell = string | number | boolean | null | undefined;

function quote(value: Cell): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: string[], rows: Cell[][]): string {
  return [header, ...rows].map((row) => row.map(quote).join(',')).join('\r\n') + '\r\n';
}

/** Saves text as a file through a temporary object URL; nothing leaves the browser. */
export function saveCsv(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * Rows of a CSV answer as objects keyed by its header. d3-dsv's csvParse builds its row converter with
 * new Function, which the page's Content-Security-Policy (no unsafe-eval) forbids; csvParseRows does not.
 */
export function parseCsv(text: string): Record<string, string>[] {
  const [header = [], ...rows] = csvParseRows(text);
  return rows.map((row) => Object.fromEntries(header.map((name, i) => [name, row[i] ?? ''])));
}
