package dev.brisk.bench.scale;

import dev.brisk.datagen.Size;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * One {@code scale} run.
 *
 * @param topologies which of {@link Topology} to run, in order
 * @param faults which faults to inject where they apply: node (2 nodes), redis (always), replica (with a replica);
 *               "fault@topology" (e.g. node@2r) injects it in that topology only
 * @param workDir PostgreSQL, Redis and nginx folders and the node logs (deleted and made again)
 * @param outDir the JSON and Markdown report
 */
public record ScaleConfig(
        Size size,
        long seed,
        List<Topology> topologies,
        List<String> faults,
        int users,
        Duration duration,
        Duration warmup,
        Path serverJar,
        String java,
        List<String> jvmArgs,
        String nginx,
        String redisServer,
        Path workDir,
        Path outDir,
        Duration startTimeout) {

    public static final List<String> FAULTS = List.of("node", "redis", "replica");

    public ScaleConfig {
        topologies = List.copyOf(topologies);
        faults = List.copyOf(faults);
        for (String f : faults) {
            if (f.contains("@")) {
                Topology.of(f.substring(f.indexOf('@') + 1));
            }
            if (!FAULTS.contains(f.replaceAll("@.*", ""))) {
                throw new IllegalArgumentException("unknown fault " + f + "; one of " + FAULTS);
            }
        }
        if (users < 1) {
            throw new IllegalArgumentException("users must be at least 1");
        }
    }

    /** Whether {@code fault} (node, redis, replica) is to be injected in topology {@code t}. */
    boolean injects(String fault, Topology t) {
        return faults.stream().anyMatch(f -> f.equals(fault) || f.equals(fault + "@" + t.id()));
    }

    /** Nodes behind nginx, and whether they read a streaming replica. */
    public enum Topology {
        ONE("1 node", 1, false),
        TWO("2 nodes", 2, false),
        ONE_REPLICA("1 node + replica", 1, true),
        TWO_REPLICA("2 nodes + replica", 2, true);

        final String label;
        final int nodes;
        final boolean replica;

        Topology(String label, int nodes, boolean replica) {
            this.label = label;
            this.nodes = nodes;
            this.replica = replica;
        }

        String id() {
            return nodes + (replica ? "r" : "");
        }

        /** "1", "2", "1r", "2r". */
        public static Topology of(String text) {
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "1" -> ONE;
                case "2" -> TWO;
                case "1r" -> ONE_REPLICA;
                case "2r" -> TWO_REPLICA;
                default -> throw new IllegalArgumentException("unknown topology " + text + "; one of 1, 2, 1r, 2r");
            };
        }
    }
}
