import { readFileSync } from 'node:fs';
import path from 'node:path';
import { bundledModelsDir } from '@clusterflow/extractors';

/** Class names in a bundled model's own output order (darknet: Darknet order; mobilenet: Keras order). */
export function modelClassNames(model: string): string[] {
  const file = path.join(bundledModelsDir(), model, 'labels.json');
  const json = JSON.parse(readFileSync(file, 'utf8')) as Array<{ name: string } | string>;
  return json.map((e) => (typeof e === 'string' ? e : e.name));
}
