import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../context';
import { healthRouter } from './health';
import { authRouter } from './auth';
import { usersRouter } from './users';
import { apiTokensRouter } from './api-tokens';
import { auditRouter } from './audit';
import { companiesRouter } from './companies';
import { pairsRouter } from './pairs';
import { surveysRouter } from './surveys';
import { companyInsightsRouter } from './company-insights';
import { valueAnalyticsRouter } from './value-analytics';
import { contractsRouter } from './contracts';
import { departmentsRouter } from './departments';
import { contactsRouter } from './contacts';
import { interactionsRouter } from './interactions';
import { importsRouter } from './imports';
import { deliveriesRouter } from './deliveries';
import { analyticsServiceRouter } from './analytics-service';
import { contractComplianceRouter } from './contract-compliance';
import { companyServiceRouter } from './company-service';
import { churnAnalyticsRouter, companyChurnRouter } from './churn';

/** Every resource router, mounted under /api/v1. Add new resources here. */
export function mountRoutes(api: OpenAPIHono<AppEnv>) {
  api.route('/health', healthRouter);
  api.route('/auth', authRouter);
  api.route('/users', usersRouter);
  api.route('/api-tokens', apiTokensRouter);
  api.route('/audit', auditRouter);
  api.route('/companies', companiesRouter);
  api.route('/pairs', pairsRouter);
  api.route('/surveys', surveysRouter);
  api.route('/companies', companyInsightsRouter);
  api.route('/analytics', valueAnalyticsRouter);
  api.route('/contracts', contractsRouter);
  api.route('/companies', departmentsRouter);
  api.route('/companies', contactsRouter);
  api.route('/companies', interactionsRouter);
  api.route('/imports', importsRouter);
  api.route('/deliveries', deliveriesRouter);
  api.route('/analytics', analyticsServiceRouter);
  api.route('/contracts', contractComplianceRouter);
  api.route('/companies', companyServiceRouter);
  api.route('/analytics/churn', churnAnalyticsRouter);
  api.route('/companies', companyChurnRouter);
}
