-- wrk: one batch per request, 1,000 small overlapped JSON sends (16 bytes each, one buffer), queued in order
local entry = '{"buffers":[{"base64":"AAECAwQFBgcICQoLDA0ODw=="}]}'
local entries = {}
for i = 1, 1000 do entries[i] = entry end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"sends":[' .. table.concat(entries, ",") .. ']}'
