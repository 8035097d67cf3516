import { open, readFile, rename, writeFile } from 'node:fs/promises';
import {
  Field,
  FixedSizeList,
  Float32,
  List,
  makeData,
  makeVector,
  RecordBatchReader,
  Schema,
  Table,
  tableFromIPC,
  tableToIPC,
  Utf8,
  vectorFromArray,
  type Vector,
} from 'apache-arrow';
import { ExtractorError } from '../errors/extractor-error.js';

/** Written into the schema metadata under `format`; bump on incompatible layout changes. */
export const ACTIVATION_TABLE_FORMAT = 'clusterflow-activations/1';

/** One tap's activations for a set of images, with their ids, source files and label sets. */
export interface ActivationTable {
  /** One id per row (for `extractFolder`: the image path relative to the folder). */
  ids: string[];
  /** Source file path of each row. */
  files: string[];
  /** Zero or more labels per row (multi-label allowed). */
  labelSets: string[][];
  /** Row-major `rows × cols`. */
  data: Float32Array;
  /** Number of rows (images). */
  rows: number;
  /** Activation values per row (at least 1). */
  cols: number;
  /** Name of the model the activations come from. */
  model: string;
  /** Key of the tap the activations come from (see `tapKey`); never empty. */
  tap: string;
  /** ISO 8601; set by `writeActivationTable` when absent. */
  createdAt?: string;
}

/**
 * Writes an Arrow IPC file (Feather v2): columns `id` utf8, `file` utf8, `labels` list<utf8> and one
 * FixedSizeList<float32>[cols] column named after the tap; schema metadata model, tap, createdAt, format.
 * The file is written next to `path` and renamed into place, so a crash never leaves half a table.
 */
export async function writeActivationTable(
  path: string,
  table: ActivationTable,
  options: { batchRows?: number } = {},
): Promise<void> {
  const bytes = encodeActivationTable(table, options.batchRows);
  const temp = `${path}.tmp-${process.pid}`;
  await writeFile(temp, bytes);
  await rename(temp, path);
}

/** Rows per Arrow record batch: readers can stream a big table batch by batch (`readActivationTableBatches`). */
export const DEFAULT_BATCH_ROWS = 4096;

/** The Arrow IPC file bytes of `table` (see `writeActivationTable`). */
export function encodeActivationTable(table: ActivationTable, batchRows = DEFAULT_BATCH_ROWS): Uint8Array {
  validate(table);
  if (!Number.isInteger(batchRows) || batchRows < 1) {
    throw new ExtractorError('INVALID_ARGUMENT', `batchRows must be a positive integer, got ${batchRows}.`);
  }
  const { rows, cols } = table;
  const tapColumn =
    table.tap === 'id' || table.tap === 'file' || table.tap === 'labels' ? `tap_${table.tap}` : table.tap;
  const listType = new FixedSizeList(cols, new Field('item', new Float32(), false));
  const labelType = new List(new Field('item', new Utf8(), true));
  const pieces: Table[] = [];
  for (let start = 0; start < rows || (rows === 0 && pieces.length === 0); start += batchRows) {
    const end = Math.min(rows, start + batchRows);
    const n = end - start;
    const values = makeData({
      type: new Float32(),
      length: n * cols,
      nullCount: 0,
      data: table.data.subarray(start * cols, end * cols),
    });
    const columns: Record<string, Vector> = {
      id: vectorFromArray(table.ids.slice(start, end), new Utf8()),
      file: vectorFromArray(table.files.slice(start, end), new Utf8()),
      labels: vectorFromArray(table.labelSets.slice(start, end), labelType),
      [tapColumn]: makeVector(makeData({ type: listType, length: n, nullCount: 0, child: values })),
    };
    pieces.push(new Table(columns));
  }
  const metadata = new Map<string, string>([
    ['format', ACTIVATION_TABLE_FORMAT],
    ['model', table.model],
    ['tap', table.tap],
    ['tap_column', tapColumn],
    ['createdAt', table.createdAt ?? new Date().toISOString()],
  ]);
  const schema = new Schema(pieces[0].schema.fields, metadata);
  return tableToIPC(
    new Table(
      schema,
      pieces.flatMap((piece) => piece.batches),
    ),
    'file',
  );
}

/** Reads a table written by `writeActivationTable` (or any Arrow file with the same columns and metadata). */
export async function readActivationTable(path: string): Promise<ActivationTable> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (cause) {
    throw new ExtractorError('TABLE_FORMAT', `Cannot read activation table "${path}".`, { cause });
  }
  return decodeActivationTable(bytes, path);
}

/** Parses Arrow IPC bytes into an `ActivationTable`. */
export function decodeActivationTable(bytes: Uint8Array, label = 'the input'): ActivationTable {
  let arrow: Table;
  try {
    arrow = tableFromIPC(bytes);
  } catch (cause) {
    throw new ExtractorError('TABLE_FORMAT', `${label} is not an Arrow IPC file.`, { cause });
  }
  return fromColumns(arrow, arrow.schema.metadata, label);
}

/**
 * Streams a table record batch by record batch (each at most `DEFAULT_BATCH_ROWS` rows when written here), so a
 * table larger than memory can be consumed, e.g. by a streaming tree builder.
 */
export async function* readActivationTableBatches(path: string): AsyncGenerator<ActivationTable> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (cause) {
    throw new ExtractorError('TABLE_FORMAT', `Cannot read activation table "${path}".`, { cause });
  }
  try {
    let reader;
    try {
      reader = await RecordBatchReader.from(handle);
      await reader.open();
    } catch (cause) {
      throw new ExtractorError('TABLE_FORMAT', `"${path}" is not an Arrow IPC file.`, { cause });
    }
    const meta = reader.schema.metadata;
    for await (const batch of reader) yield fromColumns(batch, meta, `"${path}"`);
  } finally {
    await handle.close();
  }
}

/** What a Table and a RecordBatch share. */
interface ColumnSource {
  numRows: number;
  schema: Schema;
  getChild(name: string): Vector | null;
}

function fromColumns(source: ColumnSource, meta: Map<string, string>, label: string): ActivationTable {
  const format = meta.get('format');
  if (format !== ACTIVATION_TABLE_FORMAT) {
    throw new ExtractorError(
      'TABLE_FORMAT',
      `${label} has format "${format ?? '(none)'}"; expected "${ACTIVATION_TABLE_FORMAT}".`,
    );
  }
  const tap = meta.get('tap') ?? '';
  const tapColumn = meta.get('tap_column') ?? tap;
  const idColumn = source.getChild('id');
  const fileColumn = source.getChild('file');
  const labelColumn = source.getChild('labels');
  const activations = source.getChild(tapColumn);
  if (idColumn === null || fileColumn === null || labelColumn === null || activations === null) {
    throw new ExtractorError(
      'TABLE_FORMAT',
      `${label} needs columns id, file, labels and "${tapColumn}"; it has ${source.schema.fields.map((f) => f.name).join(', ')}.`,
    );
  }
  const type = activations.type as unknown;
  if (!(type instanceof FixedSizeList)) {
    throw new ExtractorError(
      'TABLE_FORMAT',
      `${label}: column "${tapColumn}" must be FixedSizeList<float32>.`,
    );
  }
  const rows = source.numRows;
  const cols = type.listSize;
  const data = new Float32Array(rows * cols);
  let row = 0;
  for (const chunk of activations.data) {
    // Slicing a FixedSizeList slices its child too, so the child's offset already points at this chunk's rows.
    const child = chunk.children[0];
    const values = child.values as Float32Array;
    data.set(values.subarray(child.offset, child.offset + chunk.length * cols), row * cols);
    row += chunk.length;
  }
  const labelSets: string[][] = [];
  for (let i = 0; i < rows; i++) {
    const list = labelColumn.get(i) as Vector<Utf8> | null;
    labelSets.push(list === null ? [] : [...(list as Iterable<string>)]);
  }
  return {
    ids: [...(idColumn as Iterable<string>)],
    files: [...(fileColumn as Iterable<string>)],
    labelSets,
    data,
    rows,
    cols,
    model: meta.get('model') ?? '',
    tap,
    createdAt: meta.get('createdAt'),
  };
}

function validate(table: ActivationTable): void {
  const { rows, cols } = table;
  const problems: string[] = [];
  if (!Number.isInteger(rows) || rows < 0) problems.push(`rows must be a non-negative integer (got ${rows})`);
  if (!Number.isInteger(cols) || cols < 1) problems.push(`cols must be a positive integer (got ${cols})`);
  if (table.data.length !== rows * cols)
    problems.push(`data has ${table.data.length} values, rows×cols = ${rows * cols}`);
  for (const [name, list] of [
    ['ids', table.ids],
    ['files', table.files],
    ['labelSets', table.labelSets],
  ] as const) {
    if (list.length !== rows) problems.push(`${name} has ${list.length} entries for ${rows} rows`);
  }
  if (table.tap === '') problems.push('tap must name the tap');
  if (problems.length > 0) {
    throw new ExtractorError('INVALID_ARGUMENT', `Invalid activation table: ${problems.join('; ')}.`);
  }
}
