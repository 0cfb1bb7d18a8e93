-- wrk script for benchmarks/endpoint.py's unique-query mode: every request sends a query text never sent
-- before. The URL's query parameter is the last one, so each request appends a comment to the query
-- ("\n# <thread>-<request>", percent-encoded): the same query to the engine, a new text to the server,
-- so neither a response cache nor anything remembered per query text can answer it.
local counter = 0
local id = 0

function setup(thread)
  id = id + 1
  thread:set("id", id)
end

function request()
  counter = counter + 1
  return wrk.format(nil, wrk.path .. "%0A%23+" .. id .. "-" .. counter)
end
