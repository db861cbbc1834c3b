// Text size that people choose with Ctrl + and Ctrl −, remembered between runs.

export const ZOOM_STEPS = [0.8, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2];
const KEY = "cam-ket-zoom";

export function loadZoom(storage: Pick<Storage, "getItem">): number {
  const z = Number(storage.getItem(KEY));
  return ZOOM_STEPS.includes(z) ? z : 1;
}

export function saveZoom(storage: Pick<Storage, "setItem">, zoom: number): void {
  storage.setItem(KEY, String(zoom));
}

/** The next zoom step up (+1) or down (-1), staying within the steps. */
export function stepZoom(zoom: number, direction: 1 | -1): number {
  const i = ZOOM_STEPS.indexOf(zoom);
  const at = i < 0 ? ZOOM_STEPS.indexOf(1) : i;
  return ZOOM_STEPS[Math.min(ZOOM_STEPS.length - 1, Math.max(0, at + direction))];
}
