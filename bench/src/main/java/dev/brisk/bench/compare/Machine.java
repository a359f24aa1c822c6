package dev.brisk.bench.compare;

import dev.brisk.bench.run.MachineInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/** What the report says about the machine a run was on: java, OS, kernel, load average. */
final class Machine {

    private Machine() {}

    static String javaVersion(String java) {
        return javaVersion(java, Duration.ofSeconds(30));
    }

    /**
     * The second line of {@code java -version} ("OpenJDK Runtime Environment ..."), or "unknown" when
     * it does not answer in time. The output goes to a file, so waiting is bounded by the timeout
     * alone and not by a child that keeps its output open.
     */
    static String javaVersion(String java, Duration timeout) {
        Path file = null;
        try {
            file = Files.createTempFile("brisk-java-version", ".txt");
            Process p = new ProcessBuilder(java, "-version")
                    .redirectErrorStream(true)
                    .redirectOutput(file.toFile())
                    .start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return "unknown";
            }
            String out = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            return out.lines().skip(1).findFirst().orElse(out).trim();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + java + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        } finally {
            if (file != null) {
                file.toFile().delete();
            }
        }
    }

    static String osRelease() {
        try {
            return Files.readAllLines(Path.of("/etc/os-release")).stream()
                    .filter(l -> l.startsWith("PRETTY_NAME="))
                    .map(l -> l.substring(12).replace("\"", ""))
                    .findFirst()
                    .orElse(null);
        } catch (IOException e) {
            return System.getProperty("os.name");
        }
    }

    static String kernel() {
        return System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch");
    }

    static @Nullable String loadAverage() {
        double[] load = MachineInfo.loadAverages();
        return load.length == 0 ? null : load[0] + " " + load[1] + " " + load[2];
    }

    static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
