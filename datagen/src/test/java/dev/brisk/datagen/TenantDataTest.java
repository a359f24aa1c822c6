package dev.brisk.datagen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The story on tenants (the server's DemoDataTest checks the demo's sizes in detail). */
class TenantDataTest {

    private static final Instant NOW = Instant.parse("2026-06-15T08:30:00Z");

    private static Tenant tenant(int customers, int products, int orders, long seed) {
        return new Tenant("T", "t", "EUR", customers, products, orders, seed);
    }

    @Test
    void everyStatusExistsAtTheSmallestTenant() {
        for (long seed = 0; seed < 30; seed++) {
            TenantData data =
                    TenantData.of(tenant(Tenant.MIN_CUSTOMERS, Tenant.MIN_PRODUCTS, Tenant.MIN_ORDERS, seed), NOW);
            assertThat(live(data.customers().stream()
                            .filter(c -> c.deletedAt() == null)
                            .map(TenantData.Customer::status)))
                    .containsExactlyInAnyOrder("LEAD", "ACTIVE", "CHURNED");
            assertThat(live(data.products().stream()
                            .filter(p -> p.deletedAt() == null)
                            .map(TenantData.Product::status)))
                    .containsExactlyInAnyOrder("ACTIVE", "ARCHIVED");
            assertThat(live(data.orders().stream()
                            .filter(o -> o.deletedAt() == null)
                            .map(TenantData.Order::status)))
                    .containsExactlyInAnyOrder("DRAFT", "PLACED", "PAID", "SHIPPED", "CANCELLED", "REFUNDED");
            assertThat(live(data.invoices().stream()
                            .filter(i -> i.deletedAt() == null)
                            .map(TenantData.Invoice::status)))
                    .containsExactlyInAnyOrder("DRAFT", "SENT", "PAID", "OVERDUE", "VOID");
        }
    }

    @Test
    void leadsNeverOrderAndArchivedProductsSellOnlyBefore() {
        TenantData data = TenantData.of(tenant(300, 80, 3000, 5), NOW);
        Set<Integer> buyers =
                data.orders().stream().map(TenantData.Order::customer).collect(Collectors.toSet());
        for (int i = 0; i < data.customers().size(); i++) {
            TenantData.Customer c = data.customers().get(i);
            if (c.status().equals("LEAD") || c.deletedAt() != null) {
                assertThat(buyers).doesNotContain(i);
            }
        }
        for (TenantData.Order o : data.orders()) {
            for (TenantData.Item item : o.items()) {
                TenantData.Product p = data.products().get(item.product());
                assertThat(p.deletedAt()).isNull();
                if (p.status().equals("ARCHIVED")) {
                    assertThat(o.createdAt()).isBefore(p.updatedAt());
                }
            }
        }
        assertThat(TenantData.of(tenant(300, 80, 3000, 5), NOW)).isEqualTo(data);
    }

    @Test
    void tenantsBelowTheStorysMinimumAreRefused() {
        assertThatThrownBy(() -> tenant(4, 10, 20, 1)).hasMessageContaining("at least");
    }

    private static Set<String> live(java.util.stream.Stream<String> statuses) {
        return statuses.collect(Collectors.toCollection(HashSet::new));
    }
}
