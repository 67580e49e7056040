package io.sendgate.api;

import io.sendgate.core.port.ShutdownHow;
import io.swagger.v3.oas.annotations.media.Schema;

public record ShutdownRequest(@Schema(example = "SD_SEND", requiredMode = Schema.RequiredMode.REQUIRED) ShutdownHow how) {
}
