import { randomUUID } from 'node:crypto';
import type { ActivationTable } from '@clusterflow/extractors';
import { now, type Db } from '../db/database.js';
import type { LabelCount, TreeSummary, World, WorldStatus } from './world.type.js';

interface WorldRow {
  id: string;
  name: string;
  model: string;
  tap: string;
  status: string;
  tree_summary_json: string | null;
  tree_note: string | null;
  created_at: string;
  updated_at: string;
}

/**
 * A world's embedded examples as the extractors' `ActivationTable` (what @clusterflow/reasoning builds worlds
 * from): `ids` are the example ids, `files` the stored image ids (content hashes: images live in the database,
 * not in files), one label per example; model and tap are the world's. Plus each row's sample id, if any.
 */
export interface WorldTable extends ActivationTable {
  /** The sample each example was taken from (`ImageInput.sampleId`), or null for an uploaded image. */
  sampleIds: (string | null)[];
}

export interface NewExample {
  imageId: string;
  sampleId: string | null;
  label: string;
}

/** SQL for worlds and their examples; callers wrap multi-statement writes in `db.transaction`. */
export class WorldRepository {
  constructor(private readonly db: Db) {}

  insertWorld(name: string, model: string, tap: string): string {
    const id = `w_${randomUUID()}`;
    const at = now();
    this.db
      .prepare(
        `INSERT INTO worlds (id, name, model, tap, status, created_at, updated_at) VALUES (?, ?, ?, ?, 'BUILDING', ?, ?)`,
      )
      .run(id, name, model, tap, at, at);
    return id;
  }

  insertExamples(worldId: string, examples: readonly NewExample[]): void {
    const insert = this.db.prepare(
      'INSERT INTO examples (world_id, image_id, sample_id, label, created_at) VALUES (?, ?, ?, ?, ?)',
    );
    const at = now();
    for (const e of examples) insert.run(worldId, e.imageId, e.sampleId, e.label, at);
  }

  /** Looks a world up by id, then by name. */
  find(idOrName: string): World | undefined {
    const row = this.db
      .prepare('SELECT * FROM worlds WHERE id = ? OR name = ? ORDER BY id = ? DESC LIMIT 1')
      .get(idOrName, idOrName, idOrName) as WorldRow | undefined;
    return row === undefined ? undefined : this.toWorld(row);
  }

  list(): World[] {
    return (this.db.prepare('SELECT * FROM worlds ORDER BY created_at, name').all() as WorldRow[]).map((r) =>
      this.toWorld(r),
    );
  }

  names(): string[] {
    return (this.db.prepare('SELECT name FROM worlds ORDER BY name').all() as { name: string }[]).map(
      (r) => r.name,
    );
  }

  setStatus(id: string, status: WorldStatus): void {
    this.db.prepare('UPDATE worlds SET status = ?, updated_at = ? WHERE id = ?').run(status, now(), id);
  }

  setTree(id: string, treeJson: string | null, summary: TreeSummary | null, note: string | null): void {
    this.db
      .prepare(
        'UPDATE worlds SET tree_json = ?, tree_summary_json = ?, tree_note = ?, updated_at = ? WHERE id = ?',
      )
      .run(treeJson, summary === null ? null : JSON.stringify(summary), note, now(), id);
  }

  treeJson(id: string): string | null {
    const row = this.db.prepare('SELECT tree_json FROM worlds WHERE id = ?').get(id) as
      { tree_json: string | null } | undefined;
    return row?.tree_json ?? null;
  }

  /** Examples still waiting for activations: (example id, image id), in insertion order. */
  pendingExamples(worldId: string): { id: number; imageId: string }[] {
    return this.db
      .prepare(
        'SELECT id, image_id AS imageId FROM examples WHERE world_id = ? AND activation IS NULL ORDER BY id',
      )
      .all(worldId) as { id: number; imageId: string }[];
  }

  /** Stores activations for several examples in one transaction. */
  storeActivations(rows: readonly { exampleId: number; activation: Float32Array }[]): void {
    const update = this.db.prepare('UPDATE examples SET activation = ? WHERE id = ?');
    this.db.transaction(() => {
      for (const r of rows) {
        update.run(
          Buffer.from(r.activation.buffer, r.activation.byteOffset, r.activation.byteLength),
          r.exampleId,
        );
      }
    })();
  }

  /** The world's embedded examples, in insertion order (examples still waiting for the CNN are left out). */
  activations(world: Pick<World, 'id' | 'model' | 'tap'>): WorldTable {
    const rows = this.db
      .prepare(
        `SELECT id, image_id, sample_id, label, activation FROM examples
         WHERE world_id = ? AND activation IS NOT NULL ORDER BY id`,
      )
      .all(world.id) as {
      id: number;
      image_id: string;
      sample_id: string | null;
      label: string;
      activation: Buffer;
    }[];
    const cols = rows.length === 0 ? 0 : rows[0].activation.byteLength / 4;
    const data = new Float32Array(rows.length * cols);
    rows.forEach((r, i) => {
      // Copy out of the Buffer: its byte offset need not be 4-aligned.
      const bytes = new Uint8Array(r.activation.buffer, r.activation.byteOffset, r.activation.byteLength);
      new Uint8Array(data.buffer, i * cols * 4, cols * 4).set(bytes);
    });
    return {
      ids: rows.map((r) => String(r.id)),
      files: rows.map((r) => r.image_id),
      labelSets: rows.map((r) => [r.label]),
      sampleIds: rows.map((r) => r.sample_id),
      data,
      rows: rows.length,
      cols,
      model: world.model,
      tap: world.tap,
    };
  }

  /** Deletes the world and (by cascade) its examples; returns how many examples went. */
  delete(id: string): number {
    return this.db.transaction(() => {
      const { n } = this.db.prepare('SELECT COUNT(*) AS n FROM examples WHERE world_id = ?').get(id) as {
        n: number;
      };
      this.db.prepare('DELETE FROM worlds WHERE id = ?').run(id);
      return n;
    })();
  }

  private toWorld(row: WorldRow): World {
    const labels = this.db
      .prepare(
        'SELECT label, COUNT(*) AS count FROM examples WHERE world_id = ? GROUP BY label ORDER BY label',
      )
      .all(row.id) as LabelCount[];
    const { embedded } = this.db
      .prepare('SELECT COUNT(*) AS embedded FROM examples WHERE world_id = ? AND activation IS NOT NULL')
      .get(row.id) as { embedded: number };
    return {
      id: row.id,
      name: row.name,
      model: row.model,
      tap: row.tap,
      status: row.status as WorldStatus,
      exampleCount: labels.reduce((s, l) => s + l.count, 0),
      embeddedCount: embedded,
      labels,
      tree: row.tree_summary_json === null ? null : (JSON.parse(row.tree_summary_json) as TreeSummary),
      treeNote: row.tree_note,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }
}
