import type { DB } from '../../db/database';
import { dayIn, shiftDay } from '../../api/domain/value-window';

const DAY_MS = 86_400_000;

/** A moment `days` days before now. */
export const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS);

/** The business day (Asia/Shanghai, the test default) `days` days before today. */
export const businessDaysAgo = (days: number) => shiftDay(dayIn(new Date(), 'Asia/Shanghai'), -days);

/** One daily rollup row for a shipper–consignee pair; only shipments, revenue and cost matter to value and lifecycle. */
export async function newRollup(
  db: DB, shipperId: number, consigneeId: number, daysBack: number,
  values: { shipments: number; revenue?: number; cost?: number; origin?: string },
) {
  await db.insertInto('daily_service_rollups').values({
    shipper_id: shipperId, consignee_id: consigneeId, day: businessDaysAgo(daysBack), origin: values.origin ?? '',
    shipments: values.shipments, revenue: values.revenue ?? 0, cost: values.cost ?? 0,
  }).execute();
}
