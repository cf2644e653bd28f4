import { describe, expect, it } from 'vitest';
import {
  readReason,
  RUN_REASONS,
  sayReason,
  translateReason,
  type RunReasonKey,
} from '../../src/domain/run-reasons.js';
import { en } from '../../src/views/i18n/en.js';
import { fr } from '../../src/views/i18n/fr.js';
import { reasonIn } from '../../src/views/i18n/catalogue.js';
import { PROVIDER_REFUSALS } from '../../src/worker/llm-errors.js';

const KEYS = Object.keys(RUN_REASONS) as RunReasonKey[];
const namesIn = (template: string) => [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
const SAMPLE: Record<string, string | number> = {
  finishReason: 'length',
  count: 2,
  ms: 20000,
  status: 503,
  parameter: 'temperature',
  calls: 8,
  tokens: 16000,
  kind: 'draft',
  reason: sayReason('stalled', { ms: 20000 }),
  recoveries: 3,
};

describe('run reasons', () => {
  it('reads every reason back to its own key and values', () => {
    for (const key of KEYS) {
      const values = Object.fromEntries(namesIn(RUN_REASONS[key]).map((name) => [name, SAMPLE[name]!]));
      const read = readReason(sayReason(key, values));
      expect(read?.key, key).toBe(key);
      expect(read?.values).toEqual(Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(v)])));
    }
  });

  it('has a sentence for every reason in every catalogue, with the same values in it', () => {
    for (const catalogue of [en, fr]) {
      expect(Object.keys(catalogue.reasons).sort()).toEqual([...KEYS].sort());
      for (const key of KEYS) expect(namesIn(catalogue.reasons[key]), key).toEqual(namesIn(RUN_REASONS[key]));
    }
  });

  it('says a reason in the page language, a reason inside a reason too, and leaves other words as they are', () => {
    const nested = sayReason('chunkedFailed', { reason: sayReason('providerFailed', { status: 503 }) });
    expect(reasonIn(fr, nested)).toBe(
      'la rédaction par morceaux a échoué : le fournisseur du modèle n’a pas répondu (HTTP 503)',
    );
    expect(reasonIn(en, nested)).toBe(nested);
    expect(reasonIn(fr, sayReason('callBudget', { calls: 8, kind: 'rewrite' }))).toBe(
      'le modèle a été appelé 8 fois, la limite pour une réécriture, sans réponse exploitable',
    );
    expect(reasonIn(fr, 'something a future worker says')).toBe('something a future worker says');
    expect(translateReason(sayReason('internal'), fr.reasons, fr.reasonWords)).toBe('erreur interne');
  });

  it('holds the fixed phrases the worker tells a provider refusal in', () => {
    for (const phrase of Object.values(PROVIDER_REFUSALS)) expect(readReason(phrase)).toBeDefined();
  });
});
