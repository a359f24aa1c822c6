package dev.brisk.bench.compare;

import static dev.brisk.bench.compare.ReportFormat.ms;
import static dev.brisk.bench.compare.ReportFormat.pct;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.bench.run.Results;

/** Values the report reads out of one scenario: statements per request and hit rates from the server's monitoring JSON. */
final class ScenarioValues {

    private ScenarioValues() {}

    /** Statements per request: the server's monitoring number, else the Server-Timing mean. */
    static Double statements(Results.Scenario x) {
        JsonNode after = after(x);
        if (after != null) {
            JsonNode v = after.path("database").path("statementsPerRequest");
            if (v.isNumber()) {
                return v.asDouble();
            }
        }
        return x.statements().responses() > 0 ? x.statements().mean() : null;
    }

    /**
     * Hit rate of a cache namespace in the server's numbers after the scenario: reads answered by
     * a tier (request memo, Caffeine, Redis) ÷ reads, from {@code cache.stats.namespaces.<NS>.tiers}.
     * Not the namespace's own {@code hitRate} field, which counts reads without a loader (the API
     * response cache's {@code getIfPresent}) as hits whatever happened; see {@link #serverHitRate}.
     */
    static Double hitRate(Results.Scenario x, String namespace) {
        JsonNode ns = namespace(x, namespace);
        if (ns == null) {
            return null;
        }
        long requests = ns.path("requests").asLong(0);
        JsonNode tiers = ns.path("tiers");
        if (requests == 0 || !tiers.isObject()) {
            return null;
        }
        long hits = 0;
        for (JsonNode tier : tiers) {
            hits += tier.path("hits").asLong(0);
        }
        return Math.min(1.0, (double) hits / requests);
    }

    /** The namespace's own {@code hitRate} field, as the server reports it. */
    static Double serverHitRate(Results.Scenario x, String namespace) {
        JsonNode ns = namespace(x, namespace);
        if (ns == null || !ns.path("hitRate").isNumber() || ns.path("requests").asLong(0) == 0) {
            return null;
        }
        return ns.path("hitRate").asDouble();
    }

    static JsonNode namespace(Results.Scenario x, String namespace) {
        JsonNode after = after(x);
        if (after == null) {
            return null;
        }
        JsonNode ns = after.path("cache").path("stats").path("namespaces").path(namespace);
        return ns.isObject() ? ns : null;
    }

    static String hitRates(Results.Scenario x, String mode) {
        Double a = hitRate(x, "AUTH");
        Double d = hitRate(x, "DASHBOARD");
        Double api = hitRate(x, "API");
        if (mode.equals(Compare.BASELINE)) {
            return "cache off";
        }
        if (a == null && d == null && api == null) {
            return "–";
        }
        return pct(a) + " / " + pct(d) + " / " + pct(api);
    }

    static String monitoringText(Results.Scenario x, String section, String field) {
        JsonNode after = after(x);
        if (after == null || !after.path(section).path(field).isNumber()) {
            return null;
        }
        return ms(after.path(section).path(field).asDouble());
    }

    static JsonNode after(Results.Scenario x) {
        return x.monitoring() == null ? null : x.monitoring().after();
    }
}
