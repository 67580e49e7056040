package io.sendgate.jna;

import com.sun.jna.Pointer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Small sends' native memory: blocks given back are handed out again, never while their owner holds them. */
class SmallBlockTests {

    @Test
    void aBlockIsHandedOutAgainOnlyAfterItsOwnerClosedIt() {
        // C8, C22: the system reads a send's block until its operation ends; only then may another send write it.
        // 1,500 bytes: a size other tests' background sends do not use, so the block closed last is the one on top.
        NativeBlock first = SmallBlock.allocate(1500);
        NativeBlock second = SmallBlock.allocate(1500);
        assertThat(address(second)).isNotEqualTo(address(first));
        long firstAddress = address(first);
        first.close();
        NativeBlock third = SmallBlock.allocate(1100); // the same rounded size, 2 KiB
        assertThat(address(third)).isEqualTo(firstAddress);
        assertThat(third.size()).isEqualTo(1100);
        assertThatThrownBy(() -> first.write(0, new byte[1], 0, 1)).isInstanceOf(IllegalStateException.class);
        second.close();
        third.close();
    }

    @Test
    void keepsWhatIsWrittenAndRefusesOutsideItsBytes() {
        // C8, C29: a kept block is a send's block like any other
        try (NativeBlock block = SmallBlock.allocate(10)) {
            block.write(0, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 0, 10);
            byte[] back = new byte[4];
            block.read(3, back, 0, 4);
            assertThat(back).containsExactly(4, 5, 6, 7);
            assertThatThrownBy(() -> block.write(8, new byte[3], 0, 3)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    @Test
    void isCountedWhileItLivesAndKeepsABoundedNumber() {
        // C39: the pool never holds more than its bound, however many small sends were in flight at once
        long before = NativeBlock.liveBytes();
        List<NativeBlock> blocks = new ArrayList<>();
        for (int i = 0; i < SmallBlock.KEPT_MOST + 50; i++) {
            blocks.add(SmallBlock.allocate(i % 2 == 0 ? 300 : 16));
        }
        assertThat(NativeBlock.liveBytes()).isEqualTo(before + 316L * blocks.size() / 2);
        blocks.forEach(NativeBlock::close);
        assertThat(NativeBlock.liveBytes()).isEqualTo(before);
        assertThat(SmallBlock.keptBytes()).isLessThanOrEqualTo(7L * SmallBlock.KEPT_BYTES_PER_SIZE);
    }

    @Test
    void largerBlocksAndEmptyOnesAreStillBlocks() {
        // C6: an empty send still gets a valid address; a large one is JNA's own memory
        try (NativeBlock empty = SmallBlock.allocate(0); NativeBlock large = SmallBlock.allocate(SmallBlock.LARGEST + 1)) {
            assertThat(address(empty)).isNotZero();
            assertThat(large).isInstanceOf(JnaMemory.class);
            assertThat(empty).isInstanceOf(SmallBlock.class);
        }
    }

    private static long address(NativeBlock block) {
        return Pointer.nativeValue(block.pointer());
    }
}
