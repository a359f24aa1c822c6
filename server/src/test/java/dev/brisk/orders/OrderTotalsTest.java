package dev.brisk.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brisk.platform.ApiException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class OrderTotalsTest {

    private static OrderRepository.Line line(long price, int quantity) {
        return new OrderRepository.Line(1, "S", "n", quantity, price);
    }

    @Test
    void sumsPriceTimesQuantity() {
        assertThat(OrderTotals.total(List.of(line(250, 4), line(1999, 1), line(0, 7))))
                .isEqualTo(2999);
    }

    @Test
    void theLargestStorableTotalIsAccepted() {
        assertThat(OrderTotals.total(List.of(line(Long.MAX_VALUE, 1)))).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aLineThatOverflowsIsRefused() {
        assertThatThrownBy(() -> OrderTotals.total(List.of(line(Long.MAX_VALUE / 2 + 1, 2))))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
                    assertThat(e.errors())
                            .extracting(ApiException.FieldError::field)
                            .containsExactly("items");
                });
    }

    @Test
    void aSumThatOverflowsIsRefused() {
        assertThatThrownBy(() -> OrderTotals.total(List.of(line(Long.MAX_VALUE, 1), line(1, 1))))
                .isInstanceOf(ApiException.class);
    }
}
