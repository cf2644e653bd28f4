-- append.lua: appends events to a generation's log and publishes them, in one atomic step.
-- KEYS: head, frames, offsets.
-- ARGV: token, channel, ttlSec, prevSeq, nowMs, then (type, data) pairs, data being the event's
--       JSON without `seq` (event-codec.ts eventFields).
-- Returns the seq of the last event (or the current seq, unchanged, when prevSeq is behind it), or
-- the error reply `FENCED <current token>` (turned into FencedError by src/bus/scripts.ts).
--
-- The log is one copy: the ready SSE frames appended to one string, so a replay is one GETRANGE and
-- whatever reads the log (page render, replay, follower) reads that string.
-- prevSeq is the seq the writer believes is current: if the counter moved past it, an earlier attempt
-- of this very append already landed (a reply lost to a dropped connection), so nothing is written twice.
-- `open` follows the section started and not yet ended or reset: starting, ending or resetting another
-- section (an edit of section 2 while a paused run left section 5 half written) leaves it open.
-- A `done` sets the keys to expire after ttlSec, but never past the log's `deadline` (set by the
-- claims, EVENT_LOG_MAX_AGE_SEC after the log was started): edits at rest end a run again and again,
-- and must not keep a log alive for ever. Another event that changes the status (a new run) keeps them.
-- Publishes `first last lastType appendedAtMs` then the frames (src/bus/published-batch.ts), with
-- PUBLISH on a single node and SPUBLISH on a cluster (the channel shares the keys' `{id}` tag, so
-- their slot); appendedAtMs is the writer's clock, against which API processes measure relay latency.
local head = redis.call('HMGET', KEYS[1], 'fence', 'seq', 'open', 'deadline')
local fence = tonumber(head[1] or '0')
if tonumber(ARGV[1]) ~= fence then
  return redis.error_reply('{{FENCED}} ' .. fence)
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
  if seq % {{OFFSET_STRIDE}} == 0 then
    if firstIndexed == 0 then firstIndexed = seq end
    ends[#ends + 1] = length
  end
  -- The data's first field is the section's number: {"index":N,... or {"section":N}.
  if kind == '{{EVENT_section_start}}' then
    -- A writer ends or resets the section it writes before it starts another; a section started
    -- while one is open is an edit's or a restore's, which leaves the open one as it was.
    if open == 0 then open = tonumber(string.match(data, '^{"index":(%d+)')) end
  elseif kind == '{{EVENT_section_end}}' then
    if tonumber(string.match(data, '^{"index":(%d+)')) == open then open = 0 end
  elseif kind == '{{EVENT_reset}}' then
    if tonumber(string.match(data, '^{"section":(%d+)')) == open then open = 0 end
  elseif kind == '{{EVENT_status}}' then
    persist = true
  elseif kind == '{{EVENT_done}}' then
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
  redis.call('SETRANGE', KEYS[3], (firstIndexed / {{OFFSET_STRIDE}} - 1) * 4, table.concat(ends))
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
redis.call('{{PUBLISH}}', ARGV[2], header .. '\n' .. text)
return seq
