/**
 * The portal's only way to the server. Every call goes to /api/v1 with the session cookie;
 * writes carry the CSRF token kept in memory (set from login or /auth/me); errors arrive in
 * the API's shape and are thrown as ApiError; a 401 sends the user to the login page.
 */
import { goto } from '$app/navigation';
import { localeState } from './i18n/locale.svelte';

export const API_BASE = '/api/v1';

export interface ErrorDetail { path: string; message: string }

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The message for one field (path like "email" or "items.0.score"), if the API named it. */
  fieldError(path: string): string | undefined {
    return this.details.find((d) => d.path === path)?.message;
  }
}

let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export type Query = Record<string, string | number | boolean | null | undefined | Array<string | number>>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** raw body (File, Blob, string) sent as is instead of JSON */
  raw?: BodyInit;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** do not redirect to /login on 401 (the login form and the auth guard handle it themselves) */
  allow401?: boolean;
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Builds an /api/v1 URL with a query string (empty values are left out). Use it for links such as CSV downloads. */
export function apiUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) value.forEach((v) => params.append(key, String(v)));
    else params.set(key, String(value));
  }
  const qs = params.toString();
  return `${API_BASE}${path}${qs ? `?${qs}` : ''}`;
}

function loginRedirect(): void {
  if (typeof window === 'undefined' || window.location.pathname === '/login') return;
  const next = window.location.pathname + window.location.search;
  void goto(`/login?next=${encodeURIComponent(next)}`);
}

export async function toApiError(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // not JSON (proxy error page, network appliance): fall through to a generic error
  }
  const err = (body as { error?: { code?: string; message?: string; details?: ErrorDetail[] } } | null)?.error;
  return new ApiError(res.status, err?.code ?? `http_${res.status}`, err?.message ?? (res.statusText || `HTTP ${res.status}`), Array.isArray(err?.details) ? err.details : []);
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  // the API writes its messages (errors, alert titles) in the portal's language
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': localeState.current, ...options.headers };
  let body: BodyInit | undefined;
  if (options.raw !== undefined) body = options.raw;
  else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  if (WRITE_METHODS.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(apiUrl(path, options.query), { method, headers, body, credentials: 'same-origin', signal: options.signal });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'network_error', 'The server cannot be reached.');
  }
  if (!res.ok) {
    const error = await toApiError(res);
    if (res.status === 401 && !options.allow401) loginRedirect();
    throw error;
  }
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  return (type.includes('application/json') ? await res.json() : await res.text()) as T;
}

export const api = {
  get: <T>(path: string, query?: Query, options: RequestOptions = {}) => request<T>('GET', path, { ...options, query }),
  post: <T>(path: string, body?: unknown, options: RequestOptions = {}) => request<T>('POST', path, { ...options, body }),
  put: <T>(path: string, body?: unknown, options: RequestOptions = {}) => request<T>('PUT', path, { ...options, body }),
  patch: <T>(path: string, body?: unknown, options: RequestOptions = {}) => request<T>('PATCH', path, { ...options, body }),
  delete: <T>(path: string, options: RequestOptions = {}) => request<T>('DELETE', path, options),
};

/**
 * Uploads a file as the raw request body with upload progress (fetch has none, so this uses XHR).
 * Resolves with the parsed JSON answer; rejects with ApiError.
 */
export function upload<T>(path: string, file: Blob, onProgress?: (sent: number, total: number) => void, query?: Query): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', apiUrl(path, query));
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('accept-language', localeState.current);
    xhr.setRequestHeader('content-type', file.type || 'text/csv');
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (e) => onProgress?.(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onerror = () => reject(new ApiError(0, 'network_error', 'The server cannot be reached.'));
    xhr.onload = async () => {
      const res = new Response(xhr.responseText || null, { status: xhr.status, headers: { 'content-type': xhr.getResponseHeader('content-type') ?? '' } });
      if (res.ok) {
        resolve((xhr.responseText ? JSON.parse(xhr.responseText) : undefined) as T);
        return;
      }
      if (xhr.status === 401) loginRedirect();
      reject(await toApiError(res));
    };
    xhr.send(file);
  });
}
