package dev.brisk.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.brisk.cache.EarlyHits;
import dev.brisk.monitoring.QueryBudget;
import dev.brisk.platform.ApiException;
import dev.brisk.platform.Caller;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.HandlerMethod;
import tools.jackson.databind.json.JsonMapper;

@RestController
@RequestMapping("/api/auth")
class AuthController implements EarlyHits.Answer {

    record LoginRequest(
            @NotBlank @Size(max = 254) String email,
            @NotBlank @Size(max = 200) String password) {}

    record PasswordChange(
            @NotBlank @Size(max = 200) String currentPassword,

            @NotBlank @Size(min = PasswordPolicy.MIN_LENGTH, max = 200)
            String newPassword) {}

    private final AuthService auth;
    private final UserRepository users;
    private final JsonMapper json;
    /** /me's bytes per cached UserView (by identity: a reloaded session is a new instance, so never stale). */
    private final Cache<UserView, byte[]> meBytes =
            Caffeine.newBuilder().weakKeys().maximumSize(10_000).build();

    AuthController(AuthService auth, UserRepository users, JsonMapper json) {
        this.auth = auth;
        this.users = users;
        this.json = json;
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
    ResponseEntity<Void> changePassword(
            @AuthenticationPrincipal Caller caller,
            @RequestHeader(HttpHeaders.AUTHORIZATION) String authorization,
            @Valid @RequestBody PasswordChange body,
            HttpServletRequest http) {
        auth.changePassword(
                caller,
                authorization.substring("Bearer ".length()).strip(),
                body.currentPassword(),
                body.newPassword(),
                http.getRemoteAddr());
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/logout")
    @QueryBudget(2)
    ResponseEntity<Void> logout(@RequestHeader(HttpHeaders.AUTHORIZATION) String authorization) {
        auth.logout(authorization.substring("Bearer ".length()).strip());
        return ResponseEntity.noContent().build();
    }

    /** From the session the token resolved to (no SQL once it is cached); a session cached without its user reads it. */
    @GetMapping("/me")
    @QueryBudget(1)
    UserView me(@AuthenticationPrincipal Caller caller, Authentication authentication) {
        if (authentication.getDetails() instanceof AuthSession session && session.user() != null) {
            return session.user();
        }
        return users.find(caller.orgId(), caller.userId()).orElseThrow(() -> ApiException.notFound("User"));
    }

    /**
     * GET /api/auth/me answered before the security chain (cache.EarlyHits) when the session carries its
     * user: the bytes {@link #me} would have Spring MVC write, without the DispatcherServlet. A query
     * string goes to MVC, whose parameter check answers it.
     */
    @Override
    public boolean answerEarly(
            HandlerMethod handler,
            HttpServletRequest request,
            HttpServletResponse response,
            Authentication authentication)
            throws IOException {
        if (!"me".equals(handler.getMethod().getName())
                || request.getQueryString() != null
                || !(authentication.getDetails() instanceof AuthSession session)
                || session.user() == null) {
            return false;
        }
        byte[] body = meBytes.get(session.user(), json::writeValueAsBytes);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        return true;
    }
}
