/**
 * At most `max` photos decoded and re-encoded at once in this process; the others wait their
 * turn in arrival order. A 10 MB JPEG can decode to a hundred MB of pixels, so this bound (with
 * one libvips thread per photo) is what keeps five concurrent uploads from tripling the memory.
 */
export class ImageWorkLimiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly max: number) {
    if (!Number.isInteger(max) || max < 1) throw new Error(`image concurrency must be a positive integer: ${max}`);
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active < this.max) this.active++;
    // A finishing job hands its slot straight to the next in line, so `active` never overshoots.
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }

  /** Jobs running now and waiting for a slot (for logs and tests). */
  get load(): { active: number; waiting: number } {
    return { active: this.active, waiting: this.waiting.length };
  }
}
