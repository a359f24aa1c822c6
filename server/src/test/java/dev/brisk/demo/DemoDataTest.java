package dev.brisk.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brisk.customers.CustomerStatus;
import dev.brisk.datagen.Tenant;
import dev.brisk.datagen.TenantData;
import dev.brisk.datagen.TenantData.Order;
import dev.brisk.invoices.InvoiceStatus;
import dev.brisk.orders.OrderStatus;
import dev.brisk.products.ProductStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The demo's story, checked on the rows datagen makes for the demo tenants ({@link TenantData}:
 * the same functions as the load, in memory). Statuses are datagen's strings, compared as the
 * server's enums.
 */
class DemoDataTest {

    private static final Instant NOW = Instant.parse("2026-03-14T09:26:53Z");
    private static final DemoProperties DEFAULTS = new DemoProperties(true, 400, 200, 5000, 30, 20240917);

    @Test
    void defaultSizesMakeTheDocumentedVolumes() {
        assertThat(DEFAULTS.demoCo()).isEqualTo(new Tenant("Demo Co", "demo-co", "EUR", 400, 200, 5000, 20240917));
        assertThat(DEFAULTS.otherLtd()).isEqualTo(new Tenant("Other Ltd", "other-ltd", "USD", 120, 60, 1500, 20240918));
        TenantData data = generate(DEFAULTS.demoCo(), 20240917, NOW);
        assertThat(data.customers()).hasSize(400);
        assertThat(data.products()).hasSize(200);
        assertThat(data.orders()).hasSize(5000);
        assertThat(data.items()).isBetween(5000 * 2, 5000 * 3);
        assertThat(data.invoices()).hasSizeBetween(5000 * 3 / 4, 5000);
    }

    @Test
    void sameSeedSameDataAndOnlyTheTimesMoveWithTheClock() {
        TenantData a = generate(DEFAULTS.demoCo(), 7, NOW);
        assertThat(generate(DEFAULTS.demoCo(), 7, NOW)).isEqualTo(a);

        Duration later = Duration.ofDays(40).plusHours(7).plusSeconds(13);
        TenantData b = generate(DEFAULTS.demoCo(), 7, NOW.plus(later));
        for (int i = 0; i < a.customers().size(); i++) {
            var x = a.customers().get(i);
            var y = b.customers().get(i);
            assertThat(y.name()).isEqualTo(x.name());
            assertThat(y.status()).isEqualTo(x.status());
            assertThat(y.createdAt()).isEqualTo(x.createdAt().plus(later));
        }
        for (int i = 0; i < a.orders().size(); i++) {
            Order x = a.orders().get(i);
            Order y = b.orders().get(i);
            assertThat(y.total()).isEqualTo(x.total());
            assertThat(y.status()).isEqualTo(x.status());
            assertThat(y.items()).isEqualTo(x.items());
            assertThat(y.createdAt()).isEqualTo(x.createdAt().plus(later));
        }
        assertThat(b.invoices().stream().map(i -> i.status() + " " + i.amount()).toList())
                .isEqualTo(a.invoices().stream()
                        .map(i -> i.status() + " " + i.amount())
                        .toList());

        assertThat(generate(DEFAULTS.demoCo(), 8, NOW).customers()).isNotEqualTo(a.customers());
    }

    @Test
    void ordersAreConsistentWithTheirItemsCustomersAndProducts() {
        TenantData data = generate(DEFAULTS.demoCo(), 20240917, NOW);
        for (int i = 0; i < data.orders().size(); i++) {
            Order o = data.orders().get(i);
            assertThat(o.number()).isEqualTo(i + 1);
            if (i > 0) {
                assertThat(o.createdAt())
                        .isAfterOrEqualTo(data.orders().get(i - 1).createdAt());
            }
            assertThat(o.items()).hasSizeBetween(1, 5);
            assertThat(o.items().stream().map(TenantData.Item::product).distinct())
                    .hasSameSizeAs(o.items());
            assertThat(o.total())
                    .isEqualTo(o.items().stream()
                            .mapToLong(it -> it.quantity() * it.unitPrice())
                            .sum());
            assertThat(o.createdAt()).isBetween(NOW.minus(Duration.ofDays(365)), NOW);
            assertThat(o.updatedAt()).isBetween(o.createdAt(), NOW);
            switch (OrderStatus.valueOf(o.status())) {
                case DRAFT -> assertThat(o.placedAt()).isNull();
                case CANCELLED -> {}
                default -> assertThat(o.placedAt()).isNotNull();
            }
            if (o.placedAt() != null) {
                assertThat(o.placedAt()).isBetween(o.createdAt(), o.updatedAt());
            }
            var customer = data.customers().get(o.customer());
            assertThat(customer.createdAt()).isBefore(o.createdAt());
            assertThat(CustomerStatus.valueOf(customer.status())).isNotEqualTo(CustomerStatus.LEAD);
            assertThat(customer.deletedAt()).isNull();
            for (var item : o.items()) {
                var product = data.products().get(item.product());
                assertThat(item.quantity()).isPositive();
                assertThat(item.unitPrice()).isEqualTo(product.price());
                assertThat(product.deletedAt())
                        .as("deleted products were never sold")
                        .isNull();
                assertThat(product.createdAt()).isBefore(o.createdAt());
                if (ProductStatus.valueOf(product.status()) == ProductStatus.ARCHIVED) {
                    assertThat(o.createdAt()).as("sold before it was archived").isBefore(product.updatedAt());
                }
            }
        }
        assertThat(data.products().stream().map(TenantData.Product::sku).distinct())
                .hasSize(data.products().size());
        long lastMonth = data.orders().stream()
                .filter(o -> o.createdAt().isAfter(NOW.minus(Duration.ofDays(30))))
                .count();
        long monthBefore = data.orders().stream()
                .filter(o -> o.createdAt().isAfter(NOW.minus(Duration.ofDays(60)))
                        && !o.createdAt().isAfter(NOW.minus(Duration.ofDays(30))))
                .count();
        assertThat(lastMonth).as("the dashboard's last 30 days have data").isBetween(300L, 900L);
        assertThat(monthBefore).isPositive();
    }

    @Test
    void invoicesFollowTheirOrders() {
        TenantData data = generate(DEFAULTS.demoCo(), 20240917, NOW);
        LocalDate today = LocalDate.ofInstant(NOW, ZoneOffset.UTC);
        Set<Integer> invoiced = new HashSet<>();
        for (int k = 0; k < data.invoices().size(); k++) {
            var inv = data.invoices().get(k);
            Order order = data.orders().get(inv.order());
            assertThat(invoiced.add(inv.order())).as("one invoice per order").isTrue();
            assertThat(inv.number()).isEqualTo(k + 1);
            if (k > 0) {
                assertThat(inv.createdAt())
                        .isAfterOrEqualTo(data.invoices().get(k - 1).createdAt());
            }
            assertThat(inv.amount()).isEqualTo(order.total());
            assertThat(OrderStatus.valueOf(order.status())).isNotEqualTo(OrderStatus.DRAFT);
            assertThat(order.placedAt()).isNotNull();
            assertThat(inv.createdAt()).isBetween(order.placedAt(), NOW);
            assertThat(inv.updatedAt()).isBetween(inv.createdAt(), NOW);
            if (order.deletedAt() != null) {
                assertThat(inv.deletedAt()).isEqualTo(order.deletedAt());
            }
            if (inv.deletedAt() != null) {
                assertThat(inv.updatedAt()).isEqualTo(inv.deletedAt());
            }
            InvoiceStatus status = InvoiceStatus.valueOf(inv.status());
            OrderStatus orderStatus = OrderStatus.valueOf(order.status());
            assertThat(inv.paidAt() != null).isEqualTo(status == InvoiceStatus.PAID);
            assertThat(inv.issuedAt() == null).isEqualTo(status == InvoiceStatus.DRAFT);
            if (inv.issuedAt() != null) {
                assertThat(inv.issuedAt()).isBetween(inv.createdAt(), NOW);
            }
            if (inv.paidAt() != null) {
                assertThat(inv.paidAt()).isBetween(inv.issuedAt(), NOW);
            }
            switch (status) {
                case OVERDUE -> assertThat(inv.dueDate()).isBefore(today);
                case SENT -> assertThat(inv.dueDate()).isAfterOrEqualTo(today);
                case VOID -> assertThat(orderStatus).isIn(OrderStatus.CANCELLED, OrderStatus.REFUNDED);
                case PAID -> assertThat(orderStatus).isIn(OrderStatus.PAID, OrderStatus.SHIPPED);
                case DRAFT -> assertThat(orderStatus).isEqualTo(OrderStatus.PLACED);
            }
        }
        long paidOrShipped = data.orders().stream()
                .filter(o -> o.status().equals("PAID") || o.status().equals("SHIPPED"))
                .count();
        long invoicedPaidOrShipped = data.invoices().stream()
                .map(i -> OrderStatus.valueOf(data.orders().get(i.order()).status()))
                .filter(s -> s == OrderStatus.PAID || s == OrderStatus.SHIPPED)
                .count();
        assertThat(invoicedPaidOrShipped)
                .as("most paid and shipped orders are invoiced")
                .isGreaterThan(paidOrShipped * 9 / 10);
    }

    @Test
    void customersAndProductsTellTheirStory() {
        TenantData data = generate(DEFAULTS.demoCo(), 20240917, NOW);
        Map<CustomerStatus, Long> byStatus = data.customers().stream()
                .collect(Collectors.groupingBy(c -> CustomerStatus.valueOf(c.status()), Collectors.counting()));
        assertThat(byStatus.get(CustomerStatus.ACTIVE)).isGreaterThan(byStatus.get(CustomerStatus.LEAD));
        assertThat(byStatus.get(CustomerStatus.CHURNED)).isGreaterThan(5);
        Set<Integer> buyers = data.orders().stream().map(Order::customer).collect(Collectors.toSet());
        for (int i = 0; i < data.customers().size(); i++) {
            var c = data.customers().get(i);
            CustomerStatus status = CustomerStatus.valueOf(c.status());
            assertThat(status == CustomerStatus.ACTIVE)
                    .isEqualTo(buyers.contains(i) && status != CustomerStatus.CHURNED);
            assertThat(c.updatedAt()).isBetween(c.createdAt(), NOW);
            assertThat(c.email()).matches("[a-z0-9.]+@[a-z0-9.-]+\\.(example|com|org|net)");
        }
        assertThat(data.customers().stream().map(TenantData.Customer::email).distinct())
                .hasSize(data.customers().size());
        assertThat(data.customers().stream().filter(c -> c.createdAt().isAfter(NOW.minus(Duration.ofDays(30)))))
                .as("new customers in the last 30 days")
                .isNotEmpty();
        for (var p : data.products()) {
            assertThat(p.price()).isPositive();
            assertThat(p.sku()).matches("[A-Z]{3}-\\d{4}");
            assertThat(p.updatedAt()).isBetween(p.createdAt(), NOW);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19})
    void everyStatusAndSomeSoftDeletedRowsExistEvenAtTheSmallestSize(int seed) {
        Tenant smallest = new DemoProperties(true, 10, 10, 20, 1, 1).demoCo();
        for (Tenant sizes : List.of(smallest, DEFAULTS.otherLtd(), DEFAULTS.demoCo())) {
            TenantData data = generate(sizes, seed, NOW);
            assertThat(live(data.customers(), TenantData.Customer::deletedAt, c -> CustomerStatus.valueOf(c.status())))
                    .isEqualTo(EnumSet.allOf(CustomerStatus.class));
            assertThat(live(data.products(), TenantData.Product::deletedAt, p -> ProductStatus.valueOf(p.status())))
                    .isEqualTo(EnumSet.allOf(ProductStatus.class));
            assertThat(live(data.orders(), Order::deletedAt, o -> OrderStatus.valueOf(o.status())))
                    .isEqualTo(EnumSet.allOf(OrderStatus.class));
            assertThat(live(data.invoices(), TenantData.Invoice::deletedAt, i -> InvoiceStatus.valueOf(i.status())))
                    .isEqualTo(EnumSet.allOf(InvoiceStatus.class));
            assertThat(data.customers()).anyMatch(c -> c.deletedAt() != null);
            assertThat(data.products()).anyMatch(p -> p.deletedAt() != null);
            assertThat(data.invoices()).anyMatch(i -> i.deletedAt() != null);
            if (sizes.orders() >= 1500) {
                assertThat(data.orders().stream()
                                .filter(o -> o.deletedAt() != null)
                                .count())
                        .isBetween(2L, 30L);
            }
        }
    }

    @Test
    void sizesAreValidated() {
        assertThatThrownBy(() -> new DemoProperties(true, 5, 200, 5000, 30, 1))
                .hasMessageContaining("brisk.demo.customers");
        assertThatThrownBy(() -> new DemoProperties(true, 400, 200, 5000, 0, 1))
                .hasMessageContaining("other-org-percent");
        assertThatThrownBy(() -> new DemoProperties(true, 400, 200, 1_000_000, 30, 1))
                .hasMessageContaining("orders");
        assertThat(new DemoProperties(true, 10, 10, 20, 1, 1).otherLtd())
                .isEqualTo(new Tenant("Other Ltd", "other-ltd", "USD", 10, 10, 20, 2));
    }

    @Test
    void bannerNamesTheUrlsAndTheLoginsWhenThereAreAny() {
        String banner = StartupBanner.text(
                "http://localhost:8080",
                "/swagger-ui.html",
                List.of(
                        new StartupBanner.DemoUser("demo@brisk.dev", "ADMIN", "Demo Co"),
                        new StartupBanner.DemoUser("member@brisk.dev", "MEMBER", "Demo Co")));
        assertThat(banner)
                .contains(
                        "http://localhost:8080/" + System.lineSeparator(),
                        "http://localhost:8080/swagger-ui.html",
                        "password: brisk-demo",
                        "demo@brisk.dev    ADMIN   Demo Co",
                        "member@brisk.dev  MEMBER  Demo Co");
        assertThat(StartupBanner.text("http://localhost:9090/", "/docs", List.of()))
                .contains("http://localhost:9090/docs")
                .doesNotContain("password");
    }

    /** The demo's rows of {@code tenant} with another seed, as datagen makes them. */
    private static TenantData generate(Tenant tenant, long seed, Instant now) {
        return TenantData.of(tenant.withSeed(seed), now);
    }

    private static <T, S extends Enum<S>> Set<S> live(
            List<T> rows, Function<T, Instant> deletedAt, Function<T, S> status) {
        return rows.stream()
                .filter(r -> deletedAt.apply(r) == null)
                .map(status)
                .filter(Objects::nonNull)
                .collect(Collectors.toCollection(HashSet::new));
    }
}
