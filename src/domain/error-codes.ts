// The one home of the API's error codes and their HTTP statuses: the `code` of
// `{ error: { code, message, requestId } }`. Handlers throw `new ApiError(code, message)` (src/api/errors.ts,
// which also checks that each status is one Hono can send) and the status comes from here; the OpenAPI
// document's error schema lists the codes from here too, and the browser scripts compare the codes they
// act on with this type (a type-only import: this module is not served).

export const ERROR_STATUS = {
  // 400: the request itself is wrong (the message names the field).
  invalid_json: 400,
  invalid_request: 400,
  invalid_id: 400,
  invalid_cursor: 400,
  invalid_section: 400,
  invalid_callback_url: 400,
  // 401: no or wrong credentials; webhook signatures.
  unauthorized: 401,
  missing_signature: 401,
  stale_timestamp: 401,
  invalid_signature: 401,
  // 403: a cookie-authenticated command from another origin (CSRF).
  forbidden: 403,
  not_found: 404,
  // 409: the state of the resource does not allow it (or a webhook-id reused with another body).
  conflict: 409,
  // 409 on an edit whose baseVersion is no longer the section's newest (the body names the newest).
  stale_version: 409,
  // 408: a webhook body that had not all arrived within WEBHOOK_BODY_TIMEOUT_MS.
  request_timeout: 408,
  payload_too_large: 413,
  unsupported_media_type: 415,
  // 421: a Host header that ALLOWED_HOSTS does not name (DNS rebinding, a wrong name).
  misdirected_request: 421,
  rate_limited: 429,
  // 429 once the owner spent TOKEN_BUDGET_PER_DAY today (Retry-After: until 00:00 UTC).
  token_budget_exceeded: 429,
  // A refusal Hono raised itself (HTTPException); its own status is kept (src/api/errors.ts).
  http_error: 400,
  internal_error: 500,
  // 503: a dependency is down (retry after Retry-After), or the feature is not configured here.
  unavailable: 503,
  not_configured: 503,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_STATUS;
export const ERROR_CODES = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];
