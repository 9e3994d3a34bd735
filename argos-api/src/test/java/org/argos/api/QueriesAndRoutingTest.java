package org.argos.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Domain queries are bounded and normalized; alert routings are immutable and list each channel once. */
class QueriesAndRoutingTest {
  @Test
  void aDomainQueryBoundsItsPage() {
    assertThat(new DomainQuery(null, null, null, 0, 1).limit()).isEqualTo(1);
    assertThat(new DomainQuery(null, null, null, 5, 1000).offset()).isEqualTo(5);
    assertThatThrownBy(() -> new DomainQuery(null, null, null, -1, 10)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("offset must be >= 0, got -1");
    assertThatThrownBy(() -> new DomainQuery(null, null, null, 0, 0)).hasMessage("limit must be between 1 and 1000, got 0");
    assertThatThrownBy(() -> DomainQuery.firstPage(1001)).hasMessageContaining("got 1001");
    assertThat(DomainQuery.firstPage(10)).isEqualTo(new DomainQuery(null, null, null, 0, 10));
  }

  @Test
  void aDomainQueryNormalizesItsFilters() {
    DomainQuery q = new DomainQuery(Severity.CRITICAL, " Prod ", "  Shop ", 0, 10);
    assertThat(q.tag()).isEqualTo("prod");
    assertThat(q.text()).as("text keeps its case: the search is case-insensitive").isEqualTo("Shop");
    DomainQuery blank = new DomainQuery(null, " ", "", 0, 10);
    assertThat(blank.tag()).isNull();
    assertThat(blank.text()).isNull();
  }

  @Test
  void aRoutingIsACopyAndNamesEachChannelOnce() {
    Map<Severity, List<String>> channels = new EnumMap<>(Severity.class);
    List<String> critical = new ArrayList<>(List.of("mail", "gotify"));
    channels.put(Severity.CRITICAL, critical);
    channels.put(Severity.OK, List.of("mail"));
    AlertRouting r = new AlertRouting(channels, List.of("ops", "mail"));
    critical.add("sms");
    channels.put(Severity.WARNING, List.of("x"));
    assertThat(r.channelsFor(Severity.CRITICAL)).containsExactly("mail", "gotify");
    assertThat(r.channelsFor(Severity.WARNING)).as("a severity without channels").isEmpty();
    assertThat(r.allChannels()).containsExactly("mail", "gotify", "ops");
    assertThatThrownBy(() -> r.channels().put(Severity.UNKNOWN, List.of())).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> r.channelsFor(Severity.OK).add("y")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void routingEverythingAndNothing() {
    AlertRouting all = AlertRouting.all("local", "mail");
    for (Severity s : Severity.values()) {
      assertThat(all.channelsFor(s)).containsExactly("local", "mail");
    }
    assertThat(all.noAgent()).containsExactly("local", "mail");
    assertThat(all.allChannels()).containsExactly("local", "mail");
    assertThat(AlertRouting.NONE.allChannels()).isEmpty();
    assertThat(AlertRouting.NONE.channelsFor(Severity.CRITICAL)).isEmpty();
  }
}
