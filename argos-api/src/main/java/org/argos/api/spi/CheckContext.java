package org.argos.api.spi;

import java.time.Instant;

/**
 * What a check may know beyond the response.
 *
 * @param now the current time from the engine's clock (checks must not read the system clock)
 */
public record CheckContext(Instant now) {}
