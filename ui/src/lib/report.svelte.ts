// What the last action on a screen did, said where the person is looking:
// one way for every part of the branch screen to report success or failure.
import { messageOf } from "./autosave";

export class Report {
  failure = $state("");
  note = $state("");

  /** Runs an action; its message (if any) on success, its error otherwise. */
  async run<T>(action: () => Promise<T>, done: (result: T) => string | null): Promise<T | undefined> {
    this.clear();
    try {
      const result = await action();
      const message = done(result);
      if (message) this.note = message;
      return result;
    } catch (e) {
      this.failure = messageOf(e);
      return undefined;
    }
  }

  /** A mistake found before asking the backend (a date typed wrongly). */
  fail(message: string): void {
    this.note = "";
    this.failure = message;
  }

  clear(): void {
    this.failure = "";
    this.note = "";
  }
}

/** Only the answer to the latest request counts: typing "Hù" then "Hùng"
 *  must never leave the results of "Hù" on screen when they arrive last. */
export class Latest {
  private count = 0;

  async take<T>(request: Promise<T>): Promise<T | undefined> {
    const mine = ++this.count;
    const value = await request;
    return mine === this.count ? value : undefined;
  }
}
