package org.argos.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A path names what to request; its errors name the path. */
class PathSpecTest {
  @Test
  void theBuilderGivesAGetWithoutRedirectsOrOwnTimeout() {
    PathSpec p = PathSpec.builder("/health?full=1").check("status-is", 200).build();
    assertThat(p.method()).isEqualTo("GET");
    assertThat(p.requestData()).isEqualTo(RequestData.NONE);
    assertThat(p.followRedirects()).isFalse();
    assertThat(p.maxRedirects()).isEqualTo(10);
    assertThat(p.timeout()).isNull();
    PathSpec follows = PathSpec.builder("/").check("status-is", 200).followRedirects(3).timeout(Duration.ofSeconds(2))
        .build();
    assertThat(follows.followRedirects()).isTrue();
    assertThat(follows.maxRedirects()).isEqualTo(3);
    assertThat(follows.timeout()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void methodsAreUpperCasedAndLimitedToHttpsOwn() {
    assertThat(new PathSpec("/", " post ", null, List.of(CheckSpec.of("status-is", 200)), false, 0, null).method())
        .isEqualTo("POST");
    assertThat(new PathSpec("/", null, null, List.of(CheckSpec.of("status-is", 200)), false, 0, null).method())
        .isEqualTo("GET");
    for (String m : PathSpec.METHODS) {
      assertThat(PathSpec.builder("/").method(m.toLowerCase(java.util.Locale.ROOT)).check("status-is", 200).build()
          .method()).isEqualTo(m);
    }
    assertThatThrownBy(() -> PathSpec.builder("/").method("FETCH").check("status-is", 200).build())
        .isInstanceOf(InvalidSiteException.class).hasMessageStartingWith("path '/': method 'FETCH' is not one of");
  }

  @Test
  void aPathStartsWithASlashAndHoldsNoSpaceOrControlCharacter() {
    assertThatThrownBy(() -> PathSpec.builder("health").check("status-is", 200).build())
        .isInstanceOf(InvalidSiteException.class).hasMessage("path: must start with '/', got 'health'");
    assertThatThrownBy(() -> PathSpec.builder("").check("status-is", 200).build()).hasMessageContaining("start with '/'");
    for (String bad : new String[] {"/a b", "/a\tb", "/a\r\nHost: evil", "/\u0000"}) {
      assertThatThrownBy(() -> PathSpec.builder(bad).check("status-is", 200).build()).as(bad)
          .hasMessageContaining("must not contain spaces or control characters");
    }
  }

  @Test
  void aPathNeedsACheckAndKeepsItsOwnCopyOfThem() {
    assertThatThrownBy(() -> PathSpec.builder("/x").build()).hasMessage("path '/x': needs at least one check");
    List<CheckSpec> checks = new ArrayList<>(List.of(CheckSpec.of("status-is", 200)));
    PathSpec p = new PathSpec("/", "GET", RequestData.NONE, checks, false, 0, null);
    checks.add(CheckSpec.of("body-contains", "x"));
    assertThat(p.checks()).hasSize(1);
    assertThatThrownBy(() -> p.checks().add(CheckSpec.of("x", 1))).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void redirectsAndTimeoutAreBounded() {
    assertThat(PathSpec.builder("/").check("status-is", 200).followRedirects(0).build().maxRedirects()).isZero();
    assertThat(PathSpec.builder("/").check("status-is", 200).followRedirects(50).build().maxRedirects()).isEqualTo(50);
    assertThatThrownBy(() -> PathSpec.builder("/").check("status-is", 200).followRedirects(51).build())
        .hasMessageContaining("max redirects must be between 0 and 50, got 51");
    assertThatThrownBy(() -> PathSpec.builder("/").check("status-is", 200).followRedirects(-1).build())
        .hasMessageContaining("got -1");
    assertThatThrownBy(() -> PathSpec.builder("/").check("status-is", 200).timeout(Duration.ZERO).build())
        .hasMessageContaining("path '/': timeout must be positive");
  }
}
