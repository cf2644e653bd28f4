-- read-frames.lua: the ready SSE frames of every event after a cursor, and the seq they end at, in one
-- atomic read.
-- KEYS: head, frames, offsets.
-- ARGV: after.
-- Returns { seq, frames } (seq 0 when the log is gone; frames empty when nothing is newer).
--
-- A cursor below the compacted part's end (`snap`, see compact.lua) reads the whole log, from the
-- `resync` that opens it. Otherwise the index gives where the frame of the nearest indexed seq at or
-- before the cursor ends; the frames from there to the cursor (fewer than OFFSET_STRIDE) are skipped
-- by finding the next one's `id:` line, which only a frame's first line can hold (data is JSON on
-- one line). A cursor before what the string holds (a log recreated after expiring) reads from its start.
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
local slot = math.floor(after / {{OFFSET_STRIDE}})
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
local needle = 'id: ' .. (after + 1) .. '\n'
local at = 1
while true do
  local found = string.find(tail, needle, at, true)
  if not found then
    return { seq, tail }
  end
  if found == 1 or string.sub(tail, found - 1, found - 1) == '\n' then
    return { seq, string.sub(tail, found) }
  end
  at = found + 1
end
