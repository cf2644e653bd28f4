// Lua run inside Redis. Each script is one round trip and atomic, which is what makes seq
// contiguous and the fencing check race-free whatever number of writers there are.
//
// A generation's log is three keys (src/bus/keys.ts): `head`, a hash of the writer's fencing token
// (`fence`), the newest seq (`seq`) and the section started but not yet ended (`open`, 0 for none);
// `frames`, the ready SSE frames of every event, one string; and `offsets`, a sparse index of where
// the frame of every OFFSET_STRIDE-th seq ends in that string (4 bytes each). An append then costs
// five commands (the script call, one HMGET, one APPEND, one HSET, one PUBLISH), plus a SETRANGE
// once every OFFSET_STRIDE events, which keeps Redis work per token low (docs/BENCHMARKS.md). A log
// at rest whose history outgrew its document is compacted (COMPACT_SCRIPT): its size follows the document.

/** The index of `frames` keeps the end of every seq that is a multiple of this. */
export const OFFSET_STRIDE = 16;

/**
 * Lua that builds one event's ready SSE frame: `id: seq`, `event: kind`, and its data (the event's
 * JSON without `seq`) with `seq` put first. Shared by the append and the compaction, so a frame is
 * spelled the same whichever wrote it.
 */
const FRAME_LUA = `
local function frameOf(seq, kind, data)
  local body
  if data == '{}' then
    body = '{"seq":' .. seq .. '}'
  else
    body = '{"seq":' .. seq .. ',' .. string.sub(data, 2)
  end
  return 'id: ' .. seq .. '\\nevent: ' .. kind .. '\\ndata: ' .. body .. '\\n\\n'
end
`;

/**
 * Appends events to a generation's log and publishes them.
 * KEYS: head, frames, offsets. ARGV: token, channel, ttlSec, prevSeq, nowMs, then (type, data) pairs,
 * data being the event's JSON without `seq`.
 * The log is one copy: the ready SSE frames appended to one string, so a replay is one GETRANGE and
 * whatever reads the log (page render, replay, follower) reads that string.
 * prevSeq is the seq the writer believes is current: if the counter moved past it, an earlier attempt
 * of this very append already landed (a reply lost to a dropped connection), so nothing is written twice.
 * `open` follows the section started and not yet ended or reset: starting, ending or resetting another
 * section (an edit of section 2 while a paused run left section 5 half written) leaves it open.
 * A `done` sets the keys to expire after ttlSec, but never past the log's `deadline` (set by the
 * claims, EVENT_LOG_MAX_AGE_SEC after the log was started): edits at rest end a run again and again,
 * and must not keep a log alive for ever. Another event that changes the status (a new run) keeps them.
 * Publishes `first last lastType appendedAtMs` then the frames (see published-batch.ts), with PUBLISH on
 * a single node and SPUBLISH on a cluster (the channel shares the keys' `{id}` tag, so their slot);
 * appendedAtMs is the writer's clock (nowMs), against which API processes measure relay latency.
 * Returns the seq of the last event, or an error reply `FENCED <current token>`.
 */
export const appendScript = (publish: 'PUBLISH' | 'SPUBLISH') => `${FRAME_LUA}
local head = redis.call('HMGET', KEYS[1], 'fence', 'seq', 'open', 'deadline')
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
local wasOpen = tonumber(head[3] or '0')
local open = wasOpen
local persist = false
local finished = false
for i = 6, #ARGV, 2 do
  local kind = ARGV[i]
  local data = ARGV[i + 1]
  seq = seq + 1
  local frame = frameOf(seq, kind, data)
  frames[#frames + 1] = frame
  length = length + #frame
  if seq % ${OFFSET_STRIDE} == 0 then
    if firstIndexed == 0 then firstIndexed = seq end
    ends[#ends + 1] = length
  end
  -- The data's first field is the section's number: {"index":N,... or {"section":N}.
  if kind == 'section_start' then
    -- A writer ends or resets the section it writes before it starts another; a section started
    -- while one is open is an edit's or a restore's, which leaves the open one as it was.
    if open == 0 then open = tonumber(string.match(data, '^{"index":(%d+)')) end
  elseif kind == 'section_end' then
    if tonumber(string.match(data, '^{"index":(%d+)')) == open then open = 0 end
  elseif kind == 'reset' then
    if tonumber(string.match(data, '^{"section":(%d+)')) == open then open = 0 end
  elseif kind == 'status' then
    persist = true
  elseif kind == 'done' then
    finished = true
  end
end
local text = table.concat(frames)
-- APPEND answers the string's new length: where this batch starts follows from it.
local base = redis.call('APPEND', KEYS[2], text) - length
local fields = { 'seq', seq }
if open ~= wasOpen then
  fields[#fields + 1] = 'open'
  fields[#fields + 1] = open
end
redis.call('HSET', KEYS[1], unpack(fields))
if firstIndexed > 0 then
  -- Indexed seqs of one batch are OFFSET_STRIDE apart, so their slots are adjacent: one SETRANGE.
  for j = 1, #ends do ends[j] = struct.pack('>I4', base + ends[j]) end
  redis.call('SETRANGE', KEYS[3], (firstIndexed / ${OFFSET_STRIDE} - 1) * 4, table.concat(ends))
end
if finished then
  local ttl = tonumber(ARGV[3])
  local deadline = tonumber(head[4] or '')
  if deadline then
    local left = math.floor((deadline - tonumber(ARGV[5])) / 1000)
    if left < ttl then ttl = math.max(1, left) end
  end
  for k = 1, 3 do redis.call('EXPIRE', KEYS[k], ttl) end
elseif persist then
  for k = 1, 3 do redis.call('PERSIST', KEYS[k]) end
end
local header = first .. ' ' .. seq .. ' ' .. ARGV[#ARGV - 1] .. ' ' .. ARGV[5]
redis.call('${publish}', ARGV[2], header .. '\\n' .. text)
return seq
`;

/**
 * Replaces a log at rest by a shorter one holding the same document: its frames become `events`
 * (a `resync`, then every section as it stands, then the run's end), numbered so that the last is
 * `atSeq`, the log's newest seq. Nothing is published: a viewer at `atSeq` holds the same document
 * and goes on reading after it as before. The head's `snap` says where the compacted part ends: a
 * cursor below it (inside what was compacted, including the compacted events' own ids) is served the
 * whole log from its `resync`, which makes any viewer start over; a cursor at or after it reads on as
 * usual. `snapBytes` is the compacted part's size, against which the next compaction is weighed.
 * KEYS: head, frames, offsets. ARGV: token, atSeq, then (type, data) pairs.
 * Only while `token` holds the generation and nothing was appended after `atSeq`, and only when the
 * events fit below it. Returns the new log's length in bytes, or 0 when nothing was done.
 */
export const COMPACT_SCRIPT = `${FRAME_LUA}
local head = redis.call('HMGET', KEYS[1], 'fence', 'seq')
local atSeq = tonumber(ARGV[2])
if tonumber(head[1] or '0') ~= tonumber(ARGV[1]) or tonumber(head[2] or '-1') ~= atSeq then
  return 0
end
local count = (#ARGV - 2) / 2
if count < 1 or count > atSeq then
  return 0
end
local frames = {}
local seq = atSeq - count
for i = 3, #ARGV, 2 do
  seq = seq + 1
  frames[#frames + 1] = frameOf(seq, ARGV[i], ARGV[i + 1])
end
local text = table.concat(frames)
redis.call('SET', KEYS[2], text, 'KEEPTTL')
-- The index held where old frames ended: gone with them. Slots a later append skips read as 0,
-- which sends a read to the string's start and its search for the cursor's next frame.
redis.call('DEL', KEYS[3])
redis.call('HSET', KEYS[1], 'snap', atSeq, 'snapBytes', #text)
return #text
`;

/**
 * Installs a writer's fencing token (only ever raising it) and seeds the seq counter when the log
 * is gone (expired, or lost with Redis's data). A log gets its `deadline` (ms) here, maxAgeSec after
 * it was started (or, for one started before deadlines were kept, after this claim): the appends
 * never let it outlive that once at rest (0: no deadline).
 * KEYS: head, frames. ARGV: token, seqIfMissing, nowMs, maxAgeSec.
 * Returns { current seq, open section or 0, installed token, 1 when the counter was seeded, the
 * log's length in bytes, the length of its compacted part (0 when never compacted) }.
 */
export const CLAIM_SCRIPT = `
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
`;

/**
 * The ready SSE frames of every event after a cursor, and the seq they end at, in one atomic read.
 * KEYS: head, frames, offsets. ARGV: after. Returns { seq, frames } (seq 0 when the log is gone).
 * A cursor below the compacted part's end (`snap`, see COMPACT_SCRIPT) reads the whole log, from the
 * `resync` that opens it. Otherwise the index gives where the frame of the nearest indexed seq at or
 * before the cursor ends; the frames from there to the cursor (fewer than OFFSET_STRIDE) are skipped
 * by finding the next one's `id:` line, which only a frame's first line can hold (data is JSON on
 * one line). A cursor before what the string holds (a log recreated after expiring) reads from its start.
 */
export const READ_FRAMES_SCRIPT = `
local head = redis.call('HMGET', KEYS[1], 'seq', 'snap')
local seq = tonumber(head[1] or '0')
local after = tonumber(ARGV[1])
if after >= seq then
  return { seq, '' }
end
if after < tonumber(head[2] or '0') then
  return { seq, redis.call('GET', KEYS[2]) or '' }
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
