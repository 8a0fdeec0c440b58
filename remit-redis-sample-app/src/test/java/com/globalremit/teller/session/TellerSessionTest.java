package com.globalremit.teller.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.globalremit.redis.test.RedisServer;
import com.globalremit.teller.TellerApplication;

/**
 * Teller login over real HTTP, sessions in a real Redis: the id changes at login, a second instance of the service
 * shares the login, remember-me and "log out everywhere" work.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "teller.dev-redis.enabled=false", TellerSessionTest.KEY_PROPERTY })
class TellerSessionTest {

    /** Both instances need the same key to read each other's sessions (a per-start dev key would not do). */
    static final String KEY_PROPERTY = "remit.redis.session.encryption.keys.test=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    static final RedisServer REDIS = RedisServer.builder().start();

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        registry.add("remit.redis.url", () -> "redis://127.0.0.1:" + REDIS.port());
    }

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void loginChangesTheSessionIdAndTheOldIdStopsWorking() throws Exception {
        Login login = login(port, "senior", false);
        assertThat(login.after).isNotEqualTo(login.before);

        HttpResponse<String> withOld = get(port, "/sessions/me", login.before);
        assertThat(withOld.statusCode()).isEqualTo(302);
        assertThat(withOld.headers().firstValue("Location").orElse("")).endsWith("/login");

        HttpResponse<String> withNew = get(port, "/sessions/me", login.after);
        assertThat(withNew.statusCode()).isEqualTo(200);
        assertThat(withNew.body()).contains("\"user\":\"senior\"").contains("\"role\":\"senior-teller\"")
                .contains("\"rememberMe\":false");
    }

    @Test
    void aSecondInstanceOnTheSameRedisSharesTheLogin() throws Exception {
        Login login = login(port, "manager", false);
        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(TellerApplication.class).run(
                "--server.port=0", "--teller.dev-redis.enabled=false",
                "--remit.redis.url=redis://127.0.0.1:" + REDIS.port(), "--" + KEY_PROPERTY)) {
            int secondPort = ((WebServerApplicationContext) second).getWebServer().getPort();
            assertThat(secondPort).isNotEqualTo(port);
            HttpResponse<String> there = get(secondPort, "/sessions/me", login.after);
            assertThat(there.statusCode()).isEqualTo(200);
            assertThat(there.body()).contains("\"user\":\"manager\"");
            // Log out on the second instance: the first no longer accepts the session either.
            HttpResponse<String> page = get(secondPort, "/sessions", login.after);
            // Browser and address were recorded at login (encrypted in Redis, decrypted for the owner's page).
            assertThat(page.body()).contains("Log out everywhere").contains("this session")
                    .contains("Java-http-client").contains("127.0.0.1").contains("manager");
            post(secondPort, "/logout", login.after, "_csrf=" + enc(csrf(page.body())));
            assertThat(get(port, "/sessions/me", login.after).statusCode()).isEqualTo(302);
        }
    }

    @Test
    void rememberMeLoginGetsTheSevenDayPolicy() throws Exception {
        Login login = login(port, "basic", true);
        assertThat(login.setCookie).containsIgnoringCase("Max-Age=");
        HttpResponse<String> me = get(port, "/sessions/me", login.after);
        assertThat(me.body()).contains("\"rememberMe\":true").contains("\"role\":\"basic-teller\"");
    }

    @Test
    void logOutEverywhereEndsEverySessionOfTheUser() throws Exception {
        Login desk = login(port, "system", false);
        Login laptop = login(port, "system", false);
        HttpResponse<String> page = get(port, "/sessions", desk.after);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(get(port, "/sessions/me", desk.after).body()).contains("\"sessions\":2");

        HttpResponse<String> out = post(port, "/sessions/logout-everywhere", desk.after,
                "_csrf=" + enc(csrf(page.body())));
        assertThat(out.statusCode()).isEqualTo(302);
        assertThat(get(port, "/sessions/me", desk.after).statusCode()).isEqualTo(302);
        assertThat(get(port, "/sessions/me", laptop.after).statusCode()).isEqualTo(302);
    }

    @Test
    void wrongPasswordDoesNotLogIn() throws Exception {
        HttpResponse<String> loginPage = get(port, "/login", null);
        String sid = sid(loginPage).orElseThrow();
        HttpResponse<String> response = post(port, "/login", sid, "username=manager&password=wrong&_csrf="
                + enc(csrf(loginPage.body())));
        assertThat(response.headers().firstValue("Location").orElse("")).contains("/login?error");
        assertThat(get(port, "/sessions/me", sid).statusCode()).isEqualTo(302);
    }

    @Test
    void prodProfileRefusesToStartWithoutAnEncryptionKey() {
        Throwable failure = null;
        try (ConfigurableApplicationContext prod = new SpringApplicationBuilder(TellerApplication.class)
                .profiles("prod").run("--server.port=0", "--remit.redis.url=redis://127.0.0.1:" + REDIS.port())) {
            assertThat(prod).as("prod started without a session key").isNull();
        } catch (RuntimeException e) {
            failure = e;
        }
        while (failure != null && !(failure instanceof InvalidConfigurationPropertyValueException)) {
            failure = failure.getCause();
        }
        assertThat(failure).isNotNull();
        assertThat(((InvalidConfigurationPropertyValueException) failure).getName())
                .isEqualTo("remit.redis.session.encryption.keys");
    }

    // ------------------------------------------------------------------ helpers

    record Login(String before, String after, String setCookie) {
    }

    private Login login(int port, String user, boolean rememberMe) throws Exception {
        HttpResponse<String> loginPage = get(port, "/login", null);
        assertThat(loginPage.statusCode()).isEqualTo(200);
        String before = sid(loginPage).orElseThrow(() -> new AssertionError("no sid cookie on the login page"));
        String form = "username=" + user + "&password=teller-demo&_csrf=" + enc(csrf(loginPage.body()))
                + (rememberMe ? "&remember-me=on" : "");
        HttpResponse<String> response = post(port, "/login", before, form);
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location").orElse("")).endsWith("/sessions");
        String after = sid(response).orElseThrow(() -> new AssertionError("login set no new sid cookie"));
        String setCookie = response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("sid="))
                .findFirst().orElseThrow();
        return new Login(before, after, setCookie);
    }

    private static Optional<String> sid(HttpResponse<?> response) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("sid="))
                .map(c -> c.substring(4, c.indexOf(';') < 0 ? c.length() : c.indexOf(';'))).filter(v -> !v.isEmpty())
                .findFirst();
    }

    private static String csrf(String html) {
        Matcher m = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(html);
        assertThat(m.find()).as("csrf token in page").isTrue();
        return m.group(1);
    }

    private HttpResponse<String> get(int port, String path, String sid) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (sid != null) {
            request.header("Cookie", "sid=" + sid);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(int port, String path, String sid, String form) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (sid != null) {
            request.header("Cookie", "sid=" + sid);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
