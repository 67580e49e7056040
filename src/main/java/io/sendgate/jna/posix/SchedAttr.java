package io.sendgate.jna.posix;

import com.sun.jna.Structure;

/**
 * {@code struct sched_attr} as far as {@code SCHED_ATTR_SIZE_VER0} (48 bytes), the part every kernel with
 * {@code sched_setattr} reads; the utilisation clamps that later kernels add after it are not needed here.
 */
@Structure.FieldOrder({"size", "sched_policy", "sched_flags", "sched_nice", "sched_priority", "sched_runtime",
        "sched_deadline", "sched_period"})
public class SchedAttr extends Structure {
    public int size;
    public int sched_policy;
    public long sched_flags;
    public int sched_nice;
    public int sched_priority;
    public long sched_runtime;
    public long sched_deadline;
    public long sched_period;
}
