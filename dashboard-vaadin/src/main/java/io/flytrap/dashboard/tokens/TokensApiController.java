package io.flytrap.dashboard.tokens;

import io.flytrap.core.users.ApiTokenService;
import io.flytrap.core.users.IssuedToken;
import io.flytrap.core.users.PasswordChecks;
import io.flytrap.core.users.TokenInfo;
import io.flytrap.dashboard.security.FlytrapPrincipal;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;

/**
 * Personal API tokens: exchanging e-mail and password for one (how scripts and automation sign in; throttled and
 * audited like the sign-in form), and listing and revoking one's own.
 */
@RestController
class TokensApiController {

    record TokenRequest(String email, String password, String name) {
    }

    record TokenResponse(long id, String name, String token) {
    }

    private final PasswordChecks passwords;
    private final ApiTokenService tokens;

    TokensApiController(PasswordChecks passwords, ApiTokenService tokens) {
        this.passwords = passwords;
        this.tokens = tokens;
    }

    /** 429 while the e-mail or the client's address is paused after wrong passwords, whatever the password. */
    @PostMapping("/api/v1/tokens")
    ResponseEntity<?> create(@RequestBody TokenRequest request, HttpServletRequest http) {
        var user = passwords.check(request.email(), request.password(), PasswordChecks.Via.API_TOKEN, http.getRemoteAddr());
        if (user.isEmpty()) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(Map.of("error", "wrong e-mail or password"));
        }
        IssuedToken issued = tokens.issue(user.get().id(), request.name());
        return ResponseEntity.status(HttpStatus.CREATED).body(new TokenResponse(issued.id(), issued.name(), issued.token()));
    }

    /** The caller's own personal tokens (not the values, which are not stored). */
    @GetMapping("/api/v1/tokens")
    List<TokenInfo> list(@AuthenticationPrincipal FlytrapPrincipal principal) {
        return tokens.listPersonal(principal.caller(), principal.caller().userId());
    }

    /** Revokes one of the caller's own personal tokens; someone else's answers 404, as if it did not exist. */
    @DeleteMapping("/api/v1/tokens/{tokenId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable long tokenId) {
        tokens.revokePersonal(principal.caller(), principal.caller().userId(), tokenId);
    }
}
