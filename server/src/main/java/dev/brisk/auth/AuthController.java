package dev.brisk.auth;

import dev.brisk.monitoring.QueryBudget;
import dev.brisk.platform.ApiException;
import dev.brisk.platform.Caller;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/auth")
class AuthController {

    record LoginRequest(@NotBlank @Size(max = 254) String email, @NotBlank @Size(max = 200) String password) {}

    record PasswordChange(@NotBlank @Size(max = 200) String currentPassword, @NotBlank @Size(min = PasswordPolicy.MIN_LENGTH, max = 200) String newPassword) {}

    private final AuthService auth;
    private final UserRepository users;

    AuthController(AuthService auth, UserRepository users) {
        this.auth = auth;
        this.users = users;
    }

    @PostMapping("/login")
    @QueryBudget(3)
    AuthService.LoginResult login(@Valid @RequestBody LoginRequest request, HttpServletRequest http) {
        // the socket peer, or what a trusted proxy forwarded when server.forward-headers-strategy says so
        return auth.login(request.email(), request.password(), http.getRemoteAddr());
    }

    @PostMapping("/logout-all")
    @QueryBudget(3)
    ResponseEntity<Void> logoutAll(@AuthenticationPrincipal Caller caller) {
        auth.logoutAll(caller);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/password")
    @QueryBudget(5)
    ResponseEntity<Void> changePassword(@AuthenticationPrincipal Caller caller,
                                        @RequestHeader(HttpHeaders.AUTHORIZATION) String authorization,
                                        @Valid @RequestBody PasswordChange body, HttpServletRequest http) {
        auth.changePassword(caller, authorization.substring("Bearer ".length()).strip(), body.currentPassword(),
                body.newPassword(), http.getRemoteAddr());
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/logout")
    @QueryBudget(2)
    ResponseEntity<Void> logout(@RequestHeader(HttpHeaders.AUTHORIZATION) String authorization) {
        auth.logout(authorization.substring("Bearer ".length()).strip());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/me")
    @QueryBudget(2)
    UserView me(@AuthenticationPrincipal Caller caller) {
        return users.find(caller.orgId(), caller.userId()).orElseThrow(() -> ApiException.notFound("User"));
    }
}
