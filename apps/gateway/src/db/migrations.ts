/**
 * Schema migrations, applied in order inside one transaction each; `PRAGMA user_version` records how many ran.
 * Append new migrations; never edit a released one.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);

  -- Content-addressed image bytes (id = sha256 of the bytes) with a small JPEG thumbnail for maps and lists.
  CREATE TABLE images (
    id TEXT PRIMARY KEY,
    bytes BLOB NOT NULL,
    format TEXT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    thumbnail BLOB NOT NULL,
    created_at TEXT NOT NULL
  );

  -- Stored sample images addressable by id from ImageInput.sampleId (bundled demo photos among them).
  CREATE TABLE samples (
    id TEXT PRIMARY KEY,
    image_id TEXT NOT NULL REFERENCES images(id),
    label TEXT NOT NULL,
    collection TEXT NOT NULL,
    source TEXT NOT NULL
  );

  CREATE TABLE worlds (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    model TEXT NOT NULL,
    tap TEXT NOT NULL,
    status TEXT NOT NULL,
    tree_json TEXT,
    tree_summary_json TEXT,
    tree_note TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );

  -- One labelled example of a world; activation = the tap's row as little-endian float32 (NULL until extracted).
  CREATE TABLE examples (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    world_id TEXT NOT NULL REFERENCES worlds(id) ON DELETE CASCADE,
    image_id TEXT NOT NULL REFERENCES images(id),
    sample_id TEXT,
    label TEXT NOT NULL,
    activation BLOB,
    created_at TEXT NOT NULL
  );
  CREATE INDEX examples_world ON examples(world_id);

  -- Long-running work (world builds); kept after the world is deleted so clients can still read the outcome.
  CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    world_id TEXT,
    status TEXT NOT NULL,
    done INTEGER NOT NULL DEFAULT 0,
    total INTEGER NOT NULL DEFAULT 0,
    message TEXT NOT NULL DEFAULT '',
    error_code TEXT,
    error_message TEXT,
    created_at TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT
  );
  `,
  `
  -- Jobs that produce a stored sample (fooling-image synthesis) point at it.
  ALTER TABLE jobs ADD COLUMN result_sample_id TEXT;
  `,
];
