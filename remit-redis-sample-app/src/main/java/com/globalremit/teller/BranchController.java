package com.globalremit.teller;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Branches of the teller network, read from the service's own database (H2 by default). */
@RestController
@RequestMapping("/api/branches")
class BranchController {

    record Branch(String id, String name, String country) {
    }

    private final JdbcClient jdbc;

    BranchController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping
    List<Branch> branches() {
        return jdbc.sql("SELECT id, name, country FROM branch ORDER BY id").query(Branch.class).list();
    }
}
