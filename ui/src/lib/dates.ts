// Dates as people type them (dd/mm/yyyy) and as the backend stores them (yyyy-mm-dd).

/**
 * The year, month and day a typed date is in the form of, or null. The rule
 * of the backend's `dates::parse_typed`: one separator throughout ("/", "."
 * or "-"), day and month of one or two digits, a year in full; or the ISO
 * order 1980-05-08. Both are tested against tests/fixtures/typed-dates.json.
 */
function shape(typed: string): [number, number, number] | null {
  const t = typed.trim();
  const sep = ["/", ".", "-"].find((c) => t.includes(c));
  const parts = sep ? t.split(sep).map((p) => p.trim()) : [];
  if (parts.length !== 3) return null;
  const [a, b, c] = parts;
  const digits = (p: string, min: number, max: number) => p.length >= min && p.length <= max && /^\d+$/.test(p);
  if (sep === "-" && digits(a, 4, 4) && digits(b, 1, 2) && digits(c, 1, 2)) return [Number(a), Number(b), Number(c)];
  if (digits(a, 1, 2) && digits(b, 1, 2) && digits(c, 4, 4)) return [Number(c), Number(b), Number(a)];
  return null;
}

/** "08/05/1980" (also 8-5-1980, 8.5.1980, 1980-05-08) → "1980-05-08"; null when not a real date. */
export function toIso(typed: string): string | null {
  const ymd = shape(typed);
  if (!ymd) return null;
  const [year, month, day] = ymd;
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/**
 * What is wrong with a typed date, in words; null when it is a real date or
 * empty. A date in the right form that is not on the calendar (31/02/2025,
 * 29/02/2023, 00/00/0000) is told apart from one typed in another form.
 */
export function dateProblem(typed: string): string | null {
  const t = typed.trim();
  if (t === "" || toIso(t) !== null) return null;
  if (!shape(t)) return "Hãy nhập ngày theo dạng ngày/tháng/năm, ví dụ 08/05/1980.";
  return `Ngày ${t} không có trên lịch; hãy xem lại ngày và tháng.`;
}

/** "1980-05-08" → "08/05/1980"; empty for no date. */
export function fromIso(iso: string | null | undefined): string {
  if (!iso) return "";
  const [y, m, d] = iso.split("-");
  return `${d}/${m}/${y}`;
}

/**
 * "2026-03-01T01:15:00.000Z" → "08:15 ngày 01/03/2026": a stored instant at
 * the time and day in Vietnam (UTC+7, no summer time) whatever the
 * computer's zone, as the backend's `dates::vietnam_day` dates it.
 */
export function changedAt(rfc3339: string | null | undefined): string {
  if (!rfc3339) return "";
  const t = new Date(rfc3339).getTime();
  if (Number.isNaN(t)) return "";
  const d = new Date(t + 7 * 3600 * 1000);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(d.getUTCHours())}:${p(d.getUTCMinutes())} ngày ${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}
