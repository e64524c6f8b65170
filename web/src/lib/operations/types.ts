/** Shapes of the import and delivery APIs, from the generated API types. */
import type { Schemas } from '../api/types';

export type { PageMeta, Paged } from '../api/types';

/** GET /deliveries: one page by cursor; meta.total counts up to a cap (meta.totalCapped: more match). */
export type DeliveryPage = Schemas['DeliveryList'];
export type ImportJob = Schemas['ImportJob'];
export type ImportStatus = ImportJob['status'];
export type ImportRowError = Schemas['ImportRowError'];
export type Delivery = Schemas['Delivery'];
export type DeliveryStatus = Delivery['status'];
export type CompanyRef = Delivery['shipper'];

export const DELIVERY_STATUSES: DeliveryStatus[] = ['delivered', 'in_transit', 'exception', 'returned', 'lost', 'cancelled'];

export const isFinished = (job: ImportJob) => job.status === 'succeeded' || job.status === 'failed';
