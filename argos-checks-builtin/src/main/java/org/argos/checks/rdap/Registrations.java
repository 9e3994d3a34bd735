package org.argos.checks.rdap;

import com.google.common.net.InternetDomainName;
import java.net.IDN;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Finds a host's registrable domain (the public suffix list's registry part, through Guava's
 * {@link InternetDomainName}), asks the RDAP server the bootstrap file names for it, and caches the outcome per
 * registrable domain: a thousand sites under one domain cost one RDAP request per TTL, even when they all run at once
 * (the others wait for the first one's answer). Bounded: at most
 * {@code maxEntries} domains are remembered (least recently used leave first).
 */
final class Registrations {
  private final RdapBootstrap bootstrap;
  private final RdapClient client;
  private final Clock clock;
  private final Duration ttl;
  private final Duration failureTtl;
  private final Map<String, Cached> cache;
  /** Lookups under way, by key: concurrent sites of one domain wait for the first one's answer. */
  private final Map<String, CompletableFuture<Result>> inFlight = new HashMap<>();

  /**
   * What is known of a registrable domain.
   *
   * @param domain the registrable domain ({@code example.org} for {@code www.example.org})
   * @param answer what the RDAP server said, or null on a failure
   * @param failureKind why there is no answer ({@code no-domain}, {@code no-rdap}, or a {@link RdapClient.Failure}
   *     kind), or null
   * @param failure the failure's message, or null
   * @param fetchedAt when the answer (or failure) was got
   * @param cached true when it came from the cache
   * @param received the bytes the server sent this time: empty from the cache (it keeps no bodies), the first bytes
   *     of a too large answer
   */
  record Result(String domain, RdapClient.@Nullable Answer answer, @Nullable String failureKind,
      @Nullable String failure, Instant fetchedAt, boolean cached, byte[] received) {
    Result(String domain, RdapClient.@Nullable Answer answer, @Nullable String failureKind, @Nullable String failure,
        Instant fetchedAt, boolean cached) {
      this(domain, answer, failureKind, failure, fetchedAt, cached, answer == null ? new byte[0] : answer.body());
    }

    Result fromCache() {
      RdapClient.Answer a = answer == null ? null : new RdapClient.Answer(answer.url(), answer.status(),
          answer.expiration(), answer.expirationText(), answer.registrar(), new byte[0]);
      return new Result(domain, a, failureKind, failure, fetchedAt, true, new byte[0]);
    }
  }

  private record Cached(Result result, Instant expires) {}

  Registrations(RdapBootstrap bootstrap, RdapClient client, Clock clock, Duration ttl, Duration failureTtl,
      int maxEntries) {
    this.bootstrap = bootstrap;
    this.client = client;
    this.clock = clock;
    this.ttl = ttl;
    this.failureTtl = failureTtl;
    this.cache = new LinkedHashMap<>(64, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
        return size() > maxEntries;
      }
    };
  }

  /**
   * @param host a host name ({@code www.example.org}; an internationalised name in either form)
   * @param server an RDAP base URL to ask instead of the bootstrap file's, or null
   * @param timeout the bound on the RDAP exchange
   * @return the registration, from the cache while fresh
   * @throws InterruptedException when interrupted while waiting for the server
   */
  Result lookup(String host, @Nullable URI server, Duration timeout) throws InterruptedException {
    String domain;
    try {
      InternetDomainName name = InternetDomainName.from(IDN.toASCII(host.endsWith(".")
          ? host.substring(0, host.length() - 1) : host));
      if (!name.isUnderRegistrySuffix()) {
        return new Result(host, null, "no-domain", host + " is not under a public registry suffix (such as .org or "
            + ".co.uk), so it has no registration to look up", clock.instant(), false);
      }
      domain = name.topDomainUnderRegistrySuffix().toString();
    } catch (IllegalArgumentException e) {
      return new Result(host, null, "no-domain", "not a domain name: " + host, clock.instant(), false);
    }
    String key = domain + (server == null ? "" : " " + server);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      CompletableFuture<Result> mine = null;
      CompletableFuture<Result> theirs;
      synchronized (cache) {
        Cached c = cache.get(key);
        if (c != null && clock.instant().isBefore(c.expires())) {
          return c.result();
        }
        theirs = inFlight.get(key);
        if (theirs == null) {
          mine = new CompletableFuture<>();
          inFlight.put(key, mine);
        }
      }
      if (mine != null) {
        return fetchAndShare(key, domain, server, timeout, mine);
      }
      // another site of the same domain is asking right now: wait for its answer rather than ask again
      long left = deadline - System.nanoTime();
      try {
        return theirs.get(Math.max(0, left), TimeUnit.NANOSECONDS).fromCache();
      } catch (TimeoutException e) {
        return new Result(domain, null, "timeout", "no answer within " + timeout.toMillis() + " ms (waiting for "
            + "another lookup of " + domain + ")", clock.instant(), false);
      } catch (ExecutionException e) {
        if (System.nanoTime() - deadline >= 0) {
          return new Result(domain, null, "timeout", "no answer within " + timeout.toMillis() + " ms",
              clock.instant(), false);
        }
        // the other lookup was interrupted: ask again
      }
    }
  }

  private Result fetchAndShare(String key, String domain, @Nullable URI server, Duration timeout,
      CompletableFuture<Result> mine) throws InterruptedException {
    Result fresh;
    try {
      fresh = fetch(domain, server, timeout);
    } catch (InterruptedException | RuntimeException e) {
      synchronized (cache) {
        inFlight.remove(key);
      }
      mine.completeExceptionally(e);
      throw e;
    }
    synchronized (cache) {
      Instant expires = fresh.fetchedAt().plus(fresh.answer() == null ? failureTtl : ttl);
      cache.put(key, new Cached(fresh.fromCache(), expires));
      inFlight.remove(key);
    }
    mine.complete(fresh);
    return fresh;
  }

  private Result fetch(String domain, @Nullable URI server, Duration timeout) throws InterruptedException {
    List<URI> servers = server != null ? List.of(server) : bootstrap.servers(domain);
    if (servers.isEmpty()) {
      String tld = domain.substring(domain.lastIndexOf('.') + 1);
      return new Result(domain, null, "no-rdap", "IANA's RDAP bootstrap file (" + bootstrap.publication()
          + ") names no RDAP server for ." + tld, clock.instant(), false);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    RdapClient.Failure last = null;
    for (URI base : servers) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      try {
        return new Result(domain, client.lookup(base, domain, Duration.ofNanos(left)), null, null, clock.instant(),
            false);
      } catch (RdapClient.Failure f) {
        last = f;
        if (!f.kind().equals("connect") && !f.kind().equals("io")) {
          break; // the server answered: another one of the same registry would say the same
        }
      }
    }
    return last == null
        ? new Result(domain, null, "timeout", "no time left to ask " + servers.get(0), clock.instant(), false)
        : new Result(domain, null, last.kind(), last.getMessage(), clock.instant(), false, last.received());
  }
}
