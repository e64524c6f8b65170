import { describe, expect, it } from 'vitest';
import { defaultContract, type ContractOption } from '../../api/domain/contract-choice';

const contract = (id: number, over: Partial<ContractOption> = {}): ContractOption => ({
  id, code: `K${id}`, startDate: '2026-01-01', endDate: '2026-12-31', archived: false, consigneeIds: [], ...over,
});

describe('defaultContract', () => {
  it('takes the contract in force on the promised day, its first and last day included', () => {
    const options = [contract(1, { endDate: '2026-03-31' }), contract(2, { startDate: '2026-04-01' })];
    expect([defaultContract(options, 5, '2026-03-31'), defaultContract(options, 5, '2026-04-01'), defaultContract(options, 5, '2027-01-01')]).toEqual([1, 2, null]);
  });

  it('prefers a contract naming the consignee, and skips one limited to other consignees', () => {
    const options = [contract(1), contract(2, { consigneeIds: [5] }), contract(3, { consigneeIds: [6], startDate: '2026-02-01' })];
    expect(defaultContract(options, 5, '2026-06-01')).toBe(2);
    expect(defaultContract(options, 7, '2026-06-01')).toBe(1);
  });

  it('breaks ties by the latest start, then the newest contract, and never picks an archived one', () => {
    expect(defaultContract([contract(1), contract(2, { startDate: '2026-02-01' })], 5, '2026-06-01')).toBe(2);
    expect(defaultContract([contract(4), contract(3)], 5, '2026-06-01')).toBe(4);
    expect(defaultContract([contract(1, { archived: true })], 5, '2026-06-01')).toBeNull();
  });
});
