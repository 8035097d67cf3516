import type { ImageInput, Sample } from '../api/operations.js';

/** An image chosen on a page: a stored sample or an uploaded file, with what is needed to show and send it. */
export interface PickedImage {
  /** Unique within a selection: `sample:<id>` or `upload:<n>:<file name>`. */
  key: string;
  /** Shown under the thumbnail and used as alt text. */
  name: string;
  /** Image source for display (a data URL). */
  src: string;
  input: ImageInput;
  /** The sample's label, when known (uploads: what the user typed, if anything). */
  label?: string;
}

export function pickSample(sample: Sample): PickedImage {
  return {
    key: `sample:${sample.id}`,
    name: `${sample.label} (${sample.id})`,
    src: sample.thumbnail,
    input: { sampleId: sample.id },
    label: sample.label,
  };
}

let uploads = 0;

/** Reads a dropped or chosen file into a data URL the gateway accepts as base64. */
export function pickFile(file: File): Promise<PickedImage> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () =>
      reject(new Error(`Could not read ${file.name}: ${reader.error?.message ?? 'unknown error'}`));
    reader.onload = () => {
      const dataUrl = String(reader.result);
      resolve({
        key: `upload:${++uploads}:${file.name}`,
        name: file.name,
        src: dataUrl,
        input: { base64: dataUrl },
      });
    };
    reader.readAsDataURL(file);
  });
}

/** Toggles `image` in `selection` (by key), refusing to grow past `max`. */
export function toggleImage(
  selection: readonly PickedImage[],
  image: PickedImage,
  max: number,
): PickedImage[] {
  if (selection.some((p) => p.key === image.key)) return selection.filter((p) => p.key !== image.key);
  if (selection.length >= max) return [...selection];
  return [...selection, image];
}
