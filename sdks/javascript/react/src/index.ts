import { Component, type ErrorInfo, type ReactNode } from 'react';
import { captureException } from '@flytrap/browser';

export { captureException, captureMessage, init, setUser, setTag, setContext, addBreadcrumb, flush }
  from '@flytrap/browser';

export interface FallbackProps {
  error: unknown;
  /** Clears the error and renders the children again. */
  reset: () => void;
}

export interface ErrorBoundaryProps {
  children?: ReactNode;
  /** Shown instead of the children after an error: an element, or a function of the error and a reset. */
  fallback?: ReactNode | ((props: FallbackProps) => ReactNode);
  /** Called after the error was reported, e.g. to log it elsewhere. */
  onError?: (error: unknown, componentStack: string | undefined, eventId: string | undefined) => void;
  onReset?: () => void;
}

interface State {
  failed: boolean;
  error: unknown;
}

/**
 * Reports an error thrown while rendering its children, with React's component stack, and shows the fallback.
 * Works the same on React 18 and 19 (class error boundaries are the one API both have).
 */
export class ErrorBoundary extends Component<ErrorBoundaryProps, State> {
  state: State = { failed: false, error: undefined };

  static getDerivedStateFromError(error: unknown): State {
    return { failed: true, error };
  }

  componentDidCatch(error: unknown, info: ErrorInfo): void {
    const componentStack = info.componentStack || undefined;
    const eventId = captureException(error, { mechanism: { type: 'react.errorboundary', handled: false },
      contexts: componentStack ? { react: { componentStack } } : undefined });
    if (this.props.onError) {
      this.props.onError(error, componentStack, eventId);
    }
  }

  reset = (): void => {
    this.setState({ failed: false, error: undefined });
    if (this.props.onReset) {
      this.props.onReset();
    }
  };

  render(): ReactNode {
    if (!this.state.failed) {
      return this.props.children;
    }
    const fallback = this.props.fallback;
    if (typeof fallback === 'function') {
      return fallback({ error: this.state.error, reset: this.reset });
    }
    return fallback === undefined ? null : fallback;
  }
}

/**
 * For React 19's root options, which report errors no boundary handled and those a boundary did:
 * `createRoot(el, { onUncaughtError: reactErrorHandler(), onCaughtError: reactErrorHandler(true) })`.
 */
export function reactErrorHandler(caughtByBoundary = false) {
  return (error: unknown): void => {
    captureException(error, { mechanism: { type: 'react.root', handled: caughtByBoundary } });
  };
}
