package io.sendgate.jna.posix;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import io.sendgate.core.port.PromptWakeups;

/**
 * Asks Linux for a short time slice for the calling thread: {@code sched_setattr}'s {@code sched_runtime}, which
 * the EEVDF scheduler (Linux 6.12 and later) takes as the thread's slice. A thread woken with a shorter slice than
 * the running one's may take its core at once; with the default slice it waits until the running thread's slice
 * is used up, which on a machine whose cores are busy is milliseconds. Older kernels ignore the field for
 * ordinary threads, so there this changes nothing. The thread keeps its policy and nice value.
 */
public final class ShortSlices implements PromptWakeups {
    /**
     * The kernel's smallest (0.1 ms): an event stream's writer formats and writes an event in less, and a slice
     * should cover what its thread runs per wake-up.
     */
    static final long SLICE_NANOS = 100_000;
    /** glibc's SCHED_OTHER. */
    static final int SCHED_NORMAL = 0;
    static final int SCHED_ATTR_SIZE_VER0 = 48;

    /** {@code long syscall(long number, ...);}: glibc before 2.41 has no wrapper for these two calls. */
    interface Syscalls extends Library {
        long syscall(long number, Object... args);
    }

    private final Syscalls libc;
    /** This architecture's numbers: the generic table (AArch64) and x86-64's differ. */
    final long sysGetattr;
    final long sysSetattr;

    private ShortSlices(long sysGetattr, long sysSetattr) {
        this.libc = Native.load("c", Syscalls.class);
        this.sysGetattr = sysGetattr;
        this.sysSetattr = sysSetattr;
    }

    /** Where the calls exist (Linux on x86-64 or AArch64); {@link PromptWakeups#NONE} elsewhere. */
    public static PromptWakeups forPlatform() {
        if (Platform.isLinux() && Platform.is64Bit() && Platform.isIntel()) {
            return new ShortSlices(315, 314);
        }
        if (Platform.isLinux() && Platform.is64Bit() && Platform.isARM()) {
            return new ShortSlices(275, 274);
        }
        return NONE;
    }

    @Override
    public boolean requestForCurrentThread() {
        try {
            SchedAttr attr = read();
            // a batch, idle or real-time policy is the operator's choice, and takes no slice of this kind
            if (attr == null || attr.sched_policy != SCHED_NORMAL) {
                return false;
            }
            // written back as read, so the nice value and flags stay the thread's own
            attr.size = SCHED_ATTR_SIZE_VER0;
            attr.sched_runtime = SLICE_NANOS;
            return write(attr);
        } catch (RuntimeException | LinkageError e) {
            // only a hint: a libc without syscall(), or JNA refusing the call, leaves the thread as it was
            return false;
        }
    }

    /** The calling thread's attributes (pid 0: the caller), or null when the kernel refuses. */
    SchedAttr read() {
        SchedAttr attr = new SchedAttr();
        attr.write();
        if (libc.syscall(sysGetattr, 0L, attr.getPointer(), (long) SCHED_ATTR_SIZE_VER0, 0L) != 0) {
            return null;
        }
        attr.read();
        return attr;
    }

    /** Sets the calling thread's attributes; false when the kernel refuses. */
    boolean write(SchedAttr attr) {
        attr.write();
        return libc.syscall(sysSetattr, 0L, attr.getPointer(), 0L) == 0;
    }
}
