package io.github.lmstudiojava.client;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Describes a record or one of its components in the JSON schema {@link JsonSchema#of(Class)}
 * derives, so the model knows what to put there.
 *
 * <pre>{@code
 * record Weather(@Description("city name, e.g. Paris") String city,
 *                @Description("temperature unit") Unit unit) {}
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.PARAMETER})
public @interface Description {
  /**
   * The description.
   *
   * @return the text put in the schema's {@code description}
   */
  String value();
}
