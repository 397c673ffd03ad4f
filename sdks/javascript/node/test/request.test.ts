// The request data put into events, for a real node:http request (no framework) and with sendDefaultPii.
import { createServer, request as send, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Scope } from '@flytrap/core';
import { expect, it } from 'vitest';
import { requestInfo, withRequest } from '../src/request';
import { requestOfScope } from '../src/scope';

/** One real request as node:http's server sees it. */
function incoming(path: string, headers: Record<string, string>): Promise<IncomingMessage> {
  return new Promise((resolve) => {
    const server = createServer((req, res) => {
      res.end();
      server.close();
      resolve(req);
    });
    server.listen(0, '127.0.0.1', () => {
      send({ port: (server.address() as AddressInfo).port, host: '127.0.0.1', path, headers }).end();
    });
  });
}

const headers = { cookie: 'sid=1', authorization: 'Basic x', 'x-auth-token': 't', accept: 'text/html' };

it('describes a plain node:http request, without secrets by default', async () => {
  const req = await incoming('/search?q=shoes&password=hunter2', headers);
  expect(requestInfo(req, false)).toEqual({
    method: 'GET',
    url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/search\?q=shoes&password=hunter2$/), // the core scrubs it
    query_string: 'q=shoes&password=hunter2', // filtered by the core before sending (the Express suites check what is sent)
    headers: { host: expect.any(String), 'x-auth-token': '[Filtered]', accept: 'text/html', connection: expect.any(String) },
  });
});

it('sends cookies, Authorization and the client IP only with sendDefaultPii', async () => {
  const req = await incoming('/', headers);
  // The PII headers only: an app credential like X-Auth-Token stays masked (it is not personal data)
  expect(requestInfo(req, true).headers).toMatchObject({ cookie: 'sid=1', authorization: 'Basic x', 'x-auth-token': '[Filtered]' });

  const scope = new Scope();
  requestOfScope.set(scope, req);
  withRequest(scope, {}, false);
  expect(scope.user).toBeUndefined();
  const hint = withRequest(scope, {}, true);
  expect(scope.user).toEqual({ ip_address: '127.0.0.1' });
  expect(hint.request!.headers!.cookie).toBe('sid=1');
  expect(withRequest(new Scope(), {}, true)).toEqual({}); // not a request's scope: nothing added
});
