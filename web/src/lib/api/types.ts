/**
 * The API's answer shapes, as generated from /api/v1/openapi.json into schema.d.ts (`npm run api:types`).
 * Feature folders name the shapes they read from here; nothing in the portal writes an API shape by hand.
 */
import type { components, paths } from './schema';

export type Schemas = components['schemas'];
export type { components, paths };

/** The page of an offset list: `{ items, meta }` with meta's page, pageSize, total and pages. */
export interface PageMeta { page: number; pageSize: number; total: number; pages: number }
export interface Paged<T> { items: T[]; meta: PageMeta }
