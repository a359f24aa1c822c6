package dev.brisk.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class OrderStatusTest {

    @Test
    void onlyTheDocumentedTransitionsAreAllowed() {
        assertThat(OrderStatus.DRAFT.next()).containsExactlyInAnyOrder(OrderStatus.PLACED, OrderStatus.CANCELLED);
        assertThat(OrderStatus.PLACED.next()).containsExactlyInAnyOrder(OrderStatus.PAID, OrderStatus.CANCELLED);
        assertThat(OrderStatus.PAID.next()).containsExactlyInAnyOrder(OrderStatus.SHIPPED, OrderStatus.REFUNDED);
        assertThat(OrderStatus.SHIPPED.next()).containsExactly(OrderStatus.REFUNDED);
        assertThat(OrderStatus.CANCELLED.next()).isEmpty();
        assertThat(OrderStatus.REFUNDED.next()).isEmpty();
    }

    @Test
    void stayingInTheSameStatusIsNotATransition() {
        for (OrderStatus s : OrderStatus.values()) {
            assertThat(s.canMoveTo(s)).as(s.name()).isFalse();
        }
    }

    @Test
    void nothingLeadsBackToDraft() {
        for (OrderStatus s : EnumSet.allOf(OrderStatus.class)) {
            assertThat(s.canMoveTo(OrderStatus.DRAFT)).isFalse();
        }
    }
}
