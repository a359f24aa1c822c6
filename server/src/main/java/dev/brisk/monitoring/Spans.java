package dev.brisk.monitoring;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.function.Supplier;

/**
 * Brisk's own spans (cache reads, dashboard refreshes, SQL statements), as Micrometer observations so that
 * they nest under the request's span and Lettuce's command spans nest under them. {@link #OFF} when tracing
 * is off (no OTLP endpoint configured): callers test {@link #on()} first and then create nothing at all, so
 * the request path pays one field read.
 */
public final class Spans {

    public static final Spans OFF = new Spans(null);
    /**
     * Observation names start with this; the span is named without it. {@code TracingConfiguration} denies
     * meters of these names: they are spans only (Brisk's own meters already count cache reads and refreshes).
     */
    static final String PREFIX = "brisk.span.";

    private final ObservationRegistry registry;

    Spans(ObservationRegistry registry) {
        this.registry = registry;
    }

    public boolean on() {
        return registry != null;
    }

    /** The registry Lettuce's command tracing reports to; null when off. */
    public ObservationRegistry registry() {
        return registry;
    }

    /** A started span named {@code name} with low-cardinality tags given as name/value pairs. */
    public Observation start(String name, String... tags) {
        Observation observation =
                Observation.createNotStarted(PREFIX + name, registry).contextualName(name);
        for (int i = 0; i + 1 < tags.length; i += 2) {
            observation.lowCardinalityKeyValue(tags[i], tags[i + 1]);
        }
        return observation.start();
    }

    /** Runs {@code work} inside a span (in scope, so spans started inside are its children). */
    public <T> T within(String name, Supplier<T> work, String... tags) {
        if (registry == null) {
            return work.get();
        }
        Observation observation = start(name, tags);
        try (Observation.Scope scope = observation.openScope()) {
            return work.get();
        } catch (RuntimeException | Error e) {
            observation.error(e);
            throw e;
        } finally {
            observation.stop();
        }
    }

    /** Tags the innermost span in scope on this thread; nothing when there is none. */
    public void tagCurrent(String key, String value) {
        if (registry != null) {
            Observation current = registry.getCurrentObservation();
            if (current != null) {
                current.lowCardinalityKeyValue(key, value);
            }
        }
    }
}
