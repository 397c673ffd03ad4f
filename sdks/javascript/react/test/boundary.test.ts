import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, createElement, useState, version } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { ErrorBoundary, flush, init, reactErrorHandler } from '../src/index';
import type { FlytrapEvent } from '@flytrap/browser';
import { startReceiver, type Receiver } from '../../browser/test/receiver';
import { expectValidPayload } from '../../core/test/schema';

// Runs twice: on React 19 (the workspace's) and on React 18 (vitest project "react18" aliases react/react-dom)
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let receiver: Receiver;
let root: Root;
let container: HTMLElement;
const events = () => receiver.bodies.map((body) => JSON.parse(body).data as FlytrapEvent);

function Cart({ items }: { items?: string[] }) {
  return createElement('ul', null, items!.map((item) => createElement('li', { key: item }, item)));
}

beforeAll(async () => {
  receiver = await startReceiver();
  // Without the global handlers: React 18's development build also rethrows errors a boundary caught to
  // window.onerror (production builds do not), which would report them before the boundary can
  init({ dsn: `http://pubkey@127.0.0.1:${receiver.port}/3`, breadcrumbs: false, captureUnhandled: false });
});
afterAll(() => receiver.close());
beforeEach(async () => {
  await flush(2000);
  receiver.bodies.length = 0;
  container = document.createElement('div');
  document.body.appendChild(container);
  root = createRoot(container);
  // React logs caught render errors to console.error; keep test output readable
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});

async function render(element: ReturnType<typeof createElement>) {
  await act(async () => root.render(element));
}

describe(`ErrorBoundary on React ${version}`, () => {
  it('reports a render error once, with the component stack, and shows the fallback element', async () => {
    const onError = vi.fn();
    await render(createElement(ErrorBoundary, { fallback: createElement('p', null, 'Something went wrong'), onError },
      createElement(Cart, {})));

    expect(container.textContent).toBe('Something went wrong');
    await flush(2000);
    await receiver.waitFor(1);
    receiver.bodies.forEach(expectValidPayload);
    const [event] = events();
    expect(events()).toHaveLength(1);
    expect(event.handled).toBe(false);
    expect(event.exception![0]).toMatchObject({ type: 'TypeError', mechanism: { type: 'react.errorboundary', handled: false } });
    expect(String(event.contexts!.react.componentStack)).toContain('Cart');
    expect(onError).toHaveBeenCalledWith(expect.any(TypeError), expect.stringContaining('Cart'), event.event_id);
  });

  it('gives a fallback function the error and a reset that renders the children again', async () => {
    function Flaky() {
      const [broken] = useState(() => (window as { flakyBroken?: boolean }).flakyBroken);
      if (broken) throw new Error('flaky');
      return createElement('span', null, 'recovered');
    }
    (window as { flakyBroken?: boolean }).flakyBroken = true;
    let reset: () => void = () => undefined;
    await render(createElement(ErrorBoundary, {
      fallback: (props: { error: unknown; reset: () => void }) => {
        reset = props.reset;
        return createElement('button', null, 'Retry after: ' + (props.error as Error).message);
      },
    }, createElement(Flaky)));
    expect(container.textContent).toBe('Retry after: flaky');

    (window as { flakyBroken?: boolean }).flakyBroken = false;
    await act(async () => reset());
    expect(container.textContent).toBe('recovered');
  });

  it('renders children untouched and reports nothing when nothing fails', async () => {
    await render(createElement(ErrorBoundary, { fallback: 'x' }, createElement(Cart, { items: ['tea'] })));
    expect(container.textContent).toBe('tea');
    await flush(500);
    expect(receiver.bodies).toHaveLength(0);
  });

  it('offers handlers for React 19 root options that report through the same client', async () => {
    reactErrorHandler()(new Error('uncaught in root'));
    await flush(2000);
    await receiver.waitFor(1);
    expect(events()[0].exception![0]).toMatchObject({ value: 'uncaught in root', mechanism: { type: 'react.root', handled: false } });
  });
});
