package dev.brisk.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.brisk.support.BriskIntegrationTest;
import dev.brisk.support.Fixtures;
import dev.brisk.support.Node;
import dev.brisk.support.TwoNodes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Responses that only join a table (order and invoice lists searched by customer name, an order's
 * items with their product names) keep their entries when rows are inserted into it, on both nodes,
 * and drop them when an existing row of it changes. The table's own lists drop on every insert.
 */
@BriskIntegrationTest
class JoinedTablesIntegrationTest {

    static final Duration BOUND = Duration.ofSeconds(10);

    @RegisterExtension
    static final TwoNodes nodes = new TwoNodes();

    @Autowired
    Fixtures fixtures;

    @Test
    void aNewCustomerOrProductLeavesTheResponsesThatJoinThemCached() {
        var org = fixtures.org();
        long customer = fixtures.create(org.admin(), "/api/customers", Map.of("name", "Joined Smith"));
        long product =
                fixtures.create(org.admin(), "/api/products", Map.of("sku", "J-1", "name", "joined", "price", 5));
        long order = fixtures.create(org.admin(), "/api/orders", Fixtures.placedOrder(customer, product, 1));
        fixtures.create(org.admin(), "/api/invoices", Map.of("orderId", order));
        List<String> joining = List.of("/api/orders?q=Smith", "/api/invoices?q=Smith", "/api/orders/" + order);
        for (String path : joining) {
            warm(org.member(), path);
        }
        warm(org.member(), "/api/customers");
        warm(org.member(), "/api/products");

        // one customer through the API, one product as psql would insert it
        long newcomer = fixtures.create(org.admin(), "/api/customers", Map.of("name", "Another Smith"));
        fixtures.jdbc()
                .sql(
                        "INSERT INTO products (org_id, sku, name, price, status, stock) VALUES (:org, 'J-2', 'new', 7, 'ACTIVE', 1)")
                .param("org", org.id())
                .update();
        // both inserts were heard on both nodes: the tables' own lists show them
        await().atMost(BOUND).untilAsserted(() -> {
            for (Node node : nodes.both()) {
                assertThat(node.api().get(org.member(), "/api/customers").body())
                        .contains("Another Smith");
                assertThat(node.api().get(org.member(), "/api/products").body()).contains("J-2");
            }
        });
        for (Node node : nodes.both()) {
            for (String path : joining) {
                assertThat(node.api().get(org.member(), path).statements())
                        .as("%s after the inserts", path)
                        .isZero();
            }
        }
        assertThat(newcomer).isPositive();

        // a change to an existing row of them does reach those responses
        fixtures.jdbc()
                .sql("UPDATE customers SET name = 'Joined Jones' WHERE id = :id")
                .param("id", customer)
                .update();
        fixtures.jdbc()
                .sql("UPDATE products SET name = 'renamed' WHERE id = :id")
                .param("id", product)
                .update();
        await().atMost(BOUND).untilAsserted(() -> {
            for (Node node : nodes.both()) {
                assertThat(node.api()
                                .get(org.member(), "/api/orders?q=Smith")
                                .json()
                                .get("items"))
                        .isEmpty();
                assertThat(node.api()
                                .get(org.member(), "/api/invoices?q=Smith")
                                .json()
                                .get("items"))
                        .isEmpty();
                assertThat(node.api()
                                .get(org.member(), "/api/orders/" + order)
                                .json()
                                .get("items")
                                .get(0)
                                .get("name")
                                .asString())
                        .isEqualTo("renamed");
            }
        });
    }

    /** Until both nodes answer from memory: a write's notification may still be on its way. */
    private void warm(String token, String path) {
        for (Node node : nodes.both()) {
            await().atMost(BOUND).until(() -> node.api().get(token, path).statements() == 0);
        }
    }
}
