package dev.brisk.products;

import dev.brisk.cache.CachedResponse;
import dev.brisk.monitoring.QueryBudget;
import dev.brisk.platform.Caller;
import dev.brisk.platform.ClusterSecrets;
import dev.brisk.platform.ListParams;
import dev.brisk.platform.Page;
import dev.brisk.platform.ResourceApi;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/products")
class ProductController {

    /** Visible ASCII, no spaces: what fits on a label and in a URL without surprises. */
    static final String SKU = "^[\\x21-\\x7E]*$";
    /** No control characters (PostgreSQL text cannot even hold NUL). */
    static final String NO_CONTROLS = "^\\P{Cc}*$";

    record CreateProduct(
            @NotNull
            @Size(min = 1, max = 64)
            @Pattern(regexp = SKU, message = "must be visible ASCII characters without spaces")
            String sku,

            @NotBlank @Size(max = 200) @Pattern(regexp = NO_CONTROLS, message = "must not contain control characters")
            String name,

            @NotNull @PositiveOrZero Long price,
            ProductStatus status,
            @PositiveOrZero Integer stock) {}

    record UpdateProduct(
            @Size(min = 1, max = 64) @Pattern(regexp = SKU, message = "must be visible ASCII characters without spaces")
            String sku,

            @Size(min = 1, max = 200)
            @Pattern.List({
                @Pattern(regexp = ".*\\S.*", message = "must not be blank"),
                @Pattern(regexp = NO_CONTROLS, message = "must not contain control characters")
            })
            String name,

            @PositiveOrZero Long price,
            ProductStatus status,
            @PositiveOrZero Integer stock) {}

    private final ProductRepository products;
    private final ResourceApi api;

    ProductController(ProductRepository products, ClusterSecrets secrets) {
        this.products = products;
        this.api = new ResourceApi("products", "Product", ProductStatus.values(), secrets);
    }

    @GetMapping
    @CachedResponse(tables = {"products"})
    @QueryBudget(2)
    Page<ProductView> list(@AuthenticationPrincipal Caller caller, @ParameterObject ListParams params) {
        return products.list(caller.orgId(), api.query(params));
    }

    @GetMapping("/{id}")
    @CachedResponse(rows = {"products"})
    @QueryBudget(2)
    ProductView get(@AuthenticationPrincipal Caller caller, @PathVariable long id) {
        return api.found(products.find(caller.orgId(), id));
    }

    @PostMapping
    @QueryBudget(2)
    ResponseEntity<ProductView> create(@AuthenticationPrincipal Caller caller, @Valid @RequestBody CreateProduct body) {
        return api.created(products.insert(caller.orgId(), body));
    }

    @PatchMapping("/{id}")
    @QueryBudget(2)
    ProductView update(
            @AuthenticationPrincipal Caller caller, @PathVariable long id, @Valid @RequestBody UpdateProduct body) {
        return api.found(products.update(caller.orgId(), id, body));
    }

    @DeleteMapping("/{id}")
    @QueryBudget(2)
    ResponseEntity<Void> delete(@AuthenticationPrincipal Caller caller, @PathVariable long id) {
        return api.deleted(products.softDelete(caller.orgId(), id));
    }

    @PostMapping("/{id}/restore")
    @QueryBudget(2)
    ProductView restore(@AuthenticationPrincipal Caller caller, @PathVariable long id) {
        return api.restored(products.restore(caller.orgId(), id));
    }
}
