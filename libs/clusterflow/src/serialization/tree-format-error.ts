import { ClusterFlowError } from '../errors/clusterflow-error.js';

/** Why a saved tree could not be loaded. */
export type TreeFormatErrorCode = 'WRONG_FORMAT' | 'UNSUPPORTED_VERSION' | 'CORRUPT_TREE';

/** `loadTree` failed: not a tree file, a version this build cannot read, or inconsistent / damaged data. */
export class TreeFormatError extends ClusterFlowError {
  /** Why loading failed: 'WRONG_FORMAT', 'UNSUPPORTED_VERSION' or 'CORRUPT_TREE'. */
  declare readonly code: TreeFormatErrorCode;

  constructor(code: TreeFormatErrorCode, message: string) {
    super(code, message);
    this.name = 'TreeFormatError';
  }
}
