import { describe, expect, it } from 'vitest';
import { useStaff } from '../helpers/staff';
import { useTestApp, expectErrorShape } from '../helpers/test-app';
import { newShipper } from '../helpers/factories';

/** Bad input answers 400 with details carrying a code, params and the field path, in the caller's language. */
describe('error messages in the user language', () => {
  const t = useTestApp();
  const { admin, manager } = useStaff(t);
  const zh = (headers: Record<string, string>) => ({ ...headers, 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' });

  it('a number where text is expected, an empty name, a negative estimate: codes, params and English messages', async () => {
    const res = await t.call('POST', '/api/v1/companies', {
      as: manager.headers, body: { code: 'E1', name: '', roles: ['shipper'], estAnnualShipments: -5 },
    });
    expect(res.status).toBe(400);
    const err = expectErrorShape(res);
    expect(err.code).toBe('validation_failed');
    const byPath = Object.fromEntries((err.details as { path: string }[]).map((d) => [d.path, d]));
    expect(byPath.name).toMatchObject({ code: 'too_small', params: { minimum: 1 }, message: 'Required.' });
    expect(byPath.estAnnualShipments).toMatchObject({ code: 'too_small', params: { origin: 'number', minimum: 0 }, message: 'At least 0.' });
    expect(err.message).not.toMatch(/Too small|expected string/);
  });

  it('answers in Chinese for Accept-Language zh and for ?lang=zh, with no English left', async () => {
    const body = { code: 'E2', name: '', roles: ['shipper'], estAnnualShipments: 'many' };
    for (const res of [
      await t.call('POST', '/api/v1/companies', { as: zh(manager.headers), body }),
      await t.call('POST', '/api/v1/companies?lang=zh', { as: manager.headers, body }),
    ]) {
      expect(res.status).toBe(400);
      const err = expectErrorShape(res);
      const messages = Object.fromEntries((err.details as { path: string; message: string }[]).map((d) => [d.path, d.message]));
      expect(messages).toMatchObject({ name: '必填。', estAnnualShipments: '请输入数字。' });
      expect(err.message).toMatch(/^以下字段的值无效/);
      expect(err.message.replace(/name|estAnnualShipments/g, '')).not.toMatch(/[A-Za-z]{3,}/);
    }
  });

  it('the services own refusals carry a code and read in Chinese', async () => {
    const shipper = await newShipper(t.db, { account_manager_id: manager.id });
    const self = await t.call('POST', '/api/v1/pairs', { as: zh(admin.headers), body: { shipperId: shipper.id, consigneeId: shipper.id } });
    expect(self.status).toBe(400);
    expect(expectErrorShape(self)).toMatchObject({ message: '公司不能与自身配对。', details: [{ path: 'consigneeId', code: 'pairs.self', message: '公司不能与自身配对。' }] });
    const client = await t.call('POST', '/api/v1/users', {
      as: zh(admin.headers), body: { email: 'new.client@example.com', name: 'New Client', role: 'client', password: 'purple elephant marching quietly' },
    });
    expect(client.status).toBe(400);
    expect(expectErrorShape(client)).toMatchObject({ message: '客户用户需要选择所属公司。', details: [{ path: 'companyId', code: 'users.client_company' }] });
    const range = await t.call('GET', '/api/v1/analytics/service?from=2026-05-01&to=2026-04-01', { as: manager.headers });
    expect(range.status).toBe(400);
    expect(expectErrorShape(range)).toMatchObject({ message: '“From” must not be after “to”.', details: [{ path: 'from', code: 'invalid_range' }] });
  });
});

describe('customer since', () => {
  const t = useTestApp();
  const { manager } = useStaff(t);
  it('refuses a day in the future, in the caller language', async () => {
    const body = { code: 'FUT1', name: 'Future Ltd', roles: ['shipper'], customerSince: '2031-01-01' };
    const en = await t.call('POST', '/api/v1/companies', { as: manager.headers, body });
    expect(en.status).toBe(400);
    expect(expectErrorShape(en).details).toMatchObject([{ path: 'customerSince', code: 'custom', params: { code: 'in_future' }, message: 'Must not be in the future.' }]);
    const zh = await t.call('POST', '/api/v1/companies?lang=zh', { as: manager.headers, body });
    expect(expectErrorShape(zh).details).toMatchObject([{ path: 'customerSince', message: '不能是将来的日期。' }]);
  });
});
