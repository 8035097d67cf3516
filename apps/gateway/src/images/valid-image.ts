/** An image input that passed every check that does not need a full decode (see `validation/image.validator.ts`). */
export interface ValidImage {
  bytes: Uint8Array;
  format: string;
  width: number;
  height: number;
  /** Set when the input named a stored sample. */
  sampleId?: string;
}
