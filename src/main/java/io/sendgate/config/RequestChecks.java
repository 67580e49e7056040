package io.sendgate.config;

import io.sendgate.api.UnknownQueryParameters;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** C40: the API refuses query parameters its calls do not take (the documentation pages are left alone). */
@Configuration(proxyBeanMethods = false)
public class RequestChecks implements WebMvcConfigurer {

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new UnknownQueryParameters()).addPathPatterns("/api/**");
    }
}
