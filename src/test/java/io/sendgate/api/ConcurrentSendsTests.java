package io.sendgate.api;

import io.sendgate.testing.Bytes;
import io.sendgate.testing.TcpPeer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * C7: many HTTP clients sending on one socket at once. Each send is a self-describing record
 * (client, sequence, length, then a payload derived from them) split over two WSABUFs; the peer must
 * see every record whole, never interleaved, in the order the service accepted them.
 */
class ConcurrentSendsTests extends ServiceTest {
    private static final int CLIENTS = 8;
    private static final int SENDS_PER_CLIENT = 40;

    @Test
    void concurrentSendsOnOneSocketNeverInterleaveAndArriveInAcceptanceOrder() throws Exception {
        try (TcpPeer peer = TcpPeer.listening()) {
            // a small send buffer makes some sends go pending, so queued and immediate ones mix
            String id = api.openTcp(peer.port(), "sendBufferBytes", 8192);
            peer.accept().startReading();

            ConcurrentHashMap<String, Long> operationOf = new ConcurrentHashMap<>();
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            List<Future<Long>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.add(pool.submit(() -> {
                    long bytes = 0;
                    for (int seq = 0; seq < SENDS_PER_CLIENT; seq++) {
                        byte[] payload = payload(client, seq);
                        byte[] header = ByteBuffer.allocate(12).putInt(client).putInt(seq).putInt(payload.length).array();
                        var reply = api.send(id, header, payload);
                        assertThat(reply.status()).as(reply.body()).isIn(200, 202);
                        operationOf.put(client + "/" + seq, reply.json().path("id").asLong());
                        bytes += header.length + payload.length;
                    }
                    return bytes;
                }));
            }
            long total = 0;
            for (Future<Long> f : clients) {
                total += f.get(120, TimeUnit.SECONDS);
            }
            pool.shutdown();

            byte[] got = peer.awaitBytes(total, Duration.ofSeconds(60));
            assertThat(got).hasSize((int) total);
            ByteBuffer in = ByteBuffer.wrap(got);
            int[] nextSeq = new int[CLIENTS];
            long lastOperation = 0;
            int records = 0;
            while (in.hasRemaining()) {
                int client = in.getInt();
                int seq = in.getInt();
                int length = in.getInt();
                assertThat(client).isBetween(0, CLIENTS - 1);
                // each client sends one after another, so its records come in its own order
                assertThat(seq).isEqualTo(nextSeq[client]++);
                byte[] payload = new byte[length];
                in.get(payload);
                assertThat(Arrays.equals(payload, payload(client, seq))).as("record %d/%d intact", client, seq).isTrue();
                // acceptance order: operation ids are given in the order the socket accepted the sends
                long op = operationOf.get(client + "/" + seq);
                assertThat(op).isGreaterThan(lastOperation);
                lastOperation = op;
                records++;
            }
            assertThat(records).isEqualTo(CLIENTS * SENDS_PER_CLIENT);
        }
    }

    private static byte[] payload(int client, int seq) {
        return Bytes.random(1 + (client * 7919 + seq * 104729) % 20_000, client * 1000L + seq);
    }
}
