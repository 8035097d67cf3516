import { unzipSync } from 'fflate';

/** A file ready for upload: its name and bytes. */
export interface UploadFile {
  name: string;
  bytes: Uint8Array;
}

const IMAGE_NAME = /\.(jpe?g|png|webp)$/i;

/** True for the names the gateway decodes (JPEG, PNG, WebP), skipping macOS resource forks inside zips. */
export function isImageName(name: string): boolean {
  const base = name.split('/').pop() ?? name;
  return IMAGE_NAME.test(base) && !base.startsWith('._') && !name.includes('__MACOSX/');
}

/**
 * Turns picked or dropped files into image files: a `.zip` is unpacked in the browser (its image entries, named
 * by their path inside the zip), other files pass through. Non-image entries are reported in `skipped`.
 */
export function expandZip(name: string, bytes: Uint8Array): { files: UploadFile[]; skipped: string[] } {
  const entries = unzipSync(bytes);
  const files: UploadFile[] = [];
  const skipped: string[] = [];
  for (const [path, data] of Object.entries(entries)) {
    if (path.endsWith('/')) continue;
    if (isImageName(path)) files.push({ name: path, bytes: data });
    else skipped.push(`${name}/${path}`);
  }
  files.sort((a, b) => a.name.localeCompare(b.name));
  return { files, skipped };
}

/** Base64 of bytes, in slices so a large image does not overflow the argument list of fromCharCode. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}
