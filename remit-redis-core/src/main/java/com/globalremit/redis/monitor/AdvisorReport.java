package com.globalremit.redis.monitor;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The advisor's findings for every node.
 *
 * @param generatedAt when the checks ran
 * @param roles the roles the instance was checked for
 * @param findings one per check and node
 */
public record AdvisorReport(Instant generatedAt, Set<RedisRole> roles, List<Finding> findings) {

    public AdvisorReport {
        roles = Set.copyOf(roles);
        findings = List.copyOf(findings);
    }

    /** Findings with the given status. */
    public List<Finding> withStatus(FindingStatus status) {
        return findings.stream().filter(f -> f.status() == status).toList();
    }

    /** The worst status: CRITICAL over WARN over UNKNOWN over OK. */
    public FindingStatus worst() {
        return findings.stream().map(Finding::status).max(Comparator.comparingInt(FindingStatus::rank))
                .orElse(FindingStatus.OK);
    }

    /** A multi-line text for a start-up log, worst first. */
    public String format() {
        StringBuilder text = new StringBuilder("Redis configuration advice for roles ")
                .append(roles.stream().sorted().toList()).append(": ").append(worst()).append('\n');
        findings.stream().sorted(Comparator.comparingInt((Finding f) -> -f.status().rank()))
                .forEach(f -> text.append(String.format("  %-8s %-20s %-20s actual: %s; recommended: %s%s%n",
                        f.status(), f.check(), f.node(), f.actual(), f.recommended(),
                        f.status() == FindingStatus.OK ? "" : " (" + f.why() + ")")));
        return text.toString();
    }
}
