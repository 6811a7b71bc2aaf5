# Reading Concord's metrics files (--metrics, one JSON object per line) in the bench scripts.
# Sourced by bench/models.sh and bench/warmup.sh.

# per_unit KEY FROM FILE: seconds per unit of KEY ("iteration" or "steps", the metric lines'
# counters) from the first line whose KEY is >= FROM to the last line, and the AllReduce share in
# that span
per_unit() {
  awk -v key="$1" -v from="$2" '
    function num(name,   v) {
      if (!match($0, "\"" name "\":[0-9.eE+-]+")) return -1
      v = substr($0, RSTART + length(name) + 3, RLENGTH - length(name) - 3); return v + 0 }
    !/"final"/ && (k = num(key)) >= 0 {
      w = num("wall_time_s"); a = num("allreduce_time_s")
      if (!seen && k >= from) { seen = 1; k0 = k; w0 = w; a0 = a }
      k1 = k; w1 = w; a1 = a }
    END { if (!seen || k1 == k0) { print "no " key " past " from " in " FILENAME > "/dev/stderr"; exit 1 }
          printf "%.6f %.4f", (w1 - w0) / (k1 - k0), (a1 - a0) / (w1 - w0) }' "$3"
}
