import type { ComponentChildren } from 'preact';
import { createElement } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/**
 * Client-side routes (history API). The paths differ from the API's (`/flag/{id}`, not
 * `/flagged/{id}`) so the page and the data never share a URL on the local origin.
 */
export type Route =
  | { name: 'signIn' }
  | { name: 'manifests' }
  | { name: 'upload' }
  | { name: 'manifest'; id: string }
  | { name: 'inspection'; id: string }
  | { name: 'queue'; query: URLSearchParams }
  | { name: 'flag'; id: string }
  | { name: 'statistics'; query: URLSearchParams }
  | { name: 'clearances' }
  | { name: 'search'; query: URLSearchParams }
  | { name: 'notFound' };

export function parseRoute(pathname: string, search: string): Route {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const query = new URLSearchParams(search);
  const [first, second] = parts;
  if (parts.length === 0) return { name: 'manifests' };
  if (first === 'sign-in' && parts.length === 1) return { name: 'signIn' };
  if (first === 'upload' && parts.length === 1) return { name: 'upload' };
  if (first === 'queue' && parts.length === 1) return { name: 'queue', query };
  if (first === 'statistics' && parts.length === 1) return { name: 'statistics', query };
  if (first === 'clearances' && parts.length === 1) return { name: 'clearances' };
  // `/find`, not `/search`: that is the API's route (pages and data never share a URL).
  if (first === 'find' && parts.length === 1) return { name: 'search', query };
  if (first === 'manifest' && second && parts.length === 2) return { name: 'manifest', id: second };
  if (first === 'inspection' && second && parts.length === 2) return { name: 'inspection', id: second };
  if (first === 'flag' && second && parts.length === 2) return { name: 'flag', id: second };
  return { name: 'notFound' };
}

const listeners = new Set<() => void>();

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  for (const listener of listeners) listener();
}

export function useLocation(): { pathname: string; search: string } {
  const [location, setLocation] = useState({ pathname: location_().pathname, search: location_().search });
  useEffect(() => {
    const update = () => setLocation({ pathname: location_().pathname, search: location_().search });
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return location;
}

const location_ = () => window.location;

/** A real link (keyboard, middle click, copy address) that navigates in the page. */
export function Link(props: {
  href: string;
  class?: string;
  children: ComponentChildren;
  'aria-current'?: 'page';
}) {
  return createElement(
    'a',
    {
      ...props,
      onClick: (e: MouseEvent) => {
        if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        navigate(props.href);
      },
    },
    props.children,
  );
}
