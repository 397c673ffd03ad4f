package io.flytrap.dashboard.tokens;

import io.flytrap.core.access.Scope;
import io.flytrap.core.users.ApiTokenService;
import io.flytrap.core.users.IssuedToken;
import io.flytrap.core.users.TokenInfo;
import io.flytrap.dashboard.security.FlytrapPrincipal;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Upload tokens limited to one project and to chosen scopes, for CI jobs (sentry-cli, curl uploads of source maps). */
@RestController
class ProjectTokensApiController {

    /** @param scopes absent: project:releases only, what CI needs */
    record NewToken(String name, List<String> scopes) {

        Set<Scope> chosenScopes() {
            if (scopes == null) {
                return Scope.UPLOAD_DEFAULT;
            }
            Set<Scope> chosen = EnumSet.noneOf(Scope.class);
            scopes.forEach(value -> chosen.add(Scope.parse(value)));
            return chosen;
        }
    }

    record CreatedToken(long id, String name, String token, List<String> scopes) {
    }

    private final ApiTokenService tokens;

    ProjectTokensApiController(ApiTokenService tokens) {
        this.tokens = tokens;
    }

    @GetMapping("/api/v1/projects/{projectId}/tokens")
    List<TokenInfo> list(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable long projectId) {
        return tokens.listForProject(principal.caller(), projectId);
    }

    /** The token is in this answer only; Flytrap keeps just its digest. */
    @PostMapping("/api/v1/projects/{projectId}/tokens")
    @ResponseStatus(HttpStatus.CREATED)
    CreatedToken create(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable long projectId,
                        @RequestBody NewToken request) {
        Set<Scope> scopes = request.chosenScopes();
        IssuedToken issued = tokens.issueForProject(principal.caller(), projectId, request.name(), scopes);
        return new CreatedToken(issued.id(), issued.name(), issued.token(), scopes.stream().sorted().map(Scope::value).toList());
    }

    @DeleteMapping("/api/v1/projects/{projectId}/tokens/{tokenId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable long projectId, @PathVariable long tokenId) {
        tokens.revokeForProject(principal.caller(), projectId, tokenId);
    }
}
