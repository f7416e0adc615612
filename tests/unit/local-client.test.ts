/** The local client over kept-alive connections: a connection the server drops as it is reused costs one resend, nothing more. */
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Client } from '../../infra/local/client.ts';

const reply = (body: string) => `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: keep-alive\r\n\r\n${body}`;

let server: Server;
const open = new Set<Socket>();
afterEach(async () => {
  // The client keeps its connection alive; the server's close waits for every connection to end.
  for (const socket of open) socket.destroy();
  open.clear();
  await new Promise<void>((done) => server.close(() => done()));
});

/** A server that answers the first request on each connection and resets the connection at the second (`resetAll`: at the first). */
async function serverResetting({ resetAll = false } = {}): Promise<{ url: string; requests: () => number; connections: () => number }> {
  let requests = 0;
  let connections = 0;
  server = createServer((socket: Socket) => {
    connections += 1;
    open.add(socket);
    let answered = 0;
    socket.on('data', () => {
      requests += 1;
      if (resetAll || answered > 0) socket.resetAndDestroy();
      else {
        answered += 1;
        socket.write(reply(JSON.stringify({ request: requests })));
      }
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, requests: () => requests, connections: () => connections };
}

describe('the local client', () => {
  it('sends a request again, on a new connection, when the kept-alive connection it reused is reset', async () => {
    const local = await serverResetting();
    const client = new Client(local.url);
    expect((await client.request('GET', '/first')).body).toEqual({ request: 1 });
    // Sent on the kept-alive connection, which the server resets; sent again on a new one and answered there.
    expect((await client.request('POST', '/second', { body: { n: 2 } })).body).toEqual({ request: 3 });
    expect(local.connections()).toBe(2);
  });

  it('fails when a new connection is reset: only a reused one is resent', async () => {
    const local = await serverResetting({ resetAll: true });
    await expect(new Client(local.url).request('GET', '/first')).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(local.requests()).toBe(1);
  });
});
