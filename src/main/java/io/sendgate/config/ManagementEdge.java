package io.sendgate.config;

import io.sendgate.api.edge.ApiToken;
import io.sendgate.api.edge.EdgeFilter;
import io.sendgate.core.ByteBudget;
import io.sendgate.core.Limits;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * C32, C37: a management port of its own ({@code management.server.port}) is served by a child context that
 * Spring Boot gives none of the application's filters. The same edge filter goes in front of it here, so
 * that the token guards health's details and the metrics there as it does on the API's port.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
@Conditional(ManagementEdge.InChildContext.class)
public class ManagementEdge {

    @Bean
    FilterRegistrationBean<EdgeFilter> managementEdgeFilter(SendgateProperties properties, ApiToken token, Limits limits,
            ByteBudget budget, @Value("${server.address:}") String serverAddress,
            @Value("${management.server.address:}") String managementAddress) {
        return ApiExposure.edgeFilterFor(properties, token, limits, budget,
                managementAddress.isBlank() ? serverAddress : managementAddress);
    }

    /**
     * Component scanning finds this class in the application's own context too, where {@link ApiExposure}
     * already registers the filter: it applies only in the management child, the one context with a parent.
     */
    static final class InChildContext implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return context.getBeanFactory() != null && context.getBeanFactory().getParentBeanFactory() != null;
        }
    }
}
