import type { Kysely, Transaction } from 'kysely';
import type {
  UsersTable, SessionsTable, ApiTokensTable, AuditLogTable, SettingsTable, SignInFailuresTable,
} from './tables/foundation';
import type {
  CompaniesTable, DepartmentsTable, ContactsTable, CustomerPairsTable,
  ContractsTable, ContractConsigneesTable, InteractionsTable,
} from './tables/accounts';
import type { DeliveriesTable, ImportJobsTable, ImportRowErrorsTable } from './tables/deliveries';
import type {
  DailyServiceRollupsTable, MonthlyServiceRollupsTable, MonthlyRollupQueueTable, SurveyResponsesTable, LifecycleHistoryTable,
} from './tables/analytics';
import type { ChurnRunsTable, ChurnScoresTable } from './tables/churn';
import type { ClaimsTable, ClaimDeliveriesTable, ClaimHistoryTable, ClaimAttachmentsTable } from './tables/claims';
import type { AlertsTable, AlertStatesTable, AlertDigestsTable, TasksTable, SavedViewsTable, WorkbenchRunsTable, PeriodicRunsTable } from './tables/workbench';
import type { DisputesTable, DisputeLinesTable } from './tables/disputes';

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  sign_in_failures: SignInFailuresTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
  settings: SettingsTable;
  companies: CompaniesTable;
  departments: DepartmentsTable;
  contacts: ContactsTable;
  customer_pairs: CustomerPairsTable;
  contracts: ContractsTable;
  contract_consignees: ContractConsigneesTable;
  interactions: InteractionsTable;
  deliveries: DeliveriesTable;
  import_jobs: ImportJobsTable;
  import_row_errors: ImportRowErrorsTable;
  daily_service_rollups: DailyServiceRollupsTable;
  monthly_service_rollups: MonthlyServiceRollupsTable;
  monthly_rollup_queue: MonthlyRollupQueueTable;
  survey_responses: SurveyResponsesTable;
  lifecycle_history: LifecycleHistoryTable;
  churn_runs: ChurnRunsTable;
  churn_scores: ChurnScoresTable;
  alerts: AlertsTable;
  alert_states: AlertStatesTable;
  alert_digests: AlertDigestsTable;
  tasks: TasksTable;
  saved_views: SavedViewsTable;
  workbench_runs: WorkbenchRunsTable;
  periodic_runs: PeriodicRunsTable;
  disputes: DisputesTable;
  dispute_lines: DisputeLinesTable;
  claims: ClaimsTable;
  claim_deliveries: ClaimDeliveriesTable;
  claim_history: ClaimHistoryTable;
  claim_attachments: ClaimAttachmentsTable;
}

export type DB = Kysely<Database>;
/** Anything a query function can run on: the root db or a transaction. */
export type Executor = Kysely<Database> | Transaction<Database>;
