import Ajv2020 from 'ajv/dist/2020';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

const schemaFile = fileURLToPath(new URL('../../../../docs/protocol/event-v1.schema.json', import.meta.url));
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(schemaFile, 'utf8')));

/** How the receiver answers one request: a status, with headers and a delay, or 'reset' (drop the connection). */
export type Answer = number | 'reset' | { status: number; headers?: Record<string, string>; delay?: number };

export interface Received {
  at: number;
  url: string;
  /** The event sent, whatever the answer. */
  sent: any;
  /** The event when it was accepted (2xx). */
  data: any;
}

/**
 * A stand-in Flytrap server on 127.0.0.1: records every request, checks each body against the protocol's JSON
 * Schema, and answers from a programmable list (200 when the list is empty).
 */
export class Receiver {
  readonly requests: Received[] = [];
  readonly invalid: string[] = [];
  readonly answers: Answer[] = [];
  port = 0;
  private server?: Server;

  async start(port = 0): Promise<this> {
    const server = createServer((req, res) => this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    return this;
  }

  /** Stops listening (connections are then refused), dropping open connections. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }

  get dsn(): string {
    return `http://public-key@127.0.0.1:${this.port}/7`;
  }

  /** Events accepted so far (2xx answers), in arrival order. */
  get events() {
    return this.requests.filter((r) => r.data).map((r) => r.data);
  }

  async waitFor(count: number, timeout = 5000): Promise<Received[]> {
    const deadline = Date.now() + timeout;
    while (this.requests.length < count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} requests, got ${this.requests.length}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return this.requests;
  }

  private handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let payload;
      try {
        payload = JSON.parse(body);
        if (!validate(payload)) this.invalid.push(JSON.stringify(validate.errors) + ' in ' + body);
      } catch {
        this.invalid.push('not JSON: ' + body);
      }
      if (req.method !== 'POST' || !/^\/api\/errors\?api_key=public-key$/.test(req.url || '')
        || req.headers['content-type'] !== 'application/json') {
        this.invalid.push(`unexpected request ${req.method} ${req.url} ${req.headers['content-type']}`);
      }
      const answer = this.answers.shift() ?? 200;
      const received: Received = { at: Date.now(), url: req.url || '', sent: payload && payload.data, data: undefined };
      this.requests.push(received);
      if (answer === 'reset') {
        req.socket.destroy();
        return;
      }
      const { status, headers, delay } = typeof answer === 'number' ? { status: answer, headers: {}, delay: 0 } : answer;
      if (status < 300) received.data = payload && payload.data;
      setTimeout(() => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(status < 300 ? '{"id":"ok"}' : '{"error":"no"}');
      }, delay || 0);
    });
  }
}
