import { createRoute } from '@hono/zod-openapi';
import { createRouter, errorResponses, json, jsonBody, PageMetaSchema, z } from '../openapi';
import { CreateSurveySchema, SurveyListQuery, SurveyResponseSchema } from '../schemas/surveys';
import { listSurveys, submitSurvey } from '../services/surveys-service';
import { actorOf } from '../middleware/authenticate';
import { evaluateAlertsSafely } from '../alerts/engine';

export const surveysRouter = createRouter()
  .openapi(
    createRoute({
      method: 'post', path: '/', tags: ['satisfaction'],
      summary: 'Submit a survey (client: own department, on the portal) or record one taken by phone (manager, admin)',
      request: { body: jsonBody(CreateSurveySchema) },
      responses: { 201: json(SurveyResponseSchema, 'Recorded'), ...errorResponses },
    }),
    async (c) => {
      const response = await submitSurvey(c.get('db'), actorOf(c), c.req.valid('json'));
      const { config, logger } = c.get('deps');
      await evaluateAlertsSafely(c.get('db'), config, logger, 'survey', { companyIds: [response.companyId] });
      return c.json(response, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'get', path: '/', tags: ['satisfaction'], summary: 'Survey responses of the companies you see, newest first',
      request: { query: SurveyListQuery },
      responses: { 200: json(PageMetaSchema.extend({ items: z.array(SurveyResponseSchema) })), ...errorResponses },
    }),
    async (c) => c.json(await listSurveys(c.get('db'), actorOf(c), c.req.valid('query')), 200),
  );
