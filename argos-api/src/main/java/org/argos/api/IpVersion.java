package org.argos.api;

/** The IP family a probe must resolve and connect over. Argos runs each path once per enabled family. */
public enum IpVersion {
  /** IPv4 only. */
  IPV4,
  /** IPv6 only. */
  IPV6;

  /** @return {@code "4"} or {@code "6"}, as Argos writes it */
  public String label() {
    return this == IPV4 ? "4" : "6";
  }
}
