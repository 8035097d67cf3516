import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { ExtractorError } from '../errors/extractor-error.js';

/**
 * A TF.js `IOHandler` that loads a layers or graph model from disk without tfjs-node: it reads `model.json`
 * and concatenates the weight shards in `weightsManifest` order (the order the weight specs describe).
 */
export function fileSystemIOHandler(modelJsonPath: string): tf.io.IOHandler {
  const modelDir = path.dirname(modelJsonPath);
  return {
    load: async (): Promise<tf.io.ModelArtifacts> => {
      let text: string;
      try {
        text = await readFile(modelJsonPath, 'utf8');
      } catch (cause) {
        throw new ExtractorError(
          'MODEL_NOT_FOUND',
          `Cannot read model.json at "${modelJsonPath}": expected a TF.js model.json file.`,
          { cause },
        );
      }
      const modelJson = JSON.parse(text) as tf.io.ModelJSON;
      if (modelJson.modelTopology === undefined || !Array.isArray(modelJson.weightsManifest)) {
        throw new ExtractorError(
          'MODEL_NOT_FOUND',
          `"${modelJsonPath}" is not a TF.js model.json: it needs "modelTopology" and "weightsManifest".`,
        );
      }
      return tf.io.getModelArtifactsForJSON(modelJson, (manifest) => readShards(modelDir, manifest));
    },
  };
}

async function readShards(
  modelDir: string,
  manifest: tf.io.WeightsManifestConfig,
): Promise<[tf.io.WeightsManifestEntry[], ArrayBuffer]> {
  const specs: tf.io.WeightsManifestEntry[] = [];
  const shardPaths: string[] = [];
  for (const group of manifest) {
    specs.push(...group.weights);
    for (const shard of group.paths) shardPaths.push(path.join(modelDir, shard));
  }
  const shards = await Promise.all(
    shardPaths.map(async (shardPath) => {
      try {
        return await readFile(shardPath);
      } catch (cause) {
        throw new ExtractorError(
          'MODEL_NOT_FOUND',
          `Missing weight shard "${shardPath}" listed in weightsManifest.`,
          {
            cause,
          },
        );
      }
    }),
  );
  const total = shards.reduce((sum, shard) => sum + shard.byteLength, 0);
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const shard of shards) {
    joined.set(shard, offset);
    offset += shard.byteLength;
  }
  return [specs, joined.buffer];
}
