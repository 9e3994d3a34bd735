/**
 * A third-party check plugin: depends on {@code argos-api} only, ships one public provider and a
 * {@code META-INF/services/org.argos.api.spi.CheckProvider} file. Drop its jar on an Argos classpath (or in the
 * daemon's {@code plugins/} directory) and {@code security-headers} becomes a check name.
 */
@NullMarked
package com.example.argos.securityheaders;

import org.jspecify.annotations.NullMarked;
