package io.sendgate.testcontainers;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Properties;

/**
 * The sendgate service in a container, for a test suite that sends through it.
 *
 * <p>The container shares the host's network ({@code --network host}): the peers a test sends to are on the
 * host's loopback, which is also the only place the service may reach by default (its allowlist), and the
 * service itself listens on 127.0.0.1. So the Docker engine must run on the machine the test runs on, and
 * the service takes a free host port, chosen at start unless {@link #withPort(int)} names one.
 *
 * <pre>{@code
 * try (SendgateContainer sendgate = new SendgateContainer()) {
 *     sendgate.start();
 *     String socketId = sendgate.openTcp("127.0.0.1", peerPort);
 *     SendgateOperation op = sendgate.send(socketId, "Hello".getBytes(StandardCharsets.US_ASCII));
 * }
 * }</pre>
 */
public class SendgateContainer extends GenericContainer<SendgateContainer> {

    /** The image {@code docker/build.sh} builds from the sendgate repository. */
    public static final DockerImageName DEFAULT_IMAGE_NAME = DockerImageName.parse("sendgate");

    /** The version of this module; the image built from the same sources carries it as its tag. */
    public static final String DEFAULT_TAG = moduleVersion();

    public static final String HEALTH_PATH = "/actuator/health";

    private static final String LOOPBACK = "127.0.0.1";
    private static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofMinutes(2);

    private final DockerImageName imageName;
    private int port;
    private String apiToken;
    private SendgateClient client;

    public SendgateContainer() {
        this(DEFAULT_IMAGE_NAME.withTag(DEFAULT_TAG));
    }

    public SendgateContainer(String dockerImageName) {
        this(DockerImageName.parse(dockerImageName));
    }

    public SendgateContainer(DockerImageName dockerImageName) {
        super(dockerImageName);
        dockerImageName.assertCompatibleWith(DEFAULT_IMAGE_NAME);
        this.imageName = dockerImageName;
        withNetworkMode("host");
        // C32: without a token the service refuses any address but loopback.
        withEnv("SERVER_ADDRESS", LOOPBACK);
        waitingFor(new HealthEndpointWaitStrategy(this::getHealthUri).withStartupTimeout(DEFAULT_STARTUP_TIMEOUT));
    }

    /** The host port the service listens on; 0 (the default) picks a free one at start. */
    public SendgateContainer withPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
        this.port = port;
        return self();
    }

    /**
     * Requires {@code Authorization: Bearer <token>} on every /api call (the service's
     * {@code sendgate.api-token}); this container's client sends it.
     */
    public SendgateContainer withApiToken(String apiToken) {
        this.apiToken = apiToken;
        return withEnv("SENDGATE_API_TOKEN", apiToken);
    }

    /** Any of the service's settings, by its property name (e.g. {@code sendgate.limits.max-sockets}). */
    public SendgateContainer withSetting(String property, String value) {
        return withEnv(property.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_'), value);
    }

    /**
     * Starts the container, after a preflight that fails within seconds, naming the setting that fixes it, where
     * Testcontainers would wait for minutes: no Docker engine answering, Ryuk enabled where its image cannot be
     * pulled ({@code TESTCONTAINERS_RYUK_DISABLED=true}), the Docker host's address looked up with an image that
     * cannot be pulled ({@code TESTCONTAINERS_HOST_OVERRIDE=localhost}), the sendgate image not built.
     */
    @Override
    public void start() {
        DockerPreflight.check(imageName);
        super.start();
    }

    @Override
    protected void configure() {
        if (port == 0) {
            port = freeLoopbackPort();
        }
        withEnv("SERVER_PORT", Integer.toString(port));
        client = null;
    }

    /** The port the service listens on, on the host's loopback. */
    public int getPort() {
        if (port == 0) {
            throw new IllegalStateException("The port is chosen when the container starts");
        }
        return port;
    }

    /** For example {@code http://127.0.0.1:41234}; the API is under {@code /api/v1}. */
    public String getBaseUrl() {
        return "http://" + LOOPBACK + ":" + getPort();
    }

    public URI getBaseUri() {
        return URI.create(getBaseUrl());
    }

    public URI getHealthUri() {
        return URI.create(getBaseUrl() + HEALTH_PATH);
    }

    /** The OpenAPI document the service serves, to generate a client from at test time. */
    public URI getOpenApiUri() {
        return URI.create(getBaseUrl() + "/v3/api-docs");
    }

    /** A client for this container's API, with its token if one was set. */
    public synchronized SendgateClient client() {
        if (!isRunning()) {
            throw new IllegalStateException("Start the container before calling its API");
        }
        if (client == null) {
            client = new SendgateClient(getBaseUri(), apiToken);
        }
        return client;
    }

    /** {@link SendgateClient#openTcp(String, int)} on this container. */
    public String openTcp(String remoteHost, int remotePort) {
        return client().openTcp(remoteHost, remotePort);
    }

    /** {@link SendgateClient#openTcp(String, int, SocketAttributes)} on this container. */
    public String openTcp(String remoteHost, int remotePort, SocketAttributes attributes) {
        return client().openTcp(remoteHost, remotePort, attributes);
    }

    /** {@link SendgateClient#openUdp(String, int)} on this container. */
    public String openUdp(String remoteHost, int remotePort) {
        return client().openUdp(remoteHost, remotePort);
    }

    /** {@link SendgateClient#send(String, byte[]...)} on this container. */
    public SendgateOperation send(String socketId, byte[]... buffers) {
        return client().send(socketId, buffers);
    }

    /** {@link SendgateClient#receive(String, int, ReceiveFlag...)} on this container. */
    public SendgateOperation receive(String socketId, int bytes, ReceiveFlag... flags) {
        return client().receive(socketId, bytes, flags);
    }

    /** {@link SendgateClient#operation(long, long)} on this container. */
    public SendgateOperation operation(long operationId, long waitMs) {
        return client().operation(operationId, waitMs);
    }

    /** {@link SendgateClient#received(String, long, int, Duration)} on this container. */
    public CapturedBytes received(String socketId, long from, int minBytes, Duration timeout) {
        return client().received(socketId, from, minBytes, timeout);
    }

    /** {@link SendgateClient#expect(String, CapturePattern, Duration)} on this container. */
    public CapturedBytes expect(String socketId, CapturePattern pattern, Duration timeout) {
        return client().expect(socketId, pattern, timeout);
    }

    /** {@link SendgateClient#expect(String, String, Duration)} on this container. */
    public CapturedBytes expect(String socketId, String text, Duration timeout) {
        return client().expect(socketId, text, timeout);
    }

    /** {@link SendgateClient#close(String)} on this container. */
    public void close(String socketId) {
        client().close(socketId);
    }

    /** {@link SendgateClient#listenAutoAccepting(String, int, SocketAttributes)} on this container. */
    public SendgateListener listenAutoAccepting(String host, int port, SocketAttributes accepted) {
        return client().listenAutoAccepting(host, port, accepted);
    }

    /** {@link SendgateClient#awaitAccepted(String, Duration)} on this container. */
    public String awaitAccepted(String listenerId, Duration timeout) {
        return client().awaitAccepted(listenerId, timeout);
    }

    private static int freeLoopbackPort() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on " + LOOPBACK, e);
        }
    }

    private static String moduleVersion() {
        Properties properties = new Properties();
        try (InputStream in = SendgateContainer.class.getResourceAsStream("module.properties")) {
            if (in == null) {
                throw new IllegalStateException("module.properties is missing from sendgate-testcontainers");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version");
    }
}
