import { readFile } from 'node:fs/promises';
import sharp, { type Metadata, type Sharp } from 'sharp';
import { ExtractorError } from '../errors/extractor-error.js';
import type { Normalisation } from '../model/model-registry.js';

/** Encoded image bytes, or a path to an image file. */
export type ImageSource = Buffer | Uint8Array | string;

/** An image encoding the decoder can accept (as reported by sharp). */
export type ImageFormat = 'jpeg' | 'png' | 'webp';

/** Options for `decodeImageRgb` and `decodeImage`. */
export interface DecodeOptions {
  /** Square output side in pixels (the model's input size). */
  size: number;
  /** Input range `decodeImage` maps the pixels to (not used by `decodeImageRgb`). */
  normalisation: Normalisation;
  /** Refuse images with more pixels than this before decoding them (decompression bombs). Default 50,000,000. */
  limitInputPixels?: number;
  /** Accepted encodings. Default: jpeg, png, webp. */
  formats?: readonly ImageFormat[];
  /** Resampling kernel of the resize. Default `lanczos3` (sharp's default). */
  kernel?: ResizeKernel;
}

/** sharp resampling kernel used when resizing to the model's input size. */
export type ResizeKernel = 'nearest' | 'linear' | 'cubic' | 'mitchell' | 'lanczos3';

/** Default maximum width × height of an input image; larger images are refused before decoding. */
export const DEFAULT_LIMIT_INPUT_PIXELS = 50_000_000;
const DEFAULT_FORMATS: readonly ImageFormat[] = ['jpeg', 'png', 'webp'];

/** 8-bit RGB pixels of a decoded, resized and centre-cropped image, row-major HWC. */
export interface RgbImage {
  /** `height × width × 3` bytes, RGB interleaved. */
  data: Uint8Array;
  /** Width in pixels (the requested `size`). */
  width: number;
  /** Height in pixels (the requested `size`). */
  height: number;
}

/**
 * Decodes JPEG/PNG/WebP bytes (or a file) with sharp: EXIF auto-orientation, shorter side resized to `size`,
 * centre crop to `size`×`size`, 3 RGB channels (alpha dropped, grey expanded). Truncated files are rejected.
 */
export async function decodeImageRgb(source: ImageSource, options: DecodeOptions): Promise<RgbImage> {
  const bytes = await readSource(source);
  const limit = options.limitInputPixels ?? DEFAULT_LIMIT_INPUT_PIXELS;
  const formats = options.formats ?? DEFAULT_FORMATS;
  const label = typeof source === 'string' ? `"${source}"` : `a ${bytes.byteLength}-byte buffer`;
  // failOn 'truncated': a cut-off JPEG/PNG is an error, not a silently grey-padded image.
  const open = (pixelLimit: number | false): Sharp =>
    sharp(bytes, { failOn: 'truncated', limitInputPixels: pixelLimit });

  let metadata: Metadata;
  try {
    // Header only, so no limit is needed here; it lets the error below name the declared size.
    metadata = await open(false).metadata();
  } catch (cause) {
    throw classify(cause, label, limit);
  }
  const format = metadata.format as string | undefined;
  if (format === undefined || !formats.includes(format as ImageFormat)) {
    throw new ExtractorError(
      'UNSUPPORTED_FORMAT',
      `${label} is ${format ?? 'an unknown format'}; supported formats: ${formats.join(', ')}.`,
    );
  }
  const pixels = (metadata.width ?? 0) * (metadata.height ?? 0);
  if (pixels > limit) {
    throw new ExtractorError(
      'IMAGE_TOO_LARGE',
      `${label} declares ${metadata.width}×${metadata.height} = ${pixels} pixels; the limit is ${limit} ` +
        '(raise limitInputPixels if this is intended).',
    );
  }
  try {
    const { data, info } = await open(limit)
      .autoOrient()
      .resize(options.size, options.size, {
        fit: 'cover',
        position: 'centre',
        kernel: options.kernel ?? 'lanczos3',
      })
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    return {
      data: toRgb(data, info.channels, info.width * info.height),
      width: info.width,
      height: info.height,
    };
  } catch (cause) {
    throw classify(cause, label, limit);
  }
}

/** `decodeImageRgb` followed by the model's normalisation: Float32 HWC ready for a `[1,H,W,3]` tensor. */
export async function decodeImage(source: ImageSource, options: DecodeOptions): Promise<Float32Array> {
  const rgb = await decodeImageRgb(source, options);
  return normalise(rgb.data, options.normalisation);
}

/** Maps 8-bit values to the model's input range. */
export function normalise(rgb: Uint8Array, normalisation: Normalisation, out?: Float32Array): Float32Array {
  const target = out ?? new Float32Array(rgb.length);
  if (normalisation === '0..1') {
    for (let i = 0; i < rgb.length; i++) target[i] = rgb[i] / 255;
  } else {
    for (let i = 0; i < rgb.length; i++) target[i] = rgb[i] / 127.5 - 1;
  }
  return target;
}

async function readSource(source: ImageSource): Promise<Uint8Array> {
  if (typeof source !== 'string') {
    if (source.byteLength === 0) throw new ExtractorError('NOT_AN_IMAGE', 'The image buffer is empty.');
    return source;
  }
  try {
    return await readFile(source);
  } catch (cause) {
    throw new ExtractorError('NOT_AN_IMAGE', `Cannot read image file "${source}".`, { cause });
  }
}

function toRgb(data: Buffer, channels: number, pixels: number): Uint8Array {
  if (channels === 3) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  // Defensive: sRGB conversion already yields 3 channels; expand grey or drop extra channels otherwise.
  const rgb = new Uint8Array(pixels * 3);
  for (let p = 0; p < pixels; p++) {
    for (let c = 0; c < 3; c++) rgb[p * 3 + c] = data[p * channels + (channels >= 3 ? c : 0)];
  }
  return rgb;
}

function classify(cause: unknown, label: string, limit: number): ExtractorError {
  const message = cause instanceof Error ? cause.message : String(cause);
  if (/pixel limit/i.test(message)) {
    return new ExtractorError('IMAGE_TOO_LARGE', `${label} exceeds the pixel limit of ${limit}.`, { cause });
  }
  if (/premature end|truncat|not enough data|read error|unexpected end|end of (file|stream)/i.test(message)) {
    return new ExtractorError('TRUNCATED_IMAGE', `${label} is truncated or cut off: ${message}`, { cause });
  }
  if (/unsupported image format|bad seek|input buffer|input file/i.test(message)) {
    return new ExtractorError(
      'NOT_AN_IMAGE',
      `${label} is not a decodable JPEG, PNG or WebP image: ${message}`,
      {
        cause,
      },
    );
  }
  return new ExtractorError('NOT_AN_IMAGE', `${label} could not be decoded: ${message}`, { cause });
}
