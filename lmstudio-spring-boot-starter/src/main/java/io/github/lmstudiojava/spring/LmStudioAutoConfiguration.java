package io.github.lmstudiojava.spring;

import io.github.lmstudiojava.client.LmStudio;
import io.github.lmstudiojava.client.LmStudioListener;
import io.github.lmstudiojava.client.Timeouts;
import io.github.lmstudiojava.sessions.SessionStore;
import io.github.lmstudiojava.sessions.SessionStores;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes an {@link LmStudio} client from the {@code lmstudio.*} properties, told about its calls by
 * every {@link LmStudioListener} bean (such as {@link LmStudioMetrics}), and a {@link SessionStore}
 * when {@code lmstudio.sessions.uri} is set. An application's own bean of either type replaces it.
 * Both are closed with the context.
 */
@AutoConfiguration
@ConditionalOnClass(LmStudio.class)
@EnableConfigurationProperties(LmStudioProperties.class)
public class LmStudioAutoConfiguration {
  /** For Spring. */
  public LmStudioAutoConfiguration() {}

  /**
   * The client.
   *
   * @param properties the {@code lmstudio.*} properties
   * @param listeners the listener beans, in their order
   * @return the client
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public LmStudio lmStudio(
      LmStudioProperties properties, ObjectProvider<LmStudioListener> listeners) {
    LmStudio.Builder builder =
        LmStudio.builder()
            .baseUrl(properties.getBaseUrl())
            .timeouts(timeouts(properties.getTimeouts()))
            .listener(LmStudioListener.of(listeners.orderedStream().toList()));
    String token = properties.getApiToken();
    if (token != null && !token.isBlank()) {
      builder.apiToken(token.strip());
    }
    return builder.build();
  }

  static Timeouts timeouts(LmStudioProperties.Timeouts set) {
    Timeouts timeouts = Timeouts.defaults();
    if (set.getConnect() != null) {
      timeouts = timeouts.withConnect(set.getConnect());
    }
    if (set.getModelLoad() != null) {
      timeouts = timeouts.withModelLoad(set.getModelLoad());
    }
    if (set.getFirstEvent() != null) {
      timeouts = timeouts.withFirstEvent(set.getFirstEvent());
    }
    if (set.getIdle() != null) {
      timeouts = timeouts.withIdle(set.getIdle());
    }
    if (set.getCall() != null) {
      timeouts = timeouts.withCall(set.getCall());
    }
    return timeouts;
  }

  /** The session store, with lmstudio-sessions on the class path and a URI set. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(SessionStore.class)
  static class SessionStoreConfiguration {
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnProperty("lmstudio.sessions.uri")
    SessionStore lmStudioSessionStore(LmStudioProperties properties) {
      return SessionStores.open(properties.getSessions().getUri().strip());
    }
  }
}
