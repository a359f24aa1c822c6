package dev.brisk.orders;

import dev.brisk.platform.ApiException;
import java.util.List;

/** Order arithmetic in exact {@code long} minor units: a total that does not fit is refused, never wrapped. */
final class OrderTotals {

    private OrderTotals() {}

    static long total(List<OrderRepository.Line> lines) {
        long total = 0;
        try {
            for (OrderRepository.Line line : lines) {
                total = Math.addExact(total, Math.multiplyExact(line.unitPrice(), (long) line.quantity()));
            }
        } catch (ArithmeticException e) {
            throw ApiException.unprocessable(
                    "items", "the order total is larger than the largest amount that can be stored");
        }
        return total;
    }
}
