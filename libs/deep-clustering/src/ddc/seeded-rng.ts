/**
 * Seeded xoshiro128** generator whose whole state is four uint32 words, so a checkpoint can store it and a
 * resumed run draws exactly the numbers an uninterrupted one would.
 */
export class SeededRng {
  private s: Uint32Array;
  private spare: number | undefined;

  private constructor(state: Uint32Array, spare: number | undefined) {
    this.s = state;
    this.spare = spare;
  }

  /** A generator seeded by SplitMix32 from an integer seed. */
  static fromSeed(seed: number): SeededRng {
    let x = Math.trunc(seed) >>> 0;
    const next = (): number => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    const s = Uint32Array.of(next(), next(), next(), next());
    if ((s[0] | s[1] | s[2] | s[3]) === 0) s[0] = 1;
    return new SeededRng(s, undefined);
  }

  /** A generator continuing from a saved {@link SeededRng.state}. */
  static fromState(state: readonly number[]): SeededRng {
    const spare = state.length === 5 ? state[4] : undefined;
    return new SeededRng(Uint32Array.from(state.slice(0, 4)), spare);
  }

  /** The state to save (four words, plus a pending normal deviate when there is one). */
  state(): number[] {
    const words = Array.from(this.s);
    return this.spare === undefined ? words : [...words, this.spare];
  }

  /** Uniform uint32. */
  nextU32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5) >>> 0, 7), 9) >>> 0;
    const t = (s[1] << 9) >>> 0;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextU32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  nextInt(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Standard normal deviate (Box–Muller, the second value kept for the next call). */
  normal(): number {
    if (this.spare !== undefined) {
      const v = this.spare;
      this.spare = undefined;
      return v;
    }
    let u = this.next();
    while (u <= 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** Shuffles `order` in place (Fisher–Yates). */
  shuffle(order: Int32Array): void {
    for (let i = order.length - 1; i > 0; i--) {
      const j = this.nextInt(i + 1);
      const t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
