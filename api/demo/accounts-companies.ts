import type { Insertable } from 'kysely';
import type { CompaniesTable } from '../../db/tables/accounts';
import type { Random } from './random';
import { BRAND_WORDS, CONSIGNEE_WORDS, REGIONS, SHIPPER_SUFFIXES, SHIPPER_WORDS } from './accounts-names';

export type DemoCompany = Insertable<CompaniesTable> & { code: string; name: string; industry: string; region: string; est_annual_shipments: number };

/** Which consignee kinds buy from which shipper industries. */
export const BUYERS: Record<string, readonly string[]> = {
  electronics: ['manufacturing', 'retail', 'ecommerce', 'distribution'],
  fmcg: ['retail', 'distribution', 'ecommerce'],
  pharma: ['healthcare', 'distribution'],
  automotive: ['manufacturing', 'distribution'],
  apparel: ['retail', 'ecommerce'],
  chemicals: ['manufacturing', 'distribution'],
  home: ['retail', 'ecommerce', 'distribution'],
};

/** Fixed companies the demo logins and the README point at. */
export const ANCHORS: DemoCompany[] = [
  {
    code: 'SH001', name: '华东电子制造有限公司 Huadong Electronics Manufacturing Co., Ltd.', is_shipper: true, is_consignee: false,
    industry: 'electronics', region: '华东', address: '苏州市工业园区星湖街 328 号', est_annual_shipments: 180_000,
    service_lines: ['transport', 'warehousing', 'value_added'], customer_since: '2018-04-01',
  },
  {
    code: 'DS001', name: '粤港供应链管理有限公司 Yuegang Supply Chain Management Co., Ltd.', is_shipper: true, is_consignee: true,
    industry: 'distribution', region: '华南', address: '深圳市南山区科技园南路 18 号', est_annual_shipments: 60_000,
    service_lines: ['transport', 'warehousing', 'customs'], customer_since: '2020-09-15',
  },
  {
    code: 'CN0001', name: '申城优选超市 Shencheng Select Supermarkets', is_shipper: false, is_consignee: true,
    industry: 'retail', region: '华东', address: '上海市浦东新区张杨路 1500 号', est_annual_shipments: 40_000,
    service_lines: ['transport', 'last_mile'], customer_since: '2019-03-01',
  },
  {
    code: 'CN0002', name: "成都安康人民医院 Chengdu Ankang People's Hospital", is_shipper: false, is_consignee: true,
    industry: 'healthcare', region: '西南', address: '成都市武侯区人民南路 37 号', est_annual_shipments: 9_000,
    service_lines: ['transport', 'cold_chain'], customer_since: '2021-06-01',
  },
];

const WEIGHTED_REGIONS = [0, 0, 0, 1, 1, 1, 2, 2, 3, 4, 4, 5, 6];

function place(rng: Random) {
  const region = REGIONS[rng.pick(WEIGHTED_REGIONS)];
  const [cityZh, cityEn] = rng.pick(region.cities as readonly (readonly [string, string])[]);
  return { region: region.region, cityZh, cityEn };
}

const day = (rng: Random, from: string, to: string) => {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  return new Date(a + Math.floor(rng.next() * ((b - a) / 86_400_000 + 1)) * 86_400_000).toISOString().slice(0, 10);
};

const logUniform = (rng: Random, min: number, max: number) => Math.round(Math.exp(Math.log(min) + rng.next() * (Math.log(max) - Math.log(min))) / 100) * 100;

/** A name not used yet: brand words are tried until the name is new. */
function uniqueName(rng: Random, used: Set<string>, build: (brand: readonly [string, string]) => string) {
  for (let attempt = 0; attempt < 50; attempt++) {
    const name = build(rng.pick(BRAND_WORDS));
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
  throw new Error('demo seed: ran out of company names');
}

/** The demo's shippers, distributors (both roles) and consignees, anchors first. */
export function demoCompanies(rng: Random, counts = { shippers: 30, both: 6, consignees: 300 }): DemoCompany[] {
  const used = new Set(ANCHORS.map((a) => a.name));
  const companies: DemoCompany[] = [...ANCHORS];
  const fixedIndustries = ['pharma', 'fmcg', 'pharma', 'apparel', 'home'];
  const industries = Object.keys(SHIPPER_WORDS);
  for (let i = 2; i <= counts.shippers; i++) {
    const industry = fixedIndustries[i - 2] ?? rng.pick(industries);
    const { region, cityZh, cityEn } = place(rng);
    const [wordZh, wordEn] = rng.pick(SHIPPER_WORDS[industry]);
    const [sufZh, sufEn] = rng.pick(SHIPPER_SUFFIXES);
    companies.push({
      code: `SH${String(i).padStart(3, '0')}`,
      name: uniqueName(rng, used, ([bZh, bEn]) => `${cityZh}${bZh}${wordZh}${sufZh} ${cityEn} ${bEn} ${wordEn} ${sufEn}`),
      is_shipper: true, is_consignee: false, industry, region,
      address: `${cityZh}市经济开发区${rng.pick(BRAND_WORDS)[0]}路 ${rng.int(1, 999)} 号`,
      est_annual_shipments: logUniform(rng, 8_000, 300_000),
      service_lines: ['transport', ...(rng.chance(0.6) ? ['warehousing'] : []), ...(rng.chance(0.3) ? ['value_added'] : []),
        ...(industry === 'pharma' || (industry === 'fmcg' && rng.chance(0.5)) ? ['cold_chain'] : []), ...(rng.chance(0.15) ? ['customs'] : [])],
      customer_since: day(rng, '2016-01-01', '2026-03-31'),
    });
  }
  for (let i = 2; i <= counts.both; i++) {
    const { region, cityZh, cityEn } = place(rng);
    companies.push({
      code: `DS${String(i).padStart(3, '0')}`,
      name: uniqueName(rng, used, ([bZh, bEn]) => `${cityZh}${bZh}供应链管理有限公司 ${cityEn} ${bEn} Supply Chain Management Co., Ltd.`),
      is_shipper: true, is_consignee: true, industry: 'distribution', region,
      address: `${cityZh}市物流园区 ${rng.int(1, 99)} 号库`,
      est_annual_shipments: logUniform(rng, 10_000, 80_000),
      service_lines: ['transport', 'warehousing', ...(rng.chance(0.4) ? ['customs'] : [])],
      customer_since: day(rng, '2017-01-01', '2025-12-31'),
    });
  }
  const kinds = Object.keys(CONSIGNEE_WORDS);
  for (let i = 3; i <= counts.consignees; i++) {
    const industry = rng.pick(kinds);
    const { region, cityZh, cityEn } = place(rng);
    const [wordZh, wordEn] = rng.pick(CONSIGNEE_WORDS[industry]);
    companies.push({
      code: `CN${String(i).padStart(4, '0')}`,
      name: uniqueName(rng, used, ([bZh, bEn]) => `${cityZh}${bZh}${wordZh} ${cityEn} ${bEn} ${wordEn}`),
      is_shipper: false, is_consignee: true, industry, region,
      address: `${cityZh}市${rng.pick(BRAND_WORDS)[0]}大道 ${rng.int(1, 2999)} 号`,
      est_annual_shipments: logUniform(rng, 300, 30_000),
      service_lines: ['transport', ...(rng.chance(0.3) ? ['last_mile'] : [])],
      customer_since: day(rng, '2016-06-01', '2026-09-30'),
    });
  }
  return companies;
}

/**
 * Shipper → consignee links by code: each shipper 5–40 consignees of the kinds that buy its goods,
 * popular consignees shared by several shippers; distributors on both sides; no consignee left alone.
 */
export function demoPairs(rng: Random, companies: readonly DemoCompany[]): [string, string][] {
  const pairs = new Map<string, [string, string]>();
  const add = (s: string, c: string) => { if (s !== c) pairs.set(`${s}>${c}`, [s, c]); };
  const consignees = companies.filter((c) => c.is_consignee && !c.is_shipper);
  const popularity = new Map(consignees.map((c) => [c.code, 1 + 9 * rng.next() ** 3]));
  const shippers = companies.filter((c) => c.is_shipper && !c.is_consignee);
  const distributors = companies.filter((c) => c.is_shipper && c.is_consignee);

  const choose = (candidates: DemoCompany[], n: number) =>
    candidates.map((c) => ({ c, score: popularity.get(c.code)! * rng.next() }))
      .sort((a, b) => b.score - a.score).slice(0, n).map((x) => x.c);

  for (const s of shippers) {
    const buyers = BUYERS[s.industry] ?? ['distribution'];
    const n = Math.min(40, Math.max(5, Math.round(5 + 35 * Math.sqrt((s.est_annual_shipments - 8_000) / 292_000) * rng.next() + rng.int(0, 5))));
    for (const c of choose(consignees.filter((c) => buyers.includes(c.industry)), n)) add(s.code, c.code);
    if (rng.chance(0.3)) add(s.code, rng.pick(distributors).code);
  }
  for (const d of distributors) {
    for (const c of choose(consignees.filter((c) => ['retail', 'ecommerce', 'healthcare'].includes(c.industry)), rng.int(5, 15))) add(d.code, c.code);
    for (let k = rng.int(2, 4); k > 0; k--) add(rng.pick(shippers).code, d.code);
  }
  add('SH001', 'CN0001');
  add('SH001', 'DS001');
  add('DS001', 'CN0001');
  for (const s of shippers.filter((s) => s.industry === 'pharma')) add(s.code, 'CN0002');
  add('DS001', 'CN0002');
  for (const s of choose(shippers.filter((s) => s.code !== 'SH001' && BUYERS[s.industry].includes('retail')), 4)) add(s.code, 'CN0001');

  const paired = new Set([...pairs.values()].map(([, c]) => c));
  for (const c of consignees.filter((c) => !paired.has(c.code))) {
    const fitting = shippers.filter((s) => (BUYERS[s.industry] ?? []).includes(c.industry));
    add(rng.pick(fitting.length > 0 ? fitting : shippers).code, c.code);
  }
  return [...pairs.values()];
}
