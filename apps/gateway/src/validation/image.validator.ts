import sharp, { type Metadata } from 'sharp';
import type { GatewayLimits } from '../config/gateway-config.js';
import { clip } from '../errors/clip.js';
import { BadUserInputError } from '../errors/gateway-errors.js';
import type { ImageInput } from '../images/image.input.js';
import type { ValidImage } from '../images/valid-image.js';
import type { SampleService } from '../samples/sample.service.js';

/** Encodings the CNN front end decodes. */
export const ACCEPTED_FORMATS = ['jpeg', 'png', 'webp'] as const;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const DATA_URL = /^data:image\/[a-z0-9.+-]+;base64,/i;

/**
 * The one validation layer for images at the edge: shape of the input, base64, byte size, then format and pixel
 * count read from the header by sharp — before anything is decoded, so a decompression bomb never is.
 */
export class ImageValidator {
  constructor(
    private readonly limits: GatewayLimits,
    private readonly samples: SampleService,
  ) {}

  /** Validates a list: `min`..`max` entries, each checked with its index in the message. */
  async validateList(
    inputs: readonly ImageInput[],
    argument: string,
    range: { min: number; max: number },
  ): Promise<ValidImage[]> {
    if (inputs.length < range.min || inputs.length > range.max) {
      const allowed = range.min === range.max ? `exactly ${range.min}` : `${range.min} to ${range.max}`;
      throw new BadUserInputError(`${argument} has ${inputs.length} images; allowed: ${allowed}.`, {
        argument,
        count: inputs.length,
        min: range.min,
        max: range.max,
      });
    }
    // Sequential: bounded memory, and the first bad image is the one reported.
    const valid: ValidImage[] = [];
    for (let i = 0; i < inputs.length; i++) valid.push(await this.validate(inputs[i], `${argument}[${i}]`));
    return valid;
  }

  async validate(input: ImageInput | null | undefined, argument: string): Promise<ValidImage> {
    const hasBytes = input?.base64 !== undefined && input?.base64 !== null;
    const hasSample = input?.sampleId !== undefined && input?.sampleId !== null;
    if (input === null || input === undefined || hasBytes === hasSample) {
      throw new BadUserInputError(`${argument} must set exactly one of base64 or sampleId.`, { argument });
    }
    if (hasSample) {
      const sample = await this.samples.image(input.sampleId as string);
      if (sample === undefined) {
        throw new BadUserInputError(
          `${argument}.sampleId "${clip(input.sampleId as string)}" is not a stored sample; list ids with the samples query.`,
          { argument },
        );
      }
      return { ...sample.image, sampleId: sample.id };
    }
    const bytes = this.decodeBase64(input.base64 as string, argument);
    return { bytes, ...(await this.inspect(bytes, argument)) };
  }

  private decodeBase64(text: string, argument: string): Uint8Array {
    const body = text.replace(DATA_URL, '').replace(/\s+/g, '');
    if (body.length === 0) {
      throw new BadUserInputError(
        `${argument}.base64 is empty; send the base64 of a JPEG, PNG or WebP file.`,
        {
          argument,
        },
      );
    }
    // Check the size before allocating: 4 base64 characters carry 3 bytes.
    const approxBytes = Math.floor((body.length * 3) / 4);
    if (approxBytes > this.limits.maxImageBytes + 2) {
      throw new BadUserInputError(
        `${argument} is about ${approxBytes} bytes; the limit is ${this.limits.maxImageBytes} bytes per image.`,
        { argument, limit: this.limits.maxImageBytes },
      );
    }
    const standard = body.replace(/-/g, '+').replace(/_/g, '/');
    if (!BASE64.test(standard) || standard.length % 4 === 1) {
      throw new BadUserInputError(
        `${argument}.base64 is not valid base64; allowed: A–Z, a–z, 0–9, +, / (or -, _) with optional = padding.`,
        { argument },
      );
    }
    return new Uint8Array(Buffer.from(standard, 'base64'));
  }

  private async inspect(
    bytes: Uint8Array,
    argument: string,
  ): Promise<{ format: string; width: number; height: number }> {
    let metadata: Metadata;
    try {
      // Header only (limitInputPixels off: nothing is decoded here, the pixel check follows).
      metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
    } catch {
      throw new BadUserInputError(
        `${argument} is not an image (${bytes.byteLength} bytes that sharp cannot read); allowed formats: ${ACCEPTED_FORMATS.join(', ')}.`,
        { argument },
      );
    }
    const format = metadata.format ?? 'unknown';
    if (!(ACCEPTED_FORMATS as readonly string[]).includes(format)) {
      throw new BadUserInputError(
        `${argument} is ${format}; allowed formats: ${ACCEPTED_FORMATS.join(', ')}.`,
        { argument, format },
      );
    }
    const width = metadata.width ?? 0;
    const height = metadata.height ?? 0;
    if (width < this.limits.minSide || height < this.limits.minSide) {
      throw new BadUserInputError(
        `${argument} is ${width}×${height} pixels; each side must be at least ${this.limits.minSide} pixels.`,
        { argument, width, height },
      );
    }
    if (width * height > this.limits.maxPixels) {
      throw new BadUserInputError(
        `${argument} is ${width}×${height} = ${width * height} pixels; the limit is ${this.limits.maxPixels} pixels per image.`,
        { argument, width, height, limit: this.limits.maxPixels },
      );
    }
    return { format, width, height };
  }
}
