package dev.brisk.invoices;

import dev.brisk.monitoring.QueryBudget;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The invoice life cycle as data, so that clients offer only the moves the server allows. */
@RestController
class InvoiceStatusController {

    private static final Map<InvoiceStatus, Set<InvoiceStatus>> TRANSITIONS = transitions();

    @GetMapping("/api/invoices/statuses")
    @QueryBudget(1)
    ResponseEntity<Map<InvoiceStatus, Set<InvoiceStatus>>> statuses() {
        return ResponseEntity.ok().cacheControl(CacheControl.maxAge(1, TimeUnit.HOURS).cachePrivate()).body(TRANSITIONS);
    }

    private static Map<InvoiceStatus, Set<InvoiceStatus>> transitions() {
        Map<InvoiceStatus, Set<InvoiceStatus>> map = new EnumMap<>(InvoiceStatus.class);
        for (InvoiceStatus status : InvoiceStatus.values()) {
            map.put(status, status.next());
        }
        return Map.copyOf(map);
    }
}
