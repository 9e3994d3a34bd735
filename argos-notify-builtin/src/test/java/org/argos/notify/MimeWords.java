package org.argos.notify;

import jakarta.mail.internet.MimeUtility;
import java.io.UnsupportedEncodingException;

final class MimeWords {
  private MimeWords() {}

  static String decode(String header) {
    try {
      return MimeUtility.decodeText(header);
    } catch (UnsupportedEncodingException e) {
      throw new IllegalStateException(e);
    }
  }
}
