-- frame.lua: prepended to every script that writes frames (append, compact), so a frame is spelled
-- the same whichever wrote it, and as src/domain/event-codec.ts spells it: `id: seq`, `event: kind`,
-- and the event's data (its JSON without `seq`) with `seq` put first.
local function frameOf(seq, kind, data)
  local body
  if data == '{}' then
    body = '{"seq":' .. seq .. '}'
  else
    body = '{"seq":' .. seq .. ',' .. string.sub(data, 2)
  end
  return 'id: ' .. seq .. '\nevent: ' .. kind .. '\ndata: ' .. body .. '\n\n'
end
