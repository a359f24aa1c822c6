package dev.brisk.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;

/**
 * A full Brisk on a random port against the real test database. Every test class shares one
 * context (same configuration), and each test makes its own organizations, so tests never see
 * each other's rows.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "brisk.demo.seed=false")
@ContextConfiguration(initializers = TestDatabaseInitializer.class)
@Import({Fixtures.class, ChangeRecorder.class})
public @interface BriskIntegrationTest {}
