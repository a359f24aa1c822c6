package dev.brisk.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.support.Api;
import dev.brisk.support.BriskIntegrationTest;
import dev.brisk.support.Fixtures;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import net.ttddyy.dsproxy.support.ProxyDataSource;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Order reads and writes cost the same number of SQL statements whatever the number of items:
 * no statement per item. Counts every statement through a datasource-proxy around the pool.
 */
@BriskIntegrationTest
@Import(OrderQueriesIntegrationTest.CountStatements.class)
class OrderQueriesIntegrationTest {

    static final AtomicInteger STATEMENTS = new AtomicInteger();

    @TestConfiguration
    static class CountStatements {
        @Bean
        static BeanPostProcessor countingDataSource() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    if (bean instanceof DataSource ds && !(bean instanceof ProxyDataSource)) {
                        return ProxyDataSourceBuilder.create(ds)
                                .afterQuery((execution, queries) -> STATEMENTS.addAndGet(queries.size()))
                                .build();
                    }
                    return bean;
                }
            };
        }
    }

    @Autowired
    Fixtures fixtures;

    @Test
    void createGetPatchAndListDoNotGrowWithTheNumberOfItems() {
        var org = fixtures.org();
        Api api = fixtures.api();
        String token = org.admin();
        long customer = fixtures.create(token, "/api/customers", Map.of("name", "Counted"));
        List<Long> products = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            products.add(fixtures.create(token, "/api/products", Map.of("sku", "Q" + i, "name", "q" + i, "price", 10 + i)));
        }

        long[] one = new long[1];
        long[] many = new long[1];
        int createOne = count(() -> one[0] = create(api, token, customer, products.subList(0, 1)));
        int createMany = count(() -> many[0] = create(api, token, customer, products));
        assertThat(createMany).as("create with 40 items vs 1").isEqualTo(createOne);

        int getOne = count(() -> api.get(token, "/api/orders/" + one[0]));
        int getMany = count(() -> api.get(token, "/api/orders/" + many[0]));
        int getMissing = count(() -> api.get(token, "/api/orders/" + Long.MAX_VALUE));
        assertThat(getMissing).as("statements are being counted").isPositive();
        assertThat(createOne).isGreaterThan(getMissing);
        assertThat(getMany).as("detail with 40 items vs 1").isEqualTo(getOne);
        // a missing order costs authentication plus the one detail query: so does a found one
        assertThat(getMany).as("detail is a single query beyond authentication").isEqualTo(getMissing);

        String items = Api.json(Map.of("items", products.stream().map(p -> item(p, 2)).toList()));
        int patchOne = count(() -> api.patch(token, "/api/orders/" + one[0], Api.json(Map.of("items", List.of(item(products.get(1), 1))))));
        int patchMany = count(() -> api.patch(token, "/api/orders/" + many[0], items));
        assertThat(patchMany).as("item replacement with 40 items vs 1").isEqualTo(patchOne);

        int listPage = count(() -> api.get(token, "/api/orders?limit=100&q=count"));
        assertThat(listPage).as("list is one query beyond authentication").isEqualTo(getMissing);
    }

    private static int count(Runnable request) {
        STATEMENTS.set(0);
        request.run();
        return STATEMENTS.get();
    }

    private static long create(Api api, String token, long customer, List<Long> products) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("customerId", customer);
        body.put("items", products.stream().map(p -> item(p, 1)).toList());
        var response = api.post(token, "/api/orders", Api.json(body));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().get("id").asLong();
    }

    private static Map<String, Object> item(long productId, int quantity) {
        return Map.of("productId", productId, "quantity", quantity);
    }
}
