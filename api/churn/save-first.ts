/**
 * Save first (DESIGN.md §7): which accounts to work on, within a budget, so that the most expected revenue
 * is kept across the pair graph, cascade included. An intervention multiplies an account's direct risk by
 * `effect` (0.5 halves it). Greedy selection with lazy re-evaluation: a candidate's gain is only recomputed
 * when it reaches the top of the queue with a gain from an earlier round (gains mostly shrink as accounts
 * are chosen, so a fresh gain on top is taken as the best of the round). Gains are not strictly
 * diminishing (rescuing two neighbours can keep more than the two apart), and with a money budget gain per
 * cost can miss one large account, as in a knapsack: the plan is the best of the greedy runs started empty
 * and from each of the few largest single gains, ranked by gain (and, with money, by gain per cost).
 */

export interface SaveFirstProblem {
  /** direct risks of every node */
  r: Float64Array;
  /** nodes that may be chosen */
  candidates: readonly number[];
  /** expected revenue lost for direct risks r (the cascade and the pair revenue behind it) */
  loss: (r: Float64Array) => number;
  /** the factor an intervention puts on a direct risk, in [0, 1] */
  effect: number;
  /** at most this many accounts */
  accounts?: number;
  /** or at most this much money, each account at cost(node) */
  amount?: number;
  cost?: (node: number) => number;
}

export interface SaveFirstStep {
  node: number;
  /** expected revenue kept by adding this account to those chosen before it */
  gain: number;
  cost: number;
}

export interface SaveFirstPlan {
  steps: SaveFirstStep[];
  lossBefore: number;
  lossAfter: number;
  /** loss evaluations made (each one is a cascade) */
  evaluations: number;
}

const withIntervention = (r: Float64Array, node: number, effect: number) => {
  const next = r.slice();
  next[node] = r[node]! * effect;
  return next;
};

export function saveFirst(problem: SaveFirstProblem): SaveFirstPlan {
  const byMoney = problem.amount !== undefined;
  const cost = problem.cost ?? (() => 1);
  const before = problem.loss(problem.r);
  const singles = problem.candidates.filter((node) => problem.r[node]! > 0 && (!byMoney || cost(node) <= problem.amount!))
    .map((node) => ({ node, gain: before - problem.loss(withIntervention(problem.r, node, problem.effect)) }))
    .sort((x, y) => y.gain - x.gain || x.node - y.node).slice(0, (problem.accounts ?? 2) > 1 ? SEEDS : 0);
  const rankings = byMoney ? [true, false] : [false];
  const plans = [[] as number[], ...singles.map((s) => [s.node])].flatMap((start) => rankings.map((perCost) => greedy(problem, perCost, start)));
  const best = plans.reduce((x, y) => (y.lossAfter < x.lossAfter - 1e-9 ? y : x));
  return { ...best, evaluations: singles.length + plans.reduce((sum, p) => sum + p.evaluations, 0) };
}

/** how many of the largest single gains a money plan is also started from */
const SEEDS = 5;

function greedy(problem: SaveFirstProblem, perCost: boolean, start: readonly number[]): SaveFirstPlan {
  const { effect, loss } = problem;
  const cost = problem.cost ?? (() => 1);
  const byMoney = problem.amount !== undefined;
  const limit = byMoney ? problem.amount! : problem.accounts ?? 0;
  let r = problem.r.slice();
  const lossBefore = loss(r);
  let current = lossBefore;
  let evaluations = 1;
  const steps: SaveFirstStep[] = [];
  let spent = 0;
  for (const node of start) {
    if (spent + cost(node) > limit) continue;
    const next = withIntervention(r, node, effect);
    const after = loss(next);
    evaluations += 1;
    steps.push({ node, gain: current - after, cost: cost(node) });
    r = next;
    current = after;
    spent += cost(node);
  }
  const candidates = problem.candidates.filter((node) => !start.includes(node));
  // [node, gain, round the gain was computed in]
  const rank = (node: number, gain: number) => (perCost ? gain / Math.max(cost(node), 1e-9) : gain);
  let queue = candidates.filter((node) => r[node]! > 0 && (!byMoney || cost(node) <= limit))
    .map((node) => {
      evaluations += 1;
      return { node, gain: current - loss(withIntervention(r, node, effect)), round: 0 };
    });
  for (let round = 0; queue.length > 0; round++) {
    if (!byMoney && steps.length >= limit) break;
    queue = queue.filter((c) => !byMoney || spent + cost(c.node) <= limit);
    for (;;) {
      queue.sort((x, y) => rank(y.node, y.gain) - rank(x.node, x.gain) || x.node - y.node);
      const top = queue[0];
      if (!top || top.round === round) break;
      evaluations += 1;
      top.gain = current - loss(withIntervention(r, top.node, effect));
      top.round = round;
    }
    const best = queue.shift();
    if (!best || best.gain <= 0) break;
    r = withIntervention(r, best.node, effect);
    current -= best.gain;
    spent += cost(best.node);
    steps.push({ node: best.node, gain: best.gain, cost: cost(best.node) });
  }
  return { steps, lossBefore, lossAfter: current, evaluations };
}
