// Lua run inside Redis. Each script is one round trip and atomic, which is what makes seq
// contiguous and the fencing check race-free whatever number of writers there are.

/**
 * Appends events to a generation's log and publishes them.
 * KEYS: seq, fence, state, frames, offsets. ARGV: token, channel, ttlSec, prevSeq, then (type, data)
 * pairs, data being the event's JSON without `seq`.
 * The log is one copy: the ready SSE frames appended to one string, with a 4-byte index of where each
 * seq's frame ends, so a replay is one GETRANGE and whatever reads the log (page render, replay,
 * follower) reads that string.
 * prevSeq is the seq the writer believes is current: if the counter moved past it, an earlier attempt
 * of this very append already landed (a reply lost to a dropped connection), so nothing is written twice.
 * Publishes `first last lastType appendedAtMs` then the frames (see published-batch.ts), with PUBLISH on
 * a single node and SPUBLISH on a cluster (the channel shares the keys' `{id}` tag, so their slot).
 * Returns the seq of the last event, or an error reply `FENCED <current token>`.
 */
export const appendScript = (publish: 'PUBLISH' | 'SPUBLISH') => `
local fence = tonumber(redis.call('GET', KEYS[2]) or '0')
if tonumber(ARGV[1]) ~= fence then
  return redis.error_reply('FENCED ' .. fence)
end
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local prev = tonumber(ARGV[4])
if current ~= prev then
  return current
end
local frames = {}
local ends = {}
local length = redis.call('STRLEN', KEYS[4])
local first = current + 1
local seq = current
local persist = false
local finished = false
for i = 5, #ARGV, 2 do
  local kind = ARGV[i]
  local data = ARGV[i + 1]
  seq = seq + 1
  local body
  if data == '{}' then
    body = '{"seq":' .. seq .. '}'
  else
    body = '{"seq":' .. seq .. ',' .. string.sub(data, 2)
  end
  local frame = 'id: ' .. seq .. '\\nevent: ' .. kind .. '\\ndata: ' .. body .. '\\n\\n'
  frames[#frames + 1] = frame
  length = length + #frame
  ends[#ends + 1] = struct.pack('>I4', length)
  if kind == 'section_start' then
    redis.call('HSET', KEYS[3], 'open', cjson.decode(data)['index'])
  elseif kind == 'section_end' or kind == 'reset' then
    redis.call('HDEL', KEYS[3], 'open')
  elseif kind == 'status' then
    persist = true
  elseif kind == 'done' then
    finished = true
  end
end
redis.call('SET', KEYS[1], seq)
local text = table.concat(frames)
redis.call('APPEND', KEYS[4], text)
redis.call('SETRANGE', KEYS[5], (first - 1) * 4, table.concat(ends))
if finished then
  for k = 1, 5 do redis.call('EXPIRE', KEYS[k], ARGV[3]) end
elseif persist then
  for k = 1, 5 do redis.call('PERSIST', KEYS[k]) end
end
-- The header ends with Redis's clock in ms: API processes measure relay latency against it.
local now = redis.call('TIME')
local header = first .. ' ' .. seq .. ' ' .. ARGV[#ARGV - 1] .. ' ' .. (now[1] * 1000 + math.floor(now[2] / 1000))
redis.call('${publish}', ARGV[2], header .. '\\n' .. text)
return seq
`;

/**
 * Installs a writer's fencing token (only ever raising it) and seeds the seq counter when the log
 * is gone (expired, or lost with Redis's data). KEYS: seq, fence, state. ARGV: token, seqIfMissing.
 * Returns { current seq, open section or 0, installed token, 1 when the counter was seeded }.
 */
export const CLAIM_SCRIPT = `
local fence = tonumber(redis.call('GET', KEYS[2]) or '0')
local token = tonumber(ARGV[1])
if token > fence then
  redis.call('SET', KEYS[2], token)
  fence = token
end
local seeded = 0
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('SET', KEYS[1], ARGV[2])
  seeded = 1
end
local open = tonumber(redis.call('HGET', KEYS[3], 'open') or '0')
return { tonumber(redis.call('GET', KEYS[1])), open, fence, seeded }
`;

/**
 * The ready SSE frames of every event after a cursor, and the seq they end at, in one atomic read.
 * KEYS: seq, frames, offsets. ARGV: after. Returns { seq, frames } (seq 0 when the log is gone).
 * A cursor before what the string holds (a log recreated after expiring) reads from its start.
 */
export const READ_FRAMES_SCRIPT = `
local seq = tonumber(redis.call('GET', KEYS[1]) or '0')
local after = tonumber(ARGV[1])
if after >= seq then
  return { seq, '' }
end
local start = 0
if after > 0 then
  local packed = redis.call('GETRANGE', KEYS[3], (after - 1) * 4, (after - 1) * 4 + 3)
  if #packed == 4 then
    start = struct.unpack('>I4', packed)
  end
end
return { seq, redis.call('GETRANGE', KEYS[2], start, -1) }
`;
