/** Shapes of the account API answers the manager pages read (mirrors api/schemas/accounts.ts). */
export type CompanyRole = 'shipper' | 'consignee';
export type LifecycleStage = 'prospect' | 'development' | 'growth' | 'maturity' | 'decline' | 'terminated';
export const SERVICE_LINES = ['transport', 'warehousing', 'value_added', 'customs', 'cold_chain', 'last_mile', 'express'] as const;

export interface PageMeta { page: number; pageSize: number; total: number; pages: number }
export interface Paged<T> { items: T[]; meta: PageMeta }

export interface Company {
  id: number;
  code: string;
  name: string;
  roles: CompanyRole[];
  industry: string | null;
  region: string | null;
  address: string | null;
  accountManagerId: number | null;
  accountManagerName: string | null;
  estAnnualShipments: number | null;
  serviceLines: string[];
  notes: string | null;
  customerSince: string | null;
  lifecycleStage: LifecycleStage | null;
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Party { id: number; code: string; name: string }

export interface Pair {
  id: number;
  shipper: Party;
  consignee: Party;
  source: 'manual' | 'import';
  notes: string | null;
  archivedAt: string | null;
  createdAt: string;
  stats: { shipments90d: number; revenue90d: number; shipments12m: number; revenue12m: number; shipperWeight: number; consigneeWeight: number };
}

export interface CompanyDetail extends Company {
  pairsAsShipper: Pair[];
  pairsAsConsignee: Pair[];
}
