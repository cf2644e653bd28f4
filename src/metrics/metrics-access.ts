import { bearerToken, sameToken } from '../util/bearer-token.js';

// The one rule of every /metrics, the API's and a worker's alike: with METRICS_TOKEN, only a request
// presenting it as a Bearer token is served; without it, the series are open on a deployment without
// API keys (local use) and off (404) on one with keys, whatever the port they are served on (they say
// how busy the service is, which a shared deployment keeps to itself).

/** What a request to /metrics gets. */
export type MetricsAccess = 'allowed' | 'unauthorized' | 'off';

export interface MetricsAccessSettings {
  /** METRICS_TOKEN. */
  token: string | undefined;
  /** True when API_KEYS is set. */
  keysSet: boolean;
}

/** The rule, for a request with this `Authorization` header. */
export function metricsAccess(settings: MetricsAccessSettings, authorization: string | undefined): MetricsAccess {
  if (settings.token === undefined) return settings.keysSet ? 'off' : 'allowed';
  return sameToken(bearerToken(authorization), settings.token) ? 'allowed' : 'unauthorized';
}

/** The settings of the rule, from the configuration. */
export const metricsAccessSettings = (config: { METRICS_TOKEN?: string; API_KEYS: readonly string[] }) => ({
  token: config.METRICS_TOKEN,
  keysSet: config.API_KEYS.length > 0,
});
