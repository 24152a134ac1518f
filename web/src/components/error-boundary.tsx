import { Component, type ErrorInfo, type ReactNode } from 'react';
import { ErrorMessage } from './error-message.js';

interface State {
  error: unknown;
}

/** Catches a page that throws while rendering, so the rest of the app stays usable. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: undefined };

  static getDerivedStateFromError(error: unknown): State {
    return { error };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('page failed to render', error, info.componentStack);
  }

  override render() {
    if (this.state.error === undefined) return this.props.children;
    return (
      <div className="page">
        <ErrorMessage error={this.state.error} title="This page failed to show" />
        <button type="button" className="btn" onClick={() => this.setState({ error: undefined })}>
          Try again
        </button>
      </div>
    );
  }
}
