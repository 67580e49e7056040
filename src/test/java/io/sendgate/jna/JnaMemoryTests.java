package io.sendgate.jna;

import io.sendgate.testing.Bytes;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The send buffers' native memory (both drivers): counted while it lives, freed once, never touched after. */
class JnaMemoryTests {

    @Test
    void isCountedUntilFreedAndFreedOnlyOnce() {
        // C8, C22: an operation frees its buffers once when it ends, whoever ends it
        long before = JnaMemory.liveBytes();
        JnaMemory m = new JnaMemory(1000);
        assertThat(JnaMemory.liveBytes()).isEqualTo(before + 1000);

        m.close();
        m.close();
        assertThat(JnaMemory.liveBytes()).isEqualTo(before);
    }

    @Test
    void keepsWhatIsWritten() {
        // C8: the buffers are captured at submission
        try (JnaMemory m = new JnaMemory(10)) {
            // malloc leaves the block as it found it
            m.write(0, new byte[10], 0, 10);
            m.write(3, new byte[] {9, 8, 7, 6}, 1, 3);
            byte[] back = new byte[5];
            m.read(2, back, 0, 5);
            assertThat(back).containsExactly(0, 8, 7, 6, 0);
        }
    }

    @Test
    void copiesIntoAnotherBlock() {
        // C8: a block that grows, or is trimmed to its bytes, keeps every byte, whatever block it moves to
        byte[] data = Bytes.random(100_000, 3);
        try (JnaMemory from = new JnaMemory(data.length); JnaMemory to = new JnaMemory(data.length + 10)) {
            from.write(0, data, 0, data.length);
            to.write(0, new byte[10], 0, 10);
            from.copyTo(1, to, 5, data.length - 1);
            byte[] back = new byte[data.length + 10];
            to.read(0, back, 0, back.length);
            assertThat(Arrays.copyOfRange(back, 0, 5)).containsOnly(0);
            assertThat(Arrays.copyOfRange(back, 5, data.length + 4)).isEqualTo(Arrays.copyOfRange(data, 1, data.length));
            from.copyTo(0, to, 0, 0);
        }
    }

    @Test
    void refusesUseAfterFree() {
        // C8
        JnaMemory m = new JnaMemory(10);
        m.close();
        assertThatThrownBy(() -> m.write(0, new byte[1], 0, 1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> m.read(0, new byte[1], 0, 1)).isInstanceOf(IllegalStateException.class);
        try (JnaMemory live = new JnaMemory(10)) {
            assertThatThrownBy(() -> m.copyTo(0, live, 0, 1)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> live.copyTo(0, m, 0, 1)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void refusesAccessOutsideItsBytes() {
        // C29: a buffer description never reaches outside its block
        try (JnaMemory m = new JnaMemory(10)) {
            assertThatThrownBy(() -> m.write(8, new byte[3], 0, 3)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> m.read(-1, new byte[1], 0, 1)).isInstanceOf(IndexOutOfBoundsException.class);
            try (JnaMemory other = new JnaMemory(10)) {
                assertThatThrownBy(() -> m.copyTo(5, other, 0, 6)).isInstanceOf(IndexOutOfBoundsException.class);
                assertThatThrownBy(() -> m.copyTo(0, other, 5, 6)).isInstanceOf(IndexOutOfBoundsException.class);
            }
        }
    }

    @Test
    void anEmptyBlockStillHasAnAddress() {
        // C6: an empty send still needs a valid iov_base for sendmsg
        long before = JnaMemory.liveBytes();
        try (JnaMemory m = new JnaMemory(0)) {
            assertThat(m.size()).isZero();
            assertThat(com.sun.jna.Pointer.nativeValue(m.pointer())).isNotZero();
            assertThat(JnaMemory.liveBytes()).isEqualTo(before);
        }
    }
}
