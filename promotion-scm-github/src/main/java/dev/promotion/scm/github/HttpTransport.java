package dev.promotion.scm.github;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every HTTP exchange with GitHub goes through here, whether it comes from the github-api library
 * (through {@link PolicyConnector}) or from {@link RestApi}. One place decides what is retried:
 *
 * <ul>
 *   <li>A rate-limit refusal (403/429 with {@code Retry-After}, or {@code x-ratelimit-remaining:
 *       0}) was not processed by GitHub, so any request is sent again after the wait GitHub asks
 *       for, within {@link RetryPolicy#maxRateLimitWait()}; a longer wait fails fast.
 *   <li>A 5xx answer or a transport error is retried with jittered exponential backoff only for
 *       safe requests (GET, HEAD, or a request marked retry-safe such as generating release notes).
 *   <li>Any other request that got no answer ends in {@link OutcomeUnknownException}: the caller
 *       reads the state again to find out whether it happened, and never repeats it blindly.
 *   <li>A connection that could not be opened never carried the request, so it is retried for any
 *       method.
 * </ul>
 */
final class HttpTransport {
  private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);
  private static final Set<String> RESTRICTED_HEADERS =
      Set.of("connection", "content-length", "host", "expect", "upgrade");
  private static final String USER_AGENT = "promotion-scm-github";
  static final int MAX_REDIRECTS = 5;
  // 301 and 302 as GitHub uses them (a renamed repository, GET) and 307 and 308 (other methods)
  // all ask for the same request at the new location; 303 (switch to GET) is not one GitHub sends.
  private static final Set<Integer> FOLLOWED_REDIRECTS = Set.of(301, 302, 307, 308);

  private final HttpClient client;
  private final Duration requestTimeout;
  private final RetryPolicy policy;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Object writePacing = new Object();
  private volatile Consumer<String> unauthorizedListener = header -> {};
  private Instant lastWrite = Instant.MIN;

  HttpTransport(
      Duration connectTimeout,
      Duration requestTimeout,
      RetryPolicy policy,
      Clock clock,
      Sleeper sleeper) {
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
  }

  /** Told the Authorization header of a request GitHub answered 401, so it can be refreshed. */
  void onUnauthorized(Consumer<String> listener) {
    this.unauthorizedListener = Objects.requireNonNull(listener, "listener");
  }

  /** A request; {@code retrySafe} marks a non-GET request that changes nothing on GitHub. */
  record Request(
      String method, URI uri, Map<String, List<String>> headers, byte[] body, boolean retrySafe) {
    Request {
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(uri, "uri");
      Map<String, List<String>> copy = new LinkedHashMap<>();
      headers.forEach(
          (name, values) -> {
            if (name != null && values != null) {
              copy.put(name, List.copyOf(values.stream().filter(Objects::nonNull).toList()));
            }
          });
      headers = Collections.unmodifiableMap(copy);
      body = body == null ? new byte[0] : body;
    }

    boolean safe() {
      return retrySafe || method.equals("GET") || method.equals("HEAD");
    }

    /** Method and path, for messages and logs: never the query, never a header. */
    String describe() {
      return method + " " + uri.getRawPath();
    }
  }

  /** A response, with its body already decompressed and header names case-insensitive. */
  record Response(int status, Map<String, List<String>> headers, byte[] body) {
    String header(String name) {
      List<String> values = headers.get(name);
      return values == null || values.isEmpty() ? null : values.get(0);
    }
  }

  /**
   * Sends the request, following GitHub's redirects: a renamed or transferred repository answers
   * 301 (GET, HEAD) or 307 (other methods), and GitHub asks for the request to be repeated verbatim
   * at the {@code Location}. Only a location on the same scheme, host and port as the request is
   * followed, so the {@code Authorization} header never goes anywhere else, and at most {@link
   * #MAX_REDIRECTS} times.
   *
   * @throws RedirectRefusedException for a redirect to another host, or too many redirects
   */
  Response send(Request request) throws IOException {
    Request current = request;
    for (int redirects = 0; ; redirects++) {
      Response response = sendFollowingPolicy(current);
      String location = response.header("Location");
      if (!FOLLOWED_REDIRECTS.contains(response.status()) || location == null) {
        return response;
      }
      URI target;
      try {
        target = current.uri().resolve(location.strip());
      } catch (IllegalArgumentException notAUri) {
        throw new RedirectRefusedException(
            current.describe(), response.status(), "to a location that is not a valid URL");
      }
      if (!sameOrigin(request.uri(), target)) {
        throw new RedirectRefusedException(
            current.describe(),
            response.status(),
            "to another host ("
                + target.getScheme()
                + "://"
                + target.getHost()
                + (target.getPort() < 0 ? "" : ":" + target.getPort())
                + ")");
      }
      if (redirects == MAX_REDIRECTS) {
        throw new RedirectRefusedException(
            current.describe(), response.status(), "more than " + MAX_REDIRECTS + " times");
      }
      LOG.debug(
          "GitHub {} answered {}: repeating it at {}",
          current.describe(),
          response.status(),
          target.getRawPath());
      current =
          new Request(
              current.method(), target, current.headers(), current.body(), current.retrySafe());
    }
  }

  /**
   * Downloads a release asset, at most {@code maxBytes}. The request goes to the API with its
   * credentials; GitHub answers with the bytes (200), or, as "Get a release asset" documents, with
   * a {@code 302} to its asset host and a short-lived signed URL. Redirects on the API's own origin
   * are followed as by {@link #send}. A {@code 302} to another host is followed once, by GET, only
   * to an {@code https} URL (or one on the API's own scheme, never a downgrade from https), and
   * carries no header of the original request: the signed URL is the only credential, and the token
   * never leaves the API host. That host's answer is read as a stream and cut at the limit.
   *
   * @return the answer: 2xx with the bytes, or the API's error status
   * @throws BodyTooLargeException when the content holds more than {@code maxBytes}
   * @throws RedirectRefusedException for any other redirect off the API's origin
   */
  Response download(Request request, long maxBytes) throws IOException {
    Request current = request;
    for (int redirects = 0; ; redirects++) {
      Response response = sendFollowingPolicy(current);
      String location = response.header("Location");
      if (!FOLLOWED_REDIRECTS.contains(response.status()) || location == null) {
        if (response.body().length > maxBytes) {
          throw new BodyTooLargeException(request.describe(), maxBytes);
        }
        return response;
      }
      URI target;
      try {
        target = current.uri().resolve(location.strip());
      } catch (IllegalArgumentException notAUri) {
        throw new RedirectRefusedException(
            current.describe(), response.status(), "to a location that is not a valid URL");
      }
      if (redirects == MAX_REDIRECTS) {
        throw new RedirectRefusedException(
            current.describe(), response.status(), "more than " + MAX_REDIRECTS + " times");
      }
      if (sameOrigin(request.uri(), target)) {
        current =
            new Request(
                current.method(), target, current.headers(), current.body(), current.retrySafe());
        continue;
      }
      boolean secure =
          target.getScheme() != null
              && target.getHost() != null
              && target.getRawUserInfo() == null
              && (target.getScheme().equalsIgnoreCase("https")
                  || target.getScheme().equalsIgnoreCase(request.uri().getScheme()));
      if (response.status() != 302 || !secure) {
        throw new RedirectRefusedException(
            current.describe(),
            response.status(),
            "to another host that is not an https asset host");
      }
      return fetchSigned(request.describe(), target, maxBytes);
    }
  }

  private Response fetchSigned(String describe, URI target, long maxBytes) throws IOException {
    HttpRequest signed =
        HttpRequest.newBuilder(target)
            .timeout(requestTimeout)
            .header("Accept", "application/octet-stream")
            .header("User-Agent", USER_AGENT)
            .GET()
            .build();
    HttpResponse<java.io.InputStream> raw;
    try {
      raw = client.send(signed, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException(describe + " was interrupted");
    }
    try (java.io.InputStream in = raw.body()) {
      byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
      if (body.length > maxBytes) {
        throw new BodyTooLargeException(describe, maxBytes);
      }
      LOG.debug("GitHub {}: asset host answered {}", describe, raw.statusCode());
      Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      headers.putAll(raw.headers().map());
      return new Response(raw.statusCode(), headers, body);
    }
  }

  private static boolean sameOrigin(URI origin, URI target) {
    return target.getScheme() != null
        && target.getHost() != null
        && target.getRawUserInfo() == null
        && origin.getScheme().equalsIgnoreCase(target.getScheme())
        && origin.getHost().equalsIgnoreCase(target.getHost())
        && port(origin) == port(target);
  }

  private static int port(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  private Response sendFollowingPolicy(Request request) throws IOException {
    Duration rateLimitWaited = Duration.ZERO;
    int secondaryWaits = 0;
    for (int attempt = 1; ; attempt++) {
      paceWrites(request);
      Response response;
      try {
        response = exchange(request);
      } catch (HttpConnectTimeoutException | ConnectException notSent) {
        if (attempt < policy.maxAttempts()) {
          backoff(request, attempt, "could not connect");
          continue;
        }
        throw new TransportFailureException(request.describe(), attempt, notSent);
      } catch (InterruptedIOException | RuntimeException unexpected) {
        throw unexpected;
      } catch (IOException noAnswer) {
        if (!request.safe()) {
          throw new OutcomeUnknownException(request.describe(), noAnswer);
        }
        if (attempt < policy.maxAttempts()) {
          backoff(request, attempt, noAnswer.getClass().getSimpleName());
          continue;
        }
        throw new TransportFailureException(request.describe(), attempt, noAnswer);
      }
      var limit =
          RateLimit.of(
              response.status(),
              response::header,
              response.body(),
              clock.instant(),
              secondaryWaits);
      if (limit.isPresent()) {
        Duration wait = limit.get().delay();
        Instant resumeAt = clock.instant().plus(wait);
        if (attempt >= policy.maxAttempts()
            || rateLimitWaited.plus(wait).compareTo(policy.maxRateLimitWait()) > 0) {
          throw new RateLimitedException(
              request.describe(), response.status(), resumeAt, limit.get().secondary());
        }
        LOG.warn(
            "GitHub {} rate limit on {}: waiting {} s before sending it again",
            limit.get().secondary() ? "secondary" : "primary",
            request.describe(),
            wait.toSeconds());
        sleep(wait);
        rateLimitWaited = rateLimitWaited.plus(wait);
        secondaryWaits += limit.get().secondary() ? 1 : 0;
        continue;
      }
      if (response.status() >= 500 && request.safe() && attempt < policy.maxAttempts()) {
        backoff(request, attempt, "status " + response.status());
        continue;
      }
      if (response.status() == 401) {
        String authorization = firstHeader(request.headers(), "Authorization");
        if (authorization != null) {
          unauthorizedListener.accept(authorization);
        }
      }
      return response;
    }
  }

  private Response exchange(Request request) throws IOException {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(request.uri())
            .timeout(requestTimeout)
            .method(
                request.method(),
                request.body().length == 0
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(request.body()));
    boolean userAgent = false;
    for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
      String name = header.getKey();
      if (name == null || RESTRICTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        continue;
      }
      userAgent |= name.equalsIgnoreCase("User-Agent");
      for (String value : header.getValue()) {
        builder.header(name, value);
      }
    }
    if (!userAgent) {
      builder.header("User-Agent", USER_AGENT);
    }
    long started = System.nanoTime();
    HttpResponse<byte[]> raw;
    try {
      raw = client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException(request.describe() + " was interrupted");
    }
    Response response = decode(raw);
    LOG.debug(
        "GitHub {} -> {} ({} ms)",
        request.describe(),
        response.status(),
        Duration.ofNanos(System.nanoTime() - started).toMillis());
    return response;
  }

  private static Response decode(HttpResponse<byte[]> raw) throws IOException {
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.putAll(raw.headers().map());
    byte[] body = raw.body() == null ? new byte[0] : raw.body();
    String encoding =
        headers.containsKey("content-encoding") ? headers.get("content-encoding").get(0) : "";
    if (encoding.equalsIgnoreCase("gzip") && body.length > 0) {
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
        body = in.readAllBytes();
      }
      headers.remove("content-encoding");
      headers.remove("content-length");
    }
    return new Response(raw.statusCode(), headers, body);
  }

  private void paceWrites(Request request) throws IOException {
    if (request.safe() || policy.minWriteInterval().isZero()) {
      return;
    }
    synchronized (writePacing) {
      Instant now = clock.instant();
      Instant next =
          lastWrite.equals(Instant.MIN) ? now : lastWrite.plus(policy.minWriteInterval());
      if (next.isAfter(now)) {
        sleep(Duration.between(now, next));
      }
      lastWrite = clock.instant();
    }
  }

  private void backoff(Request request, int attempt, String reason) throws IOException {
    long base = policy.backoffBase().toMillis() << Math.min(attempt - 1, 16);
    long capped = Math.min(base, policy.backoffMax().toMillis());
    long jittered = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
    Duration wait = Duration.ofMillis(jittered);
    LOG.debug(
        "GitHub {} failed ({}); attempt {} of {}, retrying in {} ms",
        request.describe(),
        reason,
        attempt,
        policy.maxAttempts(),
        wait.toMillis());
    sleep(wait);
  }

  private void sleep(Duration wait) throws IOException {
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting to retry a GitHub request");
    }
  }

  private static String firstHeader(Map<String, List<String>> headers, String name) {
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      if (name.equalsIgnoreCase(header.getKey()) && !header.getValue().isEmpty()) {
        return header.getValue().get(0);
      }
    }
    return null;
  }
}
