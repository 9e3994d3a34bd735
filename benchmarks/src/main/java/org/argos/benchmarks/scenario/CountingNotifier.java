package org.argos.benchmarks.scenario;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.argos.api.spi.Notification;
import org.argos.api.spi.Notifier;

/** A channel that keeps every notification it is given, with the time it came (by the clock it is given). */
final class CountingNotifier implements Notifier {
  /** One notification received. */
  record Received(Instant at, Notification notification) {}

  private final String channel;
  private final Clock clock;
  final List<Received> received = new CopyOnWriteArrayList<>();

  CountingNotifier(String channel, Clock clock) {
    this.channel = channel;
    this.clock = clock;
  }

  @Override
  public String channel() {
    return channel;
  }

  @Override
  public void send(Notification n) {
    received.add(new Received(clock.instant(), n));
  }

  /** @return the notifications received at or after the instant */
  List<Received> since(Instant from) {
    return received.stream().filter(r -> !r.at().isBefore(from)).toList();
  }
}
