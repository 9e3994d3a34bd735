package org.argos.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Request headers and bodies hold credentials: what prints a site (logs, errors) never shows them. */
class RequestDataMaskingTest {
  @Test
  void toStringNamesTheHeadersButNeverShowsTheirValuesOrTheBody() {
    RequestData d = new RequestData(Map.of("login", "admin", "password", "hunter2-form"), false,
        Map.of("Authorization", "Bearer s3cr3t-header-token", "X-Api-Key", "k3y-value"));
    Site site = Site.builder("https://example.org").path("/login", p -> p.method("POST").requestData(d)
        .check("status-is", 200)).build();
    for (String text : new String[] {d.toString(), site.toString(), site.paths().get(0).toString()}) {
      assertThat(text).contains("Authorization", "X-Api-Key", "***")
          .doesNotContain("s3cr3t-header-token", "k3y-value", "hunter2-form", "admin");
    }
    assertThat(RequestData.NONE.toString()).isEqualTo("RequestData[data=none, json=false, headers={}]");
  }
}
