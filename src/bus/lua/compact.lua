-- compact.lua: replaces a log at rest by a shorter one holding the same document.
-- KEYS: head, frames, offsets.
-- ARGV: token, atSeq, then (type, data) pairs (a `resync`, then every section as it stands, then the
--       run's end: src/generations/log-compaction.ts).
-- Returns the new log's length in bytes, or 0 when nothing was done: only while `token` holds the
-- generation and nothing was appended after `atSeq`, and only when the events fit below it.
--
-- The events are numbered so that the last is `atSeq`, the log's newest seq. Nothing is published: a
-- viewer at `atSeq` holds the same document and goes on reading after it as before. The head's `snap`
-- says where the compacted part ends: a cursor below it (inside what was compacted, including the
-- compacted events' own ids) is served the whole log from its `resync` (read-frames.lua), which makes
-- any viewer start over; a cursor at or after it reads on as usual. `snapBytes` is the compacted
-- part's size, against which the next compaction is weighed.
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
