package io.sendgate.config;

import io.sendgate.api.AnswerWriters;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JacksonModule;

/** The service's JSON mapper (answers, events) writes instants and operations with {@link AnswerWriters}. */
@Configuration(proxyBeanMethods = false)
public class JsonAnswers {
    @Bean
    JacksonModule answerWriters() {
        return AnswerWriters.module();
    }
}
