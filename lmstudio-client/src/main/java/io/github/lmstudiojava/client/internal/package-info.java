/**
 * Plumbing shared by the client's packages: HTTP execution, error mapping, SSE decoding.
 *
 * <p>Not part of the public API: anything here may change in any release.
 */
package io.github.lmstudiojava.client.internal;
