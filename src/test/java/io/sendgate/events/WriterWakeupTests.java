package io.sendgate.events;

import io.sendgate.core.port.PromptWakeups;
import io.sendgate.testing.SseClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * C17: each stream's writer asks the platform to run it promptly when an event wakes it (on Linux, a short
 * slice: ShortSlicesTests), on its own thread, before it writes anything.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(WriterWakeupTests.Recording.class)
class WriterWakeupTests {

    /** Imported, not annotated: the tests that start the application by hand scan this package. */
    static class Recording {
        @Bean
        @Primary
        RecordedWakeups recordedWakeups() {
            return new RecordedWakeups();
        }
    }

    static final class RecordedWakeups implements PromptWakeups {
        final List<String> askedBy = new CopyOnWriteArrayList<>();

        @Override
        public boolean requestForCurrentThread() {
            askedBy.add(Thread.currentThread().getName());
            return true;
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    RecordedWakeups wakeups;

    @Test
    void eachStreamsWriterAsksOnItsOwnThreadBeforeTheStreamOpens() throws Exception {
        try (SseClient first = SseClient.open(port, "/api/v1/events", null);
             SseClient second = SseClient.open(port, "/api/v1/events", null)) {
            // the answer's headers go out with the writer's first write: by now both have asked
            assertThat(first.status()).isEqualTo(200);
            assertThat(second.status()).isEqualTo(200);
            assertThat(wakeups.askedBy).hasSize(2).doesNotHaveDuplicates().allMatch(n -> n.startsWith("sendgate-events-"));
        }
    }
}
