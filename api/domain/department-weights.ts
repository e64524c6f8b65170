export interface WeightedDepartment {
  id: number;
  /** explicit weight (0..1], or null to share the remainder */
  weight: number | null;
}

/**
 * Effective weights: explicit weights stand; the remainder 1 − Σ explicit (never below 0) is shared
 * equally by the departments without a weight. Explicit weights that sum above 1 leave nothing to share.
 */
export function effectiveWeights(departments: readonly WeightedDepartment[]): Map<number, number> {
  const explicit = departments.reduce((sum, d) => sum + (d.weight ?? 0), 0);
  const unweighted = departments.filter((d) => d.weight === null).length;
  const share = unweighted > 0 ? Math.max(0, 1 - explicit) / unweighted : 0;
  return new Map(departments.map((d) => [d.id, d.weight ?? share]));
}

/**
 * The company's score: Σ w·s / Σ w over the departments that have a score (so a silent department does
 * not pull the score to zero); null when no department with a positive weight has one.
 */
export function weightedScore(scores: readonly { departmentId: number; score: number | null }[], weights: Map<number, number>): number | null {
  let sum = 0;
  let weightSum = 0;
  for (const { departmentId, score } of scores) {
    const w = weights.get(departmentId) ?? 0;
    if (score === null || w <= 0) continue;
    sum += w * score;
    weightSum += w;
  }
  return weightSum > 0 ? sum / weightSum : null;
}

/** The department with the lowest score; ties go to the one with more weight (more influence), then the lower id. */
export function weakestDepartment(scores: readonly { departmentId: number; score: number | null }[], weights: Map<number, number>): number | null {
  let best: { departmentId: number; score: number } | null = null;
  for (const s of scores) {
    if (s.score === null) continue;
    if (
      !best || s.score < best.score
      || (s.score === best.score && ((weights.get(s.departmentId) ?? 0) > (weights.get(best.departmentId) ?? 0)
        || ((weights.get(s.departmentId) ?? 0) === (weights.get(best.departmentId) ?? 0) && s.departmentId < best.departmentId)))
    ) best = { departmentId: s.departmentId, score: s.score };
  }
  return best?.departmentId ?? null;
}
