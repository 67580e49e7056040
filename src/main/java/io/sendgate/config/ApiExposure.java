package io.sendgate.config;

import io.sendgate.api.edge.ApiToken;
import io.sendgate.api.edge.BodyLimit;
import io.sendgate.api.edge.CrossSiteRequests;
import io.sendgate.api.edge.EdgeFilter;
import io.sendgate.api.edge.HostNames;
import io.sendgate.api.edge.Sessions;
import io.sendgate.core.ByteBudget;
import io.sendgate.core.Limits;
import jakarta.servlet.DispatcherType;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;

/**
 * Who may drive the service (C32-C39): the HTTP API listens on loopback unless a token is set (the service
 * refuses to start exposed without one), and one filter, first in front of every request, checks its Host,
 * where it comes from, the token and the body's size.
 */
@Configuration(proxyBeanMethods = false)
public class ApiExposure {

    @Bean
    Sessions sessions(Clock clock) {
        return new Sessions(clock);
    }

    @Bean
    ApiToken apiToken(SendgateProperties properties, Sessions sessions, @Value("${server.address:}") String serverAddress,
                      @Value("${management.server.port:}") String managementPort,
                      @Value("${management.server.address:}") String managementAddress) {
        String token = properties.apiToken() == null || properties.apiToken().isBlank() ? null : properties.apiToken();
        refuseExposedWithoutToken(token, "server.address", serverAddress);
        // a management port of its own is served apart from the edge filter: it must not be exposed either
        if (!managementPort.isBlank()) {
            refuseExposedWithoutToken(token, "management.server.address",
                    managementAddress.isBlank() ? serverAddress : managementAddress);
        }
        return new ApiToken(token, sessions);
    }

    private static void refuseExposedWithoutToken(String token, String setting, String address) {
        if (token == null && !isLoopback(address)) {
            throw new IllegalStateException(setting + "=" + (address.isEmpty() ? "(every interface)" : address)
                    + " is not loopback: set sendgate.api-token (SENDGATE_API_TOKEN) so that only callers "
                    + "who know it can drive sends");
        }
    }

    @Bean
    FilterRegistrationBean<EdgeFilter> edgeFilter(SendgateProperties properties, ApiToken token, Limits limits,
            ByteBudget budget, @Value("${server.address:}") String serverAddress) {
        return edgeFilterFor(properties, token, limits, budget, serverAddress);
    }

    /** The edge filter in front of every request of a server listening on {@code listenAddress}. */
    static FilterRegistrationBean<EdgeFilter> edgeFilterFor(SendgateProperties properties, ApiToken token, Limits limits,
            ByteBudget budget, String listenAddress) {
        EdgeFilter filter = new EdgeFilter(new HostNames(listenAddress, properties.allowedHosts()),
                new CrossSiteRequests(properties.allowedOrigins()), token,
                new BodyLimit(limits, budget));
        FilterRegistrationBean<EdgeFilter> registration = new FilterRegistrationBean<>(filter);
        registration.addUrlPatterns("/*");
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /**
     * C39: Tomcat reads a form body by itself when a call asks for a parameter, past the edge's bounded
     * stream; a chunked one could otherwise hold its default 2 MB where the edge reserved the control limit.
     */
    @Bean
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> formBodiesWithinTheControlLimit(Limits limits) {
        int max = (int) Math.min(Integer.MAX_VALUE, limits.maxControlRequestBytes());
        return factory -> factory.addConnectorCustomizers(connector -> connector.setMaxPostSize(max));
    }

    /** C36: no CORS header is sent unless origins are configured; those may change state and read. */
    @Bean
    WebMvcConfigurer allowedOrigins(SendgateProperties properties) {
        return new WebMvcConfigurer() {
            @Override
            public void addCorsMappings(CorsRegistry registry) {
                if (properties.allowedOrigins().isEmpty()) {
                    return;
                }
                String[] origins = properties.allowedOrigins().toArray(String[]::new);
                for (String path : new String[] {"/api/**", "/v3/api-docs/**"}) {
                    registry.addMapping(path).allowedOrigins(origins).allowedMethods("*").allowedHeaders("*")
                            .exposedHeaders("Location", "WWW-Authenticate");
                }
            }
        };
    }

    static boolean isLoopback(String address) {
        if (address == null || address.isBlank()) {
            return false;
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
