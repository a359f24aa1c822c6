package dev.brisk.orders;

import dev.brisk.monitoring.QueryBudget;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The order life cycle as data, so that clients offer only the moves the server allows. */
@RestController
class OrderStatusController {

    private static final Map<OrderStatus, Set<OrderStatus>> TRANSITIONS = transitions();

    @GetMapping("/api/orders/statuses")
    @QueryBudget(1)
    ResponseEntity<Map<OrderStatus, Set<OrderStatus>>> statuses() {
        return ResponseEntity.ok().cacheControl(CacheControl.maxAge(1, TimeUnit.HOURS).cachePrivate()).body(TRANSITIONS);
    }

    private static Map<OrderStatus, Set<OrderStatus>> transitions() {
        Map<OrderStatus, Set<OrderStatus>> map = new EnumMap<>(OrderStatus.class);
        for (OrderStatus status : OrderStatus.values()) {
            map.put(status, status.next());
        }
        return Map.copyOf(map);
    }
}
