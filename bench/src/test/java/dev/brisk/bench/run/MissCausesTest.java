package dev.brisk.bench.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MissCausesTest {

    private static final long S = TimeUnit.SECONDS.toNanos(1);

    private static Api.Response response(int status, String cache, long atSeconds) {
        ServerTiming timing = cache == null ? ServerTiming.NONE : new ServerTiming(0, 0, cache, 1);
        return new Api.Response(status, new byte[0], timing, null, atSeconds * S - 1000, atSeconds * S);
    }

    @Test
    void filesEachMeasuredDetailMissUnderItsCause() {
        MissCauses causes = new MissCauses();
        // warm-up: order 1 read (a miss, not counted), then a hit
        causes.observe(1, "orders.get", "GET", "/api/orders/1", response(200, "auth=local api=miss", 1), false);
        causes.observe(1, "orders.get", "GET", "/api/orders/1", response(200, "auth=local api=redis", 2), true);
        // measured: order 2 never read before
        causes.observe(1, "orders.get", "GET", "/api/orders/2", response(200, "auth=local api=miss", 3), true);
        // order 1 again, 9 s after its fill, nothing written: the entry should have been there
        causes.observe(1, "orders.get", "GET", "/api/orders/1", response(200, "auth=local api=miss", 10), true);
        // the load patches order 2, then reads it: its own write
        causes.observe(1, "orders.patch-status", "PATCH", "/api/orders/2", response(200, "auth=local", 11), true);
        causes.observe(1, "orders.get", "GET", "/api/orders/2", response(200, "auth=local api=miss", 12), true);
        // order 1 long after its last fill
        causes.observe(1, "orders.get", "GET", "/api/orders/1", response(200, "auth=local api=miss", 400), true);
        // the same path in another org is another key; a bypass and a failure are not misses
        causes.observe(2, "orders.get", "GET", "/api/orders/1", response(200, "auth=local api=miss", 401), true);
        causes.observe(1, "orders.get", "GET", "/api/orders/3", response(200, "auth=local api=bypass-own", 402), true);
        causes.observe(1, "orders.get", "GET", "/api/orders/4", response(404, "auth=local api=miss", 403), true);
        // lists are not details
        causes.observe(
                1, "orders.list", "GET", "/api/orders?limit=20", response(200, "auth=local api=miss", 404), true);

        assertThat(causes.of("orders.get"))
                .isEqualTo(Map.of(
                        MissCauses.FIRST,
                        2L,
                        MissCauses.AGAIN_YOUNG,
                        1L,
                        MissCauses.OWN_WRITE,
                        1L,
                        MissCauses.AGAIN_OLD,
                        1L));
        assertThat(causes.of("orders.list")).isNull();
    }

    @Test
    void aKeyFirstSeenAsAHitIsNotColdLater() {
        MissCauses causes = new MissCauses();
        causes.observe(1, "customers.get", "GET", "/api/customers/7", response(200, "auth=local api=local", 1), true);
        causes.observe(1, "customers.get", "GET", "/api/customers/7", response(200, "auth=local api=miss", 5), true);
        assertThat(causes.of("customers.get")).isEqualTo(Map.of(MissCauses.AGAIN_YOUNG, 1L));
    }
}
