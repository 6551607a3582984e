-- wrk script: each request carries the next of many members' sessions
-- (one token per line in $FREECO_BENCH_SESSIONS), so the load rotates over
-- distinct signed-in members. Each wrk thread starts at its own place.
local sessions = {}
for line in io.lines(os.getenv("FREECO_BENCH_SESSIONS")) do
  sessions[#sessions + 1] = line
end
local next_one = 0

function init(args)
  next_one = math.random(#sessions)
end

function request()
  next_one = next_one % #sessions + 1
  return wrk.format("GET", "/", { ["Cookie"] = "freeco_session=" .. sessions[next_one] })
end
