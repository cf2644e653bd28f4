-- claim.lua: installs a writer's fencing token (only ever raising it) and seeds the seq counter when
-- the log is gone (expired, or lost with Redis's data).
-- KEYS: head, frames.
-- ARGV: token, seqIfMissing, nowMs, maxAgeSec.
-- Returns { current seq, open section or 0, installed token, 1 when the counter was seeded, the log's
-- length in bytes, the length of its compacted part (0 when never compacted) }. An installed token
-- other than `token` means a newer writer holds the generation (src/bus/event-log.ts: FencedError).
--
-- A log gets its `deadline` (ms) here, maxAgeSec after it was started (or, for one started before
-- deadlines were kept, after this claim): the appends never let it outlive that once at rest
-- (0: no deadline).
local head = redis.call('HMGET', KEYS[1], 'fence', 'seq', 'open', 'snapBytes', 'deadline')
local fence = tonumber(head[1] or '0')
local token = tonumber(ARGV[1])
local seq = head[2]
local seeded = 0
local fields = {}
if token > fence then
  fence = token
  fields = { 'fence', token }
end
if not seq then
  seq = ARGV[2]
  seeded = 1
  fields = { 'fence', fence, 'seq', seq }
end
local maxAge = tonumber(ARGV[4])
if maxAge > 0 and (seeded == 1 or not head[5]) then
  fields[#fields + 1] = 'deadline'
  fields[#fields + 1] = tonumber(ARGV[3]) + maxAge * 1000
end
if #fields > 0 then redis.call('HSET', KEYS[1], unpack(fields)) end
return { tonumber(seq), tonumber(head[3] or '0'), fence, seeded, redis.call('STRLEN', KEYS[2]), tonumber(head[4] or '0') }
