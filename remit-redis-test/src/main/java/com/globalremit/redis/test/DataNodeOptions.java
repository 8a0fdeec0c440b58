package com.globalremit.redis.test;

/** The options every topology's builder shares for its data nodes, so they are applied in one place. */
interface DataNodeOptions<B extends DataNodeOptions<B>> {

    B aof(boolean aof);

    B password(String password);

    B aclUser(String name, String password, String rules);
}
