package com.globalremit.teller.session;

import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.security.SpringSessionBackedSessionRegistry;

import com.globalremit.redis.autoconfigure.session.RemitRememberMeServices;

/**
 * Form login for tellers. Sessions live in Redis through remit-redis (Spring Session), so:
 * <ul>
 * <li>login changes the session id (Spring Security's default fixation protection) and the old id stops working;</li>
 * <li>"remember me" gives the session the 7-day policy ({@link RemitRememberMeServices});</li>
 * <li>concurrent-session control counts a user's sessions across all instances through the store's per-user
 * index ({@link SpringSessionBackedSessionRegistry}).</li>
 * </ul>
 * Only the teller's own pages need a login here: the other features' demo APIs ({@code /api/**}) and the actuator
 * stay reachable as before, so each feature of the sample can be tried on its own.
 */
@Configuration(proxyBeanMethods = false)
class TellerSecurityConfiguration {

    /** The teller roles, with what each may do (the store keeps these as the session's role and permissions). */
    enum TellerRole {
        BASIC_TELLER("basic", "TRANSFER_CREATE"),
        SENIOR_TELLER("senior", "TRANSFER_CREATE", "TRANSFER_APPROVE"),
        MANAGER("manager", "TRANSFER_CREATE", "TRANSFER_APPROVE", "LIMIT_OVERRIDE"),
        SYSTEM("system", "BATCH_RUN");

        final String demoUser;
        final String[] permissions;

        TellerRole(String demoUser, String... permissions) {
            this.demoUser = demoUser;
            this.permissions = permissions;
        }
    }

    @Bean
    SecurityFilterChain tellerSecurity(HttpSecurity http, RemitRememberMeServices rememberMe,
            FindByIndexNameSessionRepository<? extends Session> sessions,
            @Value("${teller.security.open-actuator:false}") boolean openActuator) throws Exception {
        http.authorizeHttpRequests(auth -> {
            auth.requestMatchers("/actuator/health/**", "/actuator/health", "/actuator/info").permitAll();
            if (openActuator) {
                auth.requestMatchers("/actuator/**").permitAll();
            } else {
                auth.requestMatchers("/actuator/**").hasAnyRole("MANAGER", "SYSTEM");
            }
            auth.requestMatchers("/sessions/**").authenticated();
            auth.anyRequest().permitAll();
        });
        http.formLogin(form -> form.defaultSuccessUrl("/sessions"));
        http.rememberMe(r -> r.rememberMeServices(rememberMe));
        http.logout(logout -> logout.logoutSuccessUrl("/login?logout"));
        // JSON APIs of the other features are called by programs, not browsers holding our cookie.
        http.csrf(csrf -> csrf.ignoringRequestMatchers("/api/**", "/actuator/**"));
        http.sessionManagement(s -> s.maximumSessions(5)
                .sessionRegistry(new SpringSessionBackedSessionRegistry<>(sessions)));
        return http.build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService tellerUsers(PasswordEncoder encoder,
            @Value("${teller.security.demo-users:false}") boolean demoUsers,
            @Value("${teller.security.demo-password:}") String demoPassword) {
        List<UserDetails> users = new ArrayList<>();
        if (demoUsers && !demoPassword.isEmpty()) {
            String hash = encoder.encode(demoPassword);
            for (TellerRole role : TellerRole.values()) {
                users.add(User.withUsername(role.demoUser).password(hash).roles(role.name())
                        .authorities(authorities(role)).build());
            }
        }
        // In production, replace this with the bank's identity provider.
        return new InMemoryUserDetailsManager(users);
    }

    private static String[] authorities(TellerRole role) {
        String[] all = new String[role.permissions.length + 1];
        all[0] = "ROLE_" + role.name();
        System.arraycopy(role.permissions, 0, all, 1, role.permissions.length);
        return all;
    }
}
