// The one home of the API's error codes: the `code` of `{ error: { code, message, requestId } }`.
// Handlers throw ApiError with one of these; the OpenAPI document lists them from here.

export const ERROR_CODES = [
  // 400: the request itself is wrong (the message names the field).
  'invalid_json',
  'invalid_request',
  'invalid_id',
  'invalid_cursor',
  'invalid_section',
  'invalid_callback_url',
  // 401: no or wrong credentials; webhook signatures.
  'unauthorized',
  'missing_signature',
  'stale_timestamp',
  'invalid_signature',
  // 403: a cookie-authenticated command from another origin (CSRF).
  'forbidden',
  'not_found',
  // 409: the state of the resource does not allow it (or a webhook-id reused with another body).
  'conflict',
  // 409 on an edit whose baseVersion is no longer the section's newest (the body names the newest).
  'stale_version',
  // 408: a webhook body that had not all arrived within WEBHOOK_BODY_TIMEOUT_MS.
  'request_timeout',
  'payload_too_large',
  'unsupported_media_type',
  // 421: a Host header that ALLOWED_HOSTS does not name (DNS rebinding, a wrong name).
  'misdirected_request',
  'rate_limited',
  'http_error',
  'internal_error',
  // 503: a dependency is down (retry after Retry-After), or the feature is not configured here.
  'unavailable',
  'not_configured',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
