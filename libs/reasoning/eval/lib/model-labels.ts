import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Class names in a bundled model's own output order (darknet: Darknet order; mobilenet: Keras order). */
export function modelClassNames(model: string): string[] {
  const file = path.resolve(import.meta.dirname, '../../../extractors/models', model, 'labels.json');
  const json = JSON.parse(readFileSync(file, 'utf8')) as Array<{ name: string } | string>;
  return json.map((e) => (typeof e === 'string' ? e : e.name));
}
