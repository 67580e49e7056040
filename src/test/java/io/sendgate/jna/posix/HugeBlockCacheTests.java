package io.sendgate.jna.posix;

import com.sun.jna.Native;
import io.sendgate.jna.NativeBlock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;

/** Large send buffers: reused when their size comes again, bounded, freed exactly once (C8, C34). */
@EnabledOnOs(OS.LINUX)
class HugeBlockCacheTests {
    private static final long MIB = 1 << 20;
    private final LibC libc = Native.load("c", LibC.class);

    @Test
    void aBlockOfTheSameRoundedSizeIsReusedAndTheCacheStaysBounded() {
        HugeBlockCache cache = new HugeBlockCache(libc, 8 * MIB);
        long live = NativeBlock.liveBytes();
        HugePageMemory first = HugePageMemory.allocate(libc, cache, 3 * MIB + 5);
        long address = com.sun.jna.Pointer.nativeValue(first.pointer());
        assertThat(address % HugePageMemory.HUGE_PAGE).as("2 MiB aligned").isZero();
        assertThat(first.size()).isEqualTo(3 * MIB + 5);
        first.close();
        first.close();
        assertThat(NativeBlock.liveBytes()).isEqualTo(live);
        // rounded up to 4 MiB, it is kept once
        assertThat(cache.cachedBytes()).isEqualTo(4 * MIB);

        HugePageMemory again = HugePageMemory.allocate(libc, cache, 4 * MIB);
        assertThat(com.sun.jna.Pointer.nativeValue(again.pointer())).isEqualTo(address);
        assertThat(cache.cachedBytes()).isZero();

        HugePageMemory other = HugePageMemory.allocate(libc, cache, 6 * MIB);
        again.close();
        other.close();
        // 4 + 6 MiB would pass the 8 MiB bound: the second one is freed, not kept
        assertThat(cache.cachedBytes()).isEqualTo(4 * MIB);
        cache.close();
        assertThat(cache.cachedBytes()).isZero();
    }

    @Test
    void aBlockEndingAfterTheCacheClosedIsFreedNotKept() {
        HugeBlockCache cache = new HugeBlockCache(libc, 8 * MIB);
        HugePageMemory block = HugePageMemory.allocate(libc, cache, 2 * MIB);
        byte[] data = {1, 2, 3};
        block.write(2 * MIB - 3, data, 0, 3);
        byte[] back = new byte[3];
        block.read(2 * MIB - 3, back, 0, 3);
        assertThat(back).isEqualTo(data);
        cache.close();
        block.close();
        assertThat(cache.cachedBytes()).isZero();
    }
}
