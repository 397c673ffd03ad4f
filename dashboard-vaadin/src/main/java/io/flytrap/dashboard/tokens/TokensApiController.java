package io.flytrap.dashboard.tokens;

import io.flytrap.core.users.ApiTokenService;
import io.flytrap.core.users.IssuedToken;
import io.flytrap.core.users.UserService;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/** Exchanges e-mail and password for a personal API token: how scripts and automation sign in. */
@RestController
class TokensApiController {

    record TokenRequest(String email, String password, String name) {
    }

    record TokenResponse(long id, String name, String token) {
    }

    private final UserService users;
    private final ApiTokenService tokens;

    TokensApiController(UserService users, ApiTokenService tokens) {
        this.users = users;
        this.tokens = tokens;
    }

    @PostMapping("/api/v1/tokens")
    ResponseEntity<?> create(@RequestBody TokenRequest request) {
        var user = users.authenticate(request.email(), request.password());
        if (user.isEmpty()) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(Map.of("error", "wrong e-mail or password"));
        }
        IssuedToken issued = tokens.issue(user.get().id(), request.name());
        return ResponseEntity.status(HttpStatus.CREATED).body(new TokenResponse(issued.id(), issued.name(), issued.token()));
    }
}
