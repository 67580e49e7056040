package io.sendgate.config;

import io.sendgate.core.Limits;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.util.List;

/**
 * Everything an operator can set, under {@code sendgate.*} (environment: {@code SENDGATE_*}).
 *
 * @param driver    {@code auto} (by platform), {@code posix} or {@code winsock}
 * @param allowlist address blocks that targets and listener addresses must fall in (C33)
 * @param apiToken  required as {@code Authorization: Bearer} (or the page's session cookie) on /api when
 *                  set; mandatory when the HTTP API listens beyond loopback (C32, C37)
 * @param allowedHosts   names accepted in {@code Host} besides loopback, localhost and the listen address (C35)
 * @param allowedOrigins origins allowed to change state, and to read with CORS (C36)
 */
@ConfigurationProperties("sendgate")
public record SendgateProperties(
        @DefaultValue("auto") String driver,
        @DefaultValue({"127.0.0.0/8", "::1/128"}) List<String> allowlist,
        String apiToken,
        @DefaultValue LimitsProperties limits,
        @DefaultValue({}) List<String> allowedHosts,
        @DefaultValue({}) List<String> allowedOrigins) {

    /** The limits of C34; each has the default a fresh service runs with. */
    public record LimitsProperties(
            @DefaultValue("10000") int maxSockets,
            @DefaultValue("64") int maxListeners,
            @DefaultValue("1024") int maxBuffersPerSend,
            @DefaultValue("64MB") DataSize maxBytesPerSend,
            @DefaultValue("512MB") DataSize maxBytesInFlight,
            @DefaultValue("1024") int maxPendingPerSocket,
            @DefaultValue("80MB") DataSize maxRequestSize,
            @DefaultValue("5m") Duration maxWait,
            @DefaultValue("10s") Duration connectTimeout,
            @DefaultValue("100000") int retainedOperations,
            @DefaultValue("10m") Duration operationRetention,
            @DefaultValue("1024") int maxWaits,
            @DefaultValue("64KB") DataSize maxControlRequestSize,
            @DefaultValue("64") int maxConcurrentBodies,
            @DefaultValue("1MB") DataSize maxCaptureBytes,
            @DefaultValue("10000") int maxSendsPerBatch) {

        public Limits toLimits() {
            if (maxBuffersPerSend < 1024) {
                throw new IllegalArgumentException("sendgate.limits.max-buffers-per-send must be at least 1024: a send may carry that many buffers");
            }
            return new Limits(maxSockets, maxListeners, maxBuffersPerSend, maxBytesPerSend.toBytes(),
                    maxBytesInFlight.toBytes(), maxPendingPerSocket, maxRequestSize.toBytes(), maxWait,
                    connectTimeout, retainedOperations, operationRetention, maxWaits, maxControlRequestSize.toBytes(),
                    maxConcurrentBodies, captureBytes(), sendsPerBatch());
        }

        private int sendsPerBatch() {
            if (maxSendsPerBatch < 1) {
                throw new IllegalArgumentException("sendgate.limits.max-sends-per-batch must be at least 1");
            }
            return maxSendsPerBatch;
        }

        private int captureBytes() {
            long bytes = maxCaptureBytes.toBytes();
            if (bytes < 1 || bytes > (1L << 30)) {
                throw new IllegalArgumentException("sendgate.limits.max-capture-bytes must be 1B..1GB");
            }
            return (int) bytes;
        }
    }
}
