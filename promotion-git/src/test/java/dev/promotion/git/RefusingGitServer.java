package dev.promotion.git;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * An HTTP server on 127.0.0.1 that refuses every request with {@code 401} and a Basic challenge, as
 * a git server does for wrong credentials.
 */
public final class RefusingGitServer implements AutoCloseable {
  private final HttpServer server;

  private RefusingGitServer(HttpServer server) {
    this.server = server;
  }

  /** Starts one on a free port. */
  public static RefusingGitServer start() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
          exchange.sendResponseHeaders(401, -1);
          exchange.close();
        });
    server.start();
    return new RefusingGitServer(server);
  }

  /** {@code 127.0.0.1:PORT}, to build URLs with. */
  public String authority() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
