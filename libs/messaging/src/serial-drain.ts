/**
 * Runs a drain loop one at a time: `kick` starts it unless it runs, and starts it again when work arrived
 * just as it was finishing (after its last look at the queue, before it was marked done).
 */
export class SerialDrain {
  private running?: Promise<void>;

  constructor(
    private readonly drain: () => Promise<void>,
    private readonly hasWork: () => boolean,
  ) {}

  kick(): void {
    if (this.running) return;
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.hasWork()) this.kick();
    });
  }

  /** Resolves once the loop has nothing left to do. */
  async idle(): Promise<void> {
    while (this.running) await this.running.catch(() => undefined);
  }
}
