// Lua run inside Redis. Each script is one round trip and atomic, which is what makes seq
// contiguous and the fencing check race-free whatever number of writers there are.
//
// A generation's log is three keys (src/bus/keys.ts): `head`, a hash of the writer's fencing token
// (`fence`), the newest seq (`seq`) and the section started but not yet ended (`open`, 0 for none);
// `frames`, the ready SSE frames of every event, one string; and `offsets`, a sparse index of where
// the frame of every OFFSET_STRIDE-th seq ends in that string (4 bytes each). An append then costs
// five commands (the script call, one HMGET, one APPEND, one HSET, one PUBLISH), plus a SETRANGE
// once every OFFSET_STRIDE events, which keeps Redis work per token low (docs/BENCHMARKS.md).

/** The index of `frames` keeps the end of every seq that is a multiple of this. */
export const OFFSET_STRIDE = 16;

/**
 * Appends events to a generation's log and publishes them.
 * KEYS: head, frames, offsets. ARGV: token, channel, ttlSec, prevSeq, nowMs, then (type, data) pairs,
 * data being the event's JSON without `seq`.
 * The log is one copy: the ready SSE frames appended to one string, so a replay is one GETRANGE and
 * whatever reads the log (page render, replay, follower) reads that string.
 * prevSeq is the seq the writer believes is current: if the counter moved past it, an earlier attempt
 * of this very append already landed (a reply lost to a dropped connection), so nothing is written twice.
 * Publishes `first last lastType appendedAtMs` then the frames (see published-batch.ts), with PUBLISH on
 * a single node and SPUBLISH on a cluster (the channel shares the keys' `{id}` tag, so their slot);
 * appendedAtMs is the writer's clock (nowMs), against which API processes measure relay latency.
 * Returns the seq of the last event, or an error reply `FENCED <current token>`.
 */
export const appendScript = (publish: 'PUBLISH' | 'SPUBLISH') => `
local head = redis.call('HMGET', KEYS[1], 'fence', 'seq')
local fence = tonumber(head[1] or '0')
if tonumber(ARGV[1]) ~= fence then
  return redis.error_reply('FENCED ' .. fence)
end
local current = tonumber(head[2] or '0')
if current ~= tonumber(ARGV[4]) then
  return current
end
local frames = {}
local ends = {}
local firstIndexed = 0
local length = 0
local first = current + 1
local seq = current
local open = nil
local persist = false
local finished = false
for i = 6, #ARGV, 2 do
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
  if seq % ${OFFSET_STRIDE} == 0 then
    if firstIndexed == 0 then firstIndexed = seq end
    ends[#ends + 1] = length
  end
  if kind == 'section_start' then
    open = cjson.decode(data)['index']
  elseif kind == 'section_end' or kind == 'reset' then
    open = 0
  elseif kind == 'status' then
    persist = true
  elseif kind == 'done' then
    finished = true
  end
end
local text = table.concat(frames)
-- APPEND answers the string's new length: where this batch starts follows from it.
local base = redis.call('APPEND', KEYS[2], text) - length
if open == nil then
  redis.call('HSET', KEYS[1], 'seq', seq)
else
  redis.call('HSET', KEYS[1], 'seq', seq, 'open', open)
end
if firstIndexed > 0 then
  -- Indexed seqs of one batch are OFFSET_STRIDE apart, so their slots are adjacent: one SETRANGE.
  for j = 1, #ends do ends[j] = struct.pack('>I4', base + ends[j]) end
  redis.call('SETRANGE', KEYS[3], (firstIndexed / ${OFFSET_STRIDE} - 1) * 4, table.concat(ends))
end
if finished then
  for k = 1, 3 do redis.call('EXPIRE', KEYS[k], ARGV[3]) end
elseif persist then
  for k = 1, 3 do redis.call('PERSIST', KEYS[k]) end
end
local header = first .. ' ' .. seq .. ' ' .. ARGV[#ARGV - 1] .. ' ' .. ARGV[5]
redis.call('${publish}', ARGV[2], header .. '\\n' .. text)
return seq
`;

/**
 * Installs a writer's fencing token (only ever raising it) and seeds the seq counter when the log
 * is gone (expired, or lost with Redis's data). KEYS: head. ARGV: token, seqIfMissing.
 * Returns { current seq, open section or 0, installed token, 1 when the counter was seeded }.
 */
export const CLAIM_SCRIPT = `
local head = redis.call('HMGET', KEYS[1], 'fence', 'seq', 'open')
local fence = tonumber(head[1] or '0')
local token = tonumber(ARGV[1])
local seq = head[2]
local seeded = 0
if token > fence then
  fence = token
  if seq then
    redis.call('HSET', KEYS[1], 'fence', token)
  end
end
if not seq then
  seq = ARGV[2]
  seeded = 1
  redis.call('HSET', KEYS[1], 'fence', fence, 'seq', seq)
end
return { tonumber(seq), tonumber(head[3] or '0'), fence, seeded }
`;

/**
 * The ready SSE frames of every event after a cursor, and the seq they end at, in one atomic read.
 * KEYS: head, frames, offsets. ARGV: after. Returns { seq, frames } (seq 0 when the log is gone).
 * The index gives where the frame of the nearest indexed seq at or before the cursor ends; the
 * frames from there to the cursor (fewer than OFFSET_STRIDE) are skipped by finding the next one's
 * `id:` line, which only a frame's first line can hold (data is JSON on one line).
 * A cursor before what the string holds (a log recreated after expiring) reads from its start.
 */
export const READ_FRAMES_SCRIPT = `
local seq = tonumber(redis.call('HGET', KEYS[1], 'seq') or '0')
local after = tonumber(ARGV[1])
if after >= seq then
  return { seq, '' }
end
local start = 0
local slot = math.floor(after / ${OFFSET_STRIDE})
if slot > 0 then
  local packed = redis.call('GETRANGE', KEYS[3], (slot - 1) * 4, (slot - 1) * 4 + 3)
  if #packed == 4 then
    start = struct.unpack('>I4', packed)
  end
end
local tail = redis.call('GETRANGE', KEYS[2], start, -1)
if after == 0 then
  return { seq, tail }
end
local needle = 'id: ' .. (after + 1) .. '\\n'
local at = 1
while true do
  local found = string.find(tail, needle, at, true)
  if not found then
    return { seq, tail }
  end
  if found == 1 or string.sub(tail, found - 1, found - 1) == '\\n' then
    return { seq, string.sub(tail, found) }
  end
  at = found + 1
end
`;
