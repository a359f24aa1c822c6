package dev.brisk;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class BriskApplication {

    public static void main(String[] args) {
        SpringApplication.run(BriskApplication.class, args);
    }
}
