/**
 * `size` ordered lanes: work for one key always joins the same lane (FNV-1a hash), after the work
 * already queued there; at most `size` x 4 pieces of work wait at once, so pulling pauses when busy.
 */
export class Lanes {
  private readonly tails = new Map<number, Promise<void>>();
  private pending = 0;
  private readonly drained: (() => void)[] = [];

  constructor(private readonly size: number) {}

  async run(key: string, work: () => Promise<void>): Promise<void> {
    while (this.pending >= this.size * 4) await new Promise<void>((resolve) => this.drained.push(resolve));
    const lane = laneOf(key, this.size);
    this.pending++;
    const tail = (this.tails.get(lane) ?? Promise.resolve())
      .then(work)
      .catch(() => undefined)
      .finally(() => {
        this.pending--;
        if (this.tails.get(lane) === tail) this.tails.delete(lane);
        this.drained.splice(0).forEach((resolve) => resolve());
      });
    this.tails.set(lane, tail);
  }

  /** Resolves when every queued piece of work has finished. */
  async idle(): Promise<void> {
    while (this.tails.size) await Promise.all([...this.tails.values()]);
  }
}

function laneOf(key: string, size: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % size;
}
