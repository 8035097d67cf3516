import { randomUUID } from 'node:crypto';
import type { ActivationTable } from '@clusterflow/extractors';
import { now, type Db } from '../db/database.js';
import { byText } from '../db/text-order.js';
import type { LabelCount, TreeSummary, World, WorldStatus } from './world.type.js';

// Every column but tree_json (tens of MB for a large world: read only by `treeJson`).
const WORLD_COLUMNS = 'id, name, model, tap, status, tree_summary_json, tree_note, created_at, updated_at';

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

/**
 * Worlds and their examples on either backend (`SqlDatabase`: SQLite or PostgreSQL, portable SQL). Multi-statement
 * writes go inside the caller's `db.transaction`, which every call awaited in it joins.
 */
export class WorldRepository {
  constructor(private readonly db: Db) {}

  async insertWorld(name: string, model: string, tap: string): Promise<string> {
    const id = `w_${randomUUID()}`;
    const at = now();
    await this.db.run(
      `INSERT INTO worlds (id, name, model, tap, status, created_at, updated_at) VALUES (?, ?, ?, ?, 'BUILDING', ?, ?)`,
      [id, name, model, tap, at, at],
    );
    return id;
  }

  async insertExamples(worldId: string, examples: readonly NewExample[]): Promise<void> {
    const at = now();
    for (const e of examples) {
      await this.db.run(
        'INSERT INTO examples (world_id, image_id, sample_id, label, created_at) VALUES (?, ?, ?, ?, ?)',
        [worldId, e.imageId, e.sampleId, e.label, at],
      );
    }
  }

  /** Looks a world up by id, then by name. */
  async find(idOrName: string): Promise<World | undefined> {
    const row = await this.db.get<WorldRow>(
      `SELECT ${WORLD_COLUMNS} FROM worlds WHERE id = ? OR name = ? ORDER BY CASE WHEN id = ? THEN 0 ELSE 1 END LIMIT 1`,
      [idOrName, idOrName, idOrName],
    );
    return row === undefined ? undefined : this.toWorld(row);
  }

  async list(): Promise<World[]> {
    const rows = await this.db.all<WorldRow>(`SELECT ${WORLD_COLUMNS} FROM worlds`);
    rows.sort((a, b) => byText(a.created_at, b.created_at) || byText(a.name, b.name));
    const out: World[] = [];
    for (const r of rows) out.push(await this.toWorld(r));
    return out;
  }

  async names(): Promise<string[]> {
    return (await this.db.all<{ name: string }>('SELECT name FROM worlds')).map((r) => r.name).sort(byText);
  }

  async setStatus(id: string, status: WorldStatus): Promise<void> {
    await this.db.run('UPDATE worlds SET status = ?, updated_at = ? WHERE id = ?', [status, now(), id]);
  }

  async setTree(
    id: string,
    treeJson: string | null,
    summary: TreeSummary | null,
    note: string | null,
  ): Promise<void> {
    await this.db.run(
      'UPDATE worlds SET tree_json = ?, tree_summary_json = ?, tree_note = ?, updated_at = ? WHERE id = ?',
      [treeJson, summary === null ? null : JSON.stringify(summary), note, now(), id],
    );
  }

  async treeJson(id: string): Promise<string | null> {
    const row = await this.db.get<{ tree_json: string | null }>('SELECT tree_json FROM worlds WHERE id = ?', [
      id,
    ]);
    return row?.tree_json ?? null;
  }

  /** Examples still waiting for activations: (example id, image id), in insertion order. */
  async pendingExamples(worldId: string): Promise<{ id: number; imageId: string }[]> {
    const rows = await this.db.all<{ id: number; image_id: string }>(
      'SELECT id, image_id FROM examples WHERE world_id = ? AND activation IS NULL ORDER BY id',
      [worldId],
    );
    return rows.map((r) => ({ id: r.id, imageId: r.image_id }));
  }

  /** Stores activations for several examples in one transaction. */
  async storeActivations(rows: readonly { exampleId: number; activation: Float32Array }[]): Promise<void> {
    await this.db.transaction(async () => {
      for (const r of rows) {
        await this.db.run('UPDATE examples SET activation = ? WHERE id = ?', [
          Buffer.from(r.activation.buffer, r.activation.byteOffset, r.activation.byteLength),
          r.exampleId,
        ]);
      }
    });
  }

  /** The world's embedded examples, in insertion order (examples still waiting for the CNN are left out). */
  async activations(world: Pick<World, 'id' | 'model' | 'tap'>): Promise<WorldTable> {
    const rows = await this.db.all<{
      id: number;
      image_id: string;
      sample_id: string | null;
      label: string;
      activation: Buffer;
    }>(
      `SELECT id, image_id, sample_id, label, activation FROM examples
       WHERE world_id = ? AND activation IS NOT NULL ORDER BY id`,
      [world.id],
    );
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
  async delete(id: string): Promise<number> {
    return this.db.transaction(async () => {
      const row = await this.db.get<{ n: number }>(
        'SELECT CAST(COUNT(*) AS INTEGER) AS n FROM examples WHERE world_id = ?',
        [id],
      );
      await this.db.run('DELETE FROM worlds WHERE id = ?', [id]);
      return row?.n ?? 0;
    });
  }

  private async toWorld(row: WorldRow): Promise<World> {
    const labels = await this.db.all<LabelCount>(
      'SELECT label, CAST(COUNT(*) AS INTEGER) AS count FROM examples WHERE world_id = ? GROUP BY label',
      [row.id],
    );
    labels.sort((a, b) => byText(a.label, b.label));
    const embedded = await this.db.get<{ n: number }>(
      'SELECT CAST(COUNT(*) AS INTEGER) AS n FROM examples WHERE world_id = ? AND activation IS NOT NULL',
      [row.id],
    );
    return {
      id: row.id,
      name: row.name,
      model: row.model,
      tap: row.tap,
      status: row.status as WorldStatus,
      exampleCount: labels.reduce((s, l) => s + l.count, 0),
      embeddedCount: embedded?.n ?? 0,
      labels,
      tree: row.tree_summary_json === null ? null : (JSON.parse(row.tree_summary_json) as TreeSummary),
      treeNote: row.tree_note,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }
}
