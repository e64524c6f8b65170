import type { Migration } from 'kysely';
import * as m0100 from './2026_11_25_0100_foundation';
import * as m0200 from './2026_11_25_0200_accounts';
import * as m0300 from './2026_11_25_0300_deliveries';
import * as m0400 from './2026_11_25_0400_analytics';
import * as m0600 from './2026_11_25_0600_delivery_import';
import * as m0900 from './2026_11_25_0900_churn';
import * as m0700 from './2026_11_25_0700_service_kpis';
import * as m1201_0100 from './2026_12_01_0100_rollup_levels';
import * as m1201_0200 from './2026_12_01_0200_bulk_deliveries';
import * as m1201_0300 from './2026_12_01_0300_change_notifications';
import * as m1201_0400 from './2026_12_01_0400_import_file_hash';
import * as m1202_0100 from './2026_12_02_0100_contract_verdict_rules';
import * as m1202_0110 from './2026_12_02_0110_company_list_order';
import * as m1202_0300 from './2026_12_02_0300_sign_in_failures';
import * as m1202_0310 from './2026_12_02_0310_import_caps';
import * as m1203_0500 from './2026_12_03_0500_processes';
import * as m1202_0700 from './2026_12_02_0700_workbench';
import * as m1203_0600 from './2026_12_03_0600_delivery_keyset';
import * as m1203_0400 from './2026_12_03_0400_exception_causes';
import * as m1208_0200 from './2026_12_08_0200_disputes';
import * as m1203_0301 from './2026_12_03_0301_churn_exposure';
import * as m1208_0100 from './2026_12_08_0100_claims';

/** Every migration, by its dated name. Add new ones at the end; never edit one that has landed. */
export const migrations: Record<string, Migration> = {
  '2026_11_25_0100_foundation': m0100,
  '2026_11_25_0200_accounts': m0200,
  '2026_11_25_0300_deliveries': m0300,
  '2026_11_25_0400_analytics': m0400,
  '2026_11_25_0900_churn': m0900,
  '2026_11_25_0700_service_kpis': m0700,
  '2026_11_25_0600_delivery_import': m0600,
  '2026_12_01_0100_rollup_levels': m1201_0100,
  '2026_12_01_0200_bulk_deliveries': m1201_0200,
  '2026_12_01_0300_change_notifications': m1201_0300,
  '2026_12_01_0400_import_file_hash': m1201_0400,
  '2026_12_02_0100_contract_verdict_rules': m1202_0100,
  '2026_12_02_0110_company_list_order': m1202_0110,
  '2026_12_02_0300_sign_in_failures': m1202_0300,
  '2026_12_02_0310_import_caps': m1202_0310,
  '2026_12_02_0700_workbench': m1202_0700,
  '2026_12_03_0500_processes': m1203_0500,
  '2026_12_03_0600_delivery_keyset': m1203_0600,
  '2026_12_03_0400_exception_causes': m1203_0400,
  '2026_12_03_0301_churn_exposure': m1203_0301,
  '2026_12_08_0100_claims': m1208_0100,
  '2026_12_08_0200_disputes': m1208_0200,
};
