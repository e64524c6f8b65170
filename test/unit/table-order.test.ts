import { describe, expect, it } from 'vitest';
import { compareValues } from '../../web/src/lib/components/table';

describe('client-sorted tables', () => {
  it('order Chinese text by pinyin, Latin after it, numbers inside text by value, empty values last', () => {
    const names = ['上海佳美', 'Zebra', '重庆博远', '北京宏图', '阿里物流', '', null, 'apple 10', 'apple 9'];
    expect([...names].sort(compareValues)).toEqual(['阿里物流', '北京宏图', '重庆博远', '上海佳美', 'apple 9', 'apple 10', 'Zebra', '', null]);
    expect(compareValues(2, 10)).toBeLessThan(0);
  });
});
