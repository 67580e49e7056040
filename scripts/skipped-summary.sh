#!/usr/bin/env bash
# The last step of ./mvnw verify: what this build skipped for want of something on the machine, and how to
# provision it. Each skip wrote a line to the file named as $1 (target/skipped.txt): what was missing, the
# provisioning script, what did not run, separated by tabs (docker/build.sh and the tests' Provisioning classes
# write them). Prints nothing when nothing was skipped, and never fails the build.
file="${1:-target/skipped.txt}"
[ -s "$file" ] || exit 0
awk -F '\t' '
  NF < 3 { next }
  !(($1, $2) in seen) { seen[$1, $2] = 1; order[++n] = $1 SUBSEP $2 }
  !(($1, $2, $3) in listed) { listed[$1, $2, $3] = 1; what[$1, $2] = what[$1, $2] (what[$1, $2] == "" ? "" : ", ") $3 }
  END {
    if (n == 0) exit
    print "SKIPPED in this build, for want of what this machine lacks (SENDGATE_STRICT=true makes each a failure):"
    for (i = 1; i <= n; i++) {
      split(order[i], key, SUBSEP)
      print "  - " key[1] ": " what[order[i]]
      print "      provision: bash " key[2]
    }
  }' "$file" || true
exit 0
