package org.argos.checks.rdap;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * IANA's RDAP bootstrap file for domain names (RFC 9224): which RDAP servers answer for which top-level domains (or
 * longer suffixes). Read once, bounded in size and depth, kept as a map from suffix to base URLs.
 */
final class RdapBootstrap {
  /** Larger than IANA's file (about 70 KB) by far, small enough that a wrong file cannot fill the heap. */
  static final int MAX_BYTES = 4 << 20;

  private final String publication;
  private final Map<String, List<URI>> servers;

  private RdapBootstrap(String publication, Map<String, List<URI>> servers) {
    this.publication = publication;
    this.servers = servers;
  }

  /** @return the copy of IANA's file shipped in this jar ({@code dns.json}) */
  static RdapBootstrap shipped() {
    try (InputStream in = RdapBootstrap.class.getResourceAsStream("dns.json")) {
      if (in == null) {
        throw new IllegalStateException("dns.json is missing from the jar");
      }
      return read(in, "the shipped dns.json");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @param file a bootstrap file in IANA's format
   * @return its servers
   * @throws IllegalArgumentException naming the file when it cannot be read or is not a bootstrap file
   */
  static RdapBootstrap read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString());
    } catch (IOException e) {
      throw new IllegalArgumentException("RDAP bootstrap file " + file + ": " + e.getMessage(), e);
    }
  }

  static RdapBootstrap read(InputStream in, String source) throws IOException {
    byte[] bytes = in.readNBytes(MAX_BYTES + 1);
    if (bytes.length > MAX_BYTES) {
      throw new IllegalArgumentException("RDAP bootstrap file " + source + " is larger than " + MAX_BYTES + " bytes");
    }
    JsonMapper mapper = JsonMapper.builder(JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build()).build()).build();
    JsonNode root;
    try {
      root = mapper.readTree(bytes);
    } catch (IOException e) {
      throw new IllegalArgumentException("RDAP bootstrap file " + source + " is not JSON: " + e.getMessage(), e);
    }
    JsonNode services = root == null ? null : root.get("services");
    if (services == null || !services.isArray()) {
      throw new IllegalArgumentException("RDAP bootstrap file " + source + " has no \"services\" list");
    }
    Map<String, List<URI>> map = new HashMap<>();
    for (JsonNode service : services) {
      if (!service.isArray() || service.size() < 2 || !service.get(0).isArray() || !service.get(1).isArray()) {
        throw new IllegalArgumentException("RDAP bootstrap file " + source
            + ": each service is [[suffixes], [base URLs]], got " + abbreviate(service.toString()));
      }
      List<URI> urls = new ArrayList<>();
      for (JsonNode u : service.get(1)) {
        URI uri = URI.create(u.asText());
        if (uri.getScheme() != null && (uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
          urls.add(uri);
        }
      }
      // RFC 9224 asks clients to prefer HTTPS when a service offers both
      urls.sort((a, b) -> Boolean.compare(!a.getScheme().equals("https"), !b.getScheme().equals("https")));
      for (JsonNode suffix : service.get(0)) {
        map.put(normalise(suffix.asText()), List.copyOf(urls));
      }
    }
    JsonNode pub = root.get("publication");
    return new RdapBootstrap(pub == null ? "" : pub.asText(), Map.copyOf(map));
  }

  /** @return the file's publication time as it says it ({@code 2026-06-26T18:00:02Z}), or empty */
  String publication() {
    return publication;
  }

  /**
   * @param domain a domain name in ASCII form ({@code example.org})
   * @return the base URLs of the RDAP servers for the longest suffix of it that the file lists, HTTPS first; empty
   *     when none does
   */
  List<URI> servers(String domain) {
    String d = normalise(domain);
    for (int i = 0; i >= 0; i = d.indexOf('.', i) < 0 ? -1 : d.indexOf('.', i) + 1) {
      List<URI> found = servers.get(d.substring(i));
      if (found != null && !found.isEmpty()) {
        return found;
      }
    }
    return List.of();
  }

  private static String normalise(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
  }

  private static String abbreviate(String s) {
    return s.length() <= 120 ? s : s.substring(0, 120) + "…";
  }
}
