package io.github.lmstudiojava.sessions.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PostgresUrlTest {
  @Test
  void thePasswordParameterIsTakenOutAndTheRestKept() {
    PostgresUrl url =
        PostgresUrl.parse(
            "jdbc:postgresql://127.0.0.1:5432/db?user=lms&password=s%26cret&currentSchema=chats");

    assertThat(url.shown)
        .isEqualTo("jdbc:postgresql://127.0.0.1:5432/db?user=lms&currentSchema=chats");
    assertThat(url.password).isEqualTo("s&cret");
    assertThat(url.server).isEqualTo("127.0.0.1:5432");
    assertThat(url.sets("CURRENTSCHEMA")).isTrue();
    assertThat(url.sets("socketTimeout")).isFalse();
  }

  @Test
  void userInformationAndEveryKindOfPasswordAreTakenOut() {
    PostgresUrl url =
        PostgresUrl.parse(
            "jdbc:postgresql://lms:hunter2@db.example/chats?PassWord=p1&sslpassword=p2&ssl=true"
                + "&sslpasswordcallback=x");

    assertThat(url.shown).isEqualTo("jdbc:postgresql://db.example/chats?ssl=true");
    assertThat(url.userInfoUser).isEqualTo("lms");
    assertThat(url.password).isEqualTo("p1");
    assertThat(url.sslPassword).isEqualTo("p2");
    assertThat(url.server).isEqualTo("db.example:5432");
  }

  @Test
  void theServerIsTheFirstHostWithItsPort() {
    assertThat(PostgresUrl.parse("jdbc:postgresql://a:6000,b:6001/db").server).isEqualTo("a:6000");
    assertThat(PostgresUrl.parse("jdbc:postgresql://[::1]:6000/db").server).isEqualTo("[::1]:6000");
    assertThat(PostgresUrl.parse("jdbc:postgresql://[::1]/db").server).isEqualTo("[::1]:5432");
    assertThat(PostgresUrl.parse("jdbc:postgresql:db").server).isEqualTo("localhost:5432");
    assertThat(PostgresUrl.parse("jdbc:postgresql:db?password=x").shown)
        .isEqualTo("jdbc:postgresql:db");
  }

  @Test
  void hideRemovesPasswordsFromAnyText() {
    assertThat(PostgresUrl.hide("jdbc:postgresql://u:p@h/db?password=x&user=u&sslpassword=y"))
        .isEqualTo("jdbc:postgresql://h/db?user=u");
    assertThat(PostgresUrl.hide("jdbc:postgresql://h/db?user=u&password=x&ssl=true"))
        .isEqualTo("jdbc:postgresql://h/db?user=u&ssl=true");
  }

  @Test
  void aUrlOfAnotherKindIsRefusedWithoutRepeatingItsPassword() {
    assertThatThrownBy(() -> PostgresUrl.parse("jdbc:mysql://h/db?user=u&password=hunter2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jdbc:mysql://h/db?user=u")
        .hasMessageContaining("jdbc:postgresql://HOST:PORT/DATABASE")
        .hasMessageNotContaining("hunter2");
  }
}
