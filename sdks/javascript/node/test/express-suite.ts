// The same Express scenarios against Express 5 (express5.test.ts) and Express 4 (express4.test.ts); each test
// file runs in its own worker, so each inits the SDK once.
import createError from 'http-errors';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Flytrap from '../src/index';
import { Receiver } from './receiver';

type Express = any;

/** The app's own error response, which the SDK must leave as it is. */
const appErrorHandler = (err: any, _req: unknown, res: any, _next: unknown) =>
  res.status(err.status || err.statusCode || 500).json({ appHandled: err.message });

function makeApp(express: Express, withSdk: boolean) {
  const app = express();
  if (withSdk) app.use(Flytrap.expressRequestHandler());
  app.use(express.json());
  app.post('/orders/:id', (req: any) => {
    if (withSdk) {
      Flytrap.setTag('customer', req.body.customer);
      Flytrap.addBreadcrumb({ category: 'db', message: 'SELECT order ' + req.params.id });
    }
    throw new Error('sync boom ' + req.params.id);
  });
  app.get('/later', (_req: unknown, _res: unknown, next: any) => {
    setTimeout(() => next(new RangeError('next boom')), 5);
  });
  app.get('/missing', () => {
    throw createError(404, 'no such thing');
  });
  app.get('/teapot', () => {
    throw Object.assign(new Error('teapot broke'), { statusCode: 503 });
  });
  const router = express.Router();
  router.get('/items/:item', () => {
    throw new Error('nested boom');
  });
  app.use('/api', router);
  if (withSdk) app.use(Flytrap.expressErrorHandler());
  app.use(appErrorHandler);
  return app;
}

export function expressSuite(name: string, express: Express, extra: (app: () => unknown, receiver: Receiver) => void = () => {}) {
  describe(name, () => {
    const receiver = new Receiver();
    let app: unknown;
    let plain: unknown;

    beforeAll(async () => {
      await receiver.start();
      Flytrap.init({ dsn: receiver.dsn, release: 'shop@1.2.3', environment: 'test' });
      app = makeApp(express, true);
      plain = makeApp(express, false);
    });
    afterAll(() => receiver.stop());

    /** Events whose last exception says `message`, after everything captured so far went out. */
    async function eventsFor(message: string) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await Flytrap.flush(3000)).toBe(true);
      expect(receiver.invalid).toEqual([]);
      return receiver.events.filter((e: any) => e.exception && e.exception[e.exception.length - 1].value === message);
    }

    /** Sends the same request to the app with and without the SDK; the responses must not differ. */
    async function both(send: (agent: any) => Promise<any>) {
      const withSdk = await send(request(app as never));
      const without = await send(request(plain as never));
      expect({ status: withSdk.status, body: withSdk.body }).toEqual({ status: without.status, body: without.body });
      return withSdk;
    }

    it('reports a synchronous throw once, with the request, route, scope and no secrets', async () => {
      const response = await both((agent) => agent.post('/orders/42?token=abc&page=2')
        .set('Cookie', 'session=s3cret').set('Authorization', 'Bearer s3cret').set('X-Api-Key', 'k3y')
        .set('User-Agent', 'tests').send({ customer: 'ada' }));
      expect(response.status).toBe(500);
      expect(response.body).toEqual({ appHandled: 'sync boom 42' });

      const [event, ...more] = await eventsFor('sync boom 42');
      expect(more).toHaveLength(0);
      expect(event.level).toBe('error');
      expect(event.handled).toBe(false);
      expect(event.platform).toBe('node');
      expect(event.release).toBe('shop@1.2.3');
      expect(event.exception.at(-1).mechanism).toEqual({ type: 'express', handled: false });
      expect(event.request.method).toBe('POST');
      expect(event.request.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/orders\/42\?token=\[Filtered\]&page=2$/);
      expect(event.request.query_string).toBe('token=[Filtered]&page=2');
      expect(event.request.headers['user-agent']).toBe('tests');
      expect(event.request.headers['x-api-key']).toBe('[Filtered]');
      expect(JSON.stringify(event)).not.toContain('s3cret');
      expect(JSON.stringify(event)).not.toContain('abc');
      expect(event.user).toBeUndefined(); // no IP address without sendDefaultPii
      expect(event.tags).toEqual({ route: '/orders/:id', customer: 'ada' });
      expect(event.breadcrumbs.map((c: { message: string }) => c.message))
        .toEqual(['POST /orders/42?token=[Filtered]&page=2', 'SELECT order 42']);
      expect(event.runtime).toBe('node ' + process.version);
      expect(event.contexts.runtime).toEqual({ name: 'node', version: process.version });
      expect(event.server_name).toBeTruthy();
    });

    it('keeps the scopes of concurrent requests apart and out of the global scope', async () => {
      await Promise.all(['a', 'b', 'c'].map((id) => request(app as never).post('/orders/' + id).send({ customer: 'c-' + id })));
      for (const id of ['a', 'b', 'c']) {
        const [event, ...more] = await eventsFor('sync boom ' + id);
        expect(more).toHaveLength(0);
        expect(event.tags.customer).toBe('c-' + id);
        expect(event.breadcrumbs.map((c: { message: string }) => c.message)).toEqual(['POST /orders/' + id, 'SELECT order ' + id]);
      }
      Flytrap.captureException(new Error('outside any request'));
      const [outside] = await eventsFor('outside any request');
      expect(outside.tags).toEqual({});
      expect(outside.breadcrumbs).toEqual([]);
      expect(outside.request).toBeUndefined();
    });

    it('reports next(err) from a callback and errors of nested routers, with the full route', async () => {
      expect((await both((agent) => agent.get('/later'))).body).toEqual({ appHandled: 'next boom' });
      const [later] = await eventsFor('next boom');
      expect(later.exception.at(-1).type).toBe('RangeError');
      expect(later.tags.route).toBe('/later');

      await both((agent) => agent.get('/api/items/7'));
      const [nested, ...more] = await eventsFor('nested boom');
      expect(more).toHaveLength(0);
      expect(nested.tags.route).toBe('/api/items/:item');
      expect(nested.request.url).toMatch(/\/api\/items\/7$/);
    });

    it('does not report errors with a status below 500, and does report those with 5xx', async () => {
      const response = await both((agent) => agent.get('/missing'));
      expect(response.status).toBe(404);
      expect(response.body).toEqual({ appHandled: 'no such thing' });
      expect(await eventsFor('no such thing')).toHaveLength(0);

      expect((await both((agent) => agent.get('/teapot'))).status).toBe(503);
      expect(await eventsFor('teapot broke')).toHaveLength(1);
    });

    it('marks the app\'s frames in_app with code context, and library frames not', async () => {
      const [event] = await eventsFor('sync boom 42');
      const frames = event.exception.at(-1).stacktrace.frames;
      const own = frames.at(-1);
      expect(own.filename).toMatch(/express-suite\.ts$/);
      expect(own.in_app).toBe(true);
      expect(own.context_line).toContain("throw new Error('sync boom ' + req.params.id);");
      expect(own.pre_context).toHaveLength(5);
      expect(own.pre_context.at(-2)).toContain("Flytrap.addBreadcrumb({ category: 'db'");
      expect(own.post_context[0]).toContain('});');
      expect(own.post_context).toHaveLength(5);
      const library = frames.filter((f: { filename: string }) => /node_modules/.test(f.filename));
      expect(library.length).toBeGreaterThan(0);
      for (const frame of library) {
        expect(frame.in_app).toBe(false);
        expect(frame.context_line).toBeUndefined();
      }
    });

    extra(() => app, receiver);
  });
}
