package com.globalremit.teller.ratelimit;

import java.util.stream.Collectors;

import com.globalremit.redis.autoconfigure.ratelimit.RateLimited;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A CSV export of the branch list: heavier than a page view, so it has a limit of its own for every tier
 * (5 per minute) through {@link RateLimited}, on top of the tier limits every other endpoint gets from
 * teller-ratelimit.yml.
 */
@RestController
class BranchExportController {

    private final JdbcClient jdbc;

    BranchExportController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @RateLimited(group = "branch-export", limit = 5, window = "1m")
    @GetMapping(path = "/api/branches/export", produces = "text/csv")
    String export() {
        String rows = jdbc.sql("SELECT id, name, country FROM branch ORDER BY id")
                .query((rs, n) -> csv(rs.getString(1)) + "," + csv(rs.getString(2)) + "," + csv(rs.getString(3)))
                .list().stream().collect(Collectors.joining("\n"));
        return "id,name,country\n" + rows + "\n";
    }

    private static String csv(String value) {
        return value.contains(",") || value.contains("\"") ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }
}
