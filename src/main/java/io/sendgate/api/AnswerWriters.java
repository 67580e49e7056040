package io.sendgate.api;

import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.module.SimpleModule;

import java.time.Instant;

/** The serializers of the service's JSON mapper (answers, events) that replace Jackson's general ones for speed. */
public final class AnswerWriters {
    private AnswerWriters() {
    }

    public static JacksonModule module() {
        return new SimpleModule("sendgate-answers")
                .addSerializer(Instant.class, new InstantText())
                .addSerializer(OperationResponse.class, new OperationJson());
    }
}
