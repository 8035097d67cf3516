import { InvalidInputError } from '../errors/clusterflow-error.js';

/** Labels of every point, interned to ids (first appearance order) in compressed rows: no per-point sets. */
export interface LabelTable {
  readonly names: string[];
  /** Labels of point i are ids[start[i] .. start[i+1]). */
  readonly start: Int32Array;
  readonly ids: Int32Array;
}

/** Accumulates label lists batch by batch. */
export class LabelTableBuilder {
  private readonly names: string[] = [];
  private readonly index = new Map<string, number>();
  private starts: number[] = [0];
  private ids: number[] = [];

  add(labels: ReadonlyArray<readonly string[]>, firstRow: number): void {
    labels.forEach((list, r) => {
      if (!Array.isArray(list) || list.length === 0) {
        throw new InvalidInputError(
          `point ${firstRow + r} has no labels; every point needs at least one label`,
        );
      }
      const seen = new Set<number>();
      for (const name of list) {
        if (typeof name !== 'string' || name.length === 0) {
          throw new InvalidInputError(`point ${firstRow + r} has an empty or non-string label`);
        }
        let id = this.index.get(name);
        if (id === undefined) {
          id = this.names.length;
          this.names.push(name);
          this.index.set(name, id);
        }
        if (!seen.has(id)) {
          seen.add(id);
          this.ids.push(id);
        }
      }
      this.starts.push(this.ids.length);
    });
  }

  build(): LabelTable {
    const table = { names: this.names, start: Int32Array.from(this.starts), ids: Int32Array.from(this.ids) };
    this.starts = [0];
    this.ids = [];
    return table;
  }
}
