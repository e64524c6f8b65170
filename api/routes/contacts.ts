import { createRoute } from '@hono/zod-openapi';
import { createRouter, errorResponses, IdParams, json, jsonBody, z } from '../openapi';
import { actorOf } from '../middleware/authenticate';
import { ContactListQuery, ContactParams, ContactSchema, CreateContactSchema, UpdateContactSchema } from '../schemas/accounts-people';
import { changeContact, createContact, listContactsOf, removeContact } from '../services/contacts-service';

/** Mounted under /companies: /companies/{id}/contacts. */
export const contactsRouter = createRouter()
  .openapi(
    createRoute({
      method: 'get', path: '/{id}/contacts', tags: ['contacts'], summary: "A company's contacts",
      request: { params: IdParams, query: ContactListQuery },
      responses: { 200: json(z.object({ items: z.array(ContactSchema) })), ...errorResponses },
    }),
    async (c) => c.json({ items: await listContactsOf(c.get('db'), actorOf(c), c.req.valid('param').id, c.req.valid('query').archived) }, 200),
  )
  .openapi(
    createRoute({
      method: 'post', path: '/{id}/contacts', tags: ['contacts'], summary: 'Add a contact',
      request: { params: IdParams, body: jsonBody(CreateContactSchema) },
      responses: { 201: json(ContactSchema, 'Created'), ...errorResponses },
    }),
    async (c) => c.json(await createContact(c.get('db'), actorOf(c), c.req.valid('param').id, c.req.valid('json')), 201),
  )
  .openapi(
    createRoute({
      method: 'patch', path: '/{id}/contacts/{contactId}', tags: ['contacts'], summary: 'Change a contact',
      request: { params: ContactParams, body: jsonBody(UpdateContactSchema) },
      responses: { 200: json(ContactSchema), ...errorResponses },
    }),
    async (c) => {
      const { id, contactId } = c.req.valid('param');
      return c.json(await changeContact(c.get('db'), actorOf(c), id, contactId, c.req.valid('json')), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'delete', path: '/{id}/contacts/{contactId}', tags: ['contacts'], summary: 'Archive a contact (and drop it as key contact)',
      request: { params: ContactParams },
      responses: { 200: json(ContactSchema, 'Archived'), ...errorResponses },
    }),
    async (c) => {
      const { id, contactId } = c.req.valid('param');
      return c.json(await removeContact(c.get('db'), actorOf(c), id, contactId), 200);
    },
  );
