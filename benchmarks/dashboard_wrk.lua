-- wrk script for benchmarks/dashboard_wrk.py: cycles through the indicator pages listed one
-- per line in the file named by SAFEMIG_WRK_PAGES; prints p50, p95, p99 and non-2xx answers.
local paths = {}
for line in io.lines(os.getenv("SAFEMIG_WRK_PAGES")) do paths[#paths + 1] = line end
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format("p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, non-2xx %d\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.errors.status))
end
