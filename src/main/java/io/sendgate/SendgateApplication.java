package io.sendgate;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class SendgateApplication {
    public static void main(String[] args) {
        SpringApplication.run(SendgateApplication.class, args);
    }
}
