import { describe, expect, it } from 'vitest';
import { EMPTY_VIEW, parseView, viewQuery, viewSearch } from '../../web/src/lib/analytics/service-view';

const parse = (search: string) => parseView(new URLSearchParams(search));

describe('the service explorer view in the URL', () => {
  it('reads every filter and the grouping, and writes them back in one order with the grouping last', () => {
    const view = parse('groupBy=week&to=2026-11-30&contractId=7&origin=上海&shipperId=3&from=2026-08-01&destination=Beijing+West&consigneeId=12');
    expect(view).toEqual({
      shipperId: '3', consigneeId: '12', contractId: '7', origin: '上海', destination: 'Beijing West', from: '2026-08-01', to: '2026-11-30', groupBy: 'week',
    });
    expect(viewSearch(view)).toBe('shipperId=3&consigneeId=12&contractId=7&origin=%E4%B8%8A%E6%B5%B7&destination=Beijing+West&from=2026-08-01&to=2026-11-30&groupBy=week');
    expect(parse(viewSearch(view))).toEqual(view);
  });

  it('gives a bare URL the month grouping and no filters', () => {
    expect(parse('')).toEqual(EMPTY_VIEW);
    expect(viewSearch(parse(''))).toBe('groupBy=month');
  });

  it('drops what the API would refuse: ids that are not positive integers, malformed days, unknown groupings and parameters', () => {
    const view = parse('shipperId=0&consigneeId=abc&contractId=-4&from=2026-8-1&to=yesterday&groupBy=year&page=2&origin=%20%20');
    expect(view).toEqual(EMPTY_VIEW);
    expect(viewSearch(view)).toBe('groupBy=month');
    expect(parse('contractId=12abc').contractId).toBe('');
  });

  it('trims places and keeps them at most 200 characters long', () => {
    expect(parse(`origin=${encodeURIComponent('  Shenzhen  ')}`).origin).toBe('Shenzhen');
    expect(parse(`destination=${'x'.repeat(250)}`).destination).toHaveLength(200);
  });

  it('turns a view into the API query, leaving unset filters out', () => {
    expect(viewQuery(parse('contractId=7&groupBy=contract'))).toEqual({
      shipperId: undefined, consigneeId: undefined, contractId: '7', origin: undefined, destination: undefined, from: undefined, to: undefined, groupBy: 'contract',
    });
  });
});
