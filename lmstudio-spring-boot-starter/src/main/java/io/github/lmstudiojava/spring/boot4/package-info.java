/**
 * The parts of the Spring Boot auto-configuration that Spring Boot 4 moved: the health indicator.
 */
package io.github.lmstudiojava.spring.boot4;
