package dev.brisk.customers;

import dev.brisk.cache.CachedResponse;
import dev.brisk.monitoring.QueryBudget;
import dev.brisk.platform.Caller;
import dev.brisk.platform.ClusterSecrets;
import dev.brisk.platform.ListParams;
import dev.brisk.platform.Page;
import dev.brisk.platform.ResourceApi;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
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
@RequestMapping("/api/customers")
class CustomerController {

    static final String PHONE = "^[0-9+()./ -]*$";

    record CreateCustomer(
            @NotBlank @Size(max = 200) String name,
            @Email @Size(max = 254) String email,
            @Size(max = 40) @Pattern(regexp = PHONE) String phone,
            @Size(max = 200) String company,
            CustomerStatus status) {}

    record UpdateCustomer(
            @Size(min = 1, max = 200) @Pattern(regexp = ".*\\S.*", message = "must not be blank")
            String name,

            @Email @Size(max = 254) String email,
            @Size(max = 40) @Pattern(regexp = PHONE) String phone,
            @Size(max = 200) String company,
            CustomerStatus status) {}

    private final CustomerRepository customers;
    private final ResourceApi api;

    CustomerController(CustomerRepository customers, ClusterSecrets secrets) {
        this.customers = customers;
        this.api = new ResourceApi("customers", "Customer", CustomerStatus.values(), secrets);
    }

    @GetMapping
    @CachedResponse(tables = {"customers"})
    @QueryBudget(2)
    Page<CustomerView> list(@AuthenticationPrincipal Caller caller, @ParameterObject ListParams params) {
        return customers.list(caller.orgId(), api.query(params));
    }

    @GetMapping("/{id}")
    @CachedResponse(rows = {"customers"})
    @QueryBudget(2)
    CustomerView get(@AuthenticationPrincipal Caller caller, @PathVariable long id) {
        return api.found(customers.find(caller.orgId(), id));
    }

    @PostMapping
    @QueryBudget(2)
    ResponseEntity<CustomerView> create(
            @AuthenticationPrincipal Caller caller, @Valid @RequestBody CreateCustomer body) {
        return api.created(customers.insert(caller.orgId(), body));
    }

    @PatchMapping("/{id}")
    @QueryBudget(2)
    CustomerView update(
            @AuthenticationPrincipal Caller caller, @PathVariable long id, @Valid @RequestBody UpdateCustomer body) {
        return api.found(customers.update(caller.orgId(), id, body));
    }

    @DeleteMapping("/{id}")
    @QueryBudget(2)
    ResponseEntity<Void> delete(@AuthenticationPrincipal Caller caller, @PathVariable long id) {
        return api.deleted(customers.softDelete(caller.orgId(), id));
    }

    @PostMapping("/{id}/restore")
    @QueryBudget(2)
    CustomerView restore(@AuthenticationPrincipal Caller caller, @PathVariable long id) {
        return api.restored(customers.restore(caller.orgId(), id));
    }
}
