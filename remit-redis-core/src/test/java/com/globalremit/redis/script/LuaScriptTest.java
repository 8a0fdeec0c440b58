package com.globalremit.redis.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class LuaScriptTest {

    @Test
    void sha1IsTheRedisDigestOfTheSource() {
        // Known value: SCRIPT LOAD "return 1" answers e0e1f9fabfc9d4800c877a703b823ac0578ff8db.
        assertThat(LuaScript.of("one", "return 1").sha1()).isEqualTo("e0e1f9fabfc9d4800c877a703b823ac0578ff8db");
    }

    @Test
    void loadsAResourceBesideItsOwner() {
        LuaScript script = LuaScript.fromResource(LuaScriptTest.class, "get_key.lua");
        assertThat(script.source()).isEqualTo("return redis.call('GET', KEYS[1])");
        assertThat(script.sha1()).isEqualTo("d3c21d0c2b9ca22f82737626a27bcaf5d288f99f");
        assertThat(script.name()).isEqualTo("com/globalremit/redis/script/get_key.lua");
        assertThat(script).isEqualTo(LuaScript.of("other name", "return redis.call('GET', KEYS[1])"));
    }

    @Test
    void preludeIsJoinedInFrontOfTheScriptWithANewline() {
        LuaScript script = LuaScript.withPrelude(LuaScriptTest.class, "prelude_double.lua", "uses_prelude.lua");
        assertThat(script.source()).isEqualTo("local function double(x) return 2 * tonumber(x) end\n\n"
                + "return double(ARGV[1])");
        assertThat(script.name()).isEqualTo("com/globalremit/redis/script/uses_prelude.lua");
        assertThat(script).isNotEqualTo(LuaScript.fromResource(LuaScriptTest.class, "uses_prelude.lua"));
    }

    @Test
    void missingPreludeIsNamed() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> LuaScript.withPrelude(LuaScriptTest.class, "nope.lua", "uses_prelude.lua"))
                .withMessageStartingWith("Lua script 'nope.lua' not found");
    }

    @Test
    void missingResourceNamesOwnerAndPath() {
        assertThatIllegalArgumentException().isThrownBy(() -> LuaScript.fromResource(LuaScriptTest.class, "nope.lua"))
                .withMessage("Lua script 'nope.lua' not found beside com.globalremit.redis.script.LuaScriptTest"
                        + " (looked for classpath resource com/globalremit/redis/script/nope.lua)");
    }

    @Test
    void emptyScriptIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> LuaScript.of("empty", ""))
                .withMessage("Lua script 'empty' is empty");
    }

    @Test
    void sourceBytesAreACopy() {
        LuaScript script = LuaScript.of("one", "return 1");
        script.sourceBytes()[0] = 'X';
        assertThat(script.source()).isEqualTo("return 1");
    }
}
