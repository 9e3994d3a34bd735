# Sourced by the benchmark scripts: every report states the machine's load before the run, and warns when the machine
# was not quiet (a figure taken on a busy machine is not comparable with one taken on a quiet one).

# The 1, 5 and 15 minute load averages, as uptime shows them.
load_now() { cut -d' ' -f1-3 /proc/loadavg; }

# Prints "load before: ..." and, when the 1-minute load is above 0.5, a WARNING line. $1: the load averages (default:
# now).
load_before_lines() {
  local load="${1:-$(load_now)}"
  echo "load before (1, 5, 15 min): $load"
  awk -v l="${load%% *}" 'BEGIN { exit !(l > 0.5) }' \
    && echo "WARNING: the machine was not quiet before the run (1-minute load ${load%% *} > 0.5): the figures are not comparable with a quiet machine's"
  return 0
}
