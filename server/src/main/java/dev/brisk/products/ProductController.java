package dev.brisk.products;

import dev.brisk.cache.CachedResponse;
import dev.brisk.monitoring.QueryBudget;
import dev.brisk.platform.ApiException;
import dev.brisk.platform.Caller;
import dev.brisk.platform.ListParams;
import dev.brisk.platform.Page;
import dev.brisk.platform.ClusterSecrets;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.net.URI;
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

    record CreateProduct(@NotNull @Size(min = 1, max = 64) @Pattern(regexp = SKU, message = "must be visible ASCII characters without spaces") String sku,
                         @NotBlank @Size(max = 200) @Pattern(regexp = NO_CONTROLS, message = "must not contain control characters") String name,
                         @NotNull @PositiveOrZero Long price,
                         ProductStatus status,
                         @PositiveOrZero Integer stock) {}

    record UpdateProduct(@Size(min = 1, max = 64) @Pattern(regexp = SKU, message = "must be visible ASCII characters without spaces") String sku,
                         @Size(min = 1, max = 200) @Pattern.List({
                                 @Pattern(regexp = ".*\\S.*", message = "must not be blank"),
                                 @Pattern(regexp = NO_CONTROLS, message = "must not contain control characters")}) String name,
                         @PositiveOrZero Long price,
                         ProductStatus status,
                         @PositiveOrZero Integer stock) {}

    private final ProductRepository products;
    private final ClusterSecrets secrets;

    ProductController(ProductRepository products, ClusterSecrets secrets) {
        this.products = products;
        this.secrets = secrets;
    }

    @GetMapping
    @CachedResponse(tables = {"products"})
    @QueryBudget(2)
    Page<ProductView> list(@AuthenticationPrincipal Caller caller, @ParameterObject ListParams params) {
        return products.list(caller.orgId(), params.toQuery("products", ProductStatus.values(), secrets.cursorKey()));
    }

    @GetMapping("/{id}")
    @CachedResponse(tables = {"products"})
    @QueryBudget(2)
    ProductView get(@AuthenticationPrincipal Caller caller, @PathVariable long id) {
        return products.find(caller.orgId(), id).orElseThrow(ProductController::notFound);
    }

    @PostMapping
    @QueryBudget(2)
    ResponseEntity<ProductView> create(@AuthenticationPrincipal Caller caller, @Valid @RequestBody CreateProduct body) {
        ProductView created = products.insert(caller.orgId(), body);
        return ResponseEntity.created(URI.create("/api/products/" + created.id())).body(created);
    }

    @PatchMapping("/{id}")
    @QueryBudget(2)
    ProductView update(@AuthenticationPrincipal Caller caller, @PathVariable long id, @Valid @RequestBody UpdateProduct body) {
        return products.update(caller.orgId(), id, body).orElseThrow(ProductController::notFound);
    }

    @DeleteMapping("/{id}")
    @QueryBudget(2)
    ResponseEntity<Void> delete(@AuthenticationPrincipal Caller caller, @PathVariable long id) {
        if (!products.softDelete(caller.orgId(), id)) {
            throw notFound();
        }
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/restore")
    @QueryBudget(2)
    ProductView restore(@AuthenticationPrincipal Caller caller, @PathVariable long id) {
        return products.restore(caller.orgId(), id).orElseThrow(() -> ApiException.notFound("Deleted product"));
    }

    private static ApiException notFound() {
        return ApiException.notFound("Product");
    }
}
