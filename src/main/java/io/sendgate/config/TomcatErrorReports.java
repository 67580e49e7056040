package io.sendgate.config;

import io.sendgate.api.ProblemReportValve;
import org.apache.catalina.core.StandardHost;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * C40: what Tomcat refuses before the application sees a request is answered by {@link ProblemReportValve}
 * instead of Tomcat's HTML error page. The host creates its error report valve from a class name when it
 * starts; the context is already the host's child when context customizers run, so this is the place.
 */
@Configuration(proxyBeanMethods = false)
public class TomcatErrorReports {

    @Bean
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> problemErrorReports() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemReportValve.class.getName());
            }
        });
    }
}
