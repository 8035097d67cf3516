import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, startTestGateway, type TestGateway } from './helpers/test-gateway.js';

let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway();
});
afterAll(async () => {
  await t.close();
  removeDir(t.dir);
});

/** Reads one HTTP response (headers + content-length body) from the socket. */
function response(socket: net.Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer): void => {
      text += chunk.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(text);
      if (end >= 0 && length !== null && text.length >= end + 4 + Number(length[1])) {
        socket.off('data', onData);
        socket.off('close', onClose);
        resolve(text);
      }
    };
    const onClose = (): void => reject(new Error(`connection closed; read so far: ${JSON.stringify(text)}`));
    socket.on('data', onData);
    socket.once('close', onClose);
  });
}

describe('keep-alive', () => {
  it('keeps an idle connection open longer than clients keep theirs (Node agent 5 s)', async () => {
    const socket = net.connect(t.gateway.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const request = 'GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n';
    socket.write(request);
    const first = await response(socket);
    expect(first).toMatch(/^HTTP\/1\.1 200/);
    expect(first).toMatch(/keep-alive: timeout=76\r\n/i);
    // Past Node's agent (5 s) and undici (4 s): the client would have closed by now; the server must not have.
    await new Promise((resolve) => setTimeout(resolve, 6000));
    expect(socket.destroyed).toBe(false);
    socket.write(request);
    expect(await response(socket)).toMatch(/^HTTP\/1\.1 200/);
    socket.destroy();
  });
});
