// Delivery against a receiver that misbehaves: the SDK retries what can succeed, pauses when asked, drops what
// cannot, stays bounded, and never throws into the app.
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import * as Flytrap from '../src/index';
import { Receiver } from './receiver';

const receiver = new Receiver();

beforeAll(async () => {
  await receiver.start();
  Flytrap.init({ dsn: receiver.dsn, maxQueueSize: 3, captureUnhandled: false });
});
afterAll(() => receiver.stop());

const ids = (from = 0) => receiver.requests.slice(from).map((r) => r.sent.event_id);

it('retries a 500 and delivers the event once', async () => {
  receiver.answers.push(500);
  const id = Flytrap.captureException(new Error('after a 500'));
  expect(await Flytrap.flush(5000)).toBe(true);
  expect(ids()).toEqual([id, id]);
  expect(receiver.events.map((e) => e.event_id)).toEqual([id]);
});

it('retries when the connection drops', async () => {
  const from = receiver.requests.length;
  receiver.answers.push('reset');
  const id = Flytrap.captureException(new Error('after a reset'));
  expect(await Flytrap.flush(5000)).toBe(true);
  expect(ids(from)).toEqual([id, id]);
  expect(receiver.requests.at(-1)!.data.event_id).toBe(id);
});

it('sends nothing until a 429\'s Retry-After has passed', async () => {
  const from = receiver.requests.length;
  receiver.answers.push({ status: 429, headers: { 'retry-after': '1' } });
  const first = Flytrap.captureException(new Error('rate limited'));
  await receiver.waitFor(from + 1);
  const second = Flytrap.captureException(new Error('while paused'));
  expect(await Flytrap.flush(5000)).toBe(true);
  expect(ids(from)).toEqual([first, first, second]);
  const [limited, retried] = receiver.requests.slice(from);
  expect(retried.at - limited.at).toBeGreaterThanOrEqual(950);
});

it('drops an event the server refuses with 400, without retrying, and goes on with the next', async () => {
  const from = receiver.requests.length;
  receiver.answers.push(400);
  const refused = Flytrap.captureException(new Error('refused'));
  expect(await Flytrap.flush(5000)).toBe(true); // done at once: nothing left to retry
  const next = Flytrap.captureMessage('the next one');
  expect(await Flytrap.flush(5000)).toBe(true);
  expect(ids(from)).toEqual([refused, next]);
});

it('does not throw when the server refuses connections, and delivers once it is back', async () => {
  const from = receiver.requests.length;
  const port = receiver.port;
  await receiver.stop();
  let id: string | undefined;
  expect(() => {
    id = Flytrap.captureException(new Error('while the server is down'));
  }).not.toThrow();
  const started = Date.now();
  expect(await Flytrap.flush(200)).toBe(false); // bounded: returns when the timeout is up
  expect(Date.now() - started).toBeLessThan(1000);
  await receiver.start(port);
  expect(await Flytrap.flush(10000)).toBe(true);
  expect(ids(from)).toEqual([id]);
});

it('returns from flush within its timeout while the server is slow', async () => {
  receiver.answers.push({ status: 200, delay: 1500 });
  Flytrap.captureException(new Error('slow'));
  const started = Date.now();
  expect(await Flytrap.flush(200)).toBe(false);
  expect(Date.now() - started).toBeLessThan(1000);
  expect(await Flytrap.flush(5000)).toBe(true);
});

it('keeps at most maxQueueSize events waiting, dropping and counting the rest', async () => {
  const from = receiver.requests.length;
  const transport = Flytrap.getClient()!.transport;
  const droppedBefore = transport.dropped;
  receiver.answers.push({ status: 200, delay: 300 });
  for (let i = 0; i < 10; i++) Flytrap.captureMessage('burst ' + i);
  expect(await Flytrap.flush(5000)).toBe(true);
  // one being sent and two waiting fill the queue of 3; the other 7 are dropped
  expect(receiver.requests.slice(from).map((r) => r.sent.message)).toEqual(['burst 0', 'burst 1', 'burst 2']);
  expect(transport.dropped - droppedBefore).toBe(7);
});

it('warns on a second init and keeps the first configuration', () => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  const client = Flytrap.getClient();
  expect(Flytrap.init({ dsn: 'http://other@127.0.0.1:1/2' })).toBe(client);
  expect(warn).toHaveBeenCalledTimes(1);
  warn.mockRestore();
});

it('sent only valid payloads', () => {
  expect(receiver.invalid).toEqual([]);
});
