import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp, expectErrorShape, type CallResult } from '../helpers/test-app';
import { newConsignee, newContract, newPair, newShipper, newUser, type TestUser } from '../helpers/factories';

/** One id schema and one date schema for every route: other spellings of an id and absurd dates are 400s. */
describe('ids, dates and timestamps in URLs', () => {
  const t = useTestApp();
  let admin: TestUser;
  let shipperId: number;
  let contractId: number;
  beforeAll(async () => {
    admin = await newUser(t.db, 'admin');
    shipperId = (await newShipper(t.db)).id;
    const consignee = await newConsignee(t.db);
    await newPair(t.db, shipperId, consignee.id);
    contractId = (await newContract(t.db, shipperId)).id;
  });

  const get = (url: string) => t.call('GET', url, { as: admin.headers });
  const detailOf = (res: CallResult) => {
    expect(res.status, res.text).toBe(400);
    return expectErrorShape(res).details as { path: string; code: string; message: string }[];
  };

  it('reads a plainly written id', async () => {
    expect((await get(`/api/v1/companies/${shipperId}`)).status).toBe(200);
    expect((await get(`/api/v1/contracts?shipperId=${shipperId}`)).status).toBe(200);
  });

  it.each([' 1', '1 ', '+1', '-1', '0', '01', '1e3', '0x1F', '1.0', '1.5', '１', '9007199254740993', '99999999999999999', ''])(
    'refuses the path id %j naming the parameter', async (raw) => {
      const res = await get(`/api/v1/companies/${encodeURIComponent(raw)}/departments`);
      if (raw === '') {
        expect(res.status).toBe(404); // /companies//departments is no route at all
        return;
      }
      expect(detailOf(res).map((d) => d.path)).toEqual(['id']);
    },
  );

  it.each(['shipperId', 'consigneeId'])('refuses a query id written as " 1", "01" or "1e3" (%s)', async (name) => {
    for (const raw of [' 1', '01', '1e3']) {
      expect(detailOf(await get(`/api/v1/contracts?${name}=${encodeURIComponent(raw)}`)).map((d) => d.path)).toEqual([name]);
    }
  });

  it.each([
    ['/api/v1/analytics/service'],
    [`/api/v1/companies/{shipper}/service`],
    [`/api/v1/contracts/{contract}/compliance`],
  ])('answers to=9999-12-31 and other absurd dates on %s with a 400 naming the field', async (template) => {
    const url = template.replace('{shipper}', String(shipperId)).replace('{contract}', String(contractId));
    expect(detailOf(await get(`${url}?to=9999-12-31`))).toMatchObject([{ path: 'to', code: 'too_big', message: 'No later than 2999-12-31.' }]);
    expect(detailOf(await get(`${url}?from=0001-01-01&to=2026-01-31`))).toMatchObject([{ path: 'from', code: 'too_small', message: 'No earlier than 1900-01-01.' }]);
    expect(detailOf(await get(`${url}?from=2026-02-30`)).map((d) => [d.path, d.code])).toEqual([['from', 'invalid_format']]);
    expect(detailOf(await get(`${url}?from=2026-03-01&to=2026-02-01`))).toMatchObject([{ path: 'from', code: 'invalid_range', message: '“From” must not be after “to”.' }]);
    expect(detailOf(await get(`${url}?from=1990-01-01&to=2026-01-01`)).map((d) => [d.path, d.code])).toEqual([['from', 'too_big']]);
    // the edges themselves are fine
    expect((await get(`${url}?from=2998-01-01&to=2999-12-31`)).status).toBe(200);
  });

  it('refuses a timestamp outside the business years', async () => {
    const res = await get(`/api/v1/companies/${shipperId}/interactions?from=${encodeURIComponent('9999-12-31T23:59:59Z')}`);
    expect(detailOf(res).map((d) => [d.path, d.code])).toEqual([['from', 'too_big']]);
  });
});
