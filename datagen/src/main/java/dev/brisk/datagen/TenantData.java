package dev.brisk.datagen;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A tenant's rows in memory, exactly as {@link TenantLoad#into} writes them (same functions, same
 * streams), for tests and for looking at the story without a database. Lists are in id order;
 * {@code customer}, {@code product} and {@code order} fields are indexes into them.
 */
public record TenantData(List<Customer> customers, List<Product> products, List<Order> orders, List<Invoice> invoices) {

    public record Customer(
            String name,
            String email,
            @Nullable String phone,
            @Nullable String company,
            String status,
            Instant createdAt,
            Instant updatedAt,
            @Nullable Instant deletedAt) {}

    public record Product(
            String sku,
            String name,
            long price,
            String status,
            int stock,
            Instant createdAt,
            Instant updatedAt,
            @Nullable Instant deletedAt) {}

    public record Item(int product, int quantity, long unitPrice) {}

    public record Order(
            long number,
            int customer,
            String status,
            long total,
            @Nullable Instant placedAt,
            Instant createdAt,
            Instant updatedAt,
            @Nullable Instant deletedAt,
            List<Item> items) {}

    public record Invoice(
            long number,
            int order,
            String status,
            long amount,
            @Nullable Instant issuedAt,
            LocalDate dueDate,
            @Nullable Instant paidAt,
            Instant createdAt,
            Instant updatedAt,
            @Nullable Instant deletedAt) {}

    public int items() {
        return orders.stream().mapToInt(o -> o.items().size()).sum();
    }

    public static TenantData of(Tenant tenant, Instant asOf) {
        DataSet data = new DataSet(tenant.size(), tenant.seed(), Generator.micros(asOf));
        Generator.Plan plan = Generator.plan(data);
        List<Customer> customers = new ArrayList<>(data.customers);
        for (int j = 0; j < data.customers; j++) {
            Rows.Customer c = Rows.customer(data, j, plan.ordered().get(j));
            customers.add(new Customer(
                    c.name(),
                    c.email(),
                    c.phone(),
                    c.company(),
                    c.status(),
                    at(c.createdAt()),
                    at(c.updatedAt()),
                    at(c.deletedAt())));
        }
        List<Product> products = new ArrayList<>(data.productsPerOrg);
        for (int i = 0; i < data.productsPerOrg; i++) {
            Rows.Product p = Rows.product(data, i);
            products.add(new Product(
                    p.sku(),
                    p.name(),
                    p.price(),
                    p.status(),
                    p.stock(),
                    at(p.createdAt()),
                    at(p.updatedAt()),
                    at(p.deletedAt())));
        }
        List<Order> orders = new ArrayList<>(tenant.orders());
        List<Invoice> invoices = new ArrayList<>();
        OrderStream s = new OrderStream(data);
        while (s.hasNext()) {
            s.next();
            List<Item> items = new ArrayList<>(s.itemCount);
            for (int k = 0; k < s.itemCount; k++) {
                items.add(new Item((int) s.itemProduct[k] - 1, s.itemQuantity[k], s.itemPrice[k]));
            }
            orders.add(new Order(
                    s.number,
                    (int) s.customerId - 1,
                    OrderStream.ORDER_STATUSES[s.status],
                    s.total,
                    at(s.placedAt),
                    at(s.createdAt),
                    at(s.updatedAt),
                    at(s.deletedAt),
                    List.copyOf(items)));
            if (s.invoiced) {
                invoices.add(new Invoice(
                        s.invoiceNumber,
                        (int) s.id - 1,
                        OrderStream.INVOICE_STATUSES[s.invoiceStatus],
                        s.total,
                        at(s.invoiceIssuedAt),
                        LocalDate.ofEpochDay(s.invoiceDueDay),
                        at(s.invoicePaidAt),
                        at(s.invoiceCreatedAt),
                        at(s.invoiceUpdatedAt),
                        at(s.deletedAt)));
            }
        }
        return new TenantData(
                List.copyOf(customers), List.copyOf(products), List.copyOf(orders), List.copyOf(invoices));
    }

    private static @Nullable Instant at(long micros) {
        return micros == DataSet.NONE
                ? null
                : Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
    }
}
