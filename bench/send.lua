-- wrk: one small overlapped JSON send per request (16 bytes in one buffer)
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"buffers":[{"base64":"AAECAwQFBgcICQoLDA0ODw=="}]}'
