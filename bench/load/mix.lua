-- wrk script of `make load`: mixed traffic, counted by kind, with per-request POST bodies.
--
-- LOAD_PLAN names a Lua file (written by bench/load/wrk.py) returning
--   { run = "w1", hours_path = "/api/v1/me/hours/", schedule = {"search", "detail", ...},
--     urls = { search = {...}, browse = {...}, detail = {...}, api = {...} }, tokens = {...} }
-- LOAD_RESULT names the JSON file done() writes: wrk's totals, latency percentiles and, per kind,
-- the count of each status.
--
-- Each request carries X-Request-ID "load-<run>-<kind>-<thread>-<n>". The app echoes it on the
-- response, which is how response() knows the kind of the request it answers (several connections
-- per thread are in flight at once). An hours write uses the same id as its activity, so the audit
-- after the run finds each acknowledged write in the database exactly once.

local plan = dofile(os.getenv("LOAD_PLAN"))
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  sent = 0
  counts = {}
  acknowledged = {}
  first_error = ""
  -- Entries spread over 1,000 past days (from 2023-01-01), one minute each: the 24-hour-a-day rule
  -- is never what refuses them, whatever the run's length.
  first_day = os.time({ year = 2023, month = 1, day = 1, hour = 12 })
end

-- plan.close: every request on a new connection ("Connection: close"), as nginx talks to its
-- upstream by default, instead of wrk's kept-alive connections pinned to one worker each.
local function headers(extra)
  if plan.close then
    extra["Connection"] = "close"
  end
  return extra
end

function request()
  sent = sent + 1
  local kind = plan.schedule[(sent - 1) % #plan.schedule + 1]
  local rid = string.format("load-%s-%s-%d-%d", plan.run, kind, id, sent)
  if kind == "hours" then
    local token = plan.tokens[(sent + id) % #plan.tokens + 1]
    local day = os.date("!%Y-%m-%d", first_day + ((sent * 13 + id) % 1000) * 86400)
    local body = string.format(
      '{"date": "%s", "minutes": 1, "timezone": "UTC", "organization_name": "Load test", "activity": "%s"}',
      day, rid)
    return wrk.format("POST", plan.hours_path, headers({
      ["Authorization"] = "Bearer " .. token,
      ["Content-Type"] = "application/json",
      ["Accept"] = "application/json",
      ["X-Request-ID"] = rid,
    }), body)
  end
  local urls = plan.urls[kind]
  -- A stride co-prime with most list lengths walks every URL, in a different order per thread.
  return wrk.format("GET", urls[(sent * 7 + id) % #urls + 1], headers({ ["X-Request-ID"] = rid }))
end

function response(status, headers, body)
  local rid = headers["X-Request-ID"] or headers["x-request-id"] or ""
  local kind = rid:match("^load%-[^-]+%-(%a+)%-") or "unknown"
  local key = kind .. " " .. status
  counts[key] = (counts[key] or 0) + 1
  if kind == "hours" and status == 201 then
    table.insert(acknowledged, rid)
  elseif status >= 400 and first_error == "" then
    first_error = key .. ": " .. string.sub(body or "", 1, 300)
  end
end

local function json_string(text)
  return '"' .. text:gsub('[%c"\\]', function(c) return string.format("\\u%04x", c:byte()) end) .. '"'
end

local function json_object(entries)
  local parts = {}
  for key, value in pairs(entries) do
    table.insert(parts, string.format('"%s": %s', key, tostring(value)))
  end
  table.sort(parts)
  return "{" .. table.concat(parts, ", ") .. "}"
end

function done(summary, latency, requests)
  local statuses, writes, errors_seen = {}, {}, {}
  for _, thread in ipairs(threads) do
    for key, value in pairs(thread:get("counts")) do
      statuses[key] = (statuses[key] or 0) + value
    end
    for _, rid in ipairs(thread:get("acknowledged")) do
      table.insert(writes, json_string(rid))
    end
    local first = thread:get("first_error")
    if first ~= "" then
      table.insert(errors_seen, json_string(first))
    end
  end
  local percentiles = {}
  for _, p in ipairs({ 50, 75, 90, 95, 99, 99.9 }) do
    percentiles[string.format('p%s', p)] = latency:percentile(p)
  end
  local errors = summary.errors
  local out = assert(io.open(os.getenv("LOAD_RESULT"), "w"))
  out:write("{\n")
  out:write(string.format('"duration_us": %d, "requests": %d, "bytes": %d,\n',
    summary.duration, summary.requests, summary.bytes))
  out:write('"socket_errors": ' .. json_object({
    connect = errors.connect, read = errors.read, write = errors.write, timeout = errors.timeout }) .. ",\n")
  out:write(string.format('"non_2xx_3xx": %d,\n', errors.status))
  out:write(string.format('"latency_us": {"mean": %.1f, "max": %d, "stdev": %.1f},\n',
    latency.mean, latency.max, latency.stdev))
  out:write('"percentiles_us": ' .. json_object(percentiles) .. ",\n")
  out:write('"statuses": ' .. json_object(statuses) .. ",\n")
  out:write('"first_errors": [' .. table.concat(errors_seen, ", ") .. "],\n")
  out:write('"acknowledged_writes": [' .. table.concat(writes, ", ") .. "]\n}\n")
  out:close()
end
