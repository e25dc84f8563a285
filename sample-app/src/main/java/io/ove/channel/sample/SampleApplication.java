package io.ove.channel.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The ove-channel sample: a web application whose orders flow through two channels declared in
 * {@code application.yaml}. Run it and open {@code http://localhost:8080/} for the live dashboard.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SampleApplication {

    /**
     * Starts the application.
     *
     * @param args Spring Boot command-line arguments, for example {@code --server.port=9000}
     */
    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }
}
