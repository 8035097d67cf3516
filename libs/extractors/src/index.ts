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

// fooling
