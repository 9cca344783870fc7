// CSV as RFC 4180 writes it: fields separated by commas, quoted with " when they hold a comma, a
// quote or a line break, a quote inside doubled; lines end with CRLF or LF. Reading never throws:
// a quote left open is a problem.

/** The rows of a CSV text (the header included), or why it cannot be read. */
export function parseCsv(text: string): { rows: string[][] } | { problem: string } {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let i = 0;
  let line = 1;
  let quoteLine = 0;
  const s = text.replace(/^\uFEFF/, "");
  while (i < s.length) {
    const c = s[i] as string;
    if (quoted) {
      if (c === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      if (c === "\n") line++;
      field += c;
      i++;
      continue;
    }
    if (c === '"') {
      if (field !== "")
        return { problem: `line ${line}: a quote inside an unquoted field (write "" inside quotes)` };
      quoted = true;
      quoteLine = line;
      i++;
    } else if (c === ",") {
      row.push(field);
      field = "";
      i++;
    } else if (c === "\r" || c === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i += c === "\r" && s[i + 1] === "\n" ? 2 : 1;
      line++;
    } else {
      field += c;
      i++;
    }
  }
  if (quoted) return { problem: `line ${quoteLine}: a quoted field never ends` };
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  // A line with nothing on it (a trailing blank line) is no row.
  return { rows: rows.filter((r) => !(r.length === 1 && r[0] === "")) };
}

/** One CSV field, quoted when it needs to be. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Rows as CSV text, lines ending with \n. */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => r.map(csvField).join(",")).join("\n") + (rows.length ? "\n" : "");
}
