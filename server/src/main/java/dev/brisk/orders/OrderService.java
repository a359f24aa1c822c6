package dev.brisk.orders;

import dev.brisk.platform.ApiException;
import dev.brisk.platform.ApiException.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The order writes that take more than one statement, each in one transaction. */
@Service
class OrderService {

    private final OrderRepository orders;

    OrderService(OrderRepository orders) {
        this.orders = orders;
    }

    /**
     * Checks the customer and products (all problems reported at once, as 422), prices the lines at
     * the products' current prices, then takes the next order number and writes order and items.
     * The number is taken last so the counter row is locked for as short a time as possible.
     */
    @Transactional
    OrderDetail create(long orgId, OrderController.CreateOrder body, OrderStatus status) {
        List<FieldError> errors = new ArrayList<>();
        if (!orders.customerExists(orgId, body.customerId())) {
            errors.add(new FieldError("customerId", "is not a customer of this organization"));
        }
        List<OrderRepository.Line> lines = lines(orgId, body.items(), errors);
        long total = OrderTotals.total(lines);
        OrderView order = orders.insert(orgId, body.customerId(), orders.nextNumber(orgId), status, total);
        return order.withItems(orders.insertItems(orgId, order.id(), lines));
    }

    /**
     * Applies a status transition and/or replaces the items of a DRAFT. The order row is locked
     * first, so of two concurrent changes the second sees the first's result: two requests both
     * moving PLACED → PAID give one 200 and one 409. Empty when the org has no live order {@code id}.
     */
    @Transactional
    Optional<OrderDetail> update(long orgId, long id, OrderController.UpdateOrder body) {
        Optional<OrderView> locked = orders.lock(orgId, id);
        if (locked.isEmpty()) {
            return Optional.empty();
        }
        OrderView current = locked.get();
        if (body.status() == null && body.items() == null) {
            return Optional.of(detailOfLocked(orgId, id));
        }
        OrderStatus from = OrderStatus.valueOf(current.status());
        OrderStatus to = body.status() == null ? from : body.status();
        if (body.status() != null && !from.canMoveTo(to)) {
            throw conflict(
                    "status",
                    "An order that is " + from + " cannot become " + to
                            + (from.next().isEmpty()
                                    ? ""
                                    : "; allowed: "
                                            + from.next().stream().sorted().toList()));
        }
        long total = current.total();
        if (body.items() != null) {
            if (from != OrderStatus.DRAFT) {
                throw conflict("items", "Items can only be replaced while the order is a DRAFT; it is " + from);
            }
            List<OrderRepository.Line> lines = lines(orgId, body.items(), new ArrayList<>());
            total = OrderTotals.total(lines);
            orders.deleteItems(orgId, id);
            orders.insertItems(orgId, id, lines);
        }
        orders.update(orgId, id, from, to, total)
                .orElseThrow(() -> ApiException.conflict("The order was changed by another request; reload and retry"));
        return Optional.of(detailOfLocked(orgId, id));
    }

    /** The order this transaction holds locked: it cannot be missing, and if it were the write must roll back. */
    private OrderDetail detailOfLocked(long orgId, long id) {
        return orders.findDetail(orgId, id)
                .orElseThrow(() -> new IllegalStateException("order " + id + " vanished while locked"));
    }

    /**
     * Prices each item at its product's current price, loading all products in one query. Items
     * naming a product that is not a live product of this org, or an archived one, are added to
     * {@code errors}; if there are any, the whole request is refused with 422.
     */
    private List<OrderRepository.Line> lines(long orgId, List<OrderController.Item> items, List<FieldError> errors) {
        Long[] ids =
                items.stream().map(OrderController.Item::productId).distinct().toArray(Long[]::new);
        Map<Long, OrderRepository.ProductRow> products = orders.products(orgId, ids);
        List<OrderRepository.Line> lines = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            OrderController.Item item = items.get(i);
            OrderRepository.ProductRow product = products.get(item.productId());
            String field = "items[" + i + "].productId";
            if (product == null) {
                errors.add(new FieldError(field, "is not a product of this organization"));
            } else if (!"ACTIVE".equals(product.status())) {
                errors.add(new FieldError(field, "is archived and cannot be ordered"));
            } else {
                lines.add(new OrderRepository.Line(
                        product.id(), product.sku(), product.name(), item.quantity(), product.price()));
            }
        }
        if (!errors.isEmpty()) {
            throw new ApiException(
                    HttpStatus.UNPROCESSABLE_CONTENT, "The order names records that cannot be used", errors);
        }
        return lines;
    }

    private static ApiException conflict(String field, String detail) {
        return new ApiException(HttpStatus.CONFLICT, detail, List.of(new FieldError(field, detail)));
    }
}
