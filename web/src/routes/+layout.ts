// Pure single-page app: no server rendering, no prerendering; the fallback page routes itself.
export const ssr = false;
export const prerender = false;
export const trailingSlash = 'never';
