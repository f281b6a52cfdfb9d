package io.github.lmstudiojava.mcp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A TCP relay in front of another server on loopback, which records every connection: what the
 * client sent, what came back, and when the client closed its side. It shows from the outside when
 * the MCP server gives up a request to LM Studio.
 */
final class TcpRelay implements AutoCloseable {
  private final ServerSocket listener;
  private final String targetHost;
  private final int targetPort;
  final List<Relayed> connections = new CopyOnWriteArrayList<>();

  /** One relayed connection. */
  static final class Relayed {
    private final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final CountDownLatch clientClosed = new CountDownLatch(1);
    private volatile boolean relayClosing;

    /** What the client sent so far, as text. */
    synchronized String sent() {
      return sent.toString(StandardCharsets.UTF_8);
    }

    /** What the target answered so far, as text. */
    synchronized String received() {
      return received.toString(StandardCharsets.UTF_8);
    }

    /** Whether the client left the connection (closed it, or stopped taking bytes) in time. */
    boolean awaitClientClosed(Duration within) throws InterruptedException {
      return clientClosed.await(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void record(ByteArrayOutputStream to, byte[] b, int n) {
      to.write(b, 0, n);
    }
  }

  TcpRelay(String targetUrl) throws IOException {
    URI uri = URI.create(targetUrl);
    this.targetHost = uri.getHost();
    this.targetPort = uri.getPort();
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "relay-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String url() {
    return "http://127.0.0.1:" + listener.getLocalPort();
  }

  /** The first connection whose client sent this request line, waiting up to 30 s for it. */
  Relayed awaitRequest(String requestLine) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < until) {
      for (Relayed r : connections) {
        if (r.sent().contains(requestLine + " HTTP/1.1\r\n")) {
          return r;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no request " + requestLine + " within 30 s");
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket target = new Socket(targetHost, targetPort);
        Relayed relayed = new Relayed();
        connections.add(relayed);
        pump(client, target, relayed, relayed.sent, true);
        pump(target, client, relayed, relayed.received, false);
      } catch (IOException e) {
        return;
      }
    }
  }

  /**
   * Copies bytes one way until a side goes away; a failed read from the client, or a failed write
   * to it, means the client left.
   */
  private static void pump(
      Socket from, Socket to, Relayed relayed, ByteArrayOutputStream record, boolean fromClient) {
    Thread t =
        new Thread(
            () -> {
              byte[] buffer = new byte[8192];
              boolean clientLeft = false;
              try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                while (true) {
                  int n;
                  try {
                    n = in.read(buffer);
                  } catch (IOException e) {
                    n = -1;
                  }
                  if (n == -1) {
                    clientLeft = fromClient && !relayed.relayClosing;
                    break;
                  }
                  relayed.record(record, buffer, n);
                  try {
                    out.write(buffer, 0, n);
                    out.flush();
                  } catch (IOException e) {
                    clientLeft = !fromClient && !relayed.relayClosing;
                    break;
                  }
                }
              } catch (IOException e) {
                // a socket closed before the copy started
              } finally {
                if (clientLeft) {
                  relayed.clientClosed.countDown();
                }
                relayed.relayClosing = true;
                closeQuietly(from);
                closeQuietly(to);
              }
            },
            "relay-pump");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
  }
}
