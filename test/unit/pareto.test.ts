import { describe, expect, it } from 'vitest';
import { paretoAnalysis } from '../../api/domain/pareto';

describe('paretoAnalysis', () => {
  // total positive profit 1000: 500 (50 %), 300 (80 %), 100 (90 %), 60 (96 %), 40 (100 %), then 0 and −50
  const set = [
    { id: 4, profit: 60 }, { id: 1, profit: 500 }, { id: 7, profit: -50 }, { id: 3, profit: 100 },
    { id: 2, profit: 300 }, { id: 6, profit: 0 }, { id: 5, profit: 40 },
  ];

  it('ranks by profit and classes A up to 80 %, B to 95 %, C the rest; loss-makers are C', () => {
    const r = paretoAnalysis(set);
    expect(r.ranks.map((x) => [x.id, x.abcClass])).toEqual([
      [1, 'A'], [2, 'A'], [3, 'B'], [4, 'B'], [5, 'C'], [6, 'C'], [7, 'C'],
    ]);
    expect(r.ranks.map((x) => x.cumulativeShare)).toEqual([0.5, 0.8, 0.9, 0.96, 1, 1, 1]);
    expect(r.totalPositiveProfit).toBe(1000);
  });

  it('reports the share of customers making 80 % of profit, counting loss-makers in the total', () => {
    expect(paretoAnalysis(set).shareMaking80).toBeCloseTo(2 / 7, 12);
  });

  it('puts the customer that crosses 80 % in A', () => {
    const r = paretoAnalysis([{ id: 1, profit: 70 }, { id: 2, profit: 20 }, { id: 3, profit: 10 }]);
    // #2 starts at 70 % (< 80 %) and reaches 90 % → A; #3 starts at 90 % (< 95 %) → B
    expect(r.ranks.map((x) => x.abcClass)).toEqual(['A', 'A', 'B']);
    expect(r.shareMaking80).toBeCloseTo(2 / 3, 12);
  });

  it('draws the curve from (0,0) through every customer', () => {
    const r = paretoAnalysis([{ id: 1, profit: 75 }, { id: 2, profit: 25 }]);
    expect(r.curve).toEqual([
      { customerShare: 0, profitShare: 0 }, { customerShare: 0.5, profitShare: 0.75 }, { customerShare: 1, profitShare: 1 },
    ]);
  });

  it('thins a long curve but keeps its end', () => {
    const many = Array.from({ length: 1000 }, (_, i) => ({ id: i + 1, profit: 1000 - i }));
    const curve = paretoAnalysis(many, 100).curve;
    expect(curve.length).toBe(101);
    expect(curve[curve.length - 1]).toEqual({ customerShare: 1, profitShare: 1 });
  });

  it('has no 80 % share when nobody makes a profit, and classes everyone C', () => {
    const r = paretoAnalysis([{ id: 1, profit: 0 }, { id: 2, profit: -10 }]);
    expect(r.shareMaking80).toBeNull();
    expect(r.ranks.every((x) => x.abcClass === 'C')).toBe(true);
    expect(paretoAnalysis([]).shareMaking80).toBeNull();
  });

  it('breaks profit ties by id', () => {
    expect(paretoAnalysis([{ id: 9, profit: 10 }, { id: 3, profit: 10 }]).ranks.map((x) => x.id)).toEqual([3, 9]);
  });
});
