package dev.brisk.bench;

import dev.brisk.datagen.Size;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** Which data set: the options {@code generate} and {@code compare} share (a picocli mixin). */
final class DataSetOptions {

    @Option(names = "--size", defaultValue = "S", description = "TINY, S, M or L (default ${DEFAULT-VALUE})")
    String size = "S";

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "data (and load) seed; same seed + same --as-of = same rows (default ${DEFAULT-VALUE})")
    long seed = 42;

    @Option(
            names = "--as-of",
            description = "end of the 12-month data window, ISO date or instant (default: today 00:00 UTC)")
    @Nullable
    String asOf;

    Size size() {
        return Size.of(size);
    }

    /** The parsed --as-of, or null for the generator's default (today 00:00 UTC). */
    @Nullable
    Instant asOf() {
        if (asOf == null) {
            return null;
        }
        return asOf.length() == 10
                ? LocalDate.parse(asOf).atStartOfDay(ZoneOffset.UTC).toInstant()
                : Instant.parse(asOf);
    }
}
