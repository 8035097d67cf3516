import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** Serves a built single-page app: files by path, `index.html` for `/` and for unknown HTML navigations. */
export class StaticFiles {
  private constructor(private readonly root: string) {}

  /** A server for `dir`, or undefined when it has no `index.html` (the playground is not built yet). */
  static open(dir: string): StaticFiles | undefined {
    return existsSync(path.join(dir, 'index.html')) ? new StaticFiles(path.resolve(dir)) : undefined;
  }

  /** Writes the response and returns true, or returns false when nothing matches. */
  serve(req: IncomingMessage, res: ServerResponse, pathname: string): boolean {
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return false;
    }
    const file = path.resolve(this.root, `.${path.posix.normalize(`/${decoded}`)}`);
    // Never leave the root, whatever `..` or encoded separators the path carries.
    if (file !== this.root && !file.startsWith(this.root + path.sep)) return false;
    let target = file;
    if (!isFile(target)) {
      const wantsHtml = (req.headers.accept ?? '').includes('text/html');
      if (!(pathname === '/' || (wantsHtml && path.extname(pathname) === ''))) return false;
      target = path.join(this.root, 'index.html');
    }
    res.statusCode = 200;
    res.setHeader('content-type', TYPES[path.extname(target).toLowerCase()] ?? 'application/octet-stream');
    res.setHeader('content-length', statSync(target).size);
    if (req.method === 'HEAD') {
      res.end();
      return true;
    }
    createReadStream(target).pipe(res);
    return true;
  }
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}
