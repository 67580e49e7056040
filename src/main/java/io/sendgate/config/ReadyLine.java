package io.sendgate.config;

import io.sendgate.core.AddressPolicy;
import io.sendgate.core.port.Endpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * One line that says where the service answers, once it does: the port may not be 8080 (see
 * {@link DefaultPort}), and Tomcat's own line gives a port, not an address to open.
 */
@Component
class ReadyLine implements ApplicationListener<WebServerInitializedEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(ReadyLine.class);

    private final String address;

    ReadyLine(@Value("${server.address:}") String address) {
        this.address = address;
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        String namespace = event.getApplicationContext().getServerNamespace();
        if (namespace != null && !"server".equals(namespace)) {
            return; // a management port of its own
        }
        java.net.InetAddress literal = AddressPolicy.literal(address.trim());
        String host = address.isBlank() || literal != null && literal.isAnyLocalAddress() ? "127.0.0.1"
                : literal instanceof java.net.Inet6Address ? "[" + Endpoint.text(literal) + "]"
                : literal != null ? Endpoint.text(literal) : address;
        String base = "http://" + host + ":" + event.getWebServer().getPort();
        LOG.info("sendgate is ready: {}/ (live page), {}/swagger-ui.html (API), {}/api/v1", base, base, base);
    }
}
