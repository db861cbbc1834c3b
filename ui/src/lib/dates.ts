// Dates as people type them (dd/mm/yyyy) and as the backend stores them (yyyy-mm-dd).

/** "08/05/1980" (also 8-5-1980, 8.5.1980) → "1980-05-08"; null when not a real date. */
export function toIso(typed: string): string | null {
  const m = typed.trim().match(/^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/);
  if (!m) return null;
  const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
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
  if (!/^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.test(t)) {
    return "Hãy nhập ngày theo dạng ngày/tháng/năm, ví dụ 08/05/1980.";
  }
  return `Ngày ${t} không có trên lịch; hãy xem lại ngày và tháng.`;
}

/** "1980-05-08" → "08/05/1980"; empty for no date. */
export function fromIso(iso: string | null | undefined): string {
  if (!iso) return "";
  const [y, m, d] = iso.split("-");
  return `${d}/${m}/${y}`;
}

/** "2026-03-01T08:15:00.000Z" → "08:15 ngày 01/03/2026" in local time. */
export function changedAt(rfc3339: string | null | undefined): string {
  if (!rfc3339) return "";
  const d = new Date(rfc3339);
  if (Number.isNaN(d.getTime())) return "";
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(d.getHours())}:${p(d.getMinutes())} ngày ${p(d.getDate())}/${p(d.getMonth() + 1)}/${d.getFullYear()}`;
}
