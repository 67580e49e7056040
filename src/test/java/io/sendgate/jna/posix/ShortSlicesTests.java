package io.sendgate.jna.posix;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * C17: an event stream's writer asks Linux for a short slice, keeping whatever else its thread was given. Each
 * case runs on a thread of its own, since a raised nice value cannot be taken back without privilege.
 */
@EnabledOnOs(OS.LINUX)
class ShortSlicesTests {
    private static final int SCHED_BATCH = 3;
    private final ShortSlices slices = (ShortSlices) ShortSlices.forPlatform();

    @Test
    void aThreadKeepsItsPolicyAndNiceValueAndTakesTheShortSlice() throws Exception {
        SchedAttr after = onItsOwnThread(() -> {
            SchedAttr attr = slices.read();
            attr.sched_nice = 3;
            assertThat(slices.write(attr)).isTrue();
            assertThat(slices.requestForCurrentThread()).isTrue();
            return slices.read();
        });
        assertThat(after.sched_policy).isEqualTo(ShortSlices.SCHED_NORMAL);
        assertThat(after.sched_nice).isEqualTo(3);
        if (keepsCustomSlices()) {
            assertThat(after.sched_runtime).isEqualTo(ShortSlices.SLICE_NANOS);
        }
    }

    @Test
    void aThreadUnderAnotherPolicyIsLeftAsItWas() throws Exception {
        SchedAttr after = onItsOwnThread(() -> {
            SchedAttr attr = slices.read();
            attr.sched_policy = SCHED_BATCH;
            assertThat(slices.write(attr)).isTrue();
            assertThat(slices.requestForCurrentThread()).isFalse();
            return slices.read();
        });
        assertThat(after.sched_policy).isEqualTo(SCHED_BATCH);
        assertThat(after.sched_runtime).isNotEqualTo(ShortSlices.SLICE_NANOS);
    }

    @Test
    void itsNumbersAreThoseOfThisMachinesHeaders() {
        Map<String, Long> c = CHeaders.evaluate(Map.of("SYS_sched_getattr", "SYS_sched_getattr",
                "SYS_sched_setattr", "SYS_sched_setattr", "SCHED_NORMAL", "SCHED_NORMAL", "SCHED_BATCH", "SCHED_BATCH"));
        assertThat(Map.of("SYS_sched_getattr", slices.sysGetattr, "SYS_sched_setattr", slices.sysSetattr,
                "SCHED_NORMAL", (long) ShortSlices.SCHED_NORMAL, "SCHED_BATCH", (long) SCHED_BATCH))
                .containsExactlyInAnyOrderEntriesOf(c);
    }

    /** Linux keeps a slice asked for through sched_runtime from 6.12 on; before, it ignores the field. */
    private static boolean keepsCustomSlices() {
        String[] v = System.getProperty("os.version").split("[.-]");
        int major = Integer.parseInt(v[0]);
        int minor = Integer.parseInt(v[1]);
        return major > 6 || major == 6 && minor >= 12;
    }

    private static SchedAttr onItsOwnThread(Callable<SchedAttr> test) throws Exception {
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            return thread.submit(test).get(60, TimeUnit.SECONDS);
        } finally {
            thread.shutdownNow();
        }
    }
}
