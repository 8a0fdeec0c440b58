package com.globalremit.redis.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.ClientOptions.DisconnectedBehavior;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions.RefreshTrigger;

/** The translation to Lettuce objects, checked without a server. */
class LettuceConfigTest {

    @Test
    void clientOptionsFailFastAndAreBounded() {
        ClientOptions options = LettuceConfig.clientOptions(RedisConnectionSettings.standalone("h:7001")
                .requestQueueSize(123).connectTimeout(Duration.ofMillis(750)).build());
        assertThat(options.getDisconnectedBehavior()).isEqualTo(DisconnectedBehavior.REJECT_COMMANDS);
        assertThat(options.getRequestQueueSize()).isEqualTo(123);
        assertThat(options.getTimeoutOptions().isTimeoutCommands()).isTrue();
        assertThat(options.getTimeoutOptions().isApplyConnectionTimeout()).isTrue();
        assertThat(options.getSocketOptions().getConnectTimeout()).isEqualTo(Duration.ofMillis(750));
        assertThat(options.isAutoReconnect()).isTrue();
    }

    @Test
    void aSilentPeerIsGivenUpWithinTheDeadConnectionTimeoutOnANativeTransport() {
        SocketOptions socket = LettuceConfig.socketOptions(RedisConnectionSettings.standalone("h:7001")
                .deadConnectionTimeout(Duration.ofSeconds(10)).build(), true);
        assertThat(socket.isKeepAlive()).isTrue();
        // 4 s idle, then 3 probes 2 s apart: given up after 10 s (the OS default is 2 h, then ~11 min of probes).
        assertThat(socket.getKeepAlive().getIdle()).isEqualTo(Duration.ofSeconds(4));
        assertThat(socket.getKeepAlive().getInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(socket.getKeepAlive().getCount()).isEqualTo(3);
        // Unacknowledged data (a write to a crashed host) no longer retransmits for ~15 min.
        assertThat(socket.isEnableTcpUserTimeout()).isTrue();
        assertThat(socket.getTcpUserTimeout().getTcpUserTimeout()).isEqualTo(Duration.ofSeconds(10));

        SocketOptions shortest = LettuceConfig.socketOptions(RedisConnectionSettings.standalone("h:7001")
                .deadConnectionTimeout(Duration.ofSeconds(1)).build(), true);
        assertThat(shortest.getKeepAlive().getIdle()).isEqualTo(Duration.ofSeconds(1));
        assertThat(shortest.getKeepAlive().getInterval()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void withoutANativeTransportKeepAliveTimingsStayButTcpUserTimeoutIsNotAskedFor() {
        // Lettuce applies keepalive timings on NIO as well; TCP_USER_TIMEOUT there would only log a warning.
        SocketOptions nio = LettuceConfig.socketOptions(RedisConnectionSettings.standalone("h:7001").build(), false);
        SocketOptions epoll = LettuceConfig.socketOptions(RedisConnectionSettings.standalone("h:7001").build(), true);
        assertThat(nio.isKeepAlive()).isTrue();
        assertThat(nio.getKeepAlive().getIdle()).isEqualTo(epoll.getKeepAlive().getIdle())
                .isLessThan(SocketOptions.KeepAliveOptions.builder().build().getIdle());
        assertThat(nio.isEnableTcpUserTimeout()).isFalse();
    }

    @Test
    void clusterTopologyRefreshIsOnByDefault() {
        ClusterClientOptions options = LettuceConfig.clusterClientOptions(
                RedisConnectionSettings.cluster("h1:7000").build());
        ClusterTopologyRefreshOptions refresh = options.getTopologyRefreshOptions();
        assertThat(refresh.getAdaptiveRefreshTriggers()).containsExactlyInAnyOrder(RefreshTrigger.values());
        // Lettuce's 30 s made a crashed master's slots unreachable for ~35 s (failover drill).
        assertThat(refresh.getAdaptiveRefreshTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(refresh.isPeriodicRefreshEnabled()).isTrue();
        assertThat(refresh.getRefreshPeriod()).isEqualTo(Duration.ofSeconds(60));
        assertThat(refresh.useDynamicRefreshSources()).isTrue();
        assertThat(options.getDisconnectedBehavior()).isEqualTo(DisconnectedBehavior.REJECT_COMMANDS);
        assertThat(options.getRequestQueueSize()).isEqualTo(10_000);
        assertThat(options.getTimeoutOptions().isTimeoutCommands()).isTrue();
    }

    @Test
    void adaptiveRefreshTimeoutIsConfigurable() {
        ClusterTopologyRefreshOptions refresh = LettuceConfig.clusterClientOptions(RedisConnectionSettings
                .cluster("h1:7000").clusterAdaptiveRefreshTimeout(Duration.ofSeconds(7)).build())
                .getTopologyRefreshOptions();
        assertThat(refresh.getAdaptiveRefreshTimeout()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void clusterTopologyRefreshCanBeTurnedOff() {
        ClusterTopologyRefreshOptions refresh = LettuceConfig.clusterClientOptions(RedisConnectionSettings
                .cluster("h1:7000").clusterAdaptiveRefresh(false).clusterRefreshPeriod(Duration.ZERO)
                .clusterDynamicRefreshSources(false).build()).getTopologyRefreshOptions();
        assertThat(refresh.getAdaptiveRefreshTriggers()).isEmpty();
        assertThat(refresh.isPeriodicRefreshEnabled()).isFalse();
        assertThat(refresh.useDynamicRefreshSources()).isFalse();
    }

    @Test
    void standaloneUriCarriesCredentialsDatabaseSslAndTimeout() {
        RedisURI uri = LettuceConfig.standaloneUri(RedisConnectionSettings.standalone("cache.internal:6380")
                .username("app").password("pw").database(4).ssl(true).verifyPeer(false).clientName("payments")
                .commandTimeout(Duration.ofMillis(1500)).build());
        assertThat(uri.getHost()).isEqualTo("cache.internal");
        assertThat(uri.getPort()).isEqualTo(6380);
        assertThat(uri.getUsername()).isEqualTo("app");
        assertThat(uri.getPassword()).containsExactly('p', 'w');
        assertThat(uri.getDatabase()).isEqualTo(4);
        assertThat(uri.isSsl()).isTrue();
        assertThat(uri.isVerifyPeer()).isFalse();
        assertThat(uri.getClientName()).isEqualTo("payments");
        assertThat(uri.getTimeout()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void urlValuesSurviveWhereSettingsAreUnsetAndSettingsWinOtherwise() {
        RedisURI fromUrl = LettuceConfig.standaloneUri(
                RedisConnectionSettings.standalone("rediss://:url-pw@cache:6390/3").build());
        assertThat(fromUrl.isSsl()).isTrue();
        assertThat(fromUrl.getPassword()).containsExactly("url-pw".toCharArray());
        assertThat(fromUrl.getDatabase()).isEqualTo(3);
        assertThat(fromUrl.getPort()).isEqualTo(6390);

        RedisURI overridden = LettuceConfig.standaloneUri(
                RedisConnectionSettings.standalone("redis://:url-pw@cache:6390/3").password("pw").database(5)
                        .build());
        assertThat(overridden.getPassword()).containsExactly('p', 'w');
        assertThat(overridden.getDatabase()).isEqualTo(5);
    }

    @Test
    void sentinelUriListsSentinelsWithTheirOwnPassword() {
        RedisURI uri = LettuceConfig.standaloneUri(RedisConnectionSettings.sentinel("remit-primary", "s1:26379", "s2")
                .password("data-pw").sentinelPassword("sentinel-pw").build());
        assertThat(uri.getSentinelMasterId()).isEqualTo("remit-primary");
        assertThat(uri.getPassword()).containsExactly("data-pw".toCharArray());
        assertThat(uri.getSentinels()).extracting(RedisURI::getHost).containsExactly("s1", "s2");
        assertThat(uri.getSentinels()).extracting(RedisURI::getPort).containsExactly(26379, 26379);
        assertThat(uri.getSentinels().get(0).getPassword()).containsExactly("sentinel-pw".toCharArray());
    }

    @Test
    void clusterUrisAreOnePerSeed() {
        List<RedisURI> uris = LettuceConfig.clusterUris(RedisConnectionSettings.cluster("h1:7000", "h2:7001")
                .password("pw").build());
        assertThat(uris).extracting(RedisURI::getPort).containsExactly(7000, 7001);
        assertThat(uris).allSatisfy(u -> assertThat(u.getPassword()).containsExactly('p', 'w'));
    }

    @Test
    void eachCallReturnsFreshUris() {
        RedisConnectionSettings settings = RedisConnectionSettings.standalone("h:7001").build();
        assertThat(LettuceConfig.standaloneUri(settings)).isNotSameAs(LettuceConfig.standaloneUri(settings));
    }
}
