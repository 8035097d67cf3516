import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';

/** One image of a labelled folder tree. */
export interface DatasetImage {
  readonly id: string;
  readonly file: string;
  readonly labels: string[];
}

const IMAGE = /\.(jpe?g|png|webp)$/i;

/**
 * Lists `root/<class>/<image>` (labels from folder names, sorted for a stable order). The ImageNet validation
 * folder is flat with a labels.csv instead: its `name` column (Darknet names) is the label.
 */
export function listDataset(root: string): DatasetImage[] {
  const csv = path.join(root, 'labels.csv');
  if (existsSync(csv)) {
    const lines = readFileSync(csv, 'utf8').trim().split(/\r?\n/);
    const header = lines[0].split(',');
    const fileCol = header.indexOf('file');
    const nameCol = header.indexOf('name');
    return lines.slice(1).map((line) => {
      const cells = line.split(',');
      return { id: cells[fileCol], file: path.join(root, cells[fileCol]), labels: [cells[nameCol]] };
    });
  }
  const out: DatasetImage[] = [];
  for (const cls of readdirSync(root).sort()) {
    const dir = path.join(root, cls);
    if (!statSync(dir).isDirectory()) continue;
    for (const f of readdirSync(dir).sort()) {
      if (IMAGE.test(f)) out.push({ id: `${cls}/${f}`, file: path.join(dir, f), labels: [cls] });
    }
  }
  return out;
}
