package dev.brisk.products;

import dev.brisk.platform.ApiException;
import dev.brisk.platform.CustomPlans;
import dev.brisk.platform.ListQuery;
import dev.brisk.platform.OrgTable;
import dev.brisk.platform.Page;
import dev.brisk.platform.Rows;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class ProductRepository {

    private static final String COLUMNS = "t.id, t.sku, t.name, t.price, t.status, t.stock, t.created_at, t.updated_at";

    private static final RowMapper<ProductView> ROW = (rs, i) -> new ProductView(
            rs.getLong("id"),
            rs.getString("sku"),
            rs.getString("name"),
            rs.getLong("price"),
            rs.getString("status"),
            rs.getInt("stock"),
            Rows.instant(rs, "created_at"),
            Rows.instant(rs, "updated_at"));

    private final JdbcClient jdbc;
    private final OrgTable<ProductView> table;

    ProductRepository(JdbcClient jdbc, CustomPlans plans) {
        this.jdbc = jdbc;
        this.table = new OrgTable<>(jdbc, plans, "products", COLUMNS, ROW);
    }

    Page<ProductView> list(long orgId, ListQuery query) {
        return table.list(query, query.where(orgId, "(t.name ILIKE :q OR t.sku ILIKE :q)"));
    }

    Optional<ProductView> find(long orgId, long id) {
        return table.find(orgId, id);
    }

    /** The live-SKU unique index decides between concurrent creates: the loser gets a 409 naming {@code sku}. */
    ProductView insert(long orgId, ProductController.CreateProduct p) {
        return skuUnique(() -> jdbc.sql("""
                INSERT INTO products AS t (org_id, sku, name, price, status, stock)
                VALUES (:orgId, :sku, :name, :price, :status, :stock)
                RETURNING %s
                """.formatted(COLUMNS))
                .param("orgId", orgId)
                .param("sku", p.sku())
                .param("name", p.name().strip())
                .param("price", p.price())
                .param(
                        "status",
                        p.status() == null
                                ? ProductStatus.ACTIVE.name()
                                : p.status().name())
                .param("stock", p.stock() == null ? 0 : p.stock())
                .query(ROW)
                .single());
    }

    /** Null leaves a field as it is. */
    Optional<ProductView> update(long orgId, long id, ProductController.UpdateProduct p) {
        return skuUnique(() -> jdbc.sql("""
                UPDATE products t SET
                    sku = coalesce(:sku, t.sku),
                    name = coalesce(:name, t.name),
                    price = coalesce(:price, t.price),
                    status = coalesce(:status, t.status),
                    stock = coalesce(:stock, t.stock),
                    updated_at = clock_timestamp()
                WHERE t.id = :id AND t.org_id = :orgId AND t.deleted_at IS NULL
                RETURNING %s
                """.formatted(COLUMNS))
                .param("sku", p.sku())
                .param("name", p.name() == null ? null : p.name().strip())
                .param("price", p.price(), java.sql.Types.BIGINT)
                .param("status", p.status() == null ? null : p.status().name())
                .param("stock", p.stock(), java.sql.Types.INTEGER)
                .param("id", id)
                .param("orgId", orgId)
                .query(ROW)
                .optional());
    }

    boolean softDelete(long orgId, long id) {
        return table.softDelete(orgId, id);
    }

    /** A deleted product whose SKU a live product has taken meanwhile cannot come back: 409 on {@code sku}. */
    Optional<ProductView> restore(long orgId, long id) {
        return skuUnique(() -> table.restore(orgId, id));
    }

    private static <T> T skuUnique(Supplier<T> statement) {
        try {
            return statement.get();
        } catch (DuplicateKeyException e) {
            // products_org_sku_live_key is the only unique constraint a product write can hit
            throw new ApiException(
                    HttpStatus.CONFLICT,
                    "Another live product already has this SKU",
                    List.of(new ApiException.FieldError("sku", "is already used by another product")));
        }
    }
}
