import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A real HTTP server on loopback that records what SDKs send; its answers can be scripted. */
export interface Receiver {
  port: number;
  bodies: string[];
  urls: string[];
  answer: (request: IncomingMessage) => { status: number; headers?: Record<string, string>; delay?: number };
  waitFor(count: number, timeout?: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts a server on a free loopback port and answers that port. */
export async function listenOnLoopback(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** Closes a server and its kept-alive connections, which would otherwise hold the test run open. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

export async function startReceiver(): Promise<Receiver> {
  const receiver = {
    port: 0,
    bodies: [] as string[],
    urls: [] as string[],
    answer: (() => ({ status: 200 })) as Receiver['answer'],
  } as Receiver;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const answer = receiver.answer(request);
      if (request.url!.startsWith('/api/errors')) {
        receiver.bodies.push(Buffer.concat(chunks).toString('utf8'));
        receiver.urls.push(request.url!);
      }
      setTimeout(() => {
        response.writeHead(answer.status, { 'access-control-allow-origin': '*', ...answer.headers });
        response.end('{}');
      }, answer.delay || 0);
    });
  });
  receiver.port = await listenOnLoopback(server);
  receiver.waitFor = async (count, timeout = 5000) => {
    const deadline = Date.now() + timeout;
    while (receiver.bodies.length < count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} events, got ${receiver.bodies.length}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  receiver.close = () => closeServer(server);
  return receiver;
}
