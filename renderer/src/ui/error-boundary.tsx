/** Keeps one broken panel from blanking the whole workstation; shows the error in its place. */
import { Component } from 'react';
import type { ErrorInfo, ReactNode } from 'react';

interface Props {
  name: string;
  children: ReactNode;
}

export class ErrorBoundary extends Component<Props, { error: Error | null }> {
  override state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`${this.props.name} failed`, error, info.componentStack);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="panel pad err" role="alert">
        {this.props.name} failed: {this.state.error.message}{' '}
        <button className="small" onClick={() => this.setState({ error: null })}>
          Reload panel
        </button>
      </div>
    );
  }
}
