import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ClassLabel } from '../model/model-registry.js';

/** One line of the `manifest.json` that `clusterflow-extract fool` writes next to its fooling images. */
export interface FoolManifestEntry {
  /** PNG file name inside the output folder (see `foolingFileName`). */
  file: string;
  /** Output index of the targeted class. */
  targetClass: number;
  /** Label name of the targeted class. */
  name: string;
  /** WordNet id of the targeted class (empty when the labels give none). */
  wnid: string;
  /** Seed the image was synthesised from. */
  seed: number;
  /** Softmax probability of the target class, measured on the saved PNG. */
  confidence: number;
  /** Output index of the class the model ranks first for the PNG. */
  topClass: number;
  /** Gradient steps taken. */
  steps: number;
  /** Whether `confidence` reached the requested `--confidence`. */
  converged: boolean;
  /** Wall-clock milliseconds spent on this image (synthesis and writing the PNG). */
  ms: number;
}

/** File name of one fooling image: class index, label slug and seed. */
export function foolingFileName(label: ClassLabel, seed: number): string {
  const slug = label.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `c${String(label.index).padStart(3, '0')}-${slug}-s${seed}.png`;
}

/**
 * The entries of `dir/manifest.json` after a run: earlier runs' entries for other files in the same folder (same
 * model) are kept, the newest entry per file wins.
 */
export async function mergeManifest(
  dir: string,
  model: string,
  entries: FoolManifestEntry[],
): Promise<FoolManifestEntry[]> {
  let previous: FoolManifestEntry[] = [];
  try {
    const parsed = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as {
      model?: string;
      images?: FoolManifestEntry[];
    };
    if (parsed.model === model && Array.isArray(parsed.images)) previous = parsed.images;
  } catch {
    // no (readable) manifest yet
  }
  const fresh = new Set(entries.map((e) => e.file));
  return [...previous.filter((e) => !fresh.has(e.file)), ...entries];
}
