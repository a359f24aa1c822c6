package dev.brisk.auth;

import dev.brisk.monitoring.QueryBudget;
import dev.brisk.platform.ApiException;
import dev.brisk.platform.Caller;
import dev.brisk.platform.ClusterSecrets;
import dev.brisk.platform.ListParams;
import dev.brisk.platform.Page;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.Locale;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** User administration within the caller's organization (ADMIN only, see SecurityConfiguration). */
@RestController
@RequestMapping("/api/users")
class UserController {

    enum Role {
        ADMIN,
        MEMBER
    }

    enum Status {
        ACTIVE,
        DISABLED
    }

    record CreateUser(
            @NotBlank @Email @Size(max = 254) String email,
            @NotBlank @Size(max = 200) String name,

            @NotBlank @Size(min = PasswordPolicy.MIN_LENGTH, max = 200)
            String password,

            @NotNull Role role) {}

    record UpdateUser(@Size(min = 1, max = 200) String name, Role role, Status status) {}

    private final UserService service;
    private final UserRepository users;
    private final ClusterSecrets secrets;

    UserController(UserService service, UserRepository users, ClusterSecrets secrets) {
        this.service = service;
        this.users = users;
        this.secrets = secrets;
    }

    @GetMapping
    @QueryBudget(2)
    Page<UserView> list(@AuthenticationPrincipal Caller caller, @ParameterObject ListParams params) {
        return users.list(caller.orgId(), params.toQuery("users", Status.values(), secrets.cursorKey()));
    }

    @GetMapping("/{id}")
    @QueryBudget(2)
    UserView get(@AuthenticationPrincipal Caller caller, @PathVariable long id) {
        return users.find(caller.orgId(), id).orElseThrow(() -> ApiException.notFound("User"));
    }

    @PostMapping
    @QueryBudget(2)
    ResponseEntity<UserView> create(@AuthenticationPrincipal Caller caller, @Valid @RequestBody CreateUser body) {
        UserView user = service.create(
                caller.orgId(),
                body.email().strip().toLowerCase(Locale.ROOT),
                body.name().strip(),
                body.password(),
                body.role().name());
        return ResponseEntity.created(URI.create("/api/users/" + user.id())).body(user);
    }

    @PatchMapping("/{id}")
    @QueryBudget(3)
    UserView update(
            @AuthenticationPrincipal Caller caller, @PathVariable long id, @Valid @RequestBody UpdateUser body) {
        return service.update(
                caller,
                id,
                body.name() == null ? null : body.name().strip(),
                body.role() == null ? null : body.role().name(),
                body.status() == null ? null : body.status().name());
    }
}
