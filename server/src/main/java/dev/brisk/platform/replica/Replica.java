package dev.brisk.platform.replica;

import com.zaxxer.hikari.HikariDataSource;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One read replica: its pool, and what the poller last learned of it. {@code replayLsn} only grows
 * while the replica is up, so a read routed on it sees at least every change up to that position.
 */
final class Replica {

    private final String name;
    private final String url;
    private final String jdbcUrl;
    private final HikariDataSource pool;
    private final JdbcTemplate jdbc;
    private volatile boolean up;
    private volatile long replayLsn = -1;
    private volatile long lagBytes = -1;
    private volatile long polledAtMillis;
    private volatile String problem = "not polled yet";

    Replica(String name, String url, String jdbcUrl, HikariDataSource pool, JdbcTemplate jdbc) {
        this.name = name;
        this.url = url;
        this.jdbcUrl = jdbcUrl;
        this.pool = pool;
        this.jdbc = jdbc;
    }

    String name() {
        return name;
    }

    String url() {
        return url;
    }

    String jdbcUrl() {
        return jdbcUrl;
    }

    HikariDataSource pool() {
        return pool;
    }

    JdbcTemplate jdbc() {
        return jdbc;
    }

    boolean up() {
        return up;
    }

    long replayLsn() {
        return replayLsn;
    }

    long lagBytes() {
        return lagBytes;
    }

    void polled(long replay, long primaryLsn) {
        replayLsn = replay;
        lagBytes = primaryLsn < 0 ? -1 : Math.max(0, primaryLsn - replay);
        polledAtMillis = System.currentTimeMillis();
        problem = null;
        up = true;
    }

    void down(String why) {
        up = false;
        replayLsn = -1;
        problem = why;
        polledAtMillis = System.currentTimeMillis();
    }

    Map<String, Object> details() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("url", url);
        d.put("up", up);
        d.put("replayLsn", Lsn.format(replayLsn));
        d.put("lagBytes", lagBytes);
        d.put("polledAt", polledAtMillis);
        if (problem != null) {
            d.put("problem", problem);
        }
        return d;
    }
}
