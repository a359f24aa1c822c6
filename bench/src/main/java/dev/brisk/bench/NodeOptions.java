package dev.brisk.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** How a command that starts its own Brisk nodes starts them: {@code compare} and {@code scale} (a picocli mixin). */
final class NodeOptions {

    @Option(
            names = "--server-jar",
            description = "Brisk's exec jar (default: server/target/brisk-server-*-exec.jar here or in ..)")
    @Nullable
    Path serverJar;

    @Option(names = "--java", description = "java for the nodes (default: the one running this command)")
    @Nullable
    String java;

    @Option(names = "--jvm-args", description = "JVM flags of every node, space-separated (default ${DEFAULT-VALUE})")
    String jvmArgs;

    @Option(names = "--redis-server", description = "default ${DEFAULT-VALUE}")
    String redisServer = "/usr/bin/redis-server";

    /** @param jvmArgs the command's default --jvm-args */
    NodeOptions(List<String> jvmArgs) {
        this.jvmArgs = String.join(" ", jvmArgs);
    }

    Path serverJar() throws IOException {
        return serverJar != null ? serverJar : findServerJar();
    }

    String java() {
        return java != null ? java : currentJava();
    }

    List<String> jvmArgs() {
        return Arrays.asList(jvmArgs.trim().split("\\s+"));
    }

    static String currentJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** server/target/brisk-server-*-exec.jar under the working directory or its parent (run from bench/). */
    private static Path findServerJar() throws IOException {
        for (Path dir : List.of(Path.of("server", "target"), Path.of("..", "server", "target"))) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    var jar = files.filter(p -> p.getFileName().toString().matches("brisk-server-.*-exec\\.jar"))
                            .findFirst();
                    if (jar.isPresent()) {
                        return jar.get();
                    }
                }
            }
        }
        throw new IllegalStateException("no server/target/brisk-server-*-exec.jar: build it with "
                + "mvn -q -B -DskipTests package -pl server -am, or pass --server-jar");
    }
}
