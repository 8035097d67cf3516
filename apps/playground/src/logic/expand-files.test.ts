import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { expandZip, isImageName, toBase64 } from './expand-files.js';

describe('expandZip', () => {
  it('keeps the image entries and reports the rest', () => {
    const zip = zipSync({
      'cats/a.jpg': new Uint8Array([1, 2, 3]),
      'cats/b.PNG': new Uint8Array([4]),
      'readme.txt': strToU8('hello'),
      '__MACOSX/cats/._a.jpg': new Uint8Array([9]),
    });
    const { files, skipped } = expandZip('photos.zip', zip);
    expect(files.map((f) => f.name)).toEqual(['cats/a.jpg', 'cats/b.PNG']);
    expect([...files[0].bytes]).toEqual([1, 2, 3]);
    expect(skipped.sort()).toEqual(['photos.zip/__MACOSX/cats/._a.jpg', 'photos.zip/readme.txt']);
  });
});

describe('isImageName', () => {
  it('accepts JPEG, PNG and WebP names only', () => {
    expect(['x.jpeg', 'y.webp', 'z.gif', '._w.jpg'].map(isImageName)).toEqual([true, true, false, false]);
  });
});

describe('toBase64', () => {
  it('encodes known bytes', () => {
    // "Man" → "TWFu" (RFC 4648 example).
    expect(toBase64(strToU8('Man'))).toBe('TWFu');
    expect(toBase64(new Uint8Array(70_000)).length).toBe(Math.ceil(70_000 / 3) * 4);
  });
});
