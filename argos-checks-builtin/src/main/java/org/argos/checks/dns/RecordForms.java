package org.argos.checks.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Address;
import org.xbill.DNS.CAARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The form in which {@code dns-record} compares a record with what the user wrote, so that each is written the way a
 * person would: an address in any spelling ({@code 2001:db8::1}), a name with or without its final dot and in any
 * case, an MX host with or without its preference, TXT text without quotes, a CAA record as {@code issue ca.example}
 * with or without its flags.
 *
 * @param number the MX preference or the CAA flags, or null (for what the user wrote: any)
 * @param key the rest: an address, a lower-case name without final dot, the text, {@code tag value}
 */
record RecordForms(@Nullable Integer number, String key) {

  /** @return whether a record in this form is what the user wanted, written in {@code wanted}'s form */
  boolean matchedBy(RecordForms wanted) {
    return key.equals(wanted.key) && (wanted.number == null || wanted.number.equals(number));
  }

  /**
   * @param type one of {@link DnsQuery#TYPES}
   * @param presentation a record's RDATA in presentation form, as the probe reports it
   * @return its form, or null when dnsjava cannot read it back (then it matches nothing)
   */
  static @Nullable RecordForms ofRecord(String type, String presentation) {
    try {
      Record r = Record.fromString(Name.root, Type.value(type), DClass.IN, 0, presentation, Name.root);
      return switch (r) {
        case MXRecord mx -> new RecordForms(mx.getPriority(), name(mx.getTarget().toString()));
        case TXTRecord txt -> new RecordForms(null, String.join("", txt.getStrings()));
        case CAARecord caa -> new RecordForms(caa.getFlags(),
            caa.getTag().toLowerCase(Locale.ROOT) + " " + caa.getValue());
        default -> wanted(type, presentation);
      };
    } catch (java.io.IOException | IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * @param type one of {@link DnsQuery#TYPES}
   * @param text what the user wrote
   * @return its form
   * @throws IllegalArgumentException saying what is expected for the type
   */
  static RecordForms wanted(String type, String text) {
    String t = text.trim();
    switch (type) {
      case "A", "AAAA" -> {
        int family = type.equals("A") ? Address.IPv4 : Address.IPv6;
        try {
          return new RecordForms(null, InetAddress.getByAddress(Address.toByteArray(t, family)).getHostAddress());
        } catch (UnknownHostException | RuntimeException e) {
          // the message below
        }
        throw new IllegalArgumentException(Format.quote(t) + " is not an IPv" + (type.equals("A") ? "4" : "6")
            + " address");
      }
      case "CNAME", "NS" -> {
        return new RecordForms(null, checkedName(t));
      }
      case "MX" -> {
        String[] parts = t.split("\\s+");
        if (parts.length == 2) {
          return new RecordForms(number(parts[0], 65535, t, "preference"), checkedName(parts[1]));
        }
        if (parts.length == 1) {
          return new RecordForms(null, checkedName(parts[0]));
        }
        throw new IllegalArgumentException("an MX value is a host, or a preference and a host (\"10 mx.example.org\"), "
            + "not " + Format.quote(t));
      }
      case "TXT" -> {
        return new RecordForms(null, text);
      }
      case "CAA" -> {
        String[] parts = t.split("\\s+", 3);
        Integer flags = null;
        if (parts.length == 3 && !parts[0].isEmpty() && Character.isDigit(parts[0].charAt(0))) {
          flags = number(parts[0], 255, t, "flags");
          parts = new String[] {parts[1], parts[2]};
        } else if (parts.length >= 2) {
          parts = t.split("\\s+", 2);
        }
        if (parts.length != 2 || !parts[0].matches("[A-Za-z0-9]+")) {
          throw new IllegalArgumentException("a CAA value is \"tag value\", such as \"issue letsencrypt.org\" (flags "
              + "first if they matter: \"0 issue letsencrypt.org\"), not " + Format.quote(t));
        }
        String value = parts[1].trim();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
          value = value.substring(1, value.length() - 1);
        }
        return new RecordForms(flags, parts[0].toLowerCase(Locale.ROOT) + " " + value);
      }
      default -> throw new IllegalArgumentException("record type " + type + " is not one of " + DnsQuery.TYPES);
    }
  }

  private static String checkedName(String text) {
    try {
      Name.fromString(text, Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException(Format.quote(text) + " is not a domain name");
    }
    return name(text);
  }

  private static String name(String text) {
    String n = text.toLowerCase(Locale.ROOT);
    return n.endsWith(".") && n.length() > 1 ? n.substring(0, n.length() - 1) : n;
  }

  private static int number(String text, int max, String whole, String what) {
    try {
      int n = Integer.parseInt(text);
      if (n >= 0 && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // the message below
    }
    throw new IllegalArgumentException("the " + what + " in " + Format.quote(whole) + " must be a number from 0 to "
        + max);
  }

  /** Quoting for messages. */
  static final class Format {
    private Format() {}

    static String quote(String s) {
      return "\"" + (s.length() > 80 ? s.substring(0, 80) + "…" : s) + "\"";
    }
  }
}
