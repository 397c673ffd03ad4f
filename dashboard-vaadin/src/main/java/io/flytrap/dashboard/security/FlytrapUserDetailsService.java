package io.flytrap.dashboard.security;

import io.flytrap.core.users.UserService;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

@Component
class FlytrapUserDetailsService implements UserDetailsService {

    private final UserService users;

    FlytrapUserDetailsService(UserService users) {
        this.users = users;
    }

    @Override
    public UserDetails loadUserByUsername(String email) {
        return users.findCredentials(email)
                .map(credentials -> new FlytrapPrincipal(credentials.user(), credentials.passwordHash()))
                .orElseThrow(() -> new UsernameNotFoundException("no such user"));
    }
}
