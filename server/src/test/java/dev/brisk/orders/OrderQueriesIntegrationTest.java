package dev.brisk.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.support.Api;
import dev.brisk.support.BriskIntegrationTest;
import dev.brisk.support.Fixtures;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Order reads and writes cost the same number of SQL statements whatever the number of items:
 * no statement per item. Counts come from the query monitor, through each response's Server-Timing.
 */
@BriskIntegrationTest
class OrderQueriesIntegrationTest {

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
            products.add(
                    fixtures.create(token, "/api/products", Map.of("sku", "Q" + i, "name", "q" + i, "price", 10 + i)));
        }

        Api.Response createOne = create(api, token, customer, products.subList(0, 1));
        Api.Response createMany = create(api, token, customer, products);
        assertThat(createMany.statements()).as("create with 40 items vs 1").isEqualTo(createOne.statements());
        long one = createOne.json().get("id").asLong();
        long many = createMany.json().get("id").asLong();

        int getOne = api.get(token, "/api/orders/" + one).statements();
        int getMany = api.get(token, "/api/orders/" + many).statements();
        int getMissing = api.get(token, "/api/orders/" + Long.MAX_VALUE).statements();
        assertThat(getMissing).as("statements are being counted").isPositive();
        assertThat(createOne.statements()).isGreaterThan(getMissing);
        assertThat(getMany).as("detail with 40 items vs 1").isEqualTo(getOne);
        // a missing order costs authentication plus the one detail query: so does a found one
        assertThat(getMany).as("detail is a single query beyond authentication").isEqualTo(getMissing);

        String items =
                Api.json(Map.of("items", products.stream().map(p -> item(p, 2)).toList()));
        int patchOne = api.patch(
                        token, "/api/orders/" + one, Api.json(Map.of("items", List.of(item(products.get(1), 1)))))
                .statements();
        int patchMany = api.patch(token, "/api/orders/" + many, items).statements();
        assertThat(patchMany).as("item replacement with 40 items vs 1").isEqualTo(patchOne);

        int listPage = api.get(token, "/api/orders?limit=100&q=count").statements();
        assertThat(listPage).as("list is one query beyond authentication").isEqualTo(getMissing);
    }

    private static Api.Response create(Api api, String token, long customer, List<Long> products) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("customerId", customer);
        body.put("items", products.stream().map(p -> item(p, 1)).toList());
        var response = api.post(token, "/api/orders", Api.json(body));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response;
    }

    private static Map<String, Object> item(long productId, int quantity) {
        return Map.of("productId", productId, "quantity", quantity);
    }
}
