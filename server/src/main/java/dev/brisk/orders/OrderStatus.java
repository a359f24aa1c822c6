package dev.brisk.orders;

import java.util.Set;

/** The life of an order. Only the moves listed in {@link #next()} exist; anything else is a 409. */
public enum OrderStatus {
    DRAFT,
    PLACED,
    PAID,
    SHIPPED,
    CANCELLED,
    REFUNDED;

    Set<OrderStatus> next() {
        return switch (this) {
            case DRAFT -> Set.of(PLACED, CANCELLED);
            case PLACED -> Set.of(PAID, CANCELLED);
            case PAID -> Set.of(SHIPPED, REFUNDED);
            case SHIPPED -> Set.of(REFUNDED);
            case CANCELLED, REFUNDED -> Set.of();
        };
    }

    /** A move to the same status is not a transition either: it is refused like any other. */
    boolean canMoveTo(OrderStatus target) {
        return next().contains(target);
    }
}
