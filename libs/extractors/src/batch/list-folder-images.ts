import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { ExtractorError } from '../errors/extractor-error.js';

/** An image found under a folder: `id` is its path relative to the folder (always with `/`). */
export interface FolderImage {
  /** Path relative to the folder, with `/` separators (unique; the row id in tables). */
  id: string;
  /** Absolute path of the file. */
  file: string;
  /** Directory names between the root and the file: `cat/x.jpg` → ['cat']; files at the root have none. */
  labels: string[];
}

const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.webp']);

/**
 * Lists JPEG/PNG/WebP files under `root` (recursively, hidden entries skipped), sorted by id so runs and resumes
 * see the same order. A labelled tree `class/image.jpg` gives each image its folder name as label.
 */
export async function listFolderImages(root: string): Promise<FolderImage[]> {
  const resolved = path.resolve(root);
  const found: FolderImage[] = [];
  const walk = async (dir: string, labels: string[]): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (cause) {
      throw new ExtractorError('INVALID_ARGUMENT', `Cannot read folder "${dir}".`, { cause });
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full, [...labels, entry.name]);
      else if (entry.isFile() && IMAGE_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) {
        found.push({ id: path.relative(resolved, full).split(path.sep).join('/'), file: full, labels });
      }
    }
  };
  await walk(resolved, []);
  return found.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
