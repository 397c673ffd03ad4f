import express from 'express';
import request from 'supertest';
import { expect, it } from 'vitest';
import * as Flytrap from '../src/index';
import { expressSuite } from './express-suite';

expressSuite('Express 5', express, (app, receiver) => {
  it('reports a rejected async handler once (Express 5 passes it to the error middleware)', async () => {
    const local = express();
    local.use(Flytrap.expressRequestHandler());
    local.get('/async/:id', async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      throw new TypeError('async boom');
    });
    local.use(Flytrap.expressErrorHandler());
    const response = await request(local).get('/async/9').set('Cookie', 'a=b');
    expect(response.status).toBe(500); // Express's own final handler, unchanged
    expect(await Flytrap.flush(3000)).toBe(true);
    const events = receiver.events.filter((e: any) => e.exception?.at(-1).value === 'async boom');
    expect(events).toHaveLength(1);
    expect(events[0].exception.at(-1).mechanism).toEqual({ type: 'express', handled: false });
    expect(events[0].tags.route).toBe('/async/:id');
    expect(events[0].request.headers.cookie).toBeUndefined();
    expect(app()).toBeTruthy();
  });

  it('reports with the request even when only the error handler is installed', async () => {
    const local = express();
    local.get('/only/:part', () => {
      throw new Error('no request handler');
    });
    local.use(Flytrap.expressErrorHandler());
    expect((await request(local).get('/only/x')).status).toBe(500);
    expect(await Flytrap.flush(3000)).toBe(true);
    const [event] = receiver.events.filter((e: any) => e.exception?.at(-1).value === 'no request handler');
    expect(event.request.url).toMatch(/\/only\/x$/);
    expect(event.tags).toEqual({ route: '/only/:part' });
  });
});
