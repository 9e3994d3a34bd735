package org.argos.web.status;

import static org.assertj.core.api.Assertions.assertThat;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class PublicStatusRenderTest {
  private static final TemplateEngine TEMPLATES = TemplateEngine.createPrecompiled(ContentType.Html);
  private static final Instant AT = Instant.parse("2026-12-07T21:40:12.345Z");

  private static List<PublicStatus.Day> days(double today) {
    List<PublicStatus.Day> out = new ArrayList<>();
    LocalDate first = LocalDate.of(2026, 12, 7).minusDays(PublicStatus.BAR_DAYS - 1);
    for (int i = 0; i < PublicStatus.BAR_DAYS; i++) {
      out.add(new PublicStatus.Day(first.plusDays(i), i < 10 ? null : i == PublicStatus.BAR_DAYS - 1 ? today : 1.0));
    }
    return out;
  }

  private static String render(PublicStatus.Page page) {
    StringOutput out = new StringOutput();
    TEMPLATES.render("status/page.jte", page, out);
    return out.toString();
  }

  private static PublicStatus.Page page(PublicStatus.Site... sites) {
    var incident = new PublicStatus.Incident("Backend <b>10.0.0.5</b> down", "identified", AT.minusSeconds(600), null,
        List.of(new PublicStatus.Update(AT, "identified", "A disk failed & was replaced"),
            new PublicStatus.Update(AT.minusSeconds(600), "investigating", "Sites are unreachable")));
    var past = new PublicStatus.Incident("Maintenance ran late", "resolved", AT.minusSeconds(86_400),
        AT.minusSeconds(80_000), List.of(new PublicStatus.Update(AT.minusSeconds(80_000), "resolved", "Done")));
    return new PublicStatus.Page("Collectif <Chatons>", "/argos", "chatons", PublicStatus.Overall.OUTAGE,
        List.of(new PublicStatus.Group("g1", "Web", List.of(sites))), List.of(incident), List.of(past), 2, 3, AT);
  }

  @Test
  void aPageShowsStateUptimeAndDaysWithoutScriptAndEscapesEverything() {
    String html = render(page(
        new PublicStatus.Site("blog.example", null, "down", null, Arrays.asList(0.99996, 0.95, 1.0, null), days(0.5)),
        new PublicStatus.Site("<script>alert(1)</script>", null, "up", null, Arrays.asList(1.0, 1.0, 1.0, 1.0),
            days(1.0))));
    assertThat(html).doesNotContainIgnoringCase("<script").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    assertThat(html).contains("<title>Collectif &lt;Chatons&gt; · status</title>");
    assertThat(html).contains("Some systems are down");
    assertThat(html).contains("99.99 %").as("downtime never reads 100").doesNotContain("100.00 %");
    assertThat(html).contains("95.00 %", "no data", "100 %");
    assertThat(Pattern.compile("<rect class=\"day-").matcher(html).results().count())
        .isEqualTo(2L * PublicStatus.BAR_DAYS);
    assertThat(html).contains("<title>2026-12-07: 50.00 % up</title>", "<title>2026-09-09: no data</title>");
    assertThat(html).contains("class=\"day-major\"", "class=\"day-none\"", "class=\"day-ok\"");
    assertThat(html).contains("Backend &lt;b&gt;10.0.0.5&lt;/b&gt; down", "A disk failed &amp; was replaced");
    assertThat(html).contains("2026-12-07 21:40 UTC");
    assertThat(html.indexOf("identified</strong>")).as("the timeline is newest first, as given")
        .isLessThan(html.indexOf("investigating</strong>"));
    assertThat(html).contains("Past incidents", "Maintenance ran late");
    assertThat(html).contains("href=\"/argos/status/chatons\" rel=\"prev\"", "href=\"/argos/status/chatons?page=3\" rel=\"next\"",
        "Page 2 of 3");
    assertThat(html).contains("href=\"/argos/static/status.css\"", "/argos/status/chatons/incidents.atom");
  }

  @Test
  void aPageThatHidesDetailsShowsNoUrlNorErrorAndOneThatAllowsThemDoes() {
    String hidden = render(page(
        new PublicStatus.Site("shop.example", null, "down", null, Arrays.asList(0.5, 0.5, 0.5, 0.5), days(0.5))));
    assertThat(hidden).doesNotContain("https://shop.example", "connect timeout").doesNotContain("class=\"err\"");
    String shown = render(page(new PublicStatus.Site("shop.example", "https://shop.example/", "down",
        "connect timeout", Arrays.asList(0.5, 0.5, 0.5, 0.5), days(0.5))));
    assertThat(shown).contains("<a href=\"https://shop.example/\" rel=\"nofollow\">shop.example</a>",
        "<div class=\"err\">connect timeout</div>");
  }

  @Test
  void percentagesRoundDownAndSayWhenThereIsNoData() {
    assertThat(PublicStatus.percent(0.999999)).isEqualTo("99.99 %");
    assertThat(PublicStatus.percent(1.0)).isEqualTo("100 %");
    assertThat(PublicStatus.percent(0.0)).isEqualTo("0.00 %");
    assertThat(PublicStatus.percent(null)).isEqualTo("no data");
    assertThat(PublicStatus.percent(Double.NaN)).isEqualTo("no data");
    assertThat(PublicStatus.percent(1.5)).isEqualTo("100 %");
  }

  @Test
  void badgesAreWellFormedSvgWithATextAlternativeAndEscapedText() throws Exception {
    String svg = Badges.state("a<b & \"c\"\u0001", "down");
    Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    assertThat(d.getDocumentElement().getAttribute("role")).isEqualTo("img");
    assertThat(d.getDocumentElement().getAttribute("aria-label")).isEqualTo("a<b & \"c\": down");
    assertThat(svg).doesNotContainIgnoringCase("script").doesNotContain("href");
    String up = Badges.uptime("uptime 30 d", 0.9951);
    DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(up.getBytes(StandardCharsets.UTF_8)));
    assertThat(up).contains(">99.51 %<", "#4d8a1f");
    assertThat(Badges.uptime("uptime", null)).contains(">no data<");
    assertThat(Badges.state("x".repeat(500), "up")).contains("x".repeat(Badges.MAX_TEXT - 1) + "…")
        .doesNotContain("x".repeat(Badges.MAX_TEXT));
  }

  @Test
  void anUnchangedPageAnswersNotModified() {
    String tag = Conditional.etag("<html>a</html>");
    assertThat(tag).startsWith("\"").endsWith("\"").isEqualTo(Conditional.etag("<html>a</html>"));
    assertThat(Conditional.etag("<html>b</html>")).isNotEqualTo(tag);
    assertThat(Conditional.notModified(tag, tag)).isTrue();
    assertThat(Conditional.notModified("W/" + tag, tag)).as("GET compares weakly").isTrue();
    assertThat(Conditional.notModified("\"other\", " + tag, tag)).isTrue();
    assertThat(Conditional.notModified("*", tag)).isTrue();
    assertThat(Conditional.notModified("\"other\"", tag)).isFalse();
    assertThat(Conditional.notModified(null, tag)).isFalse();
    assertThat(Conditional.notModified("", tag)).isFalse();
  }
}
