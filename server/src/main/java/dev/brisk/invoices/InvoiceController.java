package dev.brisk.invoices;

import dev.brisk.cache.CachedResponse;
import dev.brisk.monitoring.QueryBudget;
import dev.brisk.platform.ApiException;
import dev.brisk.platform.Caller;
import dev.brisk.platform.ClusterSecrets;
import dev.brisk.platform.ListParams;
import dev.brisk.platform.Page;
import dev.brisk.platform.ResourceApi;
import dev.brisk.platform.Transitions;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/invoices")
class InvoiceController {

    /**
     * @param orderId the placed order to bill; its total becomes the amount
     * @param dueDate ISO date; default 30 days after today (UTC)
     * @param status DRAFT (default) or SENT
     */
    record CreateInvoice(@NotNull @Positive Long orderId, LocalDate dueDate, InvoiceStatus status) {}

    /** Null leaves a field as it is. */
    record UpdateInvoice(InvoiceStatus status, LocalDate dueDate) {}

    private static final Map<InvoiceStatus, Set<InvoiceStatus>> TRANSITIONS =
            Transitions.of(InvoiceStatus.class, InvoiceStatus::next);

    private final InvoiceRepository invoices;
    private final InvoiceService service;
    private final ResourceApi api;
    private final Clock clock = Clock.systemUTC();

    InvoiceController(InvoiceRepository invoices, InvoiceService service, ClusterSecrets secrets) {
        this.invoices = invoices;
        this.service = service;
        this.api = new ResourceApi("invoices", "Invoice", InvoiceStatus.values(), secrets);
    }

    @GetMapping
    @CachedResponse(
            tables = {"invoices"},
            joins = {"customers"})
    @QueryBudget(2)
    Page<InvoiceView> list(
            @AuthenticationPrincipal Caller caller,
            @ParameterObject ListParams params,
            @ParameterObject InvoiceFilters filters) {
        return invoices.list(caller.orgId(), api.query(params), filters.parse());
    }

    /** The invoice life cycle as data: each status to the statuses {@code PATCH} may move it to. */
    @GetMapping("/statuses")
    @QueryBudget(1)
    ResponseEntity<Map<InvoiceStatus, Set<InvoiceStatus>>> statuses() {
        return Transitions.answer(TRANSITIONS);
    }

    @GetMapping("/{id}")
    @CachedResponse(rows = {"invoices"})
    @QueryBudget(2)
    InvoiceView get(@AuthenticationPrincipal Caller caller, @PathVariable long id) {
        return api.found(invoices.find(caller.orgId(), id));
    }

    @PostMapping
    @QueryBudget(5)
    ResponseEntity<InvoiceView> create(@AuthenticationPrincipal Caller caller, @Valid @RequestBody CreateInvoice body) {
        InvoiceStatus status = body.status() == null ? InvoiceStatus.DRAFT : body.status();
        if (status != InvoiceStatus.DRAFT && status != InvoiceStatus.SENT) {
            throw ApiException.badField("status", "must be DRAFT or SENT for a new invoice");
        }
        checkDueDate(body.dueDate());
        return api.created(service.create(caller.orgId(), body.orderId(), status, body.dueDate()));
    }

    @PatchMapping("/{id}")
    @QueryBudget(3)
    InvoiceView update(
            @AuthenticationPrincipal Caller caller, @PathVariable long id, @Valid @RequestBody UpdateInvoice body) {
        checkDueDate(body.dueDate());
        return api.found(service.update(caller.orgId(), id, body.status(), body.dueDate()));
    }

    @DeleteMapping("/{id}")
    @QueryBudget(2)
    ResponseEntity<Void> delete(@AuthenticationPrincipal Caller caller, @PathVariable long id) {
        return api.deleted(service.delete(caller.orgId(), id));
    }

    @PostMapping("/{id}/restore")
    @QueryBudget(5)
    InvoiceView restore(@AuthenticationPrincipal Caller caller, @PathVariable long id) {
        return api.restored(service.restore(caller.orgId(), id));
    }

    /**
     * A due date may not lie in the past: it must be today or later in some time zone, so the
     * earliest is yesterday in UTC. Nor more than five years ahead (which also keeps it inside
     * what PostgreSQL's date type holds).
     */
    private void checkDueDate(LocalDate dueDate) {
        if (dueDate == null) {
            return;
        }
        LocalDate today = LocalDate.now(clock);
        if (dueDate.isBefore(today.minusDays(1))) {
            throw ApiException.badField("dueDate", "must not be in the past");
        }
        if (dueDate.isAfter(today.plusYears(5))) {
            throw ApiException.badField("dueDate", "must be at most five years ahead");
        }
    }
}
