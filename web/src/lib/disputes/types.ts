/** Disputes and statements (api/disputes): the API's shapes, generated. */
import type { Schemas } from '$lib/api/types';

export type Dispute = Schemas['Dispute'];
export type DisputeLine = Schemas['DisputeLine'];
export type DisputeListItem = Schemas['DisputeListItem'];
export type DisputeList = Schemas['DisputeList'];
export type MonthFigures = Schemas['DisputeMonthFigures'];
export type Disputable = Schemas['Disputable'];
export type Statement = Schemas['Statement'];
export type Cause = DisputeLine['cause'];
