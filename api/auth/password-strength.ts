import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';
import type { ErrorDetail } from '../errors';

/**
 * Password strength by zxcvbn (an estimate of how many guesses a cracker needs, with common passwords,
 * names, words, keyboard walks, dates, repeats and l33t speak in its dictionaries), not by counting character
 * classes. A password needs score 3 of 4 ("safely unguessable", about 10^8 guesses or more); what the
 * estimator says about a weaker one goes back to the person choosing it.
 */
export const MIN_PASSWORD_SCORE = 3;

let estimator: ZxcvbnFactory | undefined;
// the dictionaries take a moment and some memory to load: only once a password is actually checked
const estimate = () => (estimator ??= new ZxcvbnFactory({
  dictionary: { ...common.dictionary, ...english.dictionary },
  graphs: common.adjacencyGraphs,
  translations: english.translations,
}));

/** Why a password is too weak (with the estimator's advice), or null. `related`: the account's e-mail and name. */
export function weakPassword(password: string, related: readonly string[] = [], path = 'password'): ErrorDetail | null {
  const inputs = related.flatMap((r) => [r, ...r.split(/[@.\s_-]+/)]).filter((r) => r.length >= 3);
  const result = estimate().check(password.slice(0, 100), inputs);
  if (result.score >= MIN_PASSWORD_SCORE) return null;
  const { warning, suggestions } = result.feedback;
  const advice = [warning, ...suggestions].filter(Boolean).join(' ');
  return {
    path, code: 'weak_password',
    message: `This password is too easy to guess.${advice ? ` ${advice}` : ''} A few unrelated words, or a longer phrase, are stronger than one word with digits.`,
    params: { score: result.score, minimum: MIN_PASSWORD_SCORE, warning, suggestions },
  };
}
