/** Version of `@clusterflow/extractors` (matches its package.json). */
export const VERSION = '0.1.0';
export { ExtractorError, isExtractorError, type ExtractorErrorCode } from './errors/extractor-error.js';
export { fileSystemIOHandler } from './model/file-io-handler.js';
export {
  selectBackend,
  BACKEND_ORDER,
  type BackendChoice,
  type BackendKind,
  type BackendLogger,
  type BackendPreference,
  type ModuleImporter,
} from './backend/select-backend.js';
export {
  registerModel,
  registerModelFrom,
  getModel,
  listModels,
  readLabels,
  bundledModelsDir,
  modelOrigin,
  type ClassLabel,
  type LayerTap,
  type ModelDescriptor,
  type ModelSourceOptions,
  type Normalisation,
  type OutputKind,
  type Pooling,
  type TapSpec,
} from './model/model-registry.js';
export {
  decodeImage,
  decodeImageRgb,
  normalise,
  DEFAULT_LIMIT_INPUT_PIXELS,
  type DecodeOptions,
  type ImageFormat,
  type ImageSource,
  type ResizeKernel,
  type RgbImage,
} from './image/decode-image.js';
export { tapKey } from './taps/tap-plan.js';
export { topIndices } from './classify/top-indices.js';
export {
  createExtractor,
  type Classification,
  type ClassScore,
  type ExtractOptions,
  type Extractor,
  type ExtractorLogger,
  type ExtractorOptions,
  type TapMatrix,
  type TapResult,
} from './extractor.js';
export {
  writeActivationTable,
  readActivationTable,
  readActivationTableBatches,
  encodeActivationTable,
  decodeActivationTable,
  ACTIVATION_TABLE_FORMAT,
  DEFAULT_BATCH_ROWS,
  type ActivationTable,
} from './table/activation-table.js';
export { listFolderImages, type FolderImage } from './batch/list-folder-images.js';
export {
  extractFolder,
  type ExtractFolderOptions,
  type ExtractFolderResult,
  type FolderProgress,
  type FolderRunner,
  type SkippedImage,
} from './batch/extract-folder.js';
export { parseTap } from './taps/parse-tap.js';
export {
  createExtractorPool,
  type EncodedBatchResult,
  type EncodedImageFailure,
  type ExtractorPool,
  type ExtractorPoolOptions,
} from './parallel/extractor-pool.js';

// fooling
export {
  synthesizeFoolingImage,
  type FoolingImage,
  type FoolingObjective,
  type FoolingOptions,
  type FoolingStep,
} from './fooling/synthesize-fooling-image.js';
export { foolingFileName, type FoolManifestEntry } from './fooling/fooling-manifest.js';
export { resolveClass } from './model/resolve-class.js';
export { registerWasmGradients } from './gradients/register-wasm-gradients.js';

// feature spaces
export { flipHorizontal } from './feature-space/flip-horizontal.js';
export { combineTapViews } from './feature-space/combine-taps.js';
export {
  registerFeatureSpace,
  getFeatureSpace,
  listFeatureSpaces,
  FEATURE_SPACE_TAP,
  type FeatureSpaceDescriptor,
  type FeatureSpaceTap,
  type FeatureView,
} from './feature-space/feature-space-registry.js';
export {
  createFeatureSpaceExtractor,
  type FeatureSpaceExtractor,
  type FeatureSpaceExtractorOptions,
} from './feature-space/feature-space-extractor.js';
