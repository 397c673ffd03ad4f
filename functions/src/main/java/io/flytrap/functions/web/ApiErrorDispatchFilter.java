package io.flytrap.functions.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Locale;

/**
 * An error the container itself raised on an /api/ request (a chunked body it could not decode, say) is sent to the
 * servlet error page, outside {@link JsonApiErrorsFilter}. In the dashboard the sign-in guards that page, so the API
 * client got a redirect to the sign-in form. Such error dispatches are answered here, in JSON, before anything else.
 */
class ApiErrorDispatchFilter extends OncePerRequestFilter {

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false; // error dispatches are all this filter is for
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String api = request.getContextPath() + "/api";
        if (!(uri instanceof String path) || !(path.equals(api) || path.startsWith(api + "/")) || response.isCommitted()) {
            chain.doFilter(request, response);
            return;
        }
        int status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code && code >= 400
                ? code : HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
        HttpStatus known = HttpStatus.resolve(status);
        JsonApiErrorsFilter.writeJson(response, status,
                known != null ? known.getReasonPhrase().toLowerCase(Locale.ROOT) : "error " + status);
    }
}
