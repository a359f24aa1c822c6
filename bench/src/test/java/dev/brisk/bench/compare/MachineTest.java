package dev.brisk.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineTest {

    @Test
    void readsTheRuntimeLineOfThisJava() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        assertThat(Machine.javaVersion(java)).contains("Runtime Environment");
    }

    /** A child that never exits is given up on after the timeout (waiting for its end would give "" here). */
    @Test
    void aJavaThatDoesNotAnswerIsUnknown(@TempDir Path dir) throws Exception {
        Path hanging = dir.resolve("java");
        Files.writeString(hanging, "#!/bin/sh\necho starting\nexec sleep 60\n");
        Files.setPosixFilePermissions(hanging, PosixFilePermissions.fromString("rwx------"));
        assertThat(Machine.javaVersion(hanging.toString(), Duration.ofMillis(500)))
                .isEqualTo("unknown");
    }
}
