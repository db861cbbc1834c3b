// Saving as people type: after a short pause, at once when asked (leaving a
// field, changing step, closing), one save at a time so that each one starts
// from the revision the previous one returned.

export type SaveState =
  | { kind: "idle" }
  | { kind: "saving" }
  | { kind: "saved" }
  | { kind: "failed"; message: string }
  /** A field holds a value that cannot be saved (a date not on the calendar). */
  | { kind: "held"; message: string };

type Job = () => Promise<void>;

export class Autosaver {
  private pending = new Map<string, Job>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private chain: Promise<void> = Promise.resolve();
  private running = 0;
  private held = new Map<string, string>();

  constructor(
    private readonly delayMs: number,
    private readonly report: (state: SaveState) => void,
  ) {}

  /** Saves `job` under `key` after the pause; a newer job for the key replaces it. */
  schedule(key: string, job: Job): void {
    // From the first keystroke the indicator says the text is not written yet.
    this.report({ kind: "saving" });
    this.pending.set(key, job);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), this.delayMs);
  }

  /**
   * Saves `job` under `key` at the next flush (leaving the part, changing
   * screen, closing the window), not after a pause: for what is recorded as
   * an entry each time it is saved (progress), one entry per visit rather
   * than one per pause in typing.
   */
  defer(key: string, job: Job): void {
    this.pending.set(key, job);
  }

  /** Saves everything waiting now; resolves when it is written (or failed). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const jobs = [...this.pending.values()];
    this.pending.clear();
    for (const job of jobs) {
      this.running++;
      this.chain = this.chain.then(async () => {
        try {
          await job();
          this.running--;
          // "Đã lưu" only when nothing typed is still waiting or held back.
          if (this.running === 0 && this.pending.size === 0) this.settled();
        } catch (e) {
          this.running--;
          this.report({ kind: "failed", message: messageOf(e) });
        }
      });
    }
    return this.chain;
  }

  /** A value under `key` is not saved because it is wrong: never "Đã lưu" while it is. */
  hold(key: string, message: string): void {
    this.held.set(key, message);
    this.report({ kind: "held", message });
  }

  /** The value under `key` is right again (or gone). */
  release(key: string): void {
    if (!this.held.delete(key)) return;
    if (this.running === 0 && this.pending.size === 0) this.settled();
  }

  private settled(): void {
    const first = [...this.held.values()][0];
    this.report(first === undefined ? { kind: "saved" } : { kind: "held", message: first });
  }

  get waiting(): boolean {
    return this.pending.size > 0;
  }
}

/** The Vietnamese message of an error from the backend (`{code, message}`). */
export function messageOf(e: unknown): string {
  if (e && typeof e === "object" && "message" in e) return String((e as { message: unknown }).message);
  return String(e);
}

export function codeOf(e: unknown): string {
  if (e && typeof e === "object" && "code" in e) return String((e as { code: unknown }).code);
  return "";
}
