/**
 * Spring Boot auto-configuration for lmstudio-java: an {@link
 * io.github.lmstudiojava.client.LmStudio} client from the {@code lmstudio.*} properties ({@link
 * io.github.lmstudiojava.spring.LmStudioProperties}), a {@link
 * io.github.lmstudiojava.sessions.SessionStore} from {@code lmstudio.sessions.uri}, the {@code
 * lmstudio} Actuator health indicator and Micrometer metrics ({@link
 * io.github.lmstudiojava.spring.LmStudioMetrics}).
 */
package io.github.lmstudiojava.spring;
