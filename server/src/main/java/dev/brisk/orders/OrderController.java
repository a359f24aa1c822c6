package dev.brisk.orders;

import dev.brisk.cache.CachedResponse;
import dev.brisk.monitoring.QueryBudget;
import dev.brisk.platform.ApiException;
import dev.brisk.platform.Caller;
import dev.brisk.platform.ClusterSecrets;
import dev.brisk.platform.DateRange;
import dev.brisk.platform.ListParams;
import dev.brisk.platform.Page;
import dev.brisk.platform.ResourceApi;
import dev.brisk.platform.Transitions;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/orders")
class OrderController {

    static final int MAX_ITEMS = 100;
    static final int MAX_QUANTITY = 1_000_000;

    record Item(
            @NotNull Long productId,
            @NotNull @Min(1) @Max(MAX_QUANTITY) Integer quantity) {}

    /** {@code status} may only be DRAFT (the default) or PLACED for a new order. */
    record CreateOrder(
            @NotNull Long customerId,
            @NotNull @Size(min = 1, max = MAX_ITEMS) List<@NotNull @Valid Item> items,
            OrderStatus status) {}

    /**
     * Null leaves a field as it is. {@code status} must be a transition {@link OrderStatus#next()}
     * allows; asking for the status the order already has is a 409 like any other refused move (so a
     * retried request cannot silently succeed twice). {@code items} replaces all items, only while DRAFT.
     */
    record UpdateOrder(
            OrderStatus status,
            @Size(min = 1, max = MAX_ITEMS) List<@NotNull @Valid Item> items) {}

    private static final Map<OrderStatus, Set<OrderStatus>> TRANSITIONS =
            Transitions.of(OrderStatus.class, OrderStatus::next);

    private final OrderRepository orders;
    private final OrderService service;
    private final ResourceApi api;

    OrderController(OrderRepository orders, OrderService service, ClusterSecrets secrets) {
        this.orders = orders;
        this.service = service;
        this.api = new ResourceApi("orders", "Order", OrderStatus.values(), secrets);
    }

    /**
     * Orders newest first, without items. Besides the common filters: {@code placedFrom}/{@code placedTo},
     * {@code customerId}, and {@code q} matching the customer's name.
     */
    @GetMapping
    @CachedResponse(
            tables = {"orders"},
            joins = {"customers"})
    @QueryBudget(2)
    Page<OrderView> list(
            @AuthenticationPrincipal Caller caller,
            @ParameterObject ListParams params,
            @RequestParam(required = false) String placedFrom,
            @RequestParam(required = false) String placedTo,
            @RequestParam(required = false) Long customerId) {
        return orders.list(
                caller.orgId(), api.query(params), DateRange.parse("placed", placedFrom, placedTo), customerId);
    }

    /** The order life cycle as data: each status to the statuses {@code PATCH} may move it to. */
    @GetMapping("/statuses")
    @QueryBudget(1)
    ResponseEntity<Map<OrderStatus, Set<OrderStatus>>> statuses() {
        return Transitions.answer(TRANSITIONS);
    }

    @GetMapping("/{id}")
    @CachedResponse(
            joins = {"products"},
            rows = {"orders", "order_items"})
    @QueryBudget(2)
    OrderDetail get(@AuthenticationPrincipal Caller caller, @PathVariable long id) {
        return api.found(orders.findDetail(caller.orgId(), id));
    }

    @PostMapping
    @QueryBudget(6)
    ResponseEntity<OrderDetail> create(@AuthenticationPrincipal Caller caller, @Valid @RequestBody CreateOrder body) {
        OrderStatus status = body.status() == null ? OrderStatus.DRAFT : body.status();
        if (status != OrderStatus.DRAFT && status != OrderStatus.PLACED) {
            throw ApiException.badField("status", "a new order must be DRAFT or PLACED");
        }
        return api.created(service.create(caller.orgId(), body, status));
    }

    @PatchMapping("/{id}")
    @QueryBudget(4)
    OrderDetail update(
            @AuthenticationPrincipal Caller caller, @PathVariable long id, @Valid @RequestBody UpdateOrder body) {
        return api.found(service.update(caller.orgId(), id, body));
    }

    @DeleteMapping("/{id}")
    @QueryBudget(2)
    ResponseEntity<Void> delete(@AuthenticationPrincipal Caller caller, @PathVariable long id) {
        return api.deleted(orders.softDelete(caller.orgId(), id));
    }

    @PostMapping("/{id}/restore")
    @QueryBudget(3)
    OrderDetail restore(@AuthenticationPrincipal Caller caller, @PathVariable long id) {
        if (!orders.restore(caller.orgId(), id)) {
            if (orders.deletedWithItsCustomer(caller.orgId(), id)) {
                throw new ApiException(
                        HttpStatus.CONFLICT,
                        "The order's customer is deleted; restore the customer first",
                        List.of(new ApiException.FieldError("customerId", "is deleted")));
            }
            throw ApiException.notFound("Deleted order");
        }
        return api.found(orders.findDetail(caller.orgId(), id));
    }
}
