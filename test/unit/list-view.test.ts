import { describe, expect, it } from 'vitest';
import { flag, listView, oneOf, pageNumber, text } from '../../web/src/lib/list-view';

const VIEW = listView({
  q: text(),
  role: oneOf(['', 'shipper', 'consignee']),
  archived: flag(),
  sort: oneOf(['name', 'code', 'churnRisk']),
  dir: oneOf(['asc', 'desc']),
  page: pageNumber(),
});
const parse = (search: string) => VIEW.parse(new URLSearchParams(search));

describe('a list view in the URL', () => {
  it('reads every field and writes them back in the spec’s order, defaults left out', () => {
    const view = parse('page=3&dir=desc&sort=churnRisk&archived=1&role=consignee&q=%20上海%20');
    expect(view).toEqual({ q: '上海', role: 'consignee', archived: true, sort: 'churnRisk', dir: 'desc', page: 3 });
    expect(VIEW.search(view)).toBe('q=%E4%B8%8A%E6%B5%B7&role=consignee&archived=1&sort=churnRisk&dir=desc&page=3');
    expect(parse(VIEW.search(view))).toEqual(view);
  });

  it('gives a bare URL the defaults and writes them as nothing', () => {
    expect(parse('')).toEqual({ q: '', role: '', archived: false, sort: 'name', dir: 'asc', page: 1 });
    expect(VIEW.defaults).toEqual(parse(''));
    expect(VIEW.search(VIEW.defaults)).toBe('');
  });

  it('drops values the API would refuse instead of passing them on', () => {
    expect(parse('role=carrier&sort=colour&dir=up&page=0&archived=yes')).toEqual(VIEW.defaults);
    expect(parse('page=-2').page).toBe(1);
    expect(parse('page=1.5').page).toBe(1);
    expect(parse('page=9999999').page).toBe(1);
    expect(parse(`q=${'x'.repeat(300)}`).q).toHaveLength(200);
    expect(VIEW.search({ ...VIEW.defaults, q: '   ', page: 1 })).toBe('');
  });
});
