package com.globalremit.redis.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class AclRulesTest {

    @Test
    void rulesApplyLeftToRight() {
        assertThat(AclRules.permits("+@all", "FLUSHALL", null)).isTrue();
        assertThat(AclRules.permits("+@all -@dangerous", "FLUSHALL", null)).isFalse();
        assertThat(AclRules.permits("+@all -@dangerous +flushall", "FLUSHALL", null)).isTrue();
        assertThat(AclRules.permits("+flushall -@all", "FLUSHALL", null)).isFalse();
        assertThat(AclRules.permits("allcommands -keys", "KEYS", null)).isFalse();
        assertThat(AclRules.permits("nocommands +@read", "KEYS", null)).isTrue();
        assertThat(AclRules.permits("-@all +@read", "FLUSHDB", null)).isFalse();
        assertThat(AclRules.permits("-@all +@write", "FLUSHDB", null)).isTrue();
        assertThat(AclRules.permits("-@all +@string +@hash", "DEBUG", null)).isFalse();
    }

    @Test
    void subcommandRulesOnlyMatchTheirSubcommand() {
        assertThat(AclRules.permits("-@all +config|get", "CONFIG", "SET")).isFalse();
        assertThat(AclRules.permits("-@all +config|get", "CONFIG", "GET")).isTrue();
        assertThat(AclRules.permits("-@all +config", "CONFIG", "SET")).isTrue();
        assertThat(AclRules.permits("+@all -@admin", "CONFIG", "SET")).isFalse();
    }

    @Test
    void theShippedApplicationUserPermitsNone() {
        String rules = AclFileUsers.rules("remit-app");
        for (String command : ConfigurationAdvisor.DANGEROUS_COMMANDS.keySet()) {
            String[] parts = command.split(" ");
            assertThat(AclRules.permits(rules, parts[0], parts.length > 1 ? parts[1] : null)).as(command).isFalse();
        }
    }

    @Test
    void onlyTheCheckedCommandsAreKnown() {
        assertThatIllegalArgumentException().isThrownBy(() -> AclRules.permits("+@all", "GET", null));
    }

    @Test
    void readsTheCommandsFieldOfAGetuserReply() {
        List<Object> reply = List.of("flags", List.of("on"), "passwords", List.of(), "commands",
                "+@all -@dangerous".getBytes(StandardCharsets.UTF_8), "keys", List.of("*"));
        assertThat(ConfigurationAdvisor.rules(reply)).isEqualTo("+@all -@dangerous");
        assertThat(ConfigurationAdvisor.rules(List.of("flags", List.of()))).isNull();
    }
}
